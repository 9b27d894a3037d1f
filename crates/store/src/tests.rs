//! Store tests on hand-made records (no extractor involved).

use super::*;
use crate::common::Ops;
use crate::export::{ExportFormat, dyads, export};
use crate::{Filter, SCHEMA_VERSION};
use sitrep_model::{
    Claimant, DateInfo, Document, EntityKind, EntityRecord, EventRecord, EventType, Evidence,
    Location, Magnitude, MentionRef, Party, Precision, QuoteRecord,
};

fn doc(id: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        title: Some(format!("Report {id}")),
        published: "2026-03-03".parse().ok(),
        source: Some("test wire".into()),
        text: text.into(),
        ..Document::default()
    }
}

fn party(name: &str, country: &str) -> Party {
    Party {
        name: name.into(),
        entity: Some(format!("ent:{}", name.to_lowercase().replace(' ', "_"))),
        kind: EntityKind::Country,
        country: Some(country.into()),
        sector: None,
        role: None,
    }
}

fn place(name: &str, country: &str) -> Location {
    Location {
        name: name.into(),
        country: Some(country.into()),
        admin1: None,
        lat: Some(50.0),
        lon: Some(30.0),
        feature: Some("city".into()),
        inferred: false,
    }
}

fn on(day: &str) -> Option<DateInfo> {
    let d = day.parse().ok();
    Some(DateInfo {
        start: d,
        end: d,
        precision: Precision::Day,
        text: Some("on Monday".into()),
    })
}

fn killed(n: u64, by: Option<&str>) -> Magnitude {
    Magnitude {
        measure: "killed".into(),
        count: Some(n),
        qualifier: "exact".into(),
        unit: "person".into(),
        claimed_by: by.map(str::to_string),
    }
}

#[allow(clippy::too_many_arguments)]
fn event(
    id: &str,
    doc: &str,
    ty: EventType,
    actor: Party,
    recipient: Option<Party>,
    loc: Option<Location>,
    day: &str,
    text: &str,
) -> EventRecord {
    EventRecord {
        id: id.into(),
        event_type: ty,
        mode: vec![],
        context: vec![],
        aux: None,
        actors: vec![actor],
        recipients: recipient.into_iter().collect(),
        location: loc,
        date: on(day),
        magnitude: vec![],
        claimed_by: vec![],
        evidence: vec![Evidence {
            doc: doc.into(),
            sentence: 0,
            start: 0,
            end: text.len(),
            text: text.into(),
            rule: None,
        }],
        confidence: 0.8,
        rule: "test".into(),
    }
}

fn assault(id: &str, doc: &str, town: &str, day: &str, text: &str) -> EventRecord {
    event(
        id,
        doc,
        EventType::Assault,
        party("Russia", "RUS"),
        Some(party("Ukraine", "UKR")),
        Some(place(town, "UKR")),
        day,
        text,
    )
}

fn input(d: Document, events: Vec<EventRecord>) -> DocInput {
    DocInput {
        doc: d,
        events,
        entities: vec![],
        quotes: vec![],
    }
}

fn mem() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStore::open(dir.path().join("t.db")).unwrap();
    (dir, s)
}

/// Three documents: two tell one strike on Kharkiv with different death tolls, one tells a
/// meeting in Geneva.
fn corpus() -> Vec<DocInput> {
    let t1 = "Russian missiles struck Kharkiv on Monday, killing 10 people, officials said.";
    let mut a = assault("ev-a", "d1", "Kharkiv", "2026-03-02", t1);
    a.magnitude = vec![killed(10, None)];
    a.claimed_by = vec![Claimant {
        name: "regional governor".into(),
        country: Some("UKR".into()),
        entity: None,
    }];
    let t2 = "The strike on Kharkiv killed 12, the ministry said.";
    let mut b = assault("ev-b", "d2", "Kharkiv", "2026-03-02", t2);
    b.magnitude = vec![killed(12, Some("health ministry"))];
    let t3 = "Envoys of France and Brazil met in Geneva on Wednesday.";
    let mut c = event(
        "ev-c",
        "d3",
        EventType::Consult,
        party("France", "FRA"),
        None,
        Some(place("Geneva", "CHE")),
        "2026-03-04",
        t3,
    );
    c.actors.push(party("Brazil", "BRA"));
    vec![
        input(doc("d1", t1), vec![a]),
        input(doc("d2", t2), vec![b]),
        input(doc("d3", t3), vec![c]),
    ]
}

#[test]
fn ingest_twice_changes_nothing() {
    let (_d, mut s) = mem();
    let r1 = s.ingest_batch(&corpus()).unwrap();
    assert_eq!(r1.added, 3);
    let before = s.counts().unwrap();
    let r2 = s.ingest_batch(&corpus()).unwrap();
    assert_eq!(r2.unchanged, 3);
    assert_eq!(r2.added + r2.replaced + r2.events_new + r2.events_merged, 0);
    assert_eq!(s.counts().unwrap(), before);
    assert_eq!(before.documents, 3);
    assert_eq!(before.events, 2);
    assert_eq!(before.reports, 3);
}

