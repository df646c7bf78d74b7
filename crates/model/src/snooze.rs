//! A snooze the team shares where the helpdesk has none of its own (Zendesk): the wake time
//! kept on the ticket as a tag (`snoozed` and `snoozed_until_20261207t1830z`, UTC), so every
//! teammate's console sees it and any of them reopens the ticket when it is due.

use super::Timestamp;

/// A wake time older than this is left alone: a snooze that old was ended some other way
/// (a customer's reply, a change in the helpdesk's own screens) and its marks stayed behind.
pub const STALE_AFTER: Timestamp = 7 * 86_400;

/// `TicketChange::until` on a change to another status: clear the wake time (RT's Starts).
pub const CLEAR: Timestamp = 0;

/// Whether a ticket whose snooze ends at `at` is due now (and not stale).
pub fn due(at: Timestamp, now: Timestamp) -> bool {
    at <= now && now - at <= STALE_AFTER
}

/// The tag every snoozed ticket carries: what a search for them asks.
pub const TAG: &str = "snoozed";
/// The wake time's tag starts so; the rest is the time, UTC, to the minute.
const UNTIL: &str = "snoozed_until_";
const FORMAT: &str = "%Y%m%dt%H%Mz";

/// The tags that say a ticket sleeps until `at` (tags are lowercase on Zendesk).
pub fn tags_for(at: Timestamp) -> Vec<String> {
    let when = chrono::DateTime::from_timestamp(at, 0).map(|t| t.format(FORMAT).to_string()).unwrap_or_default();
    vec![TAG.to_string(), format!("{UNTIL}{when}")]
}

/// When a ticket with these tags wakes (the earliest, should it carry two).
pub fn wake_in(tags: &[String]) -> Option<Timestamp> {
    tags.iter()
        .filter_map(|t| t.strip_prefix(UNTIL))
        .filter_map(|w| chrono::NaiveDateTime::parse_from_str(w, FORMAT).ok())
        .map(|t| t.and_utc().timestamp())
        .min()
}

/// The snooze tags among `tags`: what a write that ends the snooze removes.
pub fn tags_in(tags: &[String]) -> Vec<String> {
    tags.iter().filter(|t| *t == TAG || t.starts_with(UNTIL)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wake_time_goes_there_and_back() {
        // Monday 30 Nov 2026, 10:00 UTC
        let at = 1_796_032_800;
        let tags = tags_for(at);
        assert_eq!(tags, ["snoozed", "snoozed_until_20261130t1000z"]);
        let mut on_ticket = vec!["vip".to_string()];
        on_ticket.extend(tags.clone());
        on_ticket.push(format!("snoozed_until_{}", "20261201t0900z"));
        assert_eq!(wake_in(&on_ticket), Some(at), "the earliest of two");
        assert_eq!(tags_in(&on_ticket).len(), 3);
        assert_eq!(wake_in(&["snoozed_until_tomorrow".to_string()]), None);
        assert_eq!(wake_in(&["vip".to_string()]), None);
        assert!(tags_in(&["vip".to_string(), "snoozed_x".to_string()]).is_empty());
    }
}
