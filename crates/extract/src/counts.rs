//! How many: the counts of an event's clause, attached by [`Coder::count_event`].
//!
//! The counts themselves are found by [`crate::magnitudes`]; this decides which of them belong
//! to which event.

use crate::events::{Candidate, Coder};
use crate::magnitudes::Count;
use sitrep_model::{EventType, Precision};

impl Coder<'_> {
    /// Adds the counts inside the candidate's clause that fit its type (casualties to violent
    /// events, participants to protests, days to anything), and lets a number of days set
    /// where a multi-day event starts.
    pub(crate) fn count_event(&self, c: &mut Candidate, counts: &[Count]) {
        let (cs, ce) = c.clause;
        // Counts in the clause belong to this event (conflict counts to violent events only).
        for cnt in counts {
            let inside = cnt.tok >= cs && cnt.tok < ce.max(cs + 1);
            let fits = match cnt.magnitude.measure.as_str() {
                "days" => true,
                "participants" => c.event_type == EventType::Protest,
                _ => matches!(
                    c.event_type,
                    EventType::Assault | EventType::Coerce | EventType::Aid | EventType::Mobilize
                ),
            };
            if fits
                && inside
                && !c
                    .magnitude
                    .iter()
                    .any(|m| m.measure == cnt.magnitude.measure && m.count == cnt.magnitude.count)
            {
                c.magnitude.push(cnt.magnitude.clone());
            }
        }
        // "Three days of talks … on Saturday": a multi-day event ends on the given day.
        if let Some(days) = c
            .magnitude
            .iter()
            .find(|m| m.measure == "days")
            .and_then(|m| m.count)
            && let Some(d) = c.date.as_mut()
            && let (Some(e), Precision::Day) = (d.end, d.precision)
        {
            // A count no calendar holds ("100000000 days", found by the fuzzer) leaves the
            // start as it was rather than overflowing the date arithmetic.
            if let Some(start) = i64::try_from(days.saturating_sub(1))
                .ok()
                .and_then(chrono::TimeDelta::try_days)
                .and_then(|span| e.checked_sub_signed(span))
            {
                d.start = Some(start);
            }
        }
    }
}