#[test]
fn cross_report_merge_keeps_every_figure() {
    let (_d, mut s) = mem();
    let r = s.ingest_batch(&corpus()).unwrap();
    assert_eq!((r.events_new, r.events_merged), (2, 1));
    let ev = s.event("ev-a").unwrap().unwrap();
    assert_eq!(ev.record.event_type, EventType::Assault);
    assert_eq!(ev.sources.len(), 2);
    assert_eq!(ev.record.evidence.len(), 2);
    assert_eq!(ev.reports, vec!["ev-a", "ev-b"]);
    let tolls: Vec<(Option<u64>, Option<&str>, &str)> = ev
        .figures
        .iter()
        .map(|f| (f.count, f.claimed_by.as_deref(), f.doc.as_str()))
        .collect();
    assert_eq!(
        tolls,
        vec![
            (Some(10), Some("regional governor"), "d1"),
            (Some(12), Some("health ministry"), "d2")
        ]
    );
    assert_eq!(ev.record.magnitude.len(), 2);
    // The merged record's id is findable by either source record's id.
    assert_eq!(s.event("ev-b").unwrap().unwrap().record.id, "ev-a");
    assert!(s.event("nope").unwrap().is_none());
}

#[test]
fn different_towns_or_attackers_stay_separate() {
    let (_d, mut s) = mem();
    let t = "A strike hit Odesa on Monday.";
    let odesa = assault("ev-o", "d4", "Odesa", "2026-03-02", t);
    let mut other = assault("ev-u", "d5", "Kharkiv", "2026-03-02", t);
    other.actors = vec![party("Ukraine", "UKR")];
    other.recipients = vec![party("Russia", "RUS")];
    let mut batch = corpus();
    batch.push(input(doc("d4", t), vec![odesa]));
    batch.push(input(doc("d5", "x"), vec![other]));
    s.ingest_batch(&batch).unwrap();
    assert_eq!(s.counts().unwrap().events, 4);
}

#[test]
fn changed_document_replaces_its_events() {
    let (_d, mut s) = mem();
    s.ingest_batch(&corpus()).unwrap();
    // d2 is corrected: now it reports a strike on Sumy (a different event).
    let t = "The strike on Sumy killed 3.";
    let mut b = assault("ev-b2", "d2", "Sumy", "2026-03-02", t);
    b.magnitude = vec![killed(3, None)];
    let r = s.ingest_batch(&[input(doc("d2", t), vec![b])]).unwrap();
    assert_eq!((r.replaced, r.events_new), (1, 1));
    let c = s.counts().unwrap();
    assert_eq!((c.documents, c.events, c.reports, c.evidence), (3, 3, 3, 3));
    let kharkiv = s.event("ev-a").unwrap().unwrap();
    assert_eq!(kharkiv.sources.len(), 1);
    assert_eq!(kharkiv.figures.len(), 1);
    assert!(s.event("ev-b2").unwrap().is_some());
    // The old text is gone from the full-text index, the new one is in.
    assert!(s.search("killed 12", 10).unwrap().is_empty());
    assert!(!s.search("Sumy", 10).unwrap().is_empty());
    // When the first source of a merged event is withdrawn, the event is named after the
    // report that remains: names follow the stored reports, not the history of ingests (a
    // store built from the remaining documents alone has the same names).
    let (_d2, mut s2) = mem();
    s2.ingest_batch(&corpus()).unwrap();
    s2.ingest_batch(&[input(doc("d1", "withdrawn"), vec![])])
        .unwrap();
    let ev = s2.event("ev-b").unwrap().unwrap();
    assert_eq!(ev.record.id, "ev-b");
    assert!(s2.event("ev-a").unwrap().is_none());
    assert_eq!(ev.reports, vec!["ev-b"]);
    assert_eq!(ev.figures.len(), 1);
    assert_eq!(s2.counts().unwrap().events, 2);
}

#[test]
fn timeline_filters() {
    let (_d, mut s) = mem();
    s.ingest_batch(&corpus()).unwrap();
    let ids = |f: Filter| -> Vec<String> {
        s.timeline(&f)
            .unwrap()
            .into_iter()
            .map(|e| e.record.id)
            .collect()
    };
    assert_eq!(ids(Filter::default()), vec!["ev-a", "ev-c"]);
    let f = |g: fn(&mut Filter)| {
        let mut f = Filter::default();
        g(&mut f);
        f
    };
    assert_eq!(ids(f(|f| f.actor = Some("RUS".into()))), vec!["ev-a"]);
    assert_eq!(ids(f(|f| f.actor = Some("UKR".into()))), vec!["ev-a"]);
    assert_eq!(ids(f(|f| f.actor = Some("brazil".into()))), vec!["ev-c"]);
    assert_eq!(
        ids(f(|f| f.actor = Some("ent:france".into()))),
        vec!["ev-c"]
    );
    assert_eq!(
        ids(f(|f| f.event_type = Some(EventType::Consult))),
        vec!["ev-c"]
    );
    assert_eq!(ids(f(|f| f.country = Some("che".into()))), vec!["ev-c"]);
    assert_eq!(ids(f(|f| f.place = Some("kharK".into()))), vec!["ev-a"]);
    assert_eq!(
        ids(f(|f| f.since = "2026-03-03".parse().ok())),
        vec!["ev-c"]
    );
    assert_eq!(
        ids(f(|f| f.until = "2026-03-03".parse().ok())),
        vec!["ev-a"]
    );
    assert_eq!(
        ids(f(|f| f.text = Some("ministry strike".into()))),
        vec!["ev-a"]
    );
    assert_eq!(
        ids(f(|f| f.text = Some("\"unbalanced (".into()))),
        Vec::<String>::new()
    );
    assert_eq!(ids(f(|f| f.limit = Some(1))), vec!["ev-a"]);
}

