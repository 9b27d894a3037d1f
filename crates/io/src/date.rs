//! Publication dates as they appear in feeds, metadata and exports.

use chrono::{DateTime, NaiveDate};

/// Reads the calendar date of a publication timestamp.
///
/// The date is taken as written (local to the publisher) rather than converted to UTC: relative
/// phrases in the text ("on Tuesday") are relative to the publisher's own calendar day.
/// Accepts `2025-02-18`, `2025-02-18T10:00:00Z` (any RFC 3339 / ISO 8601 time part),
/// `2025-02-18 10:00`, `2025/02/18`, `20250218` and RFC 2822 (`Tue, 18 Feb 2025 10:00:00 GMT`).
pub fn parse_published(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(d) = iso_prefix(s) {
        return Some(d);
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    // RFC 2822 with a zone name chrono does not know ("EST", "CET"): drop it and retry.
    if let Some((head, _)) = s.rsplit_once(' ')
        && let Ok(dt) = DateTime::parse_from_rfc2822(&format!("{head} +0000"))
    {
        return Some(dt.date_naive());
    }
    None
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`, optionally followed by a time part.
fn iso_prefix(s: &str) -> Option<NaiveDate> {
    let head = s.get(..10)?;
    let rest = s.get(10..)?;
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' ', '_'])) {
        return None;
    }
    let b = head.as_bytes();
    let sep = *b.get(4)?;
    if !(sep == b'-' || sep == b'/') || b.get(7) != Some(&sep) {
        return None;
    }
    let fmt = if sep == b'-' { "%Y-%m-%d" } else { "%Y/%m/%d" };
    NaiveDate::parse_from_str(head, fmt).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn reads_common_timestamp_shapes() {
        assert_eq!(parse_published("2025-02-18"), d(2025, 2, 18));
        assert_eq!(parse_published("2025-02-18T10:00:00Z"), d(2025, 2, 18));
        assert_eq!(parse_published("2025-02-18T23:30:00-05:00"), d(2025, 2, 18));
        assert_eq!(parse_published(" 2025/02/18 "), d(2025, 2, 18));
        assert_eq!(parse_published("20250218"), d(2025, 2, 18));
        assert_eq!(
            parse_published("Tue, 18 Feb 2025 10:00:00 GMT"),
            d(2025, 2, 18)
        );
        assert_eq!(
            parse_published("Tue, 18 Feb 2025 10:00:00 CET"),
            d(2025, 2, 18)
        );
        assert_eq!(parse_published(""), None);
        assert_eq!(parse_published("yesterday"), None);
        assert_eq!(parse_published("2025-02-30"), None);
        assert_eq!(parse_published("2025-02-1812"), None);
    }
}
