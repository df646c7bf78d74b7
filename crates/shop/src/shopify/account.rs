//! Customer accounts through Shopify: `customerSendAccountInviteEmail` (the store's invite
//! e-mail; not idempotent, so a resend first reads the account's `state`) and
//! `customerGenerateAccountActivationUrl` (a one-time link; a new one voids the last).

use super::Shopify;
use super::wire::text;
use super::write::{UserError, refused};
use crate::ShopError;
use serde::Deserialize;
use serde_json::json;
use serde_with::{DefaultOnError, VecSkipError, serde_as};

pub(super) const INVITE: &str = "mutation FrontlineInvite($customerId: ID!) {
  customerSendAccountInviteEmail(customerId: $customerId) { customer { id } userErrors { code field message } } }";

pub(super) const STATE: &str = "query FrontlineAccount($id: ID!) { customer(id: $id) { id state } }";

pub(super) const ACTIVATION: &str = "mutation FrontlineActivation($customerId: ID!) {
  customerGenerateAccountActivationUrl(customerId: $customerId) { accountActivationUrl userErrors { field message } } }";

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Payload {
    #[serde_as(deserialize_as = "DefaultOnError")]
    customer: Option<super::wire::IdOnly>,
    #[serde_as(deserialize_as = "DefaultOnError")]
    account_activation_url: Option<String>,
    #[serde_as(deserialize_as = "DefaultOnError<VecSkipError<_, super::wire::LogSkipped>>")]
    user_errors: Vec<UserError>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct InviteData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    customer_send_account_invite_email: Option<Payload>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ActivationData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    customer_generate_account_activation_url: Option<Payload>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct State {
    #[serde_as(deserialize_as = "DefaultOnError")]
    state: Option<String>,
}

#[serde_as]
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct StateData {
    #[serde_as(deserialize_as = "DefaultOnError")]
    customer: Option<State>,
}

impl Shopify {
    pub(super) async fn invite(&self, customer_id: &str) -> Result<(), ShopError> {
        let data: InviteData = self.call(INVITE, json!({"customerId": customer_id})).await?;
        let done = data.customer_send_account_invite_email.unwrap_or_default();
        if let Some(e) = refused(&done.user_errors) {
            return Err(e);
        }
        done.customer
            .map(|_| ())
            .ok_or_else(|| ShopError::Decode("the invite was answered without the customer".into()))
    }

    pub(super) async fn state_of(&self, customer_id: &str) -> Result<Option<String>, ShopError> {
        let data: StateData = self.call(STATE, json!({"id": customer_id})).await?;
        Ok(data.customer.and_then(|c| text(&c.state)))
    }

    pub(super) async fn activation(&self, customer_id: &str) -> Result<String, ShopError> {
        let data: ActivationData = self.call(ACTIVATION, json!({"customerId": customer_id})).await?;
        let done = data.customer_generate_account_activation_url.unwrap_or_default();
        if let Some(e) = refused(&done.user_errors) {
            return Err(e);
        }
        // only a web link is shown or put in a reply
        text(&done.account_activation_url)
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
            .ok_or_else(|| ShopError::Decode("the shop answered without an activation link".into()))
    }
}
