//! A replacement for a parcel that arrived broken or never came: the same (or chosen) items
//! sent again at no cost, as a new order the shop makes from a draft — 100 % off, free
//! shipping, to the order's address, tagged `replacement` and with the ticket, and a note
//! naming the original. Shop-neutral; the shop adapter turns it into its own calls.

use serde::{Deserialize, Serialize};

/// A postal address as the shop keeps it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub first_name: String,
    pub last_name: String,
    pub address1: String,
    #[serde(default)]
    pub address2: Option<String>,
    pub city: String,
    pub zip: String,
    #[serde(default)]
    pub province_code: Option<String>,
    /// ISO 3166 alpha-2 (`DE`).
    pub country_code: String,
    #[serde(default)]
    pub phone: Option<String>,
}

impl Address {
    /// `Jane Doe, Hauptstr. 1, 10115 Berlin, DE`.
    pub fn one_line(&self) -> String {
        let name = format!("{} {}", self.first_name, self.last_name).trim().to_string();
        let town = format!("{} {}", self.zip, self.city).trim().to_string();
        [Some(name), Some(self.address1.clone()), self.address2.clone(), Some(town), Some(self.country_code.clone())]
            .into_iter()
            .flatten()
            .filter(|p| !p.trim().is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What the shop knows of an order beyond what the pane shows, asked for when an agent acts
/// on it: where it goes, and which catalogue variant each line is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrderDetails {
    pub shipping_address: Option<Address>,
    /// (line id, variant id); a custom line has no variant.
    pub variants: Vec<(String, Option<String>)>,
    pub email: Option<String>,
    /// Every line of the order (the pane lists the first three): (line id, title, size,
    /// quantity).
    #[serde(default)]
    pub items: Vec<(String, String, Option<String>, i64)>,
    /// The order's note (staff only) and tags.
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl OrderDetails {
    /// Whether the shop already holds what `edit` asks (an earlier send got through).
    pub fn has(&self, edit: &crate::OrderEdit) -> bool {
        let address = edit.address.as_ref().is_none_or(|(_, after)| self.shipping_address.as_ref() == Some(after));
        let note = edit.note.as_ref().is_none_or(|n| self.note.as_deref().unwrap_or("") == n);
        // tags are added and removed, not overwritten: done when the added ones are there and
        // the removed ones gone, whatever else the order carries
        let tags = edit.tags.as_ref().is_none_or(|(before, after)| {
            let has = |t: &String| self.tags.iter().any(|h| h.eq_ignore_ascii_case(t));
            after.iter().all(has) && before.iter().filter(|t| !after.contains(t)).all(|t| !has(t))
        });
        address && note && tags
    }
}

/// One item of a replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplaceLine {
    /// The shop's variant id (`gid://shopify/ProductVariant/…`).
    pub variant_id: String,
    pub title: String,
    pub variant: Option<String>,
    pub quantity: i64,
}

/// A replacement the agent confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplacementAsk {
    pub order_id: String,
    pub order_name: String,
    pub customer_id: String,
    pub email: Option<String>,
    pub lines: Vec<ReplaceLine>,
    pub address: Address,
    /// Why, in the agent's words (`arrived damaged`).
    pub why: String,
    pub ticket: u64,
    /// The order's currency (ISO 4217), which the free shipping line names.
    pub currency: String,
    /// The draft the shop made for it, kept on the outbox entry as soon as the shop says, so a
    /// resend reads that draft by id instead of searching for its tag (a search index may not
    /// list a draft made seconds ago).
    #[serde(default)]
    pub draft_id: Option<String>,
}

/// Where a note on the ticket names the replacement order before the shop has made it; the
/// outbox writes the name in once it has.
pub const REPLACEMENT_NAME: &str = "{{replacement.name}}";

/// The tag every replacement order carries, so the shop's own lists show them.
pub const REPLACEMENT_TAG: &str = "replacement";

impl ReplacementAsk {
    /// `1 × Rain jacket (M), 2 × Hiking socks`.
    pub fn items(&self) -> String {
        self.lines
            .iter()
            .map(|l| match &l.variant {
                Some(v) => format!("{} × {} ({v})", l.quantity, l.title),
                None => format!("{} × {}", l.quantity, l.title),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The tag that names the ticket on the order (`ticket-12`), for `{{replacement.name}}`.
    pub fn ticket_tag(&self) -> String {
        ticket_tag(self.ticket)
    }

    /// The note the draft and its order carry, for the shop's staff.
    pub fn shop_note(&self) -> String {
        format!("Replacement for {} ({}), ticket #{}. Made in Frontline.", self.order_name, self.why, self.ticket)
    }
}

/// `ticket-12`.
pub fn ticket_tag(ticket: u64) -> String {
    format!("ticket-{ticket}")
}

/// The tag that names one outbox entry, by which a resend finds the draft an earlier try
/// made: `frontline-` and 24 hex digits of the key's SHA-256, so two keys never share a tag
/// (cutting the key's own characters made `s-1-23` and `s-12-3` alike) and it stays short.
pub fn entry_tag(key: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(key.as_bytes());
    digest.iter().take(12).fold(String::from("frontline-"), |mut tag, b| {
        use std::fmt::Write;
        let _ = write!(tag, "{b:02x}");
        tag
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_tags_in_words() {
        let a = Address {
            first_name: "Jane".into(),
            last_name: "Doe".into(),
            address1: "Hauptstr. 1".into(),
            address2: Some("2nd floor".into()),
            city: "Berlin".into(),
            zip: "10115".into(),
            country_code: "DE".into(),
            ..Default::default()
        };
        assert_eq!(a.one_line(), "Jane Doe, Hauptstr. 1, 2nd floor, 10115 Berlin, DE");
        let tag = entry_tag("0c9e8a52-2d0b-4f7e");
        assert!(tag.starts_with("frontline-") && tag.len() == 34, "{tag}");
        assert_eq!(tag, entry_tag("0c9e8a52-2d0b-4f7e"), "the same key, the same tag");
        assert_ne!(entry_tag("s-1-23"), entry_tag("s-12-3"), "keys alike once their dashes go are told apart");
        let ask = ReplacementAsk {
            order_id: "gid://shopify/Order/1".into(),
            order_name: "#NW100001".into(),
            customer_id: "gid://shopify/Customer/1".into(),
            email: None,
            lines: vec![ReplaceLine {
                variant_id: "gid://shopify/ProductVariant/80000042".into(),
                title: "Rain jacket".into(),
                variant: Some("M".into()),
                quantity: 1,
            }],
            address: a,
            why: "arrived damaged".into(),
            ticket: 12,
            currency: "EUR".into(),
            draft_id: None,
        };
        assert_eq!(ask.items(), "1 × Rain jacket (M)");
        assert_eq!(ask.shop_note(), "Replacement for #NW100001 (arrived damaged), ticket #12. Made in Frontline.");
        assert_eq!(ask.ticket_tag(), "ticket-12");
    }

    #[test]
    fn details_say_whether_an_edit_is_already_done() {
        let a = Address { address1: "1 St".into(), city: "C".into(), country_code: "DE".into(), ..Default::default() };
        let b = Address { address1: "2 St".into(), ..a.clone() };
        let d = OrderDetails {
            shipping_address: Some(b.clone()),
            tags: vec!["gift".into(), "vip".into()],
            ..Default::default()
        };
        let edit = |address, tags| crate::OrderEdit {
            order_id: String::new(),
            order_name: String::new(),
            address,
            note: None,
            tags,
        };
        assert!(d.has(&edit(Some((a.clone(), b.clone())), None)));
        assert!(!d.has(&edit(Some((b.clone(), a.clone())), None)));
        assert!(d.has(&edit(None, Some((vec![], vec!["vip".into(), "gift".into()])))), "tags in any order");
        assert!(
            d.has(&edit(None, Some((vec![], vec!["vip".into()])))),
            "another's tag besides is kept, not a difference"
        );
        assert!(!d.has(&edit(None, Some((vec!["gift".into()], vec!["vip".into()])))), "gift was to go");
        assert!(!d.has(&crate::OrderEdit { note: Some("x".into()), ..edit(None, None) }));
    }
}
