//! The database schema as an ordered list of migrations.
//!
//! `PRAGMA user_version` holds the number of migrations applied; opening a database applies
//! the missing ones, each in its own transaction, so an old file is upgraded in place and a
//! crash mid-upgrade leaves it at the previous version. Migrations are append-only: a shipped
//! one is never edited, a change is a new entry.

/// `PRAGMA application_id` of sitrep databases ("SITR"), so that another program's SQLite
/// file is refused instead of being written into.
pub(crate) const APPLICATION_ID: i64 = 0x5349_5452;

/// The migrations, in order. Entry `i` takes the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: documents, events with their parts, entities, quotes.
    r#"
CREATE TABLE documents (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    published TEXT,
    url TEXT,
    source TEXT,
    language TEXT,
    hash TEXT NOT NULL,
    text TEXT NOT NULL,
    ingested_at INTEGER NOT NULL
);
CREATE INDEX documents_published ON documents(published);

-- One stored event, possibly told by several documents. Scalar columns are the merged view;
-- win_* is the day-number window used to find merge candidates (win_class: see
-- merge::CLASS_REACH; the last class is too vague to merge).
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    aux TEXT,
    date_start TEXT,
    date_end TEXT,
    precision TEXT NOT NULL,
    date_text TEXT,
    win_lo INTEGER,
    win_hi INTEGER,
    win_class INTEGER NOT NULL,
    loc_name TEXT,
    loc_country TEXT,
    location TEXT,
    mode TEXT NOT NULL,
    context TEXT NOT NULL,
    actor_keys TEXT NOT NULL,
    recipient_keys TEXT NOT NULL,
    confidence REAL NOT NULL,
    rule TEXT NOT NULL,
    n_reports INTEGER NOT NULL
);
CREATE INDEX events_date ON events(date_start, id);
CREATE INDEX events_type_date ON events(type, date_start);
CREATE INDEX events_merge ON events(type, win_class, win_lo);
CREATE INDEX events_loc_country ON events(loc_country);
CREATE INDEX events_loc_name ON events(loc_name COLLATE NOCASE);

-- One document's record of an event, as extracted (JSON without the evidence, figures and
-- claimants, which have their own tables), folded into events.id.
CREATE TABLE reports (
    rid INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    record_id TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX reports_event ON reports(event_id, doc_id);
CREATE INDEX reports_doc ON reports(doc_id);
CREATE INDEX reports_record ON reports(record_id);

-- The distinct parties of an event (rebuilt from its reports when a source is replaced).
CREATE TABLE event_parties (
    rid INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    role TEXT NOT NULL,
    pkey TEXT NOT NULL,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    entity TEXT,
    kind TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    party_role TEXT,
    UNIQUE (event_id, role, pkey)
);
CREATE INDEX event_parties_country ON event_parties(country);
CREATE INDEX event_parties_entity ON event_parties(entity);

CREATE TABLE event_figures (
    rid INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    measure TEXT NOT NULL,
    count INTEGER,
    qualifier TEXT NOT NULL,
    unit TEXT NOT NULL,
    claimed_by TEXT
);
CREATE INDEX event_figures_event ON event_figures(event_id);
CREATE INDEX event_figures_doc ON event_figures(doc_id);
CREATE INDEX event_figures_measure ON event_figures(measure, event_id);

CREATE TABLE event_claimants (
    rid INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT,
    entity TEXT
);
CREATE INDEX event_claimants_event ON event_claimants(event_id);
CREATE INDEX event_claimants_doc ON event_claimants(doc_id);

CREATE TABLE evidence (
    rid INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    report INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    rule TEXT
);
CREATE INDEX evidence_event ON evidence(event_id);
CREATE INDEX evidence_doc ON evidence(doc_id);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    roles TEXT NOT NULL,
    aliases TEXT NOT NULL
);
CREATE INDEX entities_country ON entities(country);

CREATE TABLE entity_mentions (
    rid INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
CREATE INDEX entity_mentions_doc ON entity_mentions(doc_id);

CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    speaker_name TEXT,
    speaker_entity TEXT,
    speaker_country TEXT,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    date_start TEXT,
    record TEXT NOT NULL
);
CREATE INDEX quotes_doc ON quotes(doc_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity);
"#,
    // 2: full-text search over documents and evidence. External-content tables (the text is
    // stored once), written by the store itself right after the rows they index: triggers
    // would open a statement savepoint per row, and FTS5 flushes its buffer at every
    // savepoint, which made ingest several times slower.
    r#"
CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rid');
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE evidence_fts USING fts5(text, content='evidence', content_rowid='rid');
INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild');
"#,
    // 3: what makes the stored events independent of the order of ingest (see
    // `cluster`): each report's sort key, merge-candidate columns and link component, and
    // figures and claimants tied to their report (so that they can follow it to another
    // event). Components and windows of older reports are filled in by the next ingest,
    // which re-clusters them. Also the documents whose extraction failed.
    r#"
ALTER TABLE reports ADD COLUMN skey TEXT;
ALTER TABLE reports ADD COLUMN type TEXT;
ALTER TABLE reports ADD COLUMN aux TEXT;
ALTER TABLE reports ADD COLUMN win_lo INTEGER;
ALTER TABLE reports ADD COLUMN win_hi INTEGER;
ALTER TABLE reports ADD COLUMN win_class INTEGER;
ALTER TABLE reports ADD COLUMN comp INTEGER;
UPDATE reports SET skey = coalesce((SELECT d.published FROM documents d WHERE d.id = reports.doc_id), '~')
    || char(31) || doc_id;
-- Covering: merge candidates are found (and mostly decided, by component) from the index alone.
CREATE INDEX reports_merge ON reports(type, win_class, win_lo, win_hi, aux, comp, doc_id);
CREATE INDEX reports_comp ON reports(comp);
ALTER TABLE event_figures ADD COLUMN report INTEGER;
UPDATE event_figures SET report = (SELECT min(r.rid) FROM reports r
    WHERE r.event_id = event_figures.event_id AND r.doc_id = event_figures.doc_id);
CREATE INDEX event_figures_report ON event_figures(report);
ALTER TABLE event_claimants ADD COLUMN report INTEGER;
UPDATE event_claimants SET report = (SELECT min(r.rid) FROM reports r
    WHERE r.event_id = event_claimants.event_id AND r.doc_id = event_claimants.doc_id);
CREATE INDEX event_claimants_report ON event_claimants(report);
CREATE INDEX evidence_report ON evidence(report);

-- Documents whose extraction failed: skipped by later ingests until their content changes.
CREATE TABLE failed_documents (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    error TEXT NOT NULL,
    failed_at INTEGER NOT NULL
);
"#,
    // 4: aggregates kept by ingest for the web UI's summaries (see `aggregate`), filled
    // from the stored events by the refresh that follows this migration. Without row ids:
    // the summaries read them in key order, and a table ordered by its key is read
    // sequentially instead of through an index.
    r#"
