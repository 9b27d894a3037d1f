//! The exchange records of `SCHEMA.md`: events, entities and quotes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The sixteen PLOVER 2.0 event categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl EventType {
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }

    /// Types whose parties have no direction (everyone is an actor), as PLOVER codes them.
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            EventType::Consult | EventType::Agree | EventType::Cooperate
        )
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for a name that is not one of the closed vocabularies of the schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}")]
pub struct UnknownName {
    pub what: &'static str,
    pub value: String,
}

impl FromStr for EventType {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let up = s.trim().to_ascii_uppercase();
        // Older PLOVER names still found in data.
        let up = match up.as_str() {
            "DEMAND" => "REQUEST".to_string(),
            "DISAPPROVE" | "INVESTIGATE" => "ACCUSE".to_string(),
            "FIGHT" => "ASSAULT".to_string(),
            _ => up,
        };
        EventType::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == up)
            .ok_or(UnknownName {
                what: "event type",
                value: s.to_string(),
            })
    }
}

/// PLOVER auxiliary mode: whether the event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aux {
    Future,
    Historical,
    Hypothetical,
    Negation,
}

impl FromStr for Aux {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "future" => Ok(Aux::Future),
            "historical" => Ok(Aux::Historical),
            "hypothetical" => Ok(Aux::Hypothetical),
            "negation" => Ok(Aux::Negation),
            _ => Err(UnknownName {
                what: "auxiliary mode",
                value: s.to_string(),
            }),
        }
    }
}

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Country,
    Place,
    Group,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Country => "country",
            EntityKind::Place => "place",
            EntityKind::Group => "group",
        }
    }
}

/// An actor or recipient of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Party {
    pub name: String,
    /// Stable entity id, shared with [`EntityRecord::id`].
    pub entity: Option<String>,
    pub kind: EntityKind,
    /// ISO 3166-1 alpha-3, or an IGO short code (`EU`, `NATO`, `UN`…).
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// True when the place was not stated in the event's clause but taken from the dateline
    /// or the document's main place.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
    #[default]
    Unknown,
}

/// When an event happened (a range for multi-day events or vague phrases like "overnight").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateInfo {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub precision: Precision,
    /// The phrase the date was read from ("on Tuesday"); `None` when taken from the
    /// publication date.
    pub text: Option<String>,
}

/// A count the text gives for an event ("at least 91 drones").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Magnitude {
    /// `launched`, `intercepted`, `hit`, `killed`, `injured`, `evacuated`, `damaged`,
    /// `destroyed`, `displaced`, `arrested`, `participants`, `days`.
    pub measure: String,
    /// `None` for "most of which", "dozens" without a figure.
    pub count: Option<u64>,
    /// `exact`, `at_least`, `more_than`, `about`, `up_to`, `fewer_than`, `most`.
    pub qualifier: String,
    /// Lemma of the counted thing (`drone`, `person`, `apartment`).
    pub unit: String,
    /// Who gives this figure, when sources disagree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<String>,
}

/// Who the report attributes an event to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claimant {
    pub name: String,
    pub country: Option<String>,
    pub entity: Option<String>,
}

/// One place in one document an event was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub doc: String,
    /// Sentence index within the document (0-based).
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The rule that read the event from this span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// One real-world event (SCHEMA.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub mode: Vec<String>,
    pub context: Vec<String>,
    pub aux: Option<Aux>,
    pub actors: Vec<Party>,
    pub recipients: Vec<Party>,
    pub location: Option<Location>,
    pub date: Option<DateInfo>,
    pub magnitude: Vec<Magnitude>,
    pub claimed_by: Vec<Claimant>,
    pub evidence: Vec<Evidence>,
    pub confidence: f32,
    pub rule: String,
}

/// A mention of an entity in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRef {
    pub doc: String,
    /// Character offsets (Unicode scalar values, as Python and most JSON consumers index
    /// strings) of the mention in the document text; `end` is exclusive.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// The gazetteer reading chosen for a place entity, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceReading {
    /// Gazetteer id (GeoNames id, admin code such as `UA.10`, or an overlay id).
    pub gazetteer_id: String,
    /// `city`, `admin1`, `admin2`, `region`, `facility`, `water`.
    pub feature: String,
    pub lat: f64,
    pub lon: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    pub population: u64,
    /// How many readings the name had.
    pub candidates: usize,
    /// The features that decided it, strongest first ("admin context: Kandahar").
    pub evidence: Vec<String>,
}

/// A resolved entity (SCHEMA.md, "Entities").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub country: Option<String>,
    pub roles: Vec<String>,
    pub aliases: Vec<String>,
    pub mentions: Vec<MentionRef>,
    /// For places: the gazetteer reading and the evidence for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceReading>,
}

/// Who said what, when: a quotation attributed to a speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteRecord {
    /// Always `"quote"`, so quote lines can share a JSONL stream with events.
    pub record: String,
    pub id: String,
    pub doc: String,
    pub speaker: Option<Party>,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub date: Option<DateInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_type_names_round_trip_and_accept_legacy_names() {
        for t in EventType::ALL {
            assert_eq!(t.as_str().parse::<EventType>(), Ok(t));
            let json = serde_json::to_string(&t).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", t.as_str()));
        }
        assert_eq!("demand".parse::<EventType>(), Ok(EventType::Request));
        assert_eq!("FIGHT".parse::<EventType>(), Ok(EventType::Assault));
        assert!("PARTY".parse::<EventType>().is_err());
    }

    #[test]
    fn event_record_serialises_with_schema_field_names() {
        let ev = EventRecord {
            id: "e1".into(),
            event_type: EventType::Consult,
            mode: vec!["phone".into()],
            context: vec![],
            aux: None,
            actors: vec![],
            recipients: vec![],
            location: None,
            date: None,
            magnitude: vec![],
            claimed_by: vec![],
            evidence: vec![],
            confidence: 0.5,
            rule: "r".into(),
        };
        let v = serde_json::to_value(&ev).unwrap_or_default();
        for key in [
            "id",
            "type",
            "mode",
            "context",
            "aux",
            "actors",
            "recipients",
            "location",
            "date",
            "magnitude",
            "claimed_by",
            "evidence",
            "confidence",
            "rule",
        ] {
            assert!(v.get(key).is_some(), "missing {key}");
        }
        assert_eq!(v["type"], "CONSULT");
        assert!(v["aux"].is_null());
    }
}
