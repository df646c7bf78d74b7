//! A helpdesk's own numbering that its adapter needs and a profile may set: Request Tracker's
//! priority bands and the ids of Zendesk's Time Tracking fields. Here, below both the config
//! (which reads them from a profile) and the adapters (which use them), so the HTTP crate
//! needs no config crate and none of the terminal crates that come with it.

use serde::Deserialize;

/// The lowest RT priority number of each band; setting a band writes its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PriorityBands {
    pub low: i64,
    pub normal: i64,
    pub high: i64,
    pub urgent: i64,
}

impl Default for PriorityBands {
    /// RT 5's named priorities are Low 0, Medium 50, High 100; urgent is above them all.
    fn default() -> Self {
        PriorityBands { low: 0, normal: 50, high: 100, urgent: 200 }
    }
}

/// A Zendesk account's Time Tracking fields by id: `time_fields = { total = …, last_update = … }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeFields {
    /// "Total time spent (sec)".
    pub total: u64,
    /// "Time spent last update (sec)".
    pub last_update: u64,
}