CREATE TABLE agg_dirty (event_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE agg_ev_days (
    event_id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    day_end TEXT NOT NULL,
    type TEXT NOT NULL,
    killed_lo INTEGER NOT NULL,
    killed_hi INTEGER NOT NULL,
    injured_lo INTEGER NOT NULL,
    injured_hi INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE agg_ev_claims (
    event_id TEXT NOT NULL,
    day TEXT NOT NULL,
    day_end TEXT NOT NULL,
    claimant TEXT NOT NULL,
    killed INTEGER NOT NULL,
    PRIMARY KEY (event_id, claimant)
) WITHOUT ROWID;
CREATE TABLE agg_ev_actors (
    event_id TEXT NOT NULL,
    month TEXT NOT NULL,
    month_end TEXT NOT NULL,
    type TEXT NOT NULL,
    key TEXT NOT NULL,
    country TEXT NOT NULL,
    as_actor INTEGER NOT NULL,
    as_recipient INTEGER NOT NULL,
    PRIMARY KEY (event_id, key)
) WITHOUT ROWID;
CREATE TABLE agg_ev_edges (
    event_id TEXT NOT NULL,
    month TEXT NOT NULL,
    month_end TEXT NOT NULL,
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (event_id, source, target)
) WITHOUT ROWID;
CREATE TABLE agg_days (
    day TEXT NOT NULL,
    day_end TEXT NOT NULL,
    type TEXT NOT NULL,
    events INTEGER NOT NULL,
    killed_lo INTEGER NOT NULL,
    killed_hi INTEGER NOT NULL,
    injured_lo INTEGER NOT NULL,
    injured_hi INTEGER NOT NULL,
    PRIMARY KEY (day, type, day_end)
) WITHOUT ROWID;
CREATE TABLE agg_claims (
    day TEXT NOT NULL,
    day_end TEXT NOT NULL,
    claimant TEXT NOT NULL,
    events INTEGER NOT NULL,
    killed INTEGER NOT NULL,
    PRIMARY KEY (day, claimant, day_end)
) WITHOUT ROWID;
CREATE TABLE agg_actors (
    month TEXT NOT NULL,
    month_end TEXT NOT NULL,
    type TEXT NOT NULL,
    key TEXT NOT NULL,
    country TEXT NOT NULL,
    events INTEGER NOT NULL,
    as_actor INTEGER NOT NULL,
    as_recipient INTEGER NOT NULL,
    PRIMARY KEY (key, country, type, month, month_end)
) WITHOUT ROWID;
CREATE TABLE agg_edges (
    month TEXT NOT NULL,
    month_end TEXT NOT NULL,
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    events INTEGER NOT NULL,
    PRIMARY KEY (source, target, type, month, month_end)
) WITHOUT ROWID;
-- The date filter's ends read from the events (see overview::network).
CREATE INDEX events_date_end ON events(date_end);
-- Rows that fell to zero, found without reading the tables (see aggregate::REFRESH).
CREATE INDEX agg_days_zero ON agg_days(events) WHERE events = 0;
CREATE INDEX agg_claims_zero ON agg_claims(events) WHERE events = 0;
CREATE INDEX agg_actors_zero ON agg_actors(events) WHERE events = 0;
CREATE INDEX agg_edges_zero ON agg_edges(events) WHERE events = 0;
INSERT INTO agg_dirty SELECT id FROM events;
"#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The SQLite version that adds the aggregates: opening an older store fills them, in the
/// migration's transaction, with [`crate::aggregate::REFRESH`].
pub(crate) const AGG_VERSION: usize = 4;

/// The PostgreSQL schema: the same tables and columns as SQLite's, numbered separately (a
/// `schema_version` table holds the number applied). Differences are only where the engines
/// differ: identity columns for row ids, `"end"` quoted, `COLLATE "C"` on the columns results
/// are ordered by (so that ids sort bytewise, as in SQLite, whatever the database's locale),
/// and stored `tsvector` columns with GIN indexes instead of FTS5 tables (the `simple`
/// configuration: lower-cased words, no stemming, no stop words, like FTS5's default).
pub(crate) const PG_MIGRATIONS: &[&str] = &[
    // 1: everything of SQLite's versions 1 and 2.
    r#"
CREATE TABLE documents (
    rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    title TEXT,
    published TEXT COLLATE "C",
    url TEXT,
    source TEXT,
    language TEXT,
    hash TEXT NOT NULL,
    text TEXT NOT NULL,
    ingested_at BIGINT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_tsv ON documents USING GIN (tsv);

CREATE TABLE events (
    id TEXT COLLATE "C" PRIMARY KEY,
    type TEXT COLLATE "C" NOT NULL,
    aux TEXT,
    date_start TEXT COLLATE "C",
    date_end TEXT COLLATE "C",
    precision TEXT NOT NULL,
    date_text TEXT,
    win_lo BIGINT,
    win_hi BIGINT,
    win_class BIGINT NOT NULL,
    loc_name TEXT,
    loc_country TEXT,
    location TEXT,
    mode TEXT NOT NULL,
    context TEXT NOT NULL,
    actor_keys TEXT NOT NULL,
    recipient_keys TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    rule TEXT NOT NULL,
    n_reports BIGINT NOT NULL
);
CREATE INDEX events_date ON events(date_start, id);
CREATE INDEX events_type_date ON events(type, date_start);
CREATE INDEX events_merge ON events(type, win_class, win_lo);
CREATE INDEX events_loc_country ON events(loc_country);

CREATE TABLE reports (
    rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT COLLATE "C" NOT NULL,
    doc_id TEXT COLLATE "C" NOT NULL,
    record_id TEXT COLLATE "C" NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX reports_event ON reports(event_id, doc_id);
CREATE INDEX reports_doc ON reports(doc_id);
CREATE INDEX reports_record ON reports(record_id);

CREATE TABLE event_parties (
    rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT COLLATE "C" NOT NULL,
    role TEXT NOT NULL,
    pkey TEXT NOT NULL,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL,
    entity TEXT,
    kind TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    party_role TEXT,
    UNIQUE (event_id, role, pkey)
);
CREATE INDEX event_parties_country ON event_parties(country);
CREATE INDEX event_parties_entity ON event_parties(entity);

CREATE TABLE event_figures (
    rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT COLLATE "C" NOT NULL,
    doc_id TEXT COLLATE "C" NOT NULL,
    measure TEXT NOT NULL,
    count BIGINT,
    qualifier TEXT NOT NULL,
    unit TEXT NOT NULL,
    claimed_by TEXT
);
CREATE INDEX event_figures_event ON event_figures(event_id);
CREATE INDEX event_figures_doc ON event_figures(doc_id);
CREATE INDEX event_figures_measure ON event_figures(measure, event_id);

CREATE TABLE event_claimants (
    rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT COLLATE "C" NOT NULL,
    doc_id TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    country TEXT,
    entity TEXT
);
CREATE INDEX event_claimants_event ON event_claimants(event_id);
CREATE INDEX event_claimants_doc ON event_claimants(doc_id);

CREATE TABLE evidence (
    rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT COLLATE "C" NOT NULL,
    doc_id TEXT COLLATE "C" NOT NULL,
    report BIGINT NOT NULL,
    sentence BIGINT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    text TEXT NOT NULL,
    rule TEXT,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED
);
CREATE INDEX evidence_event ON evidence(event_id);
CREATE INDEX evidence_doc ON evidence(doc_id);
CREATE INDEX evidence_tsv ON evidence USING GIN (tsv);

CREATE TABLE entities (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    roles TEXT NOT NULL,
    aliases TEXT NOT NULL
);
CREATE INDEX entities_country ON entities(country);

CREATE TABLE entity_mentions (
    rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity_id TEXT COLLATE "C" NOT NULL,
    doc_id TEXT COLLATE "C" NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
CREATE INDEX entity_mentions_doc ON entity_mentions(doc_id);

CREATE TABLE quotes (
    id TEXT COLLATE "C" PRIMARY KEY,
    doc_id TEXT COLLATE "C" NOT NULL,
    speaker_name TEXT,
    speaker_entity TEXT,
    speaker_country TEXT,
    text TEXT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    date_start TEXT,
    record TEXT NOT NULL
);
CREATE INDEX quotes_doc ON quotes(doc_id);
CREATE INDEX quotes_speaker ON quotes(speaker_entity);
"#,
    // 2: as SQLite's version 3.
    r#"
ALTER TABLE reports ADD COLUMN skey TEXT COLLATE "C";
ALTER TABLE reports ADD COLUMN type TEXT COLLATE "C";
ALTER TABLE reports ADD COLUMN aux TEXT;
ALTER TABLE reports ADD COLUMN win_lo BIGINT;
ALTER TABLE reports ADD COLUMN win_hi BIGINT;
ALTER TABLE reports ADD COLUMN win_class BIGINT;
ALTER TABLE reports ADD COLUMN comp BIGINT;
UPDATE reports SET skey = coalesce((SELECT d.published FROM documents d WHERE d.id = reports.doc_id), '~')
    || chr(31) || doc_id;
-- Covering: merge candidates are found (and mostly decided, by component) from the index alone.
CREATE INDEX reports_merge ON reports(type, win_class, win_lo, win_hi, aux, comp, doc_id);
CREATE INDEX reports_comp ON reports(comp);
ALTER TABLE event_figures ADD COLUMN report BIGINT;
UPDATE event_figures SET report = (SELECT min(r.rid) FROM reports r
    WHERE r.event_id = event_figures.event_id AND r.doc_id = event_figures.doc_id);
CREATE INDEX event_figures_report ON event_figures(report);
ALTER TABLE event_claimants ADD COLUMN report BIGINT;
UPDATE event_claimants SET report = (SELECT min(r.rid) FROM reports r
    WHERE r.event_id = event_claimants.event_id AND r.doc_id = event_claimants.doc_id);
CREATE INDEX event_claimants_report ON event_claimants(report);
CREATE INDEX evidence_report ON evidence(report);

CREATE TABLE failed_documents (
    id TEXT COLLATE "C" PRIMARY KEY,
    hash TEXT NOT NULL,
    error TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
"#,
    // 3: as SQLite's version 4 (aggregates).
    r#"
CREATE TABLE agg_dirty (event_id TEXT COLLATE "C" PRIMARY KEY);
CREATE TABLE agg_ev_days (
    event_id TEXT COLLATE "C" PRIMARY KEY,
    day TEXT COLLATE "C" NOT NULL,
    day_end TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    killed_lo BIGINT NOT NULL,
    killed_hi BIGINT NOT NULL,
    injured_lo BIGINT NOT NULL,
    injured_hi BIGINT NOT NULL
);
CREATE TABLE agg_ev_claims (
    event_id TEXT COLLATE "C" NOT NULL,
    day TEXT COLLATE "C" NOT NULL,
    day_end TEXT COLLATE "C" NOT NULL,
    claimant TEXT COLLATE "C" NOT NULL,
    killed BIGINT NOT NULL,
    PRIMARY KEY (event_id, claimant)
);
CREATE TABLE agg_ev_actors (
    event_id TEXT COLLATE "C" NOT NULL,
    month TEXT COLLATE "C" NOT NULL,
    month_end TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    country TEXT COLLATE "C" NOT NULL,
    as_actor BIGINT NOT NULL,
    as_recipient BIGINT NOT NULL,
    PRIMARY KEY (event_id, key)
);
CREATE TABLE agg_ev_edges (
    event_id TEXT COLLATE "C" NOT NULL,
    month TEXT COLLATE "C" NOT NULL,
    month_end TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    source TEXT COLLATE "C" NOT NULL,
    target TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (event_id, source, target)
);
CREATE TABLE agg_days (
    day TEXT COLLATE "C" NOT NULL,
    day_end TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    events BIGINT NOT NULL,
    killed_lo BIGINT NOT NULL,
    killed_hi BIGINT NOT NULL,
    injured_lo BIGINT NOT NULL,
    injured_hi BIGINT NOT NULL,
    PRIMARY KEY (day, type, day_end)
);
CREATE TABLE agg_claims (
    day TEXT COLLATE "C" NOT NULL,
    day_end TEXT COLLATE "C" NOT NULL,
    claimant TEXT COLLATE "C" NOT NULL,
    events BIGINT NOT NULL,
    killed BIGINT NOT NULL,
    PRIMARY KEY (day, claimant, day_end)
);
CREATE TABLE agg_actors (
    month TEXT COLLATE "C" NOT NULL,
    month_end TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    country TEXT COLLATE "C" NOT NULL,
    events BIGINT NOT NULL,
    as_actor BIGINT NOT NULL,
    as_recipient BIGINT NOT NULL,
    PRIMARY KEY (key, country, type, month, month_end)
);
CREATE TABLE agg_edges (
    month TEXT COLLATE "C" NOT NULL,
    month_end TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    source TEXT COLLATE "C" NOT NULL,
    target TEXT COLLATE "C" NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (source, target, type, month, month_end)
);
CREATE INDEX events_date_end ON events(date_end);
-- Rows that fell to zero, found without reading the tables (see aggregate::REFRESH).
CREATE INDEX agg_days_zero ON agg_days(events) WHERE events = 0;
CREATE INDEX agg_claims_zero ON agg_claims(events) WHERE events = 0;
CREATE INDEX agg_actors_zero ON agg_actors(events) WHERE events = 0;
CREATE INDEX agg_edges_zero ON agg_edges(events) WHERE events = 0;
INSERT INTO agg_dirty SELECT id FROM events;
"#,
];

/// The PostgreSQL schema version this build writes.
pub const PG_SCHEMA_VERSION: i64 = PG_MIGRATIONS.len() as i64;

/// The PostgreSQL version that adds the aggregates (as [`AGG_VERSION`]).
pub(crate) const PG_AGG_VERSION: usize = 3;
