//! Query-string parameters, checked the way the command line checks its flags: an unknown
//! name, a bad date or type, or a limit out of range is a 400 with a message saying what is
//! accepted, never a silent default.

use crate::ApiError;
use chrono::NaiveDate;
use sitrep_model::EventType;
use sitrep_store::Filter;

/// Filter parameters every event query accepts (as on the CLI).
pub(crate) const FILTER_KEYS: &[&str] = &[
    "actor", "type", "country", "place", "since", "until", "text",
];

/// Longest value accepted for any parameter.
const MAX_VALUE: usize = 200;

/// The query string as name/value pairs.
pub(crate) struct Params(pub(crate) Vec<(String, String)>);

impl Params {
    /// Refuses names outside `allowed` and over-long values.
    pub(crate) fn check(&self, allowed: &[&str]) -> Result<(), ApiError> {
        for (k, v) in &self.0 {
            if !allowed.contains(&k.as_str()) {
                return Err(ApiError::bad(format!(
                    "unknown parameter {k:?}; accepted: {}",
                    allowed.join(", ")
                )));
            }
            if v.len() > MAX_VALUE {
                return Err(ApiError::bad(format!(
                    "parameter {k} is longer than {MAX_VALUE} bytes"
                )));
            }
        }
        Ok(())
    }

    /// The last non-blank value given for `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim())
    }

    fn date(&self, key: &str) -> Result<Option<NaiveDate>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| {
                    ApiError::bad(format!("{key} must be a date as YYYY-MM-DD, got {v:?}"))
                }),
        }
    }

    /// A whole number in `1..=max`, `default` when absent.
    pub(crate) fn count(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        self.number(key, default, 1, max)
    }

    /// A whole number in `min..=max`, `default` when absent.
    pub(crate) fn number(
        &self,
        key: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        let Some(v) = self.get(key) else {
            return Ok(default);
        };
        match v.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad(format!(
                "{key} must be a whole number from {min} to {max}, got {v:?}"
            ))),
        }
    }

    /// The event filter (its own `limit` left unset: callers page separately).
    pub(crate) fn filter(&self) -> Result<Filter, ApiError> {
        let event_type = match self.get("type") {
            None => None,
            Some(t) => Some(t.parse::<EventType>().map_err(|_| {
                let names: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
                ApiError::bad(format!(
                    "unknown event type {t:?}; PLOVER types: {}",
                    names.join(", ")
                ))
            })?),
        };
        let country = match self.get("country") {
            None => None,
            Some(c) if (2..=4).contains(&c.len()) && c.chars().all(|c| c.is_ascii_alphabetic()) => {
                Some(c.to_ascii_uppercase())
            }
            Some(c) => {
                return Err(ApiError::bad(format!(
                    "country must be an ISO 3166 alpha-3 code such as UKR, got {c:?}"
                )));
            }
        };
        let since = self.date("since")?;
        let until = self.date("until")?;
        if let (Some(s), Some(u)) = (since, until)
            && s > u
        {
            return Err(ApiError::bad(format!("since ({s}) is after until ({u})")));
        }
        Ok(Filter {
            actor: self.get("actor").map(str::to_string),
            event_type,
            country,
            place: self.get("place").map(str::to_string),
            since,
            until,
            text: self.get("text").map(str::to_string),
            limit: None,
        })
    }
}

/// `FILTER_KEYS` plus `extra`.
pub(crate) fn with_filters(extra: &[&'static str]) -> Vec<&'static str> {
    let mut v = FILTER_KEYS.to_vec();
    v.extend_from_slice(extra);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Params {
        Params(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn filters_parse_and_blank_values_are_absent() {
        let f = p(&[
            ("type", "assault"),
            ("country", "ukr"),
            ("since", "2026-03-01"),
            ("actor", "  "),
        ])
        .filter()
        .unwrap();
        assert_eq!(f.event_type, Some(EventType::Assault));
        assert_eq!(f.country.as_deref(), Some("UKR"));
        assert_eq!(f.actor, None);
        assert!(f.since.is_some());
    }

    #[test]
    fn bad_values_say_what_is_accepted() {
        let e = p(&[("type", "BOMB")]).filter().unwrap_err();
        assert!(e.message.contains("ASSAULT"), "{}", e.message);
        let e = p(&[("since", "March 3")]).filter().unwrap_err();
        assert!(e.message.contains("YYYY-MM-DD"));
        let e = p(&[("since", "2026-03-05"), ("until", "2026-03-01")])
            .filter()
            .unwrap_err();
        assert!(e.message.contains("after"));
        let e = p(&[("limit", "0")]).count("limit", 50, 500).unwrap_err();
        assert!(e.message.contains("1 to 500"));
        assert!(p(&[("limit", "-3")]).count("limit", 50, 500).is_err());
        assert_eq!(p(&[]).count("limit", 50, 500).unwrap(), 50);
        let e = p(&[("colour", "red")]).check(FILTER_KEYS).unwrap_err();
        assert!(e.message.contains("unknown parameter"));
    }
}
