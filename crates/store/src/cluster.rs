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
//!   report it links to directly (same type, different documents, and a merge score between
//!   the two reports) and no report of its own document; ties go to the event whose first
//!   report comes first. Otherwise it starts an event.
//! * **Locality.** A report can only join an event through a direct link, so an event never
//!   spans two connected components of the link graph, and the greedy result on one
//!   component depends on that component's reports alone. Ingest therefore re-clusters only
//!   the components a batch touches (new reports, their linked neighbours' components, the
//!   components of replaced documents), and the store stays equal to a clustering of
//!   everything from scratch (but see settled components below).
//! * **Signatures.** Links are computed between classes of reports with the same
//!   [`Signature`] (type and everything the merge test reads), and the greedy finds a
//!   report's candidates through the classes linked to its own, so a story retold in the same
//!   words by hundreds of reports costs a few comparisons per report, not hundreds. This
//!   changes no decision (see [`cluster`]).
//! * **Settled components.** Re-clustering a component reads all its reports, so a story
//!   with thousands of reports, touched by every batch, made ingest quadratic (a generated
//!   1 GB archive never finished). A component of more than `common::SETTLE_AT` reports is
//!   therefore settled: its reports are no longer candidates of the link scan, and a new
//!   report meets its events ([`Seed`]s) instead, joining the best-scoring of those its
//!   report merges with by the event's merged view (the same score as in the greedy; ties to
//!   the smallest event id), as if it came last in canonical order. This is the one place
//!   where the result can depend on the order of ingest: for reports that arrive after their
//!   component was settled, (a) a report that would come earlier in canonical order than
//!   stored reports does not make them re-decide, (b) a candidate event is any whose merged
//!   view it merges with (in the greedy only events holding a report it links to are
//!   candidates; an event's view is the union of its reports', so this admits a few more),
//!   and (c) a settled event keeps its id even where a new report would come before its
//!   first. Components up to `SETTLE_AT` reports, which is every component of the dev sets
//!   and of the order tests, are clustered exactly as before.
//!
//! An event's id is its first report's record id (or, where another report with the same
//! record id comes earlier in the canonical order, `record~document`), so ids too are the
//! same whatever the order of ingest.

use crate::common::EventRow;
use crate::merge::{MergeView, PartyKeys, merge_score};
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

/// What the link test reads of a report: its type and every field of its [`MergeView`] that
/// [`merge_score`] compares. Reports with the same signature link to the same reports (but
/// for their own document's), so links are computed between signatures, not reports: a story
/// retold by hundreds of reports in the same words costs one comparison, not hundreds
/// squared.
#[derive(PartialEq, Eq, Hash)]
struct Signature<'a> {
    ty: &'a str,
    aux: Option<&'a str>,
    window: Option<(i64, i64)>,
    /// Folded place name, country, inferred.
    place: Option<(&'a str, Option<&'a str>, bool)>,
    actors: &'a PartyKeys,
    recipients: &'a PartyKeys,
}

impl<'a> Signature<'a> {
    fn of(r: &'a Rep) -> Signature<'a> {
        let v = &r.view;
        Signature {
            ty: r.record.event_type.as_str(),
            aux: v.aux.as_deref(),
            window: v.window,
            place: v.location.as_ref().map(|l| {
                (
                    v.place_key.as_deref().unwrap_or(""),
                    l.country.as_deref(),
                    l.inferred,
                )
            }),
            actors: &v.actors,
            recipients: &v.recipients,
        }
    }
}

/// The links among a set of reports, kept between classes of reports with the same
/// [`Signature`]: reports `i` and `j` are linked when their classes are and their documents
/// differ.
pub(crate) struct Links {
    /// The class of each report.
    class_of: Vec<usize>,
    /// The reports of each class, in slice order.
    members: Vec<Vec<usize>>,
    /// The linked classes of each class (itself included when its reports link to each
    /// other), ascending.
    adj: Vec<Vec<usize>>,
    /// Signature comparisons made (the work the link graph cost).
    pub comparisons: u64,
}

/// Reports that may link: one type and auxiliary mode.
type Block<'a> = (&'a str, Option<&'a str>);

/// The links among `reps`. Classes are compared only within a type and auxiliary mode, and
/// only where their windows overlap (a sweep over window starts).
pub(crate) fn links(reps: &[Rep]) -> Links {
    let mut index: HashMap<Signature, usize> = HashMap::new();
    let mut class_of = Vec::with_capacity(reps.len());
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (i, r) in reps.iter().enumerate() {
        let n = members.len();
        let c = *index.entry(Signature::of(r)).or_insert(n);
        if c == n {
            members.push(Vec::new());
        }
        members[c].push(i);
        class_of.push(c);
    }
    let mut adj = vec![Vec::new(); members.len()];
    let mut blocks: HashMap<Block, Vec<(i64, i64, usize)>> = HashMap::new();
    for (c, m) in members.iter().enumerate() {
        let r = &reps[m[0]];
        if let Some((lo, hi)) = r.view.window {
            blocks
                .entry((r.record.event_type.as_str(), r.view.aux.as_deref()))
                .or_default()
                .push((lo, hi, c));
        }
    }
    let mut comparisons = 0u64;
    for block in blocks.values_mut() {
        block.sort_unstable();
        for (x, &(_, hi, a)) in block.iter().enumerate() {
            let va = &reps[members[a][0]].view;
            comparisons += 1;
            if merge_score(va, va).is_some() {
                adj[a].push(a);
            }
            for &(lo2, _, b) in &block[x + 1..] {
                if lo2 > hi {
                    break;
                }
                comparisons += 1;
                if merge_score(va, &reps[members[b][0]].view).is_some() {
                    adj[a].push(b);
                    adj[b].push(a);
                }
            }
        }
    }
    for a in &mut adj {
        a.sort_unstable();
    }
    Links {
        class_of,
        members,
        adj,
        comparisons,
    }
}

/// Union-find over report indices.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.0[a.max(b)] = a.min(b);
        }
    }

    fn union_all(&mut self, xs: impl IntoIterator<Item = usize>, to: usize) {
        for x in xs {
            self.union(x, to);
        }
    }
}

