//! The few Python semantics `score.py` relies on, reproduced so that the port computes the
//! same numbers and prints the same messages: truthiness, `dict.get`, equality across int,
//! float and bool, `str()`/`repr()` of JSON values, `date.fromisoformat` and the `norm()`
//! string normaliser.

use chrono::NaiveDate;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

static NULL: Value = Value::Null;

/// `d.get(key)` for a JSON object (`None` → `Null`; a non-object has no keys).
pub(crate) fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key).unwrap_or(&NULL)
}

/// Whether the key is present at all (`key in d`).
pub(crate) fn has(v: &Value, key: &str) -> bool {
    v.as_object().is_some_and(|m| m.contains_key(key))
}

/// Python truthiness.
pub(crate) fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

/// `d.get(key, default)` reduced to truthiness, for `required` (absent → default).
pub(crate) fn get_truthy_or(v: &Value, key: &str, default: bool) -> bool {
    match v.get(key) {
        None => default,
        Some(x) => truthy(x),
    }
}

/// What `for x in value` visits: list items, string characters, object keys; nothing for
/// `None`/falsy scalars (where Python would raise, the port treats the value as empty).
pub(crate) fn iter(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::String(s) => s.chars().map(|c| Value::String(c.to_string())).collect(),
        Value::Object(m) => m.keys().map(|k| Value::String(k.clone())).collect(),
        _ => Vec::new(),
    }
}

/// A key with Python's `==`/`hash` semantics for JSON scalars: `1`, `1.0` and `True` are one
/// key; strings and `None` are their own.
pub(crate) fn key(v: &Value) -> String {
    match v {
        Value::Null => "N".to_string(),
        Value::Bool(b) => format!("n{}", u8::from(*b)),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                format!("n{i}")
            } else if let Some(u) = n.as_u64() {
                format!("n{u}")
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.fract() == 0.0 && f.abs() < 9.0e18 {
                    format!("n{}", f as i64)
                } else {
                    format!("f{f:?}")
                }
            }
        }
        Value::String(s) => format!("s{s}"),
        // Tuples/lists compare element by element (so `("killed", 3)` equals `("killed", 3.0)`).
        Value::Array(a) => {
            let mut out = String::from("[");
            for x in a {
                let k = key(x);
                out.push_str(&format!("{}:{k}", k.len()));
            }
            out.push(']');
            out
        }
        other => format!("j{other}"),
    }
}

/// Python `==` between two JSON values.
pub(crate) fn eq(a: &Value, b: &Value) -> bool {
    key(a) == key(b)
}

/// A Python set of values, kept in insertion order.
#[derive(Debug, Clone, Default)]
pub(crate) struct PySet {
    items: Vec<(String, Value)>,
}

impl PySet {
    pub(crate) fn from_values<'a>(vals: impl IntoIterator<Item = &'a Value>) -> Self {
        let mut s = PySet::default();
        for v in vals {
            s.insert(v.clone());
        }
        s
    }

    pub(crate) fn insert(&mut self, v: Value) {
        let k = key(&v);
        if !self.items.iter().any(|(x, _)| *x == k) {
            self.items.push((k, v));
        }
    }

    pub(crate) fn contains(&self, v: &Value) -> bool {
        let k = key(v);
        self.items.iter().any(|(x, _)| *x == k)
    }

    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &Value> {
        self.items.iter().map(|(_, v)| v)
    }

    pub(crate) fn union(&self, other: &PySet) -> PySet {
        let mut s = self.clone();
        for v in other.values() {
            s.insert(v.clone());
        }
        s
    }

    pub(crate) fn minus(&self, other: &PySet) -> PySet {
        PySet {
            items: self
                .items
                .iter()
                .filter(|(k, _)| !other.items.iter().any(|(x, _)| x == k))
                .cloned()
                .collect(),
        }
    }

    pub(crate) fn intersects(&self, other: &PySet) -> bool {
        self.items
            .iter()
            .any(|(k, _)| other.items.iter().any(|(x, _)| x == k))
    }

    pub(crate) fn intersection_len(&self, other: &PySet) -> usize {
        self.items
            .iter()
            .filter(|(k, _)| other.items.iter().any(|(x, _)| x == k))
            .count()
    }

    /// `sorted(set)`: strings by code point, numbers by value.
    pub(crate) fn sorted(&self) -> Vec<Value> {
        let mut v: Vec<Value> = self.values().cloned().collect();
        v.sort_by(|a, b| match (a, b) {
            (Value::String(x), Value::String(y)) => x.cmp(y),
            (Value::Number(x), Value::Number(y)) => x
                .as_f64()
                .partial_cmp(&y.as_f64())
                .unwrap_or(std::cmp::Ordering::Equal),
            _ => py_str(a).cmp(&py_str(b)),
        });
        v
    }
}

