//! Character-aware string helpers.
//!
//! Byte offsets are only safe to slice at character boundaries; these helpers are the one
//! place where the analyser and the extraction stage cut strings by position, so that a
//! multi-byte character can never be split (which panics in Rust).

/// `s` without its last character ("" for "").
pub fn drop_last_char(s: &str) -> &str {
    match s.char_indices().next_back() {
        Some((i, _)) => s.get(..i).unwrap_or(""),
        None => s,
    }
}

/// The longest prefix of `s` that is at most `max` bytes long and ends on a character
/// boundary.
pub fn prefix_within(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// The first character upper-cased, the rest unchanged ("kyiv" → "Kyiv", "über" → "Über").
pub fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The largest character boundary of `s` at or before byte `i` (`s.len()` when past it).
pub fn floor_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut k = i;
    while k > 0 && !s.is_char_boundary(k) {
        k -= 1;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_splits_a_character() {
        assert_eq!(drop_last_char("stopp"), "stop");
        assert_eq!(drop_last_char("丸丸"), "丸");
        assert_eq!(drop_last_char(""), "");
        assert_eq!(prefix_within("aé", 2), "a");
        assert_eq!(prefix_within("aé", 3), "aé");
        assert_eq!(prefix_within("丸", 2), "");
        assert_eq!(capitalize_first("über"), "Über");
        assert_eq!(capitalize_first(""), "");
        assert_eq!(floor_boundary("a丸", 2), 1);
        assert_eq!(floor_boundary("a丸", 9), 4);
    }
}
