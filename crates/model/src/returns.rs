//! Returns and exchanges as the console asks for and shows them: items of an order that has
//! shipped sent back for one of Shopify's reasons, optionally with another size of the same
//! product sent instead; the returns an order holds (the customer's requests too). Shop-neutral.

use serde::{Deserialize, Serialize};

/// Shopify's `ReturnReason`s and how the console says them.
pub const RETURN_REASONS: &[(&str, &str)] = &[
    ("SIZE_TOO_SMALL", "size too small"),
    ("SIZE_TOO_LARGE", "size too large"),
    ("DEFECTIVE", "damaged or defective"),
    ("NOT_AS_DESCRIBED", "not as described"),
    ("WRONG_ITEM", "wrong item sent"),
    ("UNWANTED", "changed their mind"),
    ("STYLE", "style"),
    ("COLOR", "colour"),
    ("OTHER", "other"),
];

/// `SIZE_TOO_SMALL` → `size too small`.
pub fn reason_words(code: &str) -> String {
    RETURN_REASONS.iter().find(|(c, _)| *c == code).map_or_else(|| crate::order::words(code), |(_, w)| (*w).to_string())
}

/// Another variant of a product (a size), as an exchange can send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantChoice {
    pub id: String,
    /// `L`; `Default Title` for a product in one variant.
    pub title: String,
}

/// A line that can go back: what was fulfilled less what returns cover already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnableLine {
    /// The shop's fulfillment line item id, which a return names.
    pub fulfillment_line_item_id: String,
    pub title: String,
    pub variant: Option<String>,
    /// How many can still go back.
    pub quantity: i64,
    /// The variant bought, and the product's others (for an exchange).
    pub variant_id: Option<String>,
    pub variants: Vec<VariantChoice>,
}

impl ReturnableLine {
    /// `Rain jacket (M)`.
    pub fn label(&self) -> String {
        match &self.variant {
            Some(v) => format!("{} ({v})", self.title),
            None => self.title.clone(),
        }
    }
}

/// An item sent in exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeItem {
    pub variant_id: String,
    pub title: String,
    pub variant: String,
    pub quantity: i64,
}

/// A return the agent confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnAsk {
    pub order_id: String,
    pub order_name: String,
    pub line: ReturnableLine,
    pub quantity: i64,
    /// Shopify's `ReturnReason`.
    pub reason: String,
    pub note: String,
    pub exchange: Option<ExchangeItem>,
}

/// Where a note names the return before the shop has made it.
pub const RETURN_NAME: &str = "{{return.name}}";

impl ReturnAsk {
    /// `1 × Rain jacket (M) (size too small), exchanged for 1 × Rain jacket (L)`.
    pub fn describe(&self) -> String {
        let mut s = format!("{} × {} ({})", self.quantity, self.line.label(), reason_words(&self.reason));
        if let Some(x) = &self.exchange {
            s.push_str(&format!(", exchanged for {} × {} ({})", x.quantity, x.title, x.variant));
        }
        s
    }
}

/// A return an order holds, as the pane shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderReturn {
    pub id: String,
    /// `#NW123456-R1`.
    pub name: String,
    /// `REQUESTED`, `OPEN`, `CLOSED`, `DECLINED`, `CANCELED`.
    pub status: String,
    pub quantity: i64,
    /// `1 × Rain jacket (L)`.
    pub exchanges: Vec<String>,
}

impl OrderReturn {
    /// `return #NW1-R1 open: 1 item, exchange 1 × Rain jacket (L)`.
    pub fn line(&self) -> String {
        let items = if self.quantity == 1 { "1 item".to_string() } else { format!("{} items", self.quantity) };
        let status = match self.status.as_str() {
            "REQUESTED" => "requested by the customer".to_string(),
            other => crate::order::words(other),
        };
        let mut s = format!("return {} {status}: {items}", self.name);
        if !self.exchanges.is_empty() {
            s.push_str(&format!(", exchange {}", self.exchanges.join(", ")));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_in_words() {
        let line = ReturnableLine {
            fulfillment_line_item_id: "gid://shopify/FulfillmentLineItem/1".into(),
            title: "Rain jacket".into(),
            variant: Some("M".into()),
            quantity: 2,
            variant_id: None,
            variants: vec![],
        };
        let ask = ReturnAsk {
            order_id: "gid://shopify/Order/1".into(),
            order_name: "#NW1".into(),
            line,
            quantity: 1,
            reason: "SIZE_TOO_SMALL".into(),
            note: String::new(),
            exchange: Some(ExchangeItem {
                variant_id: "v".into(),
                title: "Rain jacket".into(),
                variant: "L".into(),
                quantity: 1,
            }),
        };
        assert_eq!(ask.describe(), "1 × Rain jacket (M) (size too small), exchanged for 1 × Rain jacket (L)");
        let r = OrderReturn {
            id: String::new(),
            name: "#NW1-R1".into(),
            status: "REQUESTED".into(),
            quantity: 1,
            exchanges: vec![],
        };
        assert_eq!(r.line(), "return #NW1-R1 requested by the customer: 1 item");
        assert_eq!(reason_words("WEIRD_NEW"), "weird new");
    }
}
