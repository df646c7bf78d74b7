//! Error answers with Zendesk's status codes and bodies.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: Value,
}

impl ApiError {
    pub fn new(status: StatusCode, error: &str, description: &str) -> Self {
        ApiError { status, body: json!({"error": error, "description": description}) }
    }
    pub fn json(status: StatusCode, body: Value) -> Self {
        ApiError { status, body }
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "RecordNotFound", "Not found")
    }
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "You do not have access to this page. Please contact the account owner of this help desk for further help.",
        )
    }
    pub fn bad_request(error: &str, description: &str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, error, description)
    }
    /// 422 with `details` per field, as Zendesk's RecordInvalid.
    pub fn invalid(details: &[(String, String)]) -> Self {
        let mut map = serde_json::Map::new();
        for (field, desc) in details {
            if let Some(list) = map.entry(field.clone()).or_insert_with(|| json!([])).as_array_mut() {
                list.push(json!({"description": desc, "error": "InvalidValue"}));
            }
        }
        ApiError::json(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"error": "RecordInvalid", "description": "Record validation errors", "details": map}),
        )
    }
    pub fn conflict() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "UpdateConflict",
            "Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.",
        )
    }
    pub fn internal(e: impl std::fmt::Display) -> Self {
        tracing::error!("sandbox internal error: {e}");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", "Something went wrong in the sandbox")
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::internal(e)
    }
}

impl<T> From<std::sync::PoisonError<T>> for ApiError {
    fn from(_: std::sync::PoisonError<T>) -> Self {
        ApiError::internal("database lock poisoned")
    }
}

impl From<super::super::writes::WriteError> for ApiError {
    fn from(e: super::super::writes::WriteError) -> Self {
        use super::super::writes::WriteError as W;
        match e {
            W::NotFound => ApiError::not_found(),
            W::Conflict => ApiError::conflict(),
            W::Invalid(d) => ApiError::invalid(&d),
            W::Db(e) => ApiError::internal(e),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body)).into_response()
    }
}
