//! Changing an order before it ships: its shipping address (checked field by field before
//! anything is sent), its note and its tags. Shop-neutral; the shop adapter turns it into its
//! own call (Shopify's `orderUpdate`, which overwrites what it is given).

use crate::Address;
use serde::{Deserialize, Serialize};

/// What the agent changes on an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEdit {
    pub order_id: String,
    pub order_name: String,
    /// The shipping address as it was, and as it becomes.
    pub address: Option<(Address, Address)>,
    /// The order's note (staff only): the whole new text.
    pub note: Option<String>,
    /// The order's tags as they were, and as they become.
    pub tags: Option<(Vec<String>, Vec<String>)>,
}

impl OrderEdit {
    /// The internal note that records it on the ticket.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some((before, after)) = &self.address {
            parts.push(format!("shipping address from {} to {}", before.one_line(), after.one_line()));
        }
        if let Some(n) = &self.note {
            parts.push(if n.is_empty() {
                "order note cleared".to_string()
            } else {
                format!("order note to “{n}”")
            });
        }
        if let Some((before, after)) = &self.tags {
            let added: Vec<&str> = after.iter().filter(|t| !before.contains(t)).map(String::as_str).collect();
            let removed: Vec<&str> = before.iter().filter(|t| !after.contains(t)).map(String::as_str).collect();
            let mut what = Vec::new();
            if !added.is_empty() {
                what.push(format!("added {}", added.join(", ")));
            }
            if !removed.is_empty() {
                what.push(format!("removed {}", removed.join(", ")));
            }
            parts.push(format!("tags: {}", if what.is_empty() { "unchanged".into() } else { what.join("; ") }));
        }
        format!("Changed {}: {}.", self.order_name, parts.join("; "))
    }
}

/// A word of `:order-tags` that is no tag: empty after its `+`/`-`, or over 40 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotATag(pub String);

impl std::fmt::Display for NotATag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not a tag (1 to 40 characters after + or -)", self.0)
    }
}

impl std::error::Error for NotATag {}

/// `+vip -wholesale gift` on `have`: the tags after (a bare word adds), or the word that is
/// not a tag.
pub fn edit_tags(have: &[String], words: &str) -> Result<Vec<String>, NotATag> {
    let mut tags: Vec<String> = have.to_vec();
    for w in words.split([',', ' ']).map(str::trim).filter(|w| !w.is_empty()) {
        let (remove, tag) = match w.as_bytes()[0] {
            b'-' => (true, &w[1..]),
            b'+' => (false, &w[1..]),
            _ => (false, w),
        };
        let tag = crate::text::sanitize_line(tag);
        if tag.is_empty() || tag.chars().count() > 40 {
            return Err(NotATag(w.to_string()));
        }
        if remove {
            tags.retain(|t| !t.eq_ignore_ascii_case(&tag));
        } else if !tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            tags.push(tag);
        }
    }
    Ok(tags)
}

/// One field of a shipping address the agent fills in.
pub const ADDRESS_FIELDS: &[(&str, &str)] = &[
    ("first_name", "first name"),
    ("last_name", "last name"),
    ("address1", "street"),
    ("address2", "more (flat, floor)"),
    ("zip", "postcode"),
    ("city", "city"),
    ("province_code", "region code"),
    ("country_code", "country (DE, FR…)"),
    ("phone", "phone (+49…)"),
];