#[test]
fn actors_stats_and_search() {
    let (_d, mut s) = mem();
    s.ingest_batch(&corpus()).unwrap();
    let actors = s.actors(&Filter::default()).unwrap();
    let russia = actors.iter().find(|a| a.name == "Russia").unwrap();
    assert_eq!(russia.as_actor, 1);
    assert_eq!(russia.by_type.get("ASSAULT"), Some(&1));
    assert_eq!(russia.counterparties, vec![("Ukraine".to_string(), 1)]);
    let ukraine = actors.iter().find(|a| a.name == "Ukraine").unwrap();
    assert_eq!((ukraine.as_actor, ukraine.as_recipient), (0, 1));
    let france = actors.iter().find(|a| a.name == "France").unwrap();
    assert_eq!(france.counterparties, vec![("Brazil".to_string(), 1)]);

    let st = s.stats(&Filter::default()).unwrap();
    assert_eq!(st.per_day.len(), 2);
    assert_eq!(st.casualties.len(), 1);
    let day = &st.casualties[0];
    assert_eq!(day.assaults, 1);
    assert_eq!((day.killed_low, day.killed_high), (10, 12));
    assert_eq!(day.figures.len(), 2);

    let hits = s.search("Geneva", 10).unwrap();
    assert!(hits.iter().any(|h| h.kind == "document" && h.doc == "d3"));
    assert!(
        hits.iter()
            .any(|h| h.kind == "evidence" && h.event.as_deref() == Some("ev-c"))
    );
    assert!(hits[0].snippet.contains("[Geneva]"));
    assert!(s.search("  ", 10).unwrap().is_empty());
}

#[test]
fn entities_merge_by_id_and_quotes_are_kept() {
    let (_d, mut s) = mem();
    let ent = |doc: &str, alias: &str| EntityRecord {
        id: "kb:person:1".into(),
        name: "Ana Lopes".into(),
        kind: EntityKind::Person,
        country: None,
        roles: vec!["envoy".into()],
        aliases: vec![alias.into()],
        mentions: vec![MentionRef {
            doc: doc.into(),
            start: 0,
            end: 4,
            text: alias.into(),
        }],
        place: None,
    };
    let q = QuoteRecord {
        record: "quote".into(),
        id: "q1".into(),
        doc: "d1".into(),
        speaker: Some(party("Ana Lopes", "PRT")),
        text: "We will return".into(),
        start: 1,
        end: 15,
        date: None,
    };
    let mut a = input(doc("d1", "Lopes said"), vec![]);
    a.entities = vec![ent("d1", "Lopes")];
    a.quotes = vec![q];
    let mut b = input(doc("d2", "Ms Lopes said"), vec![]);
    b.entities = vec![ent("d2", "Ms Lopes")];
    s.ingest_batch(&[a, b]).unwrap();
    let c = s.counts().unwrap();
    assert_eq!((c.entities, c.mentions, c.quotes), (1, 2, 1));
    let aliases: String = s
        .conn
        .query_row("SELECT aliases FROM entities", [], |r| r.get(0))
        .unwrap();
    assert_eq!(aliases, r#"["Lopes","Ms Lopes"]"#);
    // The actor filter finds an entity by alias too.
    s.ingest_batch(&[input(doc("d1", "changed"), vec![])])
        .unwrap();
    let c = s.counts().unwrap();
    assert_eq!((c.entities, c.mentions, c.quotes), (1, 1, 0));
}

#[test]
fn exports() {
    let (_d, mut s) = mem();
    s.ingest_batch(&corpus()).unwrap();
    let mut buf = Vec::new();
    assert_eq!(
        export(&s, &Filter::default(), ExportFormat::Jsonl, &mut buf).unwrap(),
        2
    );
    let text = String::from_utf8(buf).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["record"], "event", "lines carry their kind");
    assert_eq!(first["type"], "ASSAULT");
    assert_eq!(first["sources"].as_array().map(Vec::len), Some(2));
    assert_eq!(first["evidence"].as_array().map(Vec::len), Some(2));
    let back: StoredEvent = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(back.figures.len(), 2);

    let mut buf = Vec::new();
    export(&s, &Filter::default(), ExportFormat::Csv, &mut buf).unwrap();
    let text = String::from_utf8(buf).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(text.contains("killed=12 person (exact) per health ministry"));
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with(&sitrep_io::table::event_columns().join(",")),
        "the header is the shared event table's"
    );

    let mut buf = Vec::new();
    export(&s, &Filter::default(), ExportFormat::Dyadic, &mut buf).unwrap();
    let text = String::from_utf8(buf).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.contains("Russia,ent:russia,RUS,,Ukraine,ent:ukraine,UKR"));
    let ev = s.event("ev-c").unwrap().unwrap();
    assert_eq!(dyads(&ev).len(), 1);
}

