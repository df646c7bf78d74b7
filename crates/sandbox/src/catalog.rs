//! The seeded helpdesk's views (saved searches agents work from) and macros (canned replies
//! with placeholders and actions).

use super::seed::GROUP_BASE;
use rusqlite::{Connection, params};

pub fn seed_views(conn: &Connection, now: i64) -> rusqlite::Result<()> {
    let views = [
        ("Unassigned", "status<solved assignee:none", "created_at", "asc"),
        ("My open tickets", "status<solved assignee:me", "updated_at", "desc"),
        ("Urgent", "status<solved priority:urgent", "created_at", "asc"),
        ("Pending", "status:pending", "updated_at", "desc"),
        ("All open", "status<solved", "updated_at", "desc"),
        ("Recently solved", "status:solved", "updated_at", "desc"),
        ("Billing", "status<solved group:Billing", "updated_at", "desc"),
        ("Returns & logistics", "status<solved group:Returns", "updated_at", "desc"),
    ];
    for (i, (title, q, sort, order)) in views.iter().enumerate() {
        conn.execute("INSERT INTO views(id, title, query, sort_by, sort_order, position, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7)",
            params![401 + i as i64, title, q, sort, order, i as i64 + 1, now - 86_400 * 200])?;
    }
    Ok(())
}

pub fn seed_macros(conn: &Connection, now: i64) -> rusqlite::Result<()> {
    let tier2 = GROUP_BASE + 2;
    let macros: Vec<(&str, &str, serde_json::Value)> = vec![
        (
            "Order status: tracking sent",
            "Share the tracking link and set pending",
            serde_json::json!([
            {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\nthanks for getting in touch about order {{order.name}}. Your parcel is with {{order.carrier}}, tracking number {{order.tracking_number}}, expected by {{order.estimated_delivery}}. You can follow it here: {{order.tracking_url}}\n\nBest,\n{{current_user.name}}"},
            {"field": "comment_mode_is_public", "value": "true"}, {"field": "status", "value": "pending"}]),
        ),
        (
            "Returns: return opened",
            "Open the return and tell the customer\nshop: return",
            serde_json::json!([
            {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\nI've opened return {{return.name}} for you: the shop e-mails you how to send the parcel back. Once it is back with us your refund takes 3-5 working days.\n\n{{current_user.name}}"},
            {"field": "status", "value": "pending"}, {"field": "current_tags", "value": "return_opened"}, {"field": "group_id", "value": (GROUP_BASE + 4).to_string()}]),
        ),
        (
            "Refund processed",
            "Refund and confirm, then solve\nshop: refund",
            serde_json::json!([
            {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\nyour refund has been processed today; depending on your bank it shows within 3-5 working days.\n\nKind regards,\n{{current_user.name}}"},
            {"field": "status", "value": "solved"}, {"field": "current_tags", "value": "refund_done"}]),
        ),
        (
            "Wrong size: exchange",
            // a `shop:` line is a step the console does in the shop before the text goes out
            "Set up a size exchange\nshop: return exchange",
            serde_json::json!([
            {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\nno problem: I've opened return {{return.name}} with an exchange for your new size. The shop e-mails you how to send the item back; your new size ships as soon as the carrier scans the parcel.\n\n{{current_user.name}}"},
            {"field": "status", "value": "pending"}, {"field": "current_tags", "value": "exchange"}]),
        ),
        (
            "Payment: authorisation hold",
            "Explain pending card holds",
            serde_json::json!([
            {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\nthe amounts you see are authorisation holds, not charges. Your bank releases them automatically within 5 working days.\n\n{{current_user.name}}"},
            {"field": "status", "value": "pending"}, {"field": "group_id", "value": (GROUP_BASE + 3).to_string()}]),
        ),
        (
            "Discount code: new code",
            "Send a working one-time code\nshop: discount 15% 30d",
            serde_json::json!([
            {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\nsorry about that! The code excludes sale items. Here is a one-time code for your whole basket, 15% off for the next 30 days: {{discount.code}}.\n\n{{current_user.name}}"},
            {"field": "status", "value": "solved"}]),
        ),
        (
            "Login: account invite",
            "Send the shop's account invite\nshop: invite",
            serde_json::json!([
            {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\nyour account was never activated, which is why the login fails. I've had the shop e-mail {{ticket.requester.email}} an invite: the link in it activates the account and lets you choose a password.\n\n{{current_user.name}}"},
            {"field": "status", "value": "pending"}]),
        ),
        (
            "Damaged item: ask for photos",
            "Ask for photos of the damage",
            serde_json::json!([
            {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\nI'm sorry your order arrived damaged. Could you reply with a photo of the item and the box? Then I'll send a replacement straight away.\n\n{{current_user.name}}"},
            {"field": "status", "value": "pending"}, {"field": "priority", "value": "high"}]),
        ),
        (
            "Escalate to Tier 2",
            "Internal note and hand-over to Tier 2",
            serde_json::json!([
            {"field": "comment_value", "value": "Escalated by {{current_user.name}}: needs Tier 2 (ticket #{{ticket.id}}, {{ticket.subject}})."},
            {"field": "comment_mode_is_public", "value": "false"}, {"field": "group_id", "value": tier2.to_string()},
            {"field": "priority", "value": "high"}, {"field": "current_tags", "value": "escalated"}]),
        ),
        (
            "Take it",
            "Assign to me and open",
            serde_json::json!([
            {"field": "assignee_id", "value": "current_user"}, {"field": "status", "value": "open"}]),
        ),
        (
            "Close: no response",
            "Solve after no reply from the customer",
            serde_json::json!([
            {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\nwe haven't heard back, so I'm closing this for now. Just reply to this e-mail and it reopens.\n\n{{current_user.name}}"},
            {"field": "status", "value": "solved"}]),
        ),
        (
            "Billing: invoice copy",
            "Point to the VAT invoice",
            serde_json::json!([
            {"field": "comment_value", "value": "Dear {{ticket.requester.name}},\n\nthe VAT invoice is attached to your account under Orders > Documents.\n\nKind regards,\n{{current_user.name}}, Northwind Outfitters"},
            {"field": "status", "value": "solved"}, {"field": "group_id", "value": (GROUP_BASE + 3).to_string()}]),
        ),
    ];
    for (i, (title, desc, actions)) in macros.iter().enumerate() {
        conn.execute("INSERT INTO macros(id, title, description, actions, position, created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?6)",
            params![501 + i as i64, title, desc, actions.to_string(), i as i64 + 1, now - 86_400 * 100])?;
    }
    Ok(())
}
