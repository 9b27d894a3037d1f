//! Aggregates of the stored events, kept up to date by ingest, so that the summaries of the
//! web UI (activity over time, the actor network) read a few thousand pre-counted rows
//! instead of every event, party and figure of the store.
//!
//! On a 100,000-event store the network read every party of every event (1.2–1.5 s) and the
//! time summary every casualty figure (0.6–0.8 s), and a result cache does not help the first
//! request after each ingest, which `sitrep watch` makes every few minutes. So ingest keeps:
//!
//! * `agg_days`: events per (start day, end day, type), with the casualty ranges of
//!   assaults (the sum over events of the smallest and the largest figure the sources give);
//! * `agg_claims`: killed per (start day, end day, claimant) of assaults, each claimant's
//!   largest figure per event;
//! * `agg_actors`: per (start month, end month, type, actor, country) the events the actor
//!   took part in, as actor, as recipient;
//! * `agg_edges`: per (start month, end month, type, actor, recipient) the events in which
//!   one acted on the other.
//!
//! Keys hold both ends of an event's dates because the date filter is "ends on or after
//! `since`, starts on or before `until`": a day key answers it exactly, a month key exactly
//! for every month but the two the filter's ends fall in, whose events are read from the
//! event tables (see `overview`). Undated events have the key `''`.
//!
//! **Maintenance.** Every count is a sum over events of what each event contributes, and
//! what each event contributed is kept beside it (`agg_ev_*`, one or a few rows per event).
//! Ingest lists in `agg_dirty` every event it created, changed, moved figures between or
//! deleted; [`REFRESH`] then subtracts those events' recorded contributions, records their
//! contributions as they are now (none for a deleted event), adds them, and drops rows that
//! fell to zero, all in set-wise statements inside the batch's transaction. An event that
//! changes in any way (merged, split, a source replaced) is thus counted exactly once, and a
//! full recount always gives the same tables (the tests check it on both backends).
//!
//! The aggregate tables are keyed in the order the summaries group them by (day then type,
//! actor then country, actor then recipient), so that a summary reads them in key order
//! without sorting; rows that fall to zero are found through a partial index, so a batch
//! costs what it changed, not what the store holds.
//!
//! The statements are plain SQL that SQLite and PostgreSQL both accept.

