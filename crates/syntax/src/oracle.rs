//! Oracles for the arc-eager system. The dynamic oracle (Goldberg and Nivre 2012, 2013)
//! gives each transition's cost: how many gold arcs it makes unreachable from the current
//! configuration. Training with it lets the parser learn to recover from its own mistakes.
//! For non-projective gold trees the costs are an approximation (they count arcs that
//! arc-eager could never build anyway), which is a sensible way to still learn from them.

use crate::parser::{NONE, REDUCE, SHIFT, State};

/// Gold heads (index 0 unused) and labels for a sentence.
pub(crate) struct Gold<'a> {
    pub heads: &'a [u32],
    pub labels: &'a [u8],
}

/// Writes each transition's cost into `costs` (`u32::MAX` for invalid ones).
pub(crate) fn costs(st: &State, g: &Gold<'_>, n_labels: usize, root: usize, costs: &mut Vec<u32>) {
    let n_classes = 2 + 2 * n_labels;
    costs.clear();
    costs.resize(n_classes, u32::MAX);
    let s = st.s0();
    let b = st.b;
    let has_b = b <= st.n;
    // Whether the gold head of b can still be reached from the stack.
    let head_in_stack = |d: u32| -> bool {
        let h = g.heads[d as usize];
        if h == 0 {
            !st.root_taken()
        } else {
            st.stack.contains(&h)
        }
    };
    // Unattached stack words whose gold head is d (they need a LEFT-ARC from d).
    let deps_in_stack = |d: u32| -> u32 {
        st.stack
            .iter()
            .filter(|&&k| k != 0 && st.heads[k as usize] == NONE && g.heads[k as usize] == d)
            .count() as u32
    };
    // Words in the buffer (from `from`) whose gold head is h.
    let deps_in_buffer = |h: u32, from: u32| -> u32 {
        (from..=st.n).filter(|&k| g.heads[k as usize] == h).count() as u32
    };

    if st.valid(SHIFT, n_labels, root) {
        costs[SHIFT] = u32::from(head_in_stack(b)) + deps_in_stack(b);
    }
    if st.valid(REDUCE, n_labels, root) {
        costs[REDUCE] = deps_in_buffer(s, b);
    }
    if has_b && s != NONE && s != 0 && st.heads[s as usize] == NONE {
        let gh = g.heads[s as usize];
        let base = deps_in_buffer(s, b) + u32::from(gh > b);
        for l in 0..n_labels {
            let t = 2 + l;
            if st.valid(t, n_labels, root) {
                costs[t] = base + u32::from(gh == b && l != g.labels[s as usize] as usize);
            }
        }
    }
    if has_b && s != NONE {
        let gh = g.heads[b as usize];
        let lost_head = gh != s && (gh > b || head_in_stack(b));
        let base = u32::from(lost_head) + deps_in_stack(b);
        for l in 0..n_labels {
            let t = 2 + n_labels + l;
            if st.valid(t, n_labels, root) {
                costs[t] = base + u32::from(gh == s && l != g.labels[b as usize] as usize);
            }
        }
    }
}

/// The static oracle: the one transition sequence that builds a projective gold tree
/// (arcs first, then REDUCE when s0 is complete and needed out of the way, else SHIFT).
#[cfg(test)]
pub(crate) fn static_next(st: &State, g: &Gold<'_>, n_labels: usize) -> usize {
    let s = st.s0();
    let b = st.b;
    if s != NONE && s != 0 && st.heads[s as usize] == NONE && g.heads[s as usize] == b {
        return 2 + g.labels[s as usize] as usize;
    }
    if s != NONE && g.heads[b as usize] == s {
        return 2 + n_labels + g.labels[b as usize] as usize;
    }
    if s != NONE && s != 0 && st.heads[s as usize] != NONE {
        // Reduce when b has an arc to a word below s0.
        let below = &st.stack[..st.stack.len() - 1];
        let linked = below.iter().any(|&k| {
            g.heads[b as usize] == k
                || (k != 0 && st.heads[k as usize] == NONE && g.heads[k as usize] == b)
        });
        if linked {
            return REDUCE;
        }
    }
    SHIFT
}
