//! The closed table of relation operators between a node's `from` word A and its own word B.
//!
//! Each operator is one function that lists the candidate words B for a given A, in sentence
//! order, so the matcher never scans the whole sentence for a node that hangs from another (only
//! the anchor is searched for everywhere). The symbols follow spaCy's DependencyMatcher, so a
//! reader who knows one knows the other. [`OPS`] is the only place a symbol is mapped, and the
//! loader rejects any symbol not in it.

use crate::graph::SentenceGraph;

/// A relation operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rel {
    /// The anchor has none.
    Anchor,
    /// `>`: B is a dependent of A.
    Child,
    /// `<`: B is the head of A.
    Head,
    /// `>>`: B is below A (dependent, dependent's dependent …).
    Descendant,
    /// `<<`: B is above A (head, head's head …).
    Ancestor,
    /// `.`: B is the word right after A.
    Next,
    /// `;`: B is the word right before A.
    Prev,
    /// `.*`: B comes somewhere after A.
    After,
    /// `;*`: B comes somewhere before A.
    Before,
    /// `$+`: B shares A's head and is the next such word after A.
    RightSibling,
    /// `$-`: B shares A's head and is the nearest such word before A.
    LeftSibling,
    /// `$++`: B shares A's head and comes after A.
    RightSiblings,
    /// `$--`: B shares A's head and comes before A.
    LeftSiblings,
    /// `>++`: B is a dependent of A that comes after A.
    RightChild,
    /// `>--`: B is a dependent of A that comes before A.
    LeftChild,
}

/// Symbol, operator and one-line meaning: the whole table, used by the loader, the docs test
/// and error messages.
pub const OPS: &[(&str, Rel, &str)] = &[
    (">", Rel::Child, "B is a dependent of A"),
    ("<", Rel::Head, "B is the head of A"),
    (">>", Rel::Descendant, "B is somewhere below A"),
    ("<<", Rel::Ancestor, "B is somewhere above A"),
    (".", Rel::Next, "B is the word right after A"),
    (";", Rel::Prev, "B is the word right before A"),
    (".*", Rel::After, "B comes after A"),
    (";*", Rel::Before, "B comes before A"),
    (
        "$+",
        Rel::RightSibling,
        "B is A's next sibling to the right",
    ),
    (
        "$-",
        Rel::LeftSibling,
        "B is A's nearest sibling to the left",
    ),
    (
        "$++",
        Rel::RightSiblings,
        "B is a sibling of A to its right",
    ),
    ("$--", Rel::LeftSiblings, "B is a sibling of A to its left"),
    (">++", Rel::RightChild, "B is a dependent of A to its right"),
    (">--", Rel::LeftChild, "B is a dependent of A to its left"),
];

impl Rel {
    /// The operator written `sym`, if it is in the table.
    pub fn parse(sym: &str) -> Option<Rel> {
        OPS.iter().find(|(s, _, _)| *s == sym).map(|(_, r, _)| *r)
    }

    /// Candidate words B for A = `a`, in sentence order.
    pub fn candidates(self, g: &SentenceGraph, a: usize) -> Vec<usize> {
        match self {
            Rel::Anchor => (0..g.len()).collect(),
            Rel::Child => child(g, a),
            Rel::Head => head(g, a),
            Rel::Descendant => descendant(g, a),
            Rel::Ancestor => ancestor(g, a),
            Rel::Next => next(g, a),
            Rel::Prev => prev(g, a),
            Rel::After => after(g, a),
            Rel::Before => before(g, a),
            Rel::RightSibling => right_sibling(g, a),
            Rel::LeftSibling => left_sibling(g, a),
            Rel::RightSiblings => right_siblings(g, a),
            Rel::LeftSiblings => left_siblings(g, a),
            Rel::RightChild => right_child(g, a),
            Rel::LeftChild => left_child(g, a),
        }
    }

    /// Whether `a` and `b` stand in this relation.
    pub fn holds(self, g: &SentenceGraph, a: usize, b: usize) -> bool {
        self.candidates(g, a).contains(&b)
    }
}

fn child(g: &SentenceGraph, a: usize) -> Vec<usize> {
    g.children(a).to_vec()
}

fn head(g: &SentenceGraph, a: usize) -> Vec<usize> {
    g.head(a).into_iter().collect()
}

fn descendant(g: &SentenceGraph, a: usize) -> Vec<usize> {
    g.subtree(a).into_iter().filter(|&w| w != a).collect()
}

fn ancestor(g: &SentenceGraph, a: usize) -> Vec<usize> {
    let mut v: Vec<usize> = g.ancestors(a).collect();
    v.sort_unstable();
    v
}

fn next(g: &SentenceGraph, a: usize) -> Vec<usize> {
    if a + 1 < g.len() { vec![a + 1] } else { vec![] }
}

fn prev(_g: &SentenceGraph, a: usize) -> Vec<usize> {
    a.checked_sub(1).into_iter().collect()
}