#[test]
fn migrations_from_empty_file_and_from_version_one() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.db");
    std::fs::write(&p, b"").unwrap();
    let s = SqliteStore::open(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    drop(s);
    // A file at version 1 (no full-text index) with data is upgraded and indexed.
    let p1 = dir.path().join("v1.db");
    let s = SqliteStore::open_at(&p1, &OpenOptions::default(), 1).unwrap();
    assert_eq!(s.schema_version().unwrap(), 1);
    s.conn
        .execute(
            "INSERT INTO documents (id, title, hash, text, ingested_at)
             VALUES ('old', 'Old', 'h', 'Talks in Geneva', 0)",
            [],
        )
        .unwrap();
    drop(s);
    let s = SqliteStore::open(&p1).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(!s.search("Geneva", 5).unwrap().is_empty());
    // A newer file is refused, by name.
    s.conn.execute_batch("PRAGMA user_version = 99").unwrap();
    drop(s);
    let e = SqliteStore::open(&p1).err().unwrap();
    assert!(matches!(e, StoreError::TooNew { found: 99, .. }), "{e}");
    assert!(e.to_string().contains("v1.db"));
}

#[test]
fn corrupt_and_foreign_files_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("notes.db");
    std::fs::write(&p, vec![b'x'; 4096]).unwrap();
    let e = SqliteStore::open(&p).err().unwrap();
    assert!(matches!(e, StoreError::Corrupt { .. }), "{e}");
    assert!(e.to_string().contains("notes.db"));
    assert_eq!(std::fs::read(&p).unwrap(), vec![b'x'; 4096]);

    let other = dir.path().join("other.db");
    let c = Connection::open(&other).unwrap();
    c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(c);
    let e = SqliteStore::open(&other).err().unwrap();
    assert!(matches!(e, StoreError::Corrupt { .. }), "{e}");

    let missing = dir.path().join("no/such/dir/x.db");
    let e = SqliteStore::open(&missing).err().unwrap();
    assert!(matches!(e, StoreError::CannotOpen { .. }), "{e}");
    let e = SqliteStore::open_with(
        dir.path().join("absent.db"),
        &OpenOptions {
            create: false,
            ..OpenOptions::default()
        },
    )
    .err()
    .unwrap();
    assert!(e.to_string().contains("absent.db"), "{e}");
}

#[test]
fn locked_database_waits_then_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("busy.db");
    let mut s = SqliteStore::open_with(
        &p,
        &OpenOptions {
            busy_timeout: Duration::from_millis(150),
            create: true,
        },
    )
    .unwrap();
    let other = Connection::open(&p).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let e = s.ingest_batch(&corpus()).err().unwrap();
    assert!(
        matches!(e, StoreError::Locked { waited_ms: 150, .. }),
        "{e}"
    );
    assert!(e.to_string().contains("busy.db"));
    other.execute_batch("ROLLBACK").unwrap();
    s.ingest_batch(&corpus()).unwrap();
    assert_eq!(s.counts().unwrap().documents, 3);
}

#[test]
fn disk_full_rolls_back_the_batch_and_keeps_earlier_ones() {
    let (_d, mut s) = mem();
    s.ingest_batch(&corpus()[..1]).unwrap();
    let before = s.counts().unwrap();
    let pages: i64 = s
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    s.set_max_page_count(u64::try_from(pages).unwrap()).unwrap();
    let big: Vec<DocInput> = (0..50)
        .map(|i| {
            input(
                doc(&format!("big{i}"), &"filler text ".repeat(2000)),
                vec![],
            )
        })
        .collect();
    let e = s.ingest_batch(&big).err().unwrap();
    assert!(matches!(e, StoreError::DiskFull { .. }), "{e}");
    assert_eq!(s.counts().unwrap(), before);
    assert_eq!(s.integrity_check().unwrap(), "ok");
    s.set_max_page_count(1 << 30).unwrap();
    s.ingest_batch(&big).unwrap();
    assert_eq!(s.counts().unwrap().documents, 51);
}

#[test]
fn read_only_directory_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(ro.join("probe"), b"x").is_ok() {
        eprintln!("skipped: running as root, directory permissions are not enforced");
        return;
    }
    let e = SqliteStore::open(ro.join("x.db")).err().unwrap();
    assert!(
        matches!(
            e,
            StoreError::CannotOpen { .. } | StoreError::ReadOnly { .. }
        ),
        "{e}"
    );
    assert!(e.to_string().contains("x.db"));
}

