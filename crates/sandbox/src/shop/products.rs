//! The shop's catalogue: one product per item the tickets talk about, each in the sizes the
//! seeded orders were bought in, so an order's line names a variant a replacement (or an
//! exchange) can order again. Ids are worked out from the item and the size, so orders
//! stored before the catalogue existed find their variants too.

use crate::corpus::ITEMS;

/// Price of each of `corpus::ITEMS`, in cents.
pub const PRICES: &[i64] = &[5900, 12900, 2900, 14900, 11900, 8900, 13900, 4900, 5900, 6900, 1900, 2900];

/// The sizes a product comes in; `None` is Shopify's single "Default Title" variant.
pub const SIZES: &[Option<&str>] = &[None, Some("S"), Some("M"), Some("L"), Some("42"), Some("One size")];

const PRODUCT_BASE: i64 = 8_000_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub id: i64,
    pub product_id: i64,
    pub product_title: String,
    /// The size, `None` for the default variant.
    pub title: Option<String>,
    pub sku: String,
    pub price_cents: i64,
}

/// The product title as orders carry it: `Rain jacket`.
pub fn title(item: usize) -> String {
    let s = ITEMS.get(item).copied().unwrap_or("item");
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn make(item: usize, size: usize) -> Variant {
    let product_id = PRODUCT_BASE + item as i64 + 1;
    Variant {
        id: product_id * 10 + size as i64,
        product_id,
        product_title: title(item),
        title: SIZES[size].map(str::to_string),
        sku: format!("NW-{:03}-{}", item + 1, SIZES[size].unwrap_or("STD").replace(' ', "").to_ascii_uppercase()),
        price_cents: PRICES[item % PRICES.len()],
    }
}

/// The variant with this id.
pub fn variant(id: i64) -> Option<Variant> {
    let (product, size) = (id / 10, usize::try_from(id % 10).ok()?);
    let item = usize::try_from(product - PRODUCT_BASE - 1).ok()?;
    (item < ITEMS.len() && size < SIZES.len()).then(|| make(item, size))
}

/// The variant an order line with this title and size was bought as.
pub fn variant_for(title_: &str, size: Option<&str>) -> Option<Variant> {
    let item = (0..ITEMS.len()).find(|&i| title(i).eq_ignore_ascii_case(title_))?;
    let size = SIZES.iter().position(|s| *s == size)?;
    Some(make(item, size))
}

/// Every variant of the product.
pub fn variants_of(product_id: i64) -> Vec<Variant> {
    let Ok(item) = usize::try_from(product_id - PRODUCT_BASE - 1) else { return vec![] };
    if item >= ITEMS.len() {
        return vec![];
    }
    (0..SIZES.len()).map(|s| make(item, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_finds_its_variant_and_the_variant_its_product() {
        let v = variant_for("Rain jacket", Some("M")).unwrap();
        assert_eq!(variant(v.id), Some(v.clone()));
        assert_eq!(v.product_title, "Rain jacket");
        assert_eq!(v.price_cents, 14900);
        assert_eq!(variants_of(v.product_id).len(), SIZES.len());
        assert!(variants_of(v.product_id).iter().any(|o| o.title.as_deref() == Some("L")));
        assert!(variant_for("Rain jacket", Some("XXL")).is_none());
        assert!(variant_for("Umbrella", None).is_none());
        assert!(variant(12).is_none());
        assert!(variant(-5).is_none());
    }
}
