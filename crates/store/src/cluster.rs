//! Which stored reports are one event, decided so that the answer depends on the set of
//! reports only, never on the order or the batches in which they were ingested.
//!
//! The first store merged online: each new record joined the best event stored *so far*, and
//! an event's merged view (its most precise date, its stated place, the union of its sides)
//! changed as reports joined it. Which records a view accepted therefore depended on which
//! came first: the same 5,000 documents made 5,742 events in one order and 5,755 in another
//! (a precise report arriving after a vague one narrows the event's date and shuts out
//! reports the vague view would have taken; a stated place arriving late turns "compatible"
//! into "conflict").
//!
//! Now the clustering is a function of the reports:
//! * **Canonical order.** Reports are visited by publication date (undated last), then
//!   document id, then position in the document ([`Rep::key`]): the order a careful analyst
//!   would read them in, whatever order they arrived in.
//! * **Greedy in that order.** Each report joins the best-scoring event (by [`merge_score`]
//!   against the event's merged view, as before) among the events that hold at least one
//!   report it links to directly ([`linked`]) and no report of its own document; ties go to
//!   the event whose first report comes first. Otherwise it starts an event.
//! * **Locality.** A report can only join an event through a direct link, so an event never
//!   spans two connected components of the link graph, and the greedy result on one
//!   component depends on that component's reports alone. Ingest therefore re-clusters only
//!   the components a batch touches (new reports, their linked neighbours' components, the
//!   components of replaced documents), and the store stays equal to a clustering of
//!   everything from scratch.
//!
//! An event's id is its first report's record id (or, where another report with the same
//! record id comes earlier in the canonical order, `record~document`), so ids too are the
//! same whatever the order of ingest.

use crate::common::EventRow;
use crate::merge::{MergeView, merge_score};
use chrono::NaiveDate;
use sitrep_model::EventRecord;
use std::collections::{HashMap, HashSet};

/// The canonical sort key of a document's reports: publication date (`~`, after every date,
/// when unknown), a unit separator, the document id. Compared bytewise (SQLite's default
/// collation, `COLLATE "C"` in PostgreSQL), so both backends order reports the same way.
pub fn sort_key(published: Option<NaiveDate>, doc_id: &str) -> String {
    match published {
        Some(p) => format!("{p}\u{1f}{doc_id}"),
        None => format!("~\u{1f}{doc_id}"),
    }
}

/// One report as the clustering sees it.
#[derive(Debug, Clone)]
pub(crate) struct Rep {
    /// Row id: the report's position among its document's reports (a document's reports are
    /// always inserted together, in the order extraction gave them).
    pub rid: i64,
    pub doc_id: String,
    /// [`sort_key`] of its document.
    pub skey: String,
    pub record: EventRecord,
    pub view: MergeView,
}

impl Rep {
    pub(crate) fn new(rid: i64, doc_id: String, skey: String, record: EventRecord) -> Rep {
        let view = MergeView::of(&record);
        Rep {
            rid,
            doc_id,
            skey,
            record,
            view,
        }
    }

    /// The canonical order: document key, then position within the document.
    pub(crate) fn key(&self) -> (&str, i64) {
        (&self.skey, self.rid)
    }
}

/// Whether two reports may tell one event: same type, different documents, and a merge score
/// (compatible sides, places and dates, and a positive sign). Symmetric.
pub(crate) fn linked(a: &Rep, b: &Rep) -> bool {
    a.doc_id != b.doc_id
        && a.record.event_type == b.record.event_type
        && merge_score(&a.view, &b.view).is_some()
}

/// Reports that may link: one type and auxiliary mode.
type Block<'a> = (&'a str, Option<&'a str>);