#[test]
fn a_crash_mid_batch_leaves_the_previous_state() {
    // Copying the files while a batch is open (its pages partly spilled into the log) is
    // what a crash leaves on disk: opening the copy must show the state before the batch.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("crash.db");
    let mut s = SqliteStore::open(&p).unwrap();
    s.ingest_batch(&corpus()[..1]).unwrap();
    s.conn.execute_batch("PRAGMA cache_size = 50").unwrap();
    let tx = s.conn.transaction().unwrap();
    for i in 0..400 {
        let d = doc(&format!("x{i}"), &"spill the cache ".repeat(1000));
        Lite(&tx).insert_document(&d, "h", 0).unwrap();
    }
    let copy = dir.path().join("copy.db");
    std::fs::copy(&p, &copy).unwrap();
    let wal = std::fs::read(dir.path().join("crash.db-wal")).unwrap();
    assert!(wal.len() > 1_000_000, "the open batch spilled into the log");
    std::fs::write(dir.path().join("copy.db-wal"), wal).unwrap();
    drop(tx);
    let c = SqliteStore::open(&copy).unwrap();
    assert_eq!(c.counts().unwrap().documents, 1);
    assert_eq!(c.integrity_check().unwrap(), "ok");
}

#[test]
fn like_wildcards_in_filters_are_literal() {
    let (_d, mut s) = mem();
    let t = "The 50% Brigade shelled Kharkiv on Monday.";
    let mut a = assault("ev-p", "d9", "Kharkiv", "2026-03-02", t);
    a.actors = vec![Party {
        name: "50% Brigade".into(),
        entity: None,
        kind: EntityKind::Group,
        country: None,
        sector: None,
        role: None,
    }];
    let mut batch = corpus();
    batch.push(input(doc("d9", t), vec![a]));
    s.ingest_batch(&batch).unwrap();
    let n = |actor: Option<&str>, place: Option<&str>| {
        s.timeline(&Filter {
            actor: actor.map(str::to_string),
            place: place.map(str::to_string),
            ..Filter::default()
        })
        .unwrap()
        .len()
    };
    assert!(n(None, None) >= 2);
    for w in ["%", "_", "%%", "__", "\\"] {
        // Only the one actor whose name holds a percent sign matches "%", literally.
        let want = usize::from(w == "%");
        assert_eq!(n(Some(w), None), want, "actor {w:?}");
        assert_eq!(n(None, Some(w)), 0, "place {w:?}");
    }
    assert_eq!(n(Some("50%"), None), 1);
    assert_eq!(n(Some("50% brigade"), None), 1);
    assert_eq!(n(None, Some("Kh_rkiv")), 0);
    assert!(n(None, Some("harki")) >= 1);
}

#[test]
fn a_batch_refused_at_commit_is_rolled_back() {
    let (_d, mut s) = mem();
    s.ingest_batch(&corpus()[..1]).unwrap();
    let before = s.counts().unwrap();
    let failed = vec![FailedDocument {
        id: "bad".into(),
        hash: "h".into(),
        error: "boom".into(),
    }];
    let mut asked = 0;
    let r = s
        .ingest_checked(&corpus(), &failed, &mut || {
            asked += 1;
            false
        })
        .unwrap();
    assert!(r.is_none());
    assert_eq!(asked, 1);
    assert_eq!(s.counts().unwrap(), before);
    assert!(s.failed_documents().unwrap().is_empty());
    let r = s
        .ingest_checked(&corpus(), &failed, &mut || true)
        .unwrap()
        .unwrap();
    assert_eq!((r.added, r.unchanged, r.failed), (2, 1, 1));
    assert_eq!(s.failed_document("bad").unwrap().unwrap().error, "boom");
}

