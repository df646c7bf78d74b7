//! Property tests (proptest, a bounded number of cases in `cargo test`): the sanitiser, the
//! HTML converter and the Zendesk response parsers never panic and never let a control
//! character through, whatever they are fed. For a long run:
//! `PROPTEST_CASES=100000 cargo test --release --test it fuzz::`.

use frontline_backend::zendesk::{decode_comments, decode_page};
use frontline_model::text::{html_to_text, sanitize, sanitize_line, truncate, width, wrap};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn clean(s: &str) -> bool {
    s.chars().all(|c| {
        c == '\n'
            || !(c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c))
    })
}

/// Strings rich in what hostile input uses.
fn nasty() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\u{1b}".to_string()),
        Just("\u{1b}[".to_string()),
        Just("\u{1b}]52;c;".to_string()),
        Just("\u{1b}\\".to_string()),
        Just("\u{7}".to_string()),
        Just("\u{9b}".to_string()),
        Just("\u{9d}".to_string()),
        Just("\u{202e}".to_string()),
        Just("\r".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("<a href='x'>".to_string()),
        Just("</p>".to_string()),
        Just("<script>".to_string()),
        Just("注".to_string()),
        Just("👩‍👧".to_string()),
        Just("e\u{301}".to_string()),
        "[ -~]{0,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        nasty().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("id".to_string()),
                        Just("subject".to_string()),
                        Just("status".to_string()),
                        Just("tags".to_string()),
                        Just("via".to_string()),
                        Just("body".to_string()),
                        Just("html_body".to_string()),
                        Just("author_id".to_string()),
                        Just("slas".to_string()),
                        Just("policy_metrics".to_string()),
                        Just("breach_at".to_string()),
                        "[a-z_]{1,10}"
                    ],
                    inner
                ),
                0..8
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sanitize_leaves_no_control_characters(s in nasty()) {
        let out = sanitize(&s);
        prop_assert!(clean(&out), "{out:?}");
        prop_assert_eq!(sanitize(&out), out.clone(), "idempotent");
        prop_assert!(!sanitize_line(&s).contains('\n'));
    }

    #[test]
    fn html_to_text_never_panics_or_leaks_controls(s in nasty()) {
        let out = html_to_text(&format!("<div><p>{s}</p><a href=\"{s}\">{s}</a></div>"));
        prop_assert!(clean(&out), "{out:?}");
        // an OSC 52 payload goes with its escape, in HTML as in text
        let osc = html_to_text(&format!("<p>{s}\u{1b}]52;c;cm0gLXJmIH4K\u{7}</p>"));
        prop_assert!(!osc.contains("cm0gLXJmIH4K"), "{osc:?}");
    }

    #[test]
    fn wrap_and_truncate_respect_the_width(s in nasty(), w in 2usize..60) {
        let s = sanitize(&s);
        for line in wrap(&s, w) {
            prop_assert!(width(&line) <= w, "{line:?} wider than {w}");
        }
        prop_assert!(width(&truncate(&sanitize_line(&s), w)) <= w);
    }

    #[test]
    fn response_parsers_take_anything(tickets in prop::collection::vec(json_value(), 0..6), extra in json_value()) {
        let page = decode_page(serde_json::json!({"tickets": tickets.clone(), "users": tickets.clone(), "meta": extra.clone(), "links": extra.clone()}));
        for t in &page.tickets {
            prop_assert!(clean(&t.subject) && t.tags.iter().all(|x| clean(x)));
        }
        let c = decode_comments(serde_json::json!({"comments": tickets, "users": extra}));
        for msg in &c.messages {
            prop_assert!(clean(&msg.body));
        }
        let _ = decode_page(extra);
    }
}

/// Texts an agent really writes, in pieces that a display sanitiser would change.
fn reply_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("Thanks".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("  \n".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{200c}".to_string()),
        Just("\u{200f}".to_string()),
        Just("\u{feff}".to_string()),
        Just("<b>".to_string()),
        Just("&amp;".to_string()),
        Just("سفارش".to_string()),
        Just("注文".to_string()),
    ];
    proptest::collection::vec(pieces, 1..20).prop_map(|v| v.concat())
}

proptest! {
    /// "Did it already arrive?" recognises a write's own text as the helpdesk stored it, line
    /// endings and trailing spaces aside, and tells apart texts that differ in anything else —
    /// zero-width and bidi characters included, which the display sanitiser would remove.
    #[test]
    fn a_writes_text_is_recognised_exactly(body in reply_text(), other in reply_text()) {
        use frontline_model::body_fingerprint as fp;
        let stored = body.replace("\r\n", "\n");
        let conv = decode_comments(serde_json::json!({"comments": [
            {"id": 1, "author_id": 7, "body": stored, "html_body": format!("<p>{body}</p>"), "public": true}
        ]}));
        prop_assert_eq!(conv.messages[0].fingerprint, fp(&body), "the same text, as stored");
        let trimmed: Vec<&str> = body.lines().map(str::trim_end).collect();
        prop_assert_eq!(fp(&trimmed.join("\n")), fp(&body), "trailing spaces and CRLF do not matter");
        let norm = |s: &str| s.replace('\r', "").lines().map(str::trim_end).collect::<Vec<_>>().join("\n").trim_matches('\n').to_string();
        if norm(&body) != norm(&other) {
            prop_assert_ne!(fp(&body), fp(&other), "different texts: {:?} vs {:?}", body, other);
        }
    }
}