/// The statements that bring the aggregates up to date with the events listed in
/// `agg_dirty`, and empty it. Run in order, inside the transaction that changed the events.
pub(crate) const REFRESH: &[&str] = &[
    // 1. Take back what the dirty events contributed.
    const_format_sub::DAYS_MINUS,
    const_format_sub::CLAIMS_MINUS,
    const_format_sub::ACTORS_MINUS,
    const_format_sub::EDGES_MINUS,
    // 2. Forget it.
    "DELETE FROM agg_ev_days WHERE event_id IN (SELECT event_id FROM agg_dirty)",
    "DELETE FROM agg_ev_claims WHERE event_id IN (SELECT event_id FROM agg_dirty)",
    "DELETE FROM agg_ev_actors WHERE event_id IN (SELECT event_id FROM agg_dirty)",
    "DELETE FROM agg_ev_edges WHERE event_id IN (SELECT event_id FROM agg_dirty)",
    // 3. What they contribute now (a deleted event has no row in `events`: nothing).
    "INSERT INTO agg_ev_days (event_id, day, day_end, type, killed_lo, killed_hi, injured_lo, injured_hi)
     SELECT e.id, coalesce(e.date_start, ''), coalesce(e.date_end, ''), e.type,
        coalesce(min(CASE WHEN f.measure = 'killed' THEN f.count END), 0),
        coalesce(max(CASE WHEN f.measure = 'killed' THEN f.count END), 0),
        coalesce(min(CASE WHEN f.measure = 'injured' THEN f.count END), 0),
        coalesce(max(CASE WHEN f.measure = 'injured' THEN f.count END), 0)
     FROM events e LEFT JOIN event_figures f ON f.event_id = e.id
        AND e.type = 'ASSAULT' AND e.date_start IS NOT NULL
        AND f.measure IN ('killed', 'injured') AND f.count >= 0
     WHERE e.id IN (SELECT event_id FROM agg_dirty)
     GROUP BY e.id, e.date_start, e.date_end, e.type",
    "INSERT INTO agg_ev_claims (event_id, day, day_end, claimant, killed)
     SELECT e.id, e.date_start, coalesce(e.date_end, ''), coalesce(f.claimed_by, 'unattributed'),
        max(f.count)
     FROM events e JOIN event_figures f ON f.event_id = e.id
     WHERE e.id IN (SELECT event_id FROM agg_dirty)
        AND e.type = 'ASSAULT' AND e.date_start IS NOT NULL
        AND f.measure = 'killed' AND f.count >= 0
     GROUP BY e.id, e.date_start, e.date_end, coalesce(f.claimed_by, 'unattributed')",
    "INSERT INTO agg_ev_actors (event_id, month, month_end, type, key, country, as_actor, as_recipient)
     SELECT e.id, coalesce(substr(e.date_start, 1, 7), ''), coalesce(substr(e.date_end, 1, 7), ''),
        e.type, coalesce(p.entity, p.name), coalesce(max(p.country), ''),
        max(CASE WHEN p.role = 'actor' THEN 1 ELSE 0 END),
        max(CASE WHEN p.role = 'actor' THEN 0 ELSE 1 END)
     FROM events e JOIN event_parties p ON p.event_id = e.id
     WHERE e.id IN (SELECT event_id FROM agg_dirty)
     GROUP BY e.id, e.date_start, e.date_end, e.type, coalesce(p.entity, p.name)",
    "INSERT INTO agg_ev_edges (event_id, month, month_end, type, source, target)
     SELECT DISTINCT e.id, coalesce(substr(e.date_start, 1, 7), ''),
        coalesce(substr(e.date_end, 1, 7), ''), e.type,
        coalesce(a.entity, a.name), coalesce(r.entity, r.name)
     FROM events e JOIN event_parties a ON a.event_id = e.id AND a.role = 'actor'
        JOIN event_parties r ON r.event_id = e.id AND r.role <> 'actor'
     WHERE e.id IN (SELECT event_id FROM agg_dirty)
        AND coalesce(a.entity, a.name) <> coalesce(r.entity, r.name)",
    // 4. Add it.
    const_format_sub::DAYS_PLUS,
    const_format_sub::CLAIMS_PLUS,
    const_format_sub::ACTORS_PLUS,
    const_format_sub::EDGES_PLUS,
    // 5. Rows no event contributes to any more.
    "DELETE FROM agg_days WHERE events = 0",
    "DELETE FROM agg_claims WHERE events = 0",
    "DELETE FROM agg_actors WHERE events = 0",
    "DELETE FROM agg_edges WHERE events = 0",
    "DELETE FROM agg_dirty",
];