/// The links among `reps`, as adjacency lists. Reports are compared only within a type and
/// auxiliary mode, and only where their windows overlap (a sweep over window starts).
pub(crate) fn links(reps: &[Rep]) -> Vec<Vec<usize>> {
    let mut adj = vec![Vec::new(); reps.len()];
    let mut blocks: HashMap<Block, Vec<(i64, i64, usize)>> = HashMap::new();
    for (i, r) in reps.iter().enumerate() {
        if let Some((lo, hi)) = r.view.window {
            blocks
                .entry((r.record.event_type.as_str(), r.view.aux.as_deref()))
                .or_default()
                .push((lo, hi, i));
        }
    }
    for block in blocks.values_mut() {
        block.sort_unstable();
        for (x, &(_, hi, i)) in block.iter().enumerate() {
            for &(lo2, _, j) in &block[x + 1..] {
                if lo2 > hi {
                    break;
                }
                if linked(&reps[i], &reps[j]) {
                    adj[i].push(j);
                    adj[j].push(i);
                }
            }
        }
    }
    adj
}

/// The connected component of each report, as the index of one of its members: reports with
/// the same value are in the same component.
pub(crate) fn components(adj: &[Vec<usize>]) -> Vec<usize> {
    let mut comp = vec![usize::MAX; adj.len()];
    let mut stack = Vec::new();
    for start in 0..adj.len() {
        if comp[start] != usize::MAX {
            continue;
        }
        comp[start] = start;
        stack.push(start);
        while let Some(i) = stack.pop() {
            for &j in &adj[i] {
                if comp[j] == usize::MAX {
                    comp[j] = start;
                    stack.push(j);
                }
            }
        }
    }
    comp
}

/// One event: its reports (indices into the clustered slice, in canonical order, the first
/// being the one it is named after) and its merged view.
pub(crate) struct Cluster {
    pub members: Vec<usize>,
    pub row: EventRow,
    view: MergeView,
    /// Documents of the members (a document tells an event at most once).
    docs: HashSet<String>,
}

/// Clusters `reps` (whose links are `adj`) by the canonical greedy described above.
pub(crate) fn cluster(reps: &[Rep], adj: &[Vec<usize>]) -> Vec<Cluster> {
    let mut order: Vec<usize> = (0..reps.len()).collect();
    order.sort_by(|&a, &b| reps[a].key().cmp(&reps[b].key()));
    let mut of: Vec<Option<usize>> = vec![None; reps.len()];
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut cands: Vec<usize> = Vec::new();
    for &i in &order {
        let r = &reps[i];
        cands.clear();
        cands.extend(adj[i].iter().filter_map(|&j| of[j]));
        cands.sort_unstable();
        cands.dedup();
        // Clusters are created in canonical order, so the lowest index is the one whose
        // first report comes first: the tie-break.
        let mut best: Option<(i32, usize)> = None;
        for &c in &cands {
            let cl = &clusters[c];
            if cl.docs.contains(&r.doc_id) {
                continue;
            }
            let Some(score) = merge_score(&r.view, &cl.view) else {
                continue;
            };
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, c));
            }
        }
        match best {
            Some((_, c)) => {
                let cl = &mut clusters[c];
                cl.row.absorb(&r.record);
                cl.view = cl.row.view();
                cl.members.push(i);
                cl.docs.insert(r.doc_id.clone());
                of[i] = Some(c);
            }
            None => {
                let row = EventRow::from_record(&r.record);
                of[i] = Some(clusters.len());
                clusters.push(Cluster {
                    members: vec![i],
                    view: row.view(),
                    row,
                    docs: HashSet::from([r.doc_id.clone()]),
                });
            }
        }
    }
    clusters
}

/// The id of an event named after report `seed`, given every stored report with the same
/// record id as `(row id, document, sort key)`: the record id itself when `seed` is the first
/// of them in canonical order, else `record~document` (with `~n` for the n-th report of that
/// record id in the same document).
pub(crate) fn event_id(seed: &Rep, same_record_id: &[(i64, String, String)]) -> String {
    let first = same_record_id
        .iter()
        .map(|(rid, _, skey)| (skey.as_str(), *rid))
        .min();
    if first.is_none_or(|f| f >= seed.key()) {
        return seed.record.id.clone();
    }
    let nth = 1 + same_record_id
        .iter()
        .filter(|(rid, doc, _)| *doc == seed.doc_id && *rid < seed.rid)
        .count();
    if nth == 1 {
        format!("{}~{}", seed.record.id, seed.doc_id)
    } else {
        format!("{}~{}~{nth}", seed.record.id, seed.doc_id)
    }
}