fn after(g: &SentenceGraph, a: usize) -> Vec<usize> {
    (a + 1..g.len()).collect()
}

fn before(_g: &SentenceGraph, a: usize) -> Vec<usize> {
    (0..a).collect()
}

/// Words other than `a` with the same head as `a` (none for a root).
fn siblings(g: &SentenceGraph, a: usize) -> impl Iterator<Item = usize> + '_ {
    g.head(a)
        .map(|h| g.children(h))
        .unwrap_or(&[])
        .iter()
        .copied()
        .filter(move |&s| s != a)
}

fn right_sibling(g: &SentenceGraph, a: usize) -> Vec<usize> {
    siblings(g, a).find(|&s| s > a).into_iter().collect()
}

fn left_sibling(g: &SentenceGraph, a: usize) -> Vec<usize> {
    left_siblings(g, a).last().copied().into_iter().collect()
}

fn right_siblings(g: &SentenceGraph, a: usize) -> Vec<usize> {
    siblings(g, a).filter(|&s| s > a).collect()
}

fn left_siblings(g: &SentenceGraph, a: usize) -> Vec<usize> {
    siblings(g, a).filter(|&s| s < a).collect()
}

fn right_child(g: &SentenceGraph, a: usize) -> Vec<usize> {
    g.children(a).iter().copied().filter(|&c| c > a).collect()
}

fn left_child(g: &SentenceGraph, a: usize) -> Vec<usize> {
    g.children(a).iter().copied().filter(|&c| c < a).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::parse;

    /// 0 Sudrian  1 troops  2 shelled  3 and  4 bombed  5 Norlandic  6 towns
    fn g() -> SentenceGraph {
        parse(
            "Sudrian/ADJ/2:amod troops/NOUN/3:nsubj shelled/VERB/0:root and/CCONJ/5:cc \
             bombed/VERB/3:conj Norlandic/ADJ/7:amod towns/NOUN/5:obj",
        )
    }

    fn c(sym: &str, a: usize) -> Vec<usize> {
        let rel = Rel::parse(sym).expect("operator in the table");
        rel.candidates(&g(), a)
    }

    #[test]
    fn every_symbol_parses_to_its_operator() {
        for (sym, rel, _) in OPS {
            assert_eq!(Rel::parse(sym), Some(*rel));
        }
        assert_eq!(Rel::parse("=>"), None);
        assert_eq!(Rel::parse(""), None);
    }

    #[test]
    fn child() {
        assert_eq!(c(">", 2), vec![1, 4]);
        assert_eq!(c(">", 0), Vec::<usize>::new());
    }

    #[test]
    fn head() {
        assert_eq!(c("<", 4), vec![2]);
        assert_eq!(c("<", 2), Vec::<usize>::new());
    }

    #[test]
    fn descendant() {
        assert_eq!(c(">>", 2), vec![0, 1, 3, 4, 5, 6]);
        assert_eq!(c(">>", 4), vec![3, 5, 6]);
    }

    #[test]
    fn ancestor() {
        assert_eq!(c("<<", 5), vec![2, 4, 6]);
        assert_eq!(c("<<", 2), Vec::<usize>::new());
    }

    #[test]
    fn next_and_prev() {
        assert_eq!(c(".", 2), vec![3]);
        assert_eq!(c(".", 6), Vec::<usize>::new());
        assert_eq!(c(";", 2), vec![1]);
        assert_eq!(c(";", 0), Vec::<usize>::new());
    }

    #[test]
    fn after_and_before() {
        assert_eq!(c(".*", 4), vec![5, 6]);
        assert_eq!(c(";*", 2), vec![0, 1]);
    }

    #[test]
    fn immediate_siblings() {
        // Dependents of "shelled": troops (1), bombed (4).
        assert_eq!(c("$+", 1), vec![4]);
        assert_eq!(c("$-", 4), vec![1]);
        assert_eq!(c("$-", 1), Vec::<usize>::new());
        // A root has no siblings.
        assert_eq!(c("$+", 2), Vec::<usize>::new());
    }

    #[test]
    fn all_siblings() {
        // Dependents of "bombed": and (3), towns (6).
        assert_eq!(c("$++", 3), vec![6]);
        assert_eq!(c("$--", 6), vec![3]);
    }

    #[test]
    fn children_by_side() {
        assert_eq!(c(">++", 4), vec![6]);
        assert_eq!(c(">--", 4), vec![3]);
        assert_eq!(c(">--", 2), vec![1]);
    }

    #[test]
    fn holds_agrees_with_candidates() {
        let g = g();
        for (_, rel, _) in OPS {
            for a in 0..g.len() {
                for b in 0..g.len() {
                    assert_eq!(rel.holds(&g, a, b), rel.candidates(&g, a).contains(&b));
                }
            }
        }
        assert!(Rel::Child.holds(&g, 2, 1));
        assert!(!Rel::Child.holds(&g, 1, 2));
    }
}