/// `address`'s value for one of `ADDRESS_FIELDS`.
pub fn address_field(a: &Address, key: &str) -> String {
    match key {
        "first_name" => a.first_name.clone(),
        "last_name" => a.last_name.clone(),
        "address1" => a.address1.clone(),
        "address2" => a.address2.clone().unwrap_or_default(),
        "zip" => a.zip.clone(),
        "city" => a.city.clone(),
        "province_code" => a.province_code.clone().unwrap_or_default(),
        "country_code" => a.country_code.clone(),
        "phone" => a.phone.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// Countries whose addresses carry no postcode.
const NO_POSTCODE: &[&str] = &["IE", "HK", "AE", "QA", "PA", "BS", "JM"];

/// A postcode as `country` writes it, when the console knows its shape.
fn postcode_ok(country: &str, zip: &str) -> bool {
    // the shapes below slice by bytes: a postcode of other letters is no postcode they know
    if !zip.is_ascii() {
        return false;
    }
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match country {
        "DE" | "FR" | "ES" | "IT" | "FI" => digits(zip, 5),
        "AT" | "BE" | "CH" | "DK" | "NO" | "LU" => digits(zip, 4),
        "NL" => {
            let z = zip.replace(' ', "");
            z.len() == 6 && digits(&z[..4], 4) && z[4..].bytes().all(|b| b.is_ascii_alphabetic()) || digits(&z, 4)
        }
        "PT" => zip.len() == 8 && digits(&zip[..4], 4) && &zip[4..5] == "-" && digits(&zip[5..], 3),
        "PL" => zip.len() == 6 && digits(&zip[..2], 2) && &zip[2..3] == "-" && digits(&zip[3..], 3),
        "SE" => digits(&zip.replace(' ', ""), 5),
        "US" => digits(zip, 5) || zip.len() == 10 && digits(&zip[..5], 5) && &zip[5..6] == "-" && digits(&zip[6..], 4),
        _ => !zip.is_empty() && zip.len() <= 12,
    }
}

/// The address the form's `values` (by `ADDRESS_FIELDS` key) make, or the field at fault and
/// why, in words.
pub fn address_from(values: &[(&str, String)]) -> Result<Address, (&'static str, String)> {
    let get = |k: &str| {
        values.iter().find(|(key, _)| *key == k).map(|(_, v)| crate::text::sanitize_line(v.trim())).unwrap_or_default()
    };
    for (key, label) in ADDRESS_FIELDS {
        if get(key).chars().count() > 255 {
            return Err((key, format!("{label} is longer than 255 characters")));
        }
    }
    let country = get("country_code").to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(("country_code", "country must be a two-letter code like DE, FR or GB".into()));
    }
    if get("first_name").is_empty() && get("last_name").is_empty() {
        return Err(("last_name", "a name is needed for the parcel".into()));
    }
    if get("address1").is_empty() {
        return Err(("address1", "the street is empty".into()));
    }
    if get("city").is_empty() {
        return Err(("city", "the city is empty".into()));
    }
    let zip = get("zip").to_ascii_uppercase();
    if !NO_POSTCODE.contains(&country.as_str()) && !postcode_ok(&country, &zip) {
        return Err(("zip", format!("`{zip}` is not a postcode of {country}")));
    }
    let phone: String = get("phone").chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '/')).collect();
    let international =
        phone.starts_with('+') && (8..=16).contains(&phone.len()) && phone[1..].bytes().all(|b| b.is_ascii_digit());
    if !phone.is_empty() && !international {
        return Err(("phone", "the phone must be international, like +49 30 1234567".into()));
    }
    let opt = |s: String| Some(s).filter(|s| !s.is_empty());
    Ok(Address {
        first_name: get("first_name"),
        last_name: get("last_name"),
        address1: get("address1"),
        address2: opt(get("address2")),
        city: get("city"),
        zip,
        province_code: opt(get("province_code").to_ascii_uppercase()),
        country_code: country,
        phone: opt(phone),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
        let mut v: Vec<(&'static str, String)> = ADDRESS_FIELDS.iter().map(|(k, _)| (*k, String::new())).collect();
        for (k, val) in pairs {
            v.iter_mut().find(|(key, _)| key == k).unwrap().1 = (*val).to_string();
        }
        v
    }

    #[test]
    fn an_address_is_checked_field_by_field() {
        let good = form(&[
            ("first_name", "Ana"),
            ("last_name", "Silva"),
            ("address1", "Rua Augusta 12"),
            ("zip", "1100-053"),
            ("city", "Lisboa"),
            ("country_code", "pt"),
            ("phone", "+351 21 123 4567"),
        ]);
        let a = address_from(&good).unwrap();
        assert_eq!((a.country_code.as_str(), a.phone.as_deref()), ("PT", Some("+351211234567")));
        assert_eq!(a.one_line(), "Ana Silva, Rua Augusta 12, 1100-053 Lisboa, PT");
        let wrong = |k: &'static str, v: &str| {
            let mut f = good.clone();
            f.iter_mut().find(|(key, _)| *key == k).unwrap().1 = v.to_string();
            address_from(&f).unwrap_err().0
        };
        assert_eq!(wrong("zip", "11000"), "zip");
        assert_eq!(wrong("zip", "123é567"), "zip", "letters beyond ASCII are refused, not sliced");
        assert_eq!(wrong("country_code", "Portugal"), "country_code");
        assert_eq!(wrong("address1", "  "), "address1");
        assert_eq!(wrong("phone", "21 123 4567"), "phone");
        assert_eq!(wrong("city", ""), "city");
        let mut ie = good.clone();
        ie.iter_mut().find(|(k, _)| *k == "country_code").unwrap().1 = "IE".into();
        ie.iter_mut().find(|(k, _)| *k == "zip").unwrap().1 = String::new();
        assert!(address_from(&ie).is_ok(), "Ireland's addresses may go without");
        for (country, zip) in [("NL", "123Ä5"), ("PL", "1é234"), ("US", "1234é6789")] {
            let mut f = good.clone();
            f.iter_mut().find(|(k, _)| *k == "country_code").unwrap().1 = country.into();
            f.iter_mut().find(|(k, _)| *k == "zip").unwrap().1 = zip.into();
            assert_eq!(address_from(&f).unwrap_err().0, "zip");
        }
        let mut de = good;
        de.iter_mut().find(|(k, _)| *k == "country_code").unwrap().1 = "DE".into();
        de.iter_mut().find(|(k, _)| *k == "zip").unwrap().1 = "10115".into();
        assert!(address_from(&de).is_ok());
    }

    #[test]
    fn tags_are_added_and_removed_and_the_edit_said_in_words() {
        let have = vec!["vip".to_string(), "wholesale".to_string()];
        assert_eq!(edit_tags(&have, "+gift -WHOLESALE vip").unwrap(), vec!["vip", "gift"]);
        assert_eq!(edit_tags(&have, "+").unwrap_err(), NotATag("+".into()));
        let a = Address {
            first_name: "A".into(),
            address1: "1 St".into(),
            city: "C".into(),
            zip: "1".into(),
            country_code: "DE".into(),
            ..Default::default()
        };
        let b = Address { address1: "2 St".into(), ..a.clone() };
        let e = OrderEdit {
            order_id: "gid://shopify/Order/1".into(),
            order_name: "#NW1".into(),
            address: Some((a, b)),
            note: Some("leave at the door".into()),
            tags: Some((have.clone(), vec!["vip".into(), "gift".into()])),
        };
        assert_eq!(
            e.describe(),
            "Changed #NW1: shipping address from A, 1 St, 1 C, DE to A, 2 St, 1 C, DE; order note to “leave at the door”; tags: added gift; removed wholesale."
        );
    }
}
