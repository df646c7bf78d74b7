//! Recording the time agents spend, in the fields Zendesk's Time Tracking app keeps: "Total
//! time spent (sec)" and "Time spent last update (sec)". The fields are found by title once
//! per process (or named by id in the profile); a timed write reads the ticket's total first
//! and sends total + this stretch with the update, as the app itself does.

use super::{Zendesk, map, wire};
use crate::{BackendError, Result};
use frontline_model::TicketId;
use frontline_model::TimeFields;
use serde_json::{Value, json};

/// The app's titles for its two fields.
pub const TOTAL_TITLE: &str = "Total time spent (sec)";
pub const LAST_TITLE: &str = "Time spent last update (sec)";

/// What an account without the fields is told.
pub fn missing() -> BackendError {
    BackendError::NotOffered(format!(
        "this Zendesk account has no \"{TOTAL_TITLE}\" and \"{LAST_TITLE}\" ticket fields: install Zendesk's \
         Time Tracking app, or name the fields in the profile: time_fields = {{ total = ID, last_update = ID }}"
    ))
}

/// The two fields among an account's ticket fields (active ones, by title or raw title).
pub fn find(fields: &[Value]) -> Option<TimeFields> {
    let id_of = |title: &str| {
        fields.iter().find_map(|f| {
            let titled = ["title", "raw_title"]
                .iter()
                .any(|k| f.get(*k).and_then(Value::as_str).is_some_and(|t| t.trim().eq_ignore_ascii_case(title)));
            (titled && f.get("active").and_then(Value::as_bool) != Some(false)).then(|| f.get("id")?.as_u64())?
        })
    };
    Some(TimeFields { total: id_of(TOTAL_TITLE)?, last_update: id_of(LAST_TITLE)? })
}

impl Zendesk {
    /// The account's Time Tracking fields: the profile's, else looked up once; `None` when the
    /// account has none or they could not be read now (asked again next time).
    pub(super) async fn time_ids(&self) -> Option<TimeFields> {
        match self.time_fields.get_or_try_init(|| self.look_up_time_fields()).await {
            Ok(found) => *found,
            Err(e) => {
                tracing::debug!("ticket fields: {e}");
                None
            }
        }
    }

    /// Reads `ticket_fields` (following pages) and picks the two fields out. Only a
    /// transient failure is an error (asked again later); a helpdesk that refuses the list
    /// has no fields this token can use.
    async fn look_up_time_fields(&self) -> Result<Option<TimeFields>> {
        match self.ticket_fields().await {
            Ok(all) => Ok(find(&all)),
            Err(e) if e.is_transient() => Err(e),
            Err(e) => {
                tracing::info!("ticket fields: {e}; time is not read or recorded");
                Ok(None)
            }
        }
    }

    /// Every ticket field of the account, following pages.
    async fn ticket_fields(&self) -> Result<Vec<Value>> {
        let mut all = Vec::new();
        let mut target = "/api/v2/ticket_fields.json".to_string();
        for _ in 0..super::MAX_PAGES {
            let v = self.http.get(&target).await?;
            all.extend(v.get("ticket_fields").and_then(Value::as_array).cloned().unwrap_or_default());
            match v.get("next_page").and_then(Value::as_str) {
                Some(next) if !next.is_empty() => target = next.to_string(),
                _ => break,
            }
        }
        Ok(all)
    }

    /// The `custom_fields` that record `seconds` more on ticket `id`: the total as the
    /// helpdesk has it now plus `seconds`, and `seconds` as the last update's.
    pub(super) async fn time_body(&self, id: TicketId, seconds: u32) -> Result<Option<Value>> {
        let Some(f) = self.time_ids().await else {
            tracing::warn!("#{}: {} seconds worked not recorded: {}", id.0, seconds, missing());
            return Ok(None);
        };
        let v = self.http.get(&format!("/api/v2/tickets/{}.json", id.0)).await?;
        let t: wire::Ticket = super::decode(v.get("ticket"), "ticket")?;
        let total = map::field_seconds(&t, f.total).unwrap_or(0).saturating_add(u64::from(seconds));
        Ok(Some(json!([{"id": f.total, "value": total}, {"id": f.last_update, "value": seconds}])))
    }

    /// Where this account records time, for `frontline check` and the status line.
    /// Fields named in the profile are checked against the account's (one request), so a
    /// wrong id turns time tracking off instead of putting every write at risk.
    pub(super) async fn time_where(&self) -> Result<String> {
        let named = self.time_fields_named;
        let Some(f) = *self.time_fields.get_or_try_init(|| self.look_up_time_fields()).await? else {
            return Err(missing());
        };
        if named {
            let all = self.ticket_fields().await?;
            let active = |id: u64| {
                all.iter()
                    .any(|x| x.get("id").and_then(Value::as_u64) == Some(id) && x.get("active") != Some(&json!(false)))
            };
            if let Some(id) = [f.total, f.last_update].into_iter().find(|id| !active(*id)) {
                return Err(BackendError::NotOffered(format!(
                    "time_fields names ticket field {id}, which this Zendesk account does not have (or has turned \
                     off): check the ids under Admin Center › Objects and rules › Tickets › Fields"
                )));
            }
        }
        Ok(format!("Zendesk's Time Tracking fields (ids {} and {})", f.total, f.last_update))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_are_found_by_title_and_inactive_ones_skipped() {
        let f = |id: u64, title: &str, active: bool| json!({"id": id, "title": title, "raw_title": title, "active": active});
        let fields = [
            f(1, "Subject", true),
            f(2, "total time spent (sec)", false),
            f(3, TOTAL_TITLE, true),
            f(4, LAST_TITLE, true),
        ];
        assert_eq!(find(&fields), Some(TimeFields { total: 3, last_update: 4 }));
        assert_eq!(find(&fields[..3]), None, "both fields or none");
    }
}