/// Python `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 ≤ |x| < 1e16.
fn float_repr(x: f64) -> String {
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.to_string();
    }
    let e = format!("{x:e}");
    let (mant, exp) = e.split_once('e').unwrap_or((e.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mant) = match mant.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mant),
    };
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exp) {
        let n = digits.len() as i32;
        let s = if exp < 0 {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        } else if exp + 1 >= n {
            format!("{}{}.0", digits, "0".repeat((exp + 1 - n) as usize))
        } else {
            let (a, b) = digits.split_at((exp + 1) as usize);
            format!("{a}.{b}")
        };
        format!("{sign}{s}")
    } else {
        let m = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits
        };
        let es = if exp < 0 { '-' } else { '+' };
        format!("{sign}{m}e{es}{:02}", exp.abs())
    }
}

fn number_str(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        n.to_string()
    } else {
        float_repr(n.as_f64().unwrap_or(0.0))
    }
}

/// Python `str(value)`.
pub(crate) fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => py_repr(other),
    }
}

/// Whether Python's `str.isprintable` holds (close approximation: controls, separators other
/// than the space, format characters and private use are not printable).
fn printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    !matches!(u,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}

/// Python `repr(str)`.
pub(crate) fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

/// Python `repr(value)`.
pub(crate) fn py_repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => number_str(n),
        Value::String(s) => str_repr(s),
        Value::Array(a) => list_repr(a),
        Value::Object(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}: {}", str_repr(k), py_repr(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

/// Python `repr(list)`.
pub(crate) fn list_repr(a: &[Value]) -> String {
    let items: Vec<String> = a.iter().map(py_repr).collect();
    format!("[{}]", items.join(", "))
}

/// The key `json.dumps` writes for a dict key.
pub(crate) fn json_key(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number_str(n),
        other => other.to_string(),
    }
}

/// `parse_date` of the script: `date.fromisoformat(s[:10])` (Python 3.11+ rules, which also
/// take `YYYYMMDD` and ISO week dates, and ignore what follows a complete date), `None` on
/// failure or for an empty/non-string value.
pub(crate) fn parse_date(v: &Value) -> Option<NaiveDate> {
    let s = v.as_str()?;
    if s.is_empty() {
        return None;
    }
    let head: String = s.chars().take(10).collect();
    fromisoformat(head.as_bytes())
}

fn digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let mut v = 0u32;
    for i in 0..n {
        let d = b.get(at + i)?.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u32::from(d);
    }
    Some(v)
}