/// The connected component of each report in the report-level link graph, as the index of
/// one of its members: reports with the same value are in the same component.
///
/// Between two linked classes `a` and `b` the report graph is complete but for pairs from the
/// same document, so its components follow from the documents alone: with two or more
/// documents on each side it is connected, except for exactly the same two documents on both
/// sides (then each side's first document pairs with the other side's second); with a single
/// document `d` on one side, that side joins the other side's reports from other documents.
pub(crate) fn components(reps: &[Rep], links: &Links) -> Vec<usize> {
    let mut docs: HashMap<&str, usize> = HashMap::new();
    let doc: Vec<usize> = reps
        .iter()
        .map(|r| {
            let n = docs.len();
            *docs.entry(r.doc_id.as_str()).or_insert(n)
        })
        .collect();
    // The first two documents of each class and whether it has more.
    let ndocs: Vec<(usize, Option<usize>, bool)> = links
        .members
        .iter()
        .map(|m| {
            let d0 = doc[m[0]];
            let d1 = m.iter().map(|&i| doc[i]).find(|&d| d != d0);
            let more = d1.is_some_and(|d1| m.iter().any(|&i| doc[i] != d0 && doc[i] != d1));
            (d0, d1, more)
        })
        .collect();
    let mut sets = Sets((0..reps.len()).collect());
    // Whether all of a class's reports are already in one set.
    let mut whole = vec![false; links.members.len()];
    // The document `d` of a class whose reports from other documents are in one set.
    let mut but: Vec<Option<usize>> = vec![None; links.members.len()];
    let make_whole = |sets: &mut Sets, whole: &mut [bool], c: usize| {
        if !whole[c] {
            let m = &links.members[c];
            sets.union_all(m.iter().copied(), m[0]);
            whole[c] = true;
        }
    };
    for (a, adj) in links.adj.iter().enumerate() {
        for &b in adj.iter().filter(|&&b| b >= a) {
            let (ga, gb) = (ndocs[a], ndocs[b]);
            if a == b {
                if ga.1.is_some() {
                    make_whole(&mut sets, &mut whole, a);
                }
                continue;
            }
            if let (Some(a1), Some(b1)) = (ga.1, gb.1) {
                if !ga.2 && !gb.2 && ((ga.0, a1) == (gb.0, b1) || (ga.0, a1) == (b1, gb.0)) {
                    // The same two documents on both sides: two components, each one side's
                    // reports of one document with the other side's of the other.
                    for d in [ga.0, a1] {
                        let to = links.members[b].iter().find(|&&j| doc[j] != d);
                        let from = links.members[a].iter().find(|&&j| doc[j] == d);
                        if let (Some(&to), Some(&from)) = (to, from) {
                            let side_a = links.members[a].iter().filter(|&&j| doc[j] == d);
                            let side_b = links.members[b].iter().filter(|&&j| doc[j] != d);
                            sets.union_all(side_a.copied(), to);
                            sets.union_all(side_b.copied(), from);
                        }
                    }
                } else {
                    make_whole(&mut sets, &mut whole, a);
                    make_whole(&mut sets, &mut whole, b);
                    sets.union(links.members[a][0], links.members[b][0]);
                }
                continue;
            }
            // One side has a single document.
            let (single, other) = if ga.1.is_none() { (a, b) } else { (b, a) };
            let d = doc[links.members[single][0]];
            let Some(&to) = links.members[other].iter().find(|&&j| doc[j] != d) else {
                continue;
            };
            // The single side is one document: all its reports link to `to`.
            sets.union_all(links.members[single].iter().copied(), to);
            if whole[other] || but[other] == Some(d) {
                continue;
            }
            for &j in &links.members[other] {
                if doc[j] != d {
                    sets.union(j, to);
                }
            }
            // Two such sets of a class with three or more documents overlap: all of it.
            match but[other] {
                Some(_) if ndocs[other].2 => whole[other] = true,
                Some(_) => {}
                None => but[other] = Some(d),
            }
        }
    }
    (0..reps.len()).map(|i| sets.find(i)).collect()
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

/// A stored event of a settled component (see `common::SETTLE_AT`), offered as it stands to
/// the batch's new reports.
pub(crate) struct Seed {
    pub id: String,
    pub comp: i64,
    pub row: EventRow,
    /// The canonical key of its first report (for the tie-break).
    pub first: (String, i64),
}

/// The keys one of which two views must share to merge: a merge needs a shared actor or
/// recipient (a country or a name) or the same place, so these find every event a report
/// may merge with.
fn tokens(v: &MergeView) -> Vec<String> {
    let mut out = Vec::new();
    for (role, k) in [("a", &v.actors), ("r", &v.recipients)] {
        out.extend(k.countries.iter().map(|c| format!("{role}:c:{c}")));
        out.extend(k.names.iter().map(|n| format!("{role}:{n}")));
    }
    out.extend(v.place_key.iter().map(|p| format!("p:{p}")));
    out
}

/// Clusters `reps` (whose links are `links`) by the canonical greedy described above.
/// Returns the clusters, the first `seeds.len()` being the seeds, and the merge tests made
/// against clusters.
///
/// A report's candidates are the clusters holding an earlier report of a class linked to its
/// own. That can include a cluster reached only through a report of its own document, which
/// the report-level links leave out; but such a cluster holds its document and is skipped
/// anyway, so the candidates tested are the same.
///
/// A report for which `fresh` holds (one of the batch's new reports) also has as candidates
/// the seeds its merged view would merge with (looked up by shared [`tokens`]): a settled
/// event takes new reports as if they came last, by its merged view, without its reports
/// being read. Other reports never join a seed.
pub(crate) fn cluster(
    reps: &[Rep],
    links: &Links,
    seeds: &[Seed],
    fresh: impl Fn(usize) -> bool,
) -> (Vec<Cluster>, u64) {
    let n_seeds = seeds.len();
    let mut clusters: Vec<Cluster> = Vec::with_capacity(n_seeds);
    let mut by_token: HashMap<(&str, String), Vec<usize>> = HashMap::new();
    for (k, sd) in seeds.iter().enumerate() {
        let view = sd.row.view();
        for t in tokens(&view) {
            by_token
                .entry((sd.row.event_type().as_str(), t))
                .or_default()
                .push(k);
        }
        clusters.push(Cluster {
            members: Vec::new(),
            row: sd.row.clone(),
            view,
            docs: HashSet::new(),
        });
    }
    let mut order: Vec<usize> = (0..reps.len()).collect();
    order.sort_by(|&a, &b| reps[a].key().cmp(&reps[b].key()));
    // The clusters holding a placed report of each class, each once.
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); links.members.len()];
    let mut cands: Vec<usize> = Vec::new();
    let mut tests = 0u64;
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for &i in &order {
        let r = &reps[i];
        let class = links.class_of[i];
        cands.clear();
        for &k in &links.adj[class] {
            cands.extend_from_slice(&held[k]);
        }
        let fresh_i = fresh(i);
        if fresh_i && n_seeds > 0 {
            let ty = r.record.event_type.as_str();
            for t in tokens(&r.view) {
                if let Some(ks) = by_token.get(&(ty, t)) {
                    cands.extend_from_slice(ks);
                }
            }
        }
        cands.sort_unstable();
        cands.dedup();
        // Clusters are created in canonical order, so the lowest index is the one whose
        // first report comes first: the tie-break.
        // Ties go to the cluster whose first report comes first (for clusters made here,
        // the one made first).
        let mut best: Option<(i32, usize)> = None;
        for &c in &cands {
            let cl = &clusters[c];
            if cl.docs.contains(&r.doc_id) || (c < n_seeds && !fresh_i) {
                continue;
            }
            tests += 1;
            let Some(score) = merge_score(&r.view, &cl.view) else {
                continue;
            };
            let first = |c: usize| match seeds.get(c) {
                Some(sd) => (sd.first.0.as_str(), sd.first.1),
                None => reps[clusters[c].members[0]].key(),
            };
            if best.is_none_or(|(b, bc)| score > b || (score == b && first(c) < first(bc))) {
                best = Some((score, c));
            }
        }
        let c = match best {
            Some((_, c)) => {
                if c < n_seeds {
                    let ty = r.record.event_type.as_str();
                    for t in tokens(&r.view) {
                        let ks = by_token.entry((ty, t)).or_default();
                        if !ks.contains(&c) {
                            ks.push(c);
                        }
                    }
                }
                let cl = &mut clusters[c];
                cl.row.absorb(&r.record);
                cl.view = cl.row.view();
                cl.members.push(i);
                cl.docs.insert(r.doc_id.clone());
                c
            }
            None => {
                let row = EventRow::from_record(&r.record);
                clusters.push(Cluster {
                    members: vec![i],
                    view: row.view(),
                    row,
                    docs: HashSet::from([r.doc_id.clone()]),
                });
                clusters.len() - 1
            }
        };
        if seen.insert((class, c)) {
            held[class].push(c);
        }
    }
    (clusters, tests)
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
