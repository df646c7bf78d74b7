//! `POST /admin/api/{version}/graphql.json`: the token check, the cost and the leaky bucket
//! around every call, and Shopify's answers when they fail — 401 for a wrong token, 400 for a
//! body without a query, HTTP 200 with THROTTLED / MAX_COST_EXCEEDED / ACCESS_DENIED errors.

use super::cost;
use super::gql::{Scopes, ShopSchema};
use crate::Shared;
use async_graphql::parser::types::OperationType;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;

/// What the GraphQL route holds: the shared state and the schema built once.
#[derive(Clone)]
pub struct Shop {
    pub shared: Arc<Shared>,
    pub schema: ShopSchema,
}

fn answer(status: StatusCode, body: Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], body.to_string()).into_response()
}

fn scopes(shared: &Shared, headers: &HeaderMap) -> Option<Scopes> {
    let token = headers.get("x-shopify-access-token")?.to_str().ok()?.trim();
    match token {
        t if t == shared.shop.token => Some(Scopes { write_orders: true }),
        t if t == shared.shop.read_token => Some(Scopes { write_orders: false }),
        _ => None,
    }
}

pub async fn graphql(State(shop): State<Shop>, headers: HeaderMap, body: Bytes) -> Response {
    let shared = &shop.shared;
    let Some(scopes) = scopes(shared, &headers) else {
        return answer(
            StatusCode::UNAUTHORIZED,
            json!({"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}),
        );
    };
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    let Some(query) = parsed.as_ref().and_then(|b| b.get("query")).and_then(Value::as_str).map(str::to_string) else {
        return answer(StatusCode::BAD_REQUEST, json!({"errors": {"query": "Required parameter missing or invalid"}}));
    };
    let vars = parsed.as_ref().and_then(|b| b.get("variables")).cloned().unwrap_or(Value::Null);
    let operation = parsed.as_ref().and_then(|b| b.get("operationName")).and_then(Value::as_str).map(str::to_string);
    let token =
        headers.get("x-shopify-access-token").and_then(|v| v.to_str().ok()).unwrap_or_default().trim().to_string();

    let doc = async_graphql::parser::parse_query(&query).ok();
    let requested = doc.as_ref().map_or(0, |d| cost::requested(d, operation.as_deref(), &vars));
    let mutation = doc.as_ref().is_some_and(|d| {
        d.operations.iter().any(|(n, op)| {
            op.node.ty == OperationType::Mutation
                && operation.as_deref().is_none_or(|want| n.is_some_and(|n| n.as_str() == want))
        })
    });
    let now_ms = shared.clock.now_ms();
    if requested > cost::MAX_COST {
        let message = format!(
            "Query cost is {requested}, which exceeds the single query max cost limit ({}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n",
            cost::MAX_COST
        );
        let extensions = json!({"code": "MAX_COST_EXCEEDED", "cost": requested, "maxCost": cost::MAX_COST, "documentation": "https://shopify.dev/api/usage/limits#rate-limits"});
        return answer(StatusCode::OK, json!({"errors": [{"message": message, "extensions": extensions}]}));
    }
    let taken = match shared.shop.buckets.lock() {
        Ok(mut b) => b.take(&token, requested, now_ms),
        Err(_) => Ok(cost::Throttle { currently_available: cost::MAXIMUM }),
    };
    let throttle = match taken {
        Ok(t) => t,
        Err(left) => {
            return answer(
                StatusCode::OK,
                json!({
                    "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                    "extensions": cost::extension(requested, None, left),
                }),
            );
        }
    };

    let mut request = async_graphql::Request::new(query).data(scopes);
    if let Ok(v) = serde_json::from_value::<async_graphql::Variables>(vars) {
        request = request.variables(v);
    }
    if let Some(op) = operation {
        request = request.operation_name(op);
    }
    let response = shop.schema.execute(request).await;
    let mut body = serde_json::to_value(&response).unwrap_or_else(|_| json!({}));
    let data = body.get("data").cloned().unwrap_or(Value::Null);
    let actual = cost::actual(&data, mutation, requested);
    let throttle = match shared.shop.buckets.lock() {
        Ok(mut b) => b.refund(&token, requested - actual, now_ms),
        Err(_) => throttle,
    };
    if let Value::Object(m) = &mut body {
        m.insert("extensions".into(), cost::extension(requested, Some(actual), throttle));
    }
    answer(StatusCode::OK, body)
}
