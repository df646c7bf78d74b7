//! Money going back: refunds with their lines, transactions, and the suggested refund an agent
//! confirms before making one.

use super::order::LineItem;
use super::{
    DateTime, MoneyBag, OrderTransactionErrorCode, OrderTransactionKind, OrderTransactionStatus,
    RefundLineItemRestockType, SuggestedOrderTransactionKind, bag, gid, named,
};
use crate::shop::{actions, orders};
use async_graphql::{ID, Object, SimpleObject};
use std::sync::Arc;

/// A payment or refund, with its order so that it can name its parent.
#[derive(Clone)]
pub struct OrderTransaction {
    pub t: orders::Transaction,
    pub order: Arc<orders::Order>,
}

impl OrderTransaction {
    pub fn all(order: &Arc<orders::Order>, first: usize) -> Vec<OrderTransaction> {
        order.transactions.iter().take(first).map(|t| OrderTransaction { t: t.clone(), order: order.clone() }).collect()
    }
}

#[Object]
impl OrderTransaction {
    async fn id(&self) -> ID {
        gid("OrderTransaction", self.t.id)
    }
    async fn kind(&self) -> OrderTransactionKind {
        named(&self.t.kind).unwrap_or(OrderTransactionKind::Sale)
    }
    async fn status(&self) -> OrderTransactionStatus {
        named(&self.t.status).unwrap_or(OrderTransactionStatus::Unknown)
    }
    /// "A standardized error code, independent of the payment provider."
    async fn error_code(&self) -> Option<OrderTransactionErrorCode> {
        self.t.error_code.as_deref().map(|c| named(c).unwrap_or(OrderTransactionErrorCode::GenericError))
    }
    async fn gateway(&self) -> Option<&str> {
        Some(&self.t.gateway)
    }
    async fn formatted_gateway(&self) -> Option<String> {
        Some(self.t.gateway.replace('_', " "))
    }
    async fn amount_set(&self) -> MoneyBag {
        bag(self.t.cents)
    }
    async fn created_at(&self) -> DateTime {
        DateTime::at(self.t.created_at)
    }
    async fn processed_at(&self) -> Option<DateTime> {
        self.t.processed_at.map(DateTime::at)
    }
    /// "for example the authorization of a capture", or the payment a refund went back to.
    async fn parent_transaction(&self) -> Option<OrderTransaction> {
        let id = self.t.parent_id?;
        let t = self.order.transactions.iter().find(|p| p.id == id)?.clone();
        Some(OrderTransaction { t, order: self.order.clone() })
    }
    async fn test(&self) -> bool {
        false
    }
}

#[derive(Clone)]
pub struct Refund {
    pub refund: orders::Refund,
    pub order: Arc<orders::Order>,
}

#[derive(SimpleObject, Clone)]
pub struct RefundLineItem {
    line_item: LineItem,
    quantity: i64,
    restock_type: RefundLineItemRestockType,
    restocked: bool,
    price_set: MoneyBag,
    subtotal_set: MoneyBag,
    total_tax_set: MoneyBag,
}

fn refund_lines(o: &orders::Order, lines: &[(i64, i64)]) -> Vec<RefundLineItem> {
    let shipped = !o.fulfillments.is_empty();
    lines
        .iter()
        .filter_map(|(id, q)| {
            let l = o.lines.iter().find(|l| l.id == *id)?;
            Some(RefundLineItem {
                line_item: LineItem(l.clone(), if shipped { l.quantity } else { 0 }),
                quantity: *q,
                restock_type: if shipped {
                    RefundLineItemRestockType::Return
                } else {
                    RefundLineItemRestockType::Cancel
                },
                restocked: false,
                price_set: bag(l.unit_cents),
                subtotal_set: bag(l.unit_cents * q),
                total_tax_set: bag(0),
            })
        })
        .collect()
}

#[Object]
impl Refund {
    async fn id(&self) -> ID {
        gid("Refund", self.refund.id)
    }
    async fn created_at(&self) -> Option<DateTime> {
        Some(DateTime::at(self.refund.created_at))
    }
    async fn updated_at(&self) -> DateTime {
        DateTime::at(self.refund.created_at)
    }
    async fn processed_at(&self) -> DateTime {
        DateTime::at(self.refund.created_at)
    }
    async fn note(&self) -> Option<&str> {
        self.refund.note.as_deref()
    }
    async fn total_refunded_set(&self) -> MoneyBag {
        bag(self.refund.cents)
    }
    async fn refund_line_items(&self, first: Option<i32>) -> Vec<RefundLineItem> {
        let n = first.map_or(usize::MAX, |n| n.max(0) as usize);
        refund_lines(&self.order, &self.refund.lines).into_iter().take(n).collect()
    }
}

#[derive(SimpleObject, Clone)]
pub struct ShippingRefund {
    amount_set: MoneyBag,
    maximum_refundable_set: MoneyBag,
    tax_set: MoneyBag,
}

#[derive(SimpleObject, Clone)]
pub struct SuggestedOrderTransaction {
    kind: SuggestedOrderTransactionKind,
    gateway: Option<String>,
    amount_set: MoneyBag,
    maximum_refundable_set: Option<MoneyBag>,
    parent_transaction: Option<OrderTransaction>,
}

pub struct SuggestedRefund {
    pub order: Arc<orders::Order>,
    pub s: actions::Suggestion,
}

#[Object]
impl SuggestedRefund {
    async fn amount_set(&self) -> MoneyBag {
        bag(self.s.amount_cents)
    }
    async fn subtotal_set(&self) -> MoneyBag {
        bag(self.s.subtotal_cents)
    }
    async fn total_tax_set(&self) -> MoneyBag {
        bag(0)
    }
    async fn maximum_refundable_set(&self) -> MoneyBag {
        bag(self.s.maximum_cents)
    }
    async fn refund_line_items(&self) -> Vec<RefundLineItem> {
        refund_lines(&self.order, &self.s.lines)
    }
    async fn shipping(&self) -> ShippingRefund {
        ShippingRefund {
            amount_set: bag(self.s.shipping_cents),
            maximum_refundable_set: bag(self.s.shipping_maximum_cents),
            tax_set: bag(0),
        }
    }
    async fn suggested_transactions(&self) -> Vec<SuggestedOrderTransaction> {
        let parent = self.order.transactions.iter().find(|t| t.kind == "SALE" && t.status == "SUCCESS");
        if self.s.amount_cents == 0 {
            return vec![];
        }
        vec![SuggestedOrderTransaction {
            kind: SuggestedOrderTransactionKind::SuggestedRefund,
            gateway: parent.map(|t| t.gateway.clone()),
            amount_set: bag(self.s.amount_cents),
            maximum_refundable_set: Some(bag(self.s.maximum_cents)),
            parent_transaction: parent.map(|t| OrderTransaction { t: t.clone(), order: self.order.clone() }),
        }]
    }
}
