//! Zendesk's background jobs: a bulk update or a merge answers with a job status, followed
//! until it completes; and the merge itself.

use super::Zendesk;
use crate::{BackendError, Result};
use frontline_model::TicketId;
use serde_json::Value;

/// How often, and how many times, a job still running is asked about.
const JOB_POLL: std::time::Duration = std::time::Duration::from_millis(500);
const JOB_POLLS: usize = 30;

impl Zendesk {
    /// The job status of an answer, followed until it is completed, failed or killed (or the
    /// polls run out: then as last seen).
    pub(super) async fn finished_job(&self, answer: &Value) -> Result<Value> {
        let mut job = answer.get("job_status").cloned().unwrap_or(Value::Null);
        for _ in 0..JOB_POLLS {
            let status = job.get("status").and_then(Value::as_str).unwrap_or("");
            if matches!(status, "completed" | "failed" | "killed") {
                break;
            }
            tokio::time::sleep(JOB_POLL).await;
            let url =
                job.get("url").and_then(Value::as_str).map(String::from).or_else(|| {
                    job.get("id").and_then(Value::as_str).map(|j| format!("/api/v2/job_statuses/{j}.json"))
                });
            let Some(url) = url else { break };
            job = self.http.get(&url).await?.get("job_status").cloned().unwrap_or(Value::Null);
        }
        Ok(job)
    }

    /// Merges `source` into `target` (`POST tickets/{target}/merge`): the source is closed with
    /// a private note, the target gets one with the source's last comment.
    pub(super) async fn merge_tickets(&self, source: TicketId, target: TicketId, note: Option<&str>) -> Result<()> {
        let mut body = serde_json::json!({
            "ids": [source.0],
            "source_comment_is_public": false,
            "target_comment_is_public": false,
        });
        // Zendesk's own note on the target holds the source's last comment only
        if let Some(note) = note {
            body["target_comment"] = serde_json::json!(note);
        }
        let answer = self.http.post(&format!("/api/v2/tickets/{}/merge.json", target.0), &body).await?;
        let job = self.finished_job(&answer).await?;
        match job.get("status").and_then(Value::as_str) {
            Some("completed") => Ok(()),
            Some("failed" | "killed") => Err(BackendError::Invalid(frontline_model::text::sanitize_line(
                job.get("message").and_then(Value::as_str).unwrap_or("the merge failed"),
            ))),
            _ => Err(BackendError::Timeout { what: format!("merging #{} into #{}", source.0, target.0), secs: 15 }),
        }
    }
}