#[test]
fn reports_stored_before_components_are_reclustered_by_the_next_ingest() {
    // A store written by the previous version (no components, no candidate columns on
    // reports; events made in ingest order) is put in canonical form by the next ingest.
    let mut docs = corpus();
    let t = "Kharkiv was shelled again on Monday, the mayor said.";
    let late = assault("ev-late", "d0", "Kharkiv", "2026-03-02", t);
    docs.push(input(doc("d0", t), vec![late]));
    let (_d, mut clean) = mem();
    clean.ingest_batch(&docs).unwrap();
    let (_d2, mut s) = mem();
    s.ingest_batch(&docs[..3]).unwrap();
    s.conn
        .execute_batch(
            "UPDATE reports SET comp = NULL, type = NULL, aux = NULL, win_lo = NULL,
                win_hi = NULL, win_class = NULL",
        )
        .unwrap();
    s.ingest_batch(&docs[3..]).unwrap();
    assert_eq!(
        s.timeline(&Filter::default()).unwrap(),
        clean.timeline(&Filter::default()).unwrap()
    );
    // d0 comes first in canonical order (same day, smaller id): the event is named after it.
    assert_eq!(s.event("ev-a").unwrap().unwrap().record.id, "ev-late");
    let unplaced: i64 = s
        .conn
        .query_row("SELECT count(*) FROM reports WHERE comp IS NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(unplaced, 0);
}

#[test]
fn version_two_files_get_report_keys_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v2.db");
    let s = SqliteStore::open_at(&p, &OpenOptions::default(), 2).unwrap();
    s.conn
        .execute_batch(
            "INSERT INTO documents (id, published, hash, text, ingested_at)
                 VALUES ('d1', '2026-03-03', 'h', 'x', 0);
             INSERT INTO reports (event_id, doc_id, record_id, record)
                 VALUES ('e1', 'd1', 'r1', '{}');
             INSERT INTO event_figures (event_id, doc_id, measure, qualifier, unit)
                 VALUES ('e1', 'd1', 'killed', 'exact', 'person');",
        )
        .unwrap();
    drop(s);
    let s = SqliteStore::open(&p).unwrap();
    let (skey, report): (String, i64) = s
        .conn
        .query_row(
            "SELECT r.skey, f.report FROM reports r JOIN event_figures f ON f.doc_id = r.doc_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(skey, "2026-03-03\u{1f}d1");
    assert_eq!(report, 1);
}

/// The aggregate tables' rows, in order, each as one string.
fn agg_rows(s: &SqliteStore) -> Vec<String> {
    let mut out = Vec::new();
    for (table, cols) in crate::aggregate::TABLES {
        let row = cols
            .split(", ")
            .map(|c| format!("quote({c})"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let mut stmt = s
            .conn
            .prepare(&format!(
                "SELECT '{table}|' || {row} FROM {table} ORDER BY {cols}"
            ))
            .unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

/// Checks that the aggregates kept by ingest are what counting every stored event from
/// scratch gives, and that no event is left listed as dirty.
fn assert_recount(s: &SqliteStore, when: &str) {
    let kept = agg_rows(s);
    let dirty: i64 = s
        .conn
        .query_row("SELECT count(*) FROM agg_dirty", [], |r| r.get(0))
        .unwrap();
    assert_eq!(dirty, 0, "{when}: events left dirty");
    s.conn
        .execute_batch(
            "SAVEPOINT recount;
             DELETE FROM agg_days; DELETE FROM agg_claims; DELETE FROM agg_actors;
             DELETE FROM agg_edges; DELETE FROM agg_ev_days; DELETE FROM agg_ev_claims;
             DELETE FROM agg_ev_actors; DELETE FROM agg_ev_edges;
             INSERT INTO agg_dirty SELECT id FROM events;",
        )
        .unwrap();
    for st in crate::aggregate::REFRESH {
        s.conn.execute_batch(st).unwrap();
    }
    let recount = agg_rows(s);
    s.conn
        .execute_batch("ROLLBACK TO recount; RELEASE recount;")
        .unwrap();
    assert_eq!(kept, recount, "{when}: aggregates differ from a recount");
    let (events, memo): (i64, i64) = s
        .conn
        .query_row(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM agg_ev_days)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(events, memo, "{when}: one contribution per stored event");
}

/// Filters the aggregates answer (type and dates, with ends inside and on the edges of
/// months) and some they do not.
fn summary_filters() -> Vec<Filter> {
    let d = |s: &str| s.parse().ok();
    let mut out = vec![Filter::default()];
    for ty in [None, Some(EventType::Assault), Some(EventType::Protest)] {
        for (since, until) in [
            (d("2026-02-10"), None),
            (None, d("2026-03-15")),
            (d("2026-01-31"), d("2026-03-01")),
            (d("2026-02-01"), d("2026-02-28")),
            (d("2026-02-05"), d("2026-02-20")),
            (None, None),
        ] {
            out.push(Filter {
                event_type: ty,
                since,
                until,
                ..Filter::default()
            });
        }
    }
    out.push(Filter {
        actor: Some("RUS".into()),
        since: d("2026-02-10"),
        ..Filter::default()
    });
    out.push(Filter {
        country: Some("UKR".into()),
        ..Filter::default()
    });
    out
}

/// Checks that every summary read from the aggregates equals the one read from the events.
fn assert_same_summaries(s: &SqliteStore, when: &str) {
    for f in summary_filters() {
        let agg = (s.time_summary(&f, None).unwrap(), s.network(&f, 4).unwrap());
        s.set_scan_only(true);
        let scan = (s.time_summary(&f, None).unwrap(), s.network(&f, 4).unwrap());
        s.set_scan_only(false);
        assert_eq!(agg, scan, "{when}: {f:?}");
    }
}

/// A deterministic random batch of documents over January to April 2026: events that merge
/// across documents (a few places, parties and days), multi-day events across month ends,
/// undated events, parties without an entity or a country, assaults with figures from
/// several claimants.
fn random_docs(seed: u64, first: usize, n: usize, version: usize) -> Vec<DocInput> {
    let mut x = seed;
    let mut next = move |m: usize| -> usize {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((x >> 33) as usize) % m
    };
    let parties = [
        party("Russia", "RUS"),
        party("Ukraine", "UKR"),
        party("France", "FRA"),
        Party {
            entity: None,
            ..party("Gunmen", "UKR")
        },
        Party {
            entity: None,
            country: None,
            ..party("Gunmen", "UKR")
        },
    ];
    let types = [EventType::Assault, EventType::Protest, EventType::Consult];
    let towns = ["Kharkiv", "Sumy", "Odesa"];
    let claimants = [None, Some("health ministry"), Some("army")];
    (first..first + n)
        .map(|i| {
            let id = format!("r{i}");
            let text = format!("Report {i}, version {version}.");
            let events = (0..1 + next(3))
                .map(|k| {
                    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                        + chrono::Duration::days(next(110) as i64);
                    let mut e = event(
                        &format!("{id}-v{version}-e{k}"),
                        &id,
                        types[next(types.len())],
                        parties[next(parties.len())].clone(),
                        (next(4) > 0).then(|| parties[next(parties.len())].clone()),
                        Some(place(towns[next(towns.len())], "UKR")),
                        &day.to_string(),
                        &text,
                    );
                    match next(6) {
                        0 => e.date = None,
                        1 => {
                            if let Some(d) = e.date.as_mut() {
                                d.end = Some(day + chrono::Duration::days(1 + next(40) as i64));
                            }
                        }
                        _ => {}
                    }
                    if e.event_type == EventType::Assault {
                        e.magnitude = (0..next(3))
                            .map(|_| {
                                let mut m = killed(next(30) as u64, claimants[next(3)]);
                                if next(4) == 0 {
                                    m.measure = "injured".into();
                                }
                                m
                            })
                            .collect();
                    }
                    e
                })
                .collect();
            input(doc(&id, &text), events)
        })
        .collect()
}

#[test]
fn aggregates_equal_a_recount_after_ingest_merge_replacement_and_withdrawal() {
    let (_d, mut s) = mem();
    s.ingest_batch(&corpus()).unwrap();
    assert_recount(&s, "corpus");
    // Documents in several batches, many of their events merging with earlier ones.
    for b in 0..4 {
        s.ingest_batch(&random_docs(b, b as usize * 40, 40, 0))
            .unwrap();
        assert_recount(&s, &format!("batch {b}"));
    }
    // The same documents again: nothing changes.
    let before = agg_rows(&s);
    s.ingest_batch(&random_docs(1, 40, 40, 0)).unwrap();
    assert_eq!(agg_rows(&s), before);
    // Corrected versions of some (their events replaced), others withdrawn (no events).
    s.ingest_batch(&random_docs(7, 20, 50, 1)).unwrap();
    assert_recount(&s, "replaced");
    let withdrawn: Vec<DocInput> = (0..60)
        .step_by(3)
        .map(|i| input(doc(&format!("r{i}"), "withdrawn"), vec![]))
        .collect();
    s.ingest_batch(&withdrawn).unwrap();
    assert_recount(&s, "withdrawn");
    assert_same_summaries(&s, "withdrawn");
    // Withdrawing everything leaves empty aggregates.
    let all: Vec<DocInput> = s
        .conn
        .prepare("SELECT id FROM documents")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|id| input(doc(&id.unwrap(), "gone"), vec![]))
        .collect();
    s.ingest_batch(&all).unwrap();
    assert_eq!(s.counts().unwrap().events, 0);
    assert!(agg_rows(&s).is_empty(), "{:?}", agg_rows(&s));
}

#[test]
fn summaries_from_aggregates_equal_those_from_the_events() {
    let (_d, mut s) = mem();
    s.ingest_batch(&corpus()).unwrap();
    for b in 0..3 {
        s.ingest_batch(&random_docs(b + 10, b as usize * 50, 50, 0))
            .unwrap();
    }
    s.ingest_batch(&random_docs(3, 30, 30, 1)).unwrap();
    assert_same_summaries(&s, "random store");
    // And they are not trivially empty.
    let t = s.time_summary(&Filter::default(), None).unwrap();
    assert!(
        t.total > 100 && t.undated > 0 && !t.claimants.is_empty(),
        "{t:?}"
    );
    let n = s.network(&Filter::default(), 4).unwrap();
    assert!(n.nodes.len() == 4 && !n.edges.is_empty(), "{n:?}");
}

#[test]
fn summaries_read_the_aggregates_not_the_events() {
    let (_d, mut s) = mem();
    s.ingest_batch(&random_docs(5, 0, 60, 0)).unwrap();
    let f = Filter {
        since: "2026-02-01".parse().ok(),
        ..Filter::default()
    };
    let total = s.time_summary(&f, None).unwrap().total;
    let net = s.network(&Filter::default(), 10).unwrap();
    // Counts added to the aggregates alone show in the answers: they were read from there.
    s.conn
        .execute_batch(
            "UPDATE agg_days SET events = events + 1000
                 WHERE (day, type, day_end) =
                    (SELECT day, type, day_end FROM agg_days WHERE day >= '2026-02-01' LIMIT 1);
             UPDATE agg_actors SET events = events + 1000 WHERE key = 'ent:france';",
        )
        .unwrap();
    assert_eq!(s.time_summary(&f, None).unwrap().total, total + 1000);
    let tampered = s.network(&Filter::default(), 10).unwrap();
    assert_eq!(tampered.nodes[0].id, "ent:france");
    assert!(tampered.nodes[0].events >= 1000);
    // Filters the aggregates cannot answer read the events.
    let by_country = Filter {
        country: Some("UKR".into()),
        ..f.clone()
    };
    let scan = s.time_summary(&by_country, None).unwrap().total;
    assert!(scan <= total, "{scan} > {total}");
    s.set_scan_only(true);
    assert_eq!(s.time_summary(&f, None).unwrap().total, total);
    assert_eq!(s.network(&Filter::default(), 10).unwrap(), net);
}

#[test]
fn an_older_store_gets_its_aggregates_on_opening() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v3.db");
    let mut s = SqliteStore::open(&p).unwrap();
    s.ingest_batch(&random_docs(9, 0, 80, 0)).unwrap();
    let built = agg_rows(&s);
    assert!(!built.is_empty());
    // As a version-3 file: no aggregate tables.
    s.conn
        .execute_batch(
            "DROP TABLE agg_dirty; DROP TABLE agg_ev_days; DROP TABLE agg_ev_claims;
             DROP TABLE agg_ev_actors; DROP TABLE agg_ev_edges; DROP TABLE agg_days;
             DROP TABLE agg_claims; DROP TABLE agg_actors; DROP TABLE agg_edges;
             DROP INDEX events_date_end;
             PRAGMA user_version = 3;",
        )
        .unwrap();
    drop(s);
    let mut s = SqliteStore::open(&p).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(agg_rows(&s), built);
    assert_same_summaries(&s, "upgraded");
    // And ingest keeps them from there.
    s.ingest_batch(&random_docs(4, 60, 40, 1)).unwrap();
    assert_recount(&s, "after the upgrade");
}

/// `n` documents from `first` on, each one report of the same strike (one story retold).
fn retold(first: usize, n: usize) -> Vec<DocInput> {
    (first..first + n)
        .map(|k| {
            let id = format!("r{k:05}");
            let text = format!("Russian forces shelled Kharkiv on Monday ({k}).");
            let mut d = doc(&id, &text);
            d.published = "2026-03-03".parse().ok();
            let mut e = assault(&format!("{id}-e"), &id, "Kharkiv", "2026-03-02", &text);
            // Figures that mostly stay within the range already told, sometimes not.
            let by = ["governor", "ministry"][k % 2];
            e.magnitude = vec![killed((k % 7) as u64 + (k / 997) as u64, Some(by))];
            input(d, vec![e])
        })
        .collect()
}

/// Merge tests made by ingesting each of `docs` as its own batch, per document.
fn tests_per_doc(s: &mut SqliteStore, docs: &[DocInput]) -> f64 {
    let before = crate::common::merge_tests();
    for d in docs {
        s.ingest_batch(std::slice::from_ref(d)).unwrap();
    }
    (crate::common::merge_tests() - before) as f64 / docs.len() as f64
}

/// Issue 18: a report of a story told by many reports must cost a bounded number of merge
/// tests, not one per report already stored (counted, not timed). Below
/// [`crate::common::SETTLE_AT`] reports a component is re-clustered exactly, so the work
/// grows up to that size and then stays flat.
#[test]
fn merge_work_per_report_does_not_grow_with_the_story() {
    let (_d, mut s) = mem();
    let at = crate::common::SETTLE_AT;
    s.ingest_batch(&retold(0, at + 100)).unwrap();
    assert_eq!(s.counts().unwrap().events, 1);
    let small = tests_per_doc(&mut s, &retold(at + 100, 10));
    s.ingest_batch(&retold(at + 110, 2 * at)).unwrap();
    let large = tests_per_doc(&mut s, &retold(3 * at + 110, 10));
    let c = s.counts().unwrap();
    assert_eq!((c.events, c.reports), (1, 3 * at + 120));
    assert!(
        small <= 10.0,
        "{small} merge tests per report at {at} reports"
    );
    assert!(
        large <= small,
        "{large} merge tests per report at {} reports, {small} at {at}",
        3 * at
    );
    // A whole batch of a retold story costs a few tests per report.
    let before = crate::common::merge_tests();
    s.ingest_batch(&retold(4 * at, 100)).unwrap();
    let batch = (crate::common::merge_tests() - before) as f64 / 100.0;
    assert!(batch <= 10.0, "{batch} merge tests per report in a batch");
    // A settled event is recounted only when its counted figures change, and the
    // aggregates stay those of a full recount.
    assert_recount(&s, "after reports joined a settled event");
}