/// The add and subtract statements, written once for both signs.
mod const_format_sub {
    macro_rules! days {
        ($sign:literal) => {
            concat!(
                "INSERT INTO agg_days (day, day_end, type, events, killed_lo, killed_hi, injured_lo, injured_hi)
                 SELECT day, day_end, type, ", $sign, "count(*), ", $sign, "sum(killed_lo), ",
                $sign, "sum(killed_hi), ", $sign, "sum(injured_lo), ", $sign, "sum(injured_hi)
                 FROM agg_ev_days WHERE event_id IN (SELECT event_id FROM agg_dirty)
                 GROUP BY day, day_end, type
                 ON CONFLICT (day, type, day_end) DO UPDATE SET
                    events = agg_days.events + excluded.events,
                    killed_lo = agg_days.killed_lo + excluded.killed_lo,
                    killed_hi = agg_days.killed_hi + excluded.killed_hi,
                    injured_lo = agg_days.injured_lo + excluded.injured_lo,
                    injured_hi = agg_days.injured_hi + excluded.injured_hi"
            )
        };
    }
    macro_rules! claims {
        ($sign:literal) => {
            concat!(
                "INSERT INTO agg_claims (day, day_end, claimant, events, killed)
                 SELECT day, day_end, claimant, ",
                $sign,
                "count(*), ",
                $sign,
                "sum(killed)
                 FROM agg_ev_claims WHERE event_id IN (SELECT event_id FROM agg_dirty)
                 GROUP BY day, day_end, claimant
                 ON CONFLICT (day, claimant, day_end) DO UPDATE SET
                    events = agg_claims.events + excluded.events,
                    killed = agg_claims.killed + excluded.killed"
            )
        };
    }
    macro_rules! actors {
        ($sign:literal) => {
            concat!(
                "INSERT INTO agg_actors (month, month_end, type, key, country, events, as_actor, as_recipient)
                 SELECT month, month_end, type, key, country, ", $sign, "count(*), ",
                $sign, "sum(as_actor), ", $sign, "sum(as_recipient)
                 FROM agg_ev_actors WHERE event_id IN (SELECT event_id FROM agg_dirty)
                 GROUP BY month, month_end, type, key, country
                 ON CONFLICT (key, country, type, month, month_end) DO UPDATE SET
                    events = agg_actors.events + excluded.events,
                    as_actor = agg_actors.as_actor + excluded.as_actor,
                    as_recipient = agg_actors.as_recipient + excluded.as_recipient"
            )
        };
    }
    macro_rules! edges {
        ($sign:literal) => {
            concat!(
                "INSERT INTO agg_edges (month, month_end, type, source, target, events)
                 SELECT month, month_end, type, source, target, ",
                $sign,
                "count(*)
                 FROM agg_ev_edges WHERE event_id IN (SELECT event_id FROM agg_dirty)
                 GROUP BY month, month_end, type, source, target
                 ON CONFLICT (source, target, type, month, month_end) DO UPDATE SET
                    events = agg_edges.events + excluded.events"
            )
        };
    }
    pub(super) const DAYS_MINUS: &str = days!("-");
    pub(super) const DAYS_PLUS: &str = days!("");
    pub(super) const CLAIMS_MINUS: &str = claims!("-");
    pub(super) const CLAIMS_PLUS: &str = claims!("");
    pub(super) const ACTORS_MINUS: &str = actors!("-");
    pub(super) const ACTORS_PLUS: &str = actors!("");
    pub(super) const EDGES_MINUS: &str = edges!("-");
    pub(super) const EDGES_PLUS: &str = edges!("");
}

/// The aggregate tables and their columns, for the checks that compare them with a full
/// recount or across backends.
pub(crate) const TABLES: &[(&str, &str)] = &[
    (
        "agg_days",
        "day, day_end, type, events, killed_lo, killed_hi, injured_lo, injured_hi",
    ),
    ("agg_claims", "day, day_end, claimant, events, killed"),
    (
        "agg_actors",
        "month, month_end, type, key, country, events, as_actor, as_recipient",
    ),
    (
        "agg_edges",
        "month, month_end, type, source, target, events",
    ),
];

/// Statements that empty the aggregates and list every stored event as dirty: followed by
/// [`REFRESH`], a full recount.
pub(crate) const RESET: &[&str] = &[
    "DELETE FROM agg_days",
    "DELETE FROM agg_claims",
    "DELETE FROM agg_actors",
    "DELETE FROM agg_edges",
    "DELETE FROM agg_ev_days",
    "DELETE FROM agg_ev_claims",
    "DELETE FROM agg_ev_actors",
    "DELETE FROM agg_ev_edges",
    "INSERT INTO agg_dirty SELECT id FROM events",
];

/// For each aggregate table, a query of its rows as one text column (`table|v1|v2|…`), the
/// same text on both backends, in key order.
pub(crate) fn row_queries() -> Vec<String> {
    TABLES
        .iter()
        .map(|(table, cols)| {
            let row = cols
                .split(", ")
                .map(|c| format!("CAST({c} AS TEXT)"))
                .collect::<Vec<_>>()
                .join(" || '|' || ");
            format!("SELECT '{table}|' || {row} FROM {table} ORDER BY {cols}")
        })
        .collect()
}