/// CPython's `date.fromisoformat` (3.11): lengths 7, 8 or 10 only; trailing bytes after a
/// complete date are not checked.
fn fromisoformat(b: &[u8]) -> Option<NaiveDate> {
    if !matches!(b.len(), 7 | 8 | 10) {
        return None;
    }
    let year = digits(b, 0, 4)?;
    let mut p = 4;
    let sep = b.get(p) == Some(&b'-');
    if sep {
        p += 1;
    }
    if year < 1 {
        return None;
    }
    let year = i32::try_from(year).ok()?;
    if b.get(p) == Some(&b'W') {
        p += 1;
        let week = digits(b, p, 2)?;
        p += 2;
        let day = if p < b.len() {
            if sep {
                if b.get(p) != Some(&b'-') {
                    return None;
                }
                p += 1;
            }
            digits(b, p, 1)?
        } else {
            1
        };
        let wd = match day {
            1 => chrono::Weekday::Mon,
            2 => chrono::Weekday::Tue,
            3 => chrono::Weekday::Wed,
            4 => chrono::Weekday::Thu,
            5 => chrono::Weekday::Fri,
            6 => chrono::Weekday::Sat,
            7 => chrono::Weekday::Sun,
            _ => return None,
        };
        let d = NaiveDate::from_isoywd_opt(year, week, wd)?;
        return (1..=9999)
            .contains(&chrono::Datelike::year(&d))
            .then_some(d);
    }
    let month = digits(b, p, 2)?;
    p += 2;
    if sep {
        if b.get(p) != Some(&b'-') {
            return None;
        }
        p += 1;
    }
    let day = digits(b, p, 2)?;
    NaiveDate::from_ymd_opt(year, month, day)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

const DROPPED_WORDS: [&str; 7] = [
    "the",
    "region",
    "oblast",
    "province",
    "city",
    "of",
    "governorate",
];

/// The script's `norm()`: NFKD without combining marks, lower case, possessive `'s` removed,
/// anything but `[a-z0-9 ]` to a space, the words of [`DROPPED_WORDS`] removed, whitespace
/// collapsed.
pub fn norm(s: &str) -> String {
    let lowered: String = s
        .nfkd()
        .filter(|&c| canonical_combining_class(c) == 0)
        .collect::<String>()
        .to_lowercase();
    let chars: Vec<char> = lowered.chars().collect();
    // re.sub(r"[’'`]s\b", "", s)
    let mut no_poss: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '\u{2019}' | '\'' | '`')
            && chars.get(i + 1) == Some(&'s')
            && !chars.get(i + 2).copied().is_some_and(is_word)
        {
            i += 2;
            continue;
        }
        no_poss.push(c);
        i += 1;
    }
    // re.sub(r"[^a-z0-9 ]+", " ", s)
    let mut ascii = String::with_capacity(no_poss.len());
    let mut in_run = false;
    for c in no_poss {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' ' {
            ascii.push(c);
            in_run = false;
        } else if !in_run {
            ascii.push(' ');
            in_run = true;
        }
    }
    // The string is now [a-z0-9 ] only, so \b(word)\b removes whole space-separated tokens;
    // the final split/join collapses the spaces.
    ascii
        .split(' ')
        .filter(|t| !t.is_empty() && !DROPPED_WORDS.contains(t))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn norm_matches_the_script_on_tricky_inputs() {
        assert_eq!(norm("Kyiv’s Oblast"), "kyiv");
        assert_eq!(norm("The City of São Paulo"), "sao paulo");
        assert_eq!(norm("Saint-Étienne's"), "saint etienne");
        assert_eq!(norm("O'Sullivan"), "o sullivan");
        assert_eq!(norm("it'sa"), "it sa");
        assert_eq!(norm("Theater of War"), "theater war");
        assert_eq!(norm(""), "");
    }

    #[test]
    fn fromisoformat_follows_cpython() {
        let d = |s: &str| parse_date(&json!(s));
        assert_eq!(d("2025-02-18"), NaiveDate::from_ymd_opt(2025, 2, 18));
        assert_eq!(d("20250218T1000"), NaiveDate::from_ymd_opt(2025, 2, 18));
        assert_eq!(d("2025-W07-2"), NaiveDate::from_ymd_opt(2025, 2, 11));
        assert_eq!(d("2025W07"), NaiveDate::from_ymd_opt(2025, 2, 10));
        assert_eq!(d("2025-02"), None);
        assert_eq!(d("2025/02/18"), None);
        assert_eq!(d("2025-02-30"), None);
        assert_eq!(d("0000-01-01"), None);
        assert_eq!(d("2025-W53-1"), None);
        assert_eq!(d("2026-W53-1"), NaiveDate::from_ymd_opt(2026, 12, 28));
        assert_eq!(parse_date(&json!(null)), None);
    }

    #[test]
    fn reprs_follow_python() {
        assert_eq!(
            py_repr(&json!(["a'b", "c", 1, 1.5, null, true])),
            "[\"a'b\", 'c', 1, 1.5, None, True]"
        );
        assert_eq!(float_repr(1e16), "1e+16");
        assert_eq!(float_repr(1e-5), "1e-05");
        assert_eq!(float_repr(0.0001), "0.0001");
        assert_eq!(float_repr(123.0), "123.0");
        assert_eq!(float_repr(2.0 / 3.0), "0.6666666666666666");
        assert_eq!(str_repr("a\u{a0}b\n"), "'a\\xa0b\\n'");
        assert!(eq(&json!(1), &json!(1.0)) && eq(&json!(true), &json!(1)));
    }
}
