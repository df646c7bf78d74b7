//! The adapter against a mock shop: the answer mapped, errors in words without the token,
//! THROTTLED waited out once.

use super::*;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn node(name: &str, created: &str) -> Value {
    json!({
        "id": format!("gid://shopify/Order/{}", &name[3..]), "name": name, "createdAt": created, "cancelledAt": null,
        "displayFinancialStatus": "PAID", "displayFulfillmentStatus": "FULFILLED",
        "currentTotalPriceSet": {"shopMoney": {"amount": "54.85", "currencyCode": "EUR"}},
        "totalRefundedSet": {"shopMoney": {"amount": "0.0", "currencyCode": "EUR"}},
        "lineItems": {"nodes": [{"id": "gid://shopify/LineItem/1", "title": "Rain jacket\u{1b}[31m", "variantTitle": "M", "quantity": 1, "refundableQuantity": 1,
            "originalUnitPriceSet": {"shopMoney": {"amount": "49.9", "currencyCode": "EUR"}}}]},
        "fulfillments": [{"displayStatus": "IN_TRANSIT", "estimatedDeliveryAt": "2026-12-02T10:00:00Z", "deliveredAt": null,
            "trackingInfo": [{"company": "DHL", "number": "DH0123456789", "url": "https://www.dhl.com/t?n=DH0123456789"}]}]
    })
}

async fn shop(answer: ResponseTemplate) -> (MockServer, Shopify) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/admin/api/2026-01/graphql.json"))
        .and(header("X-Shopify-Access-Token", "shpat_secret"))
        .respond_with(answer)
        .mount(&server)
        .await;
    let s = Shopify::new(&server.uri(), "shpat_secret", None).unwrap();
    (server, s)
}

#[tokio::test]
async fn orders_are_mapped_newest_first_with_the_named_one() {
    let mut in_dollars = node("#NW333333", "2026-11-25T10:00:00Z");
    in_dollars["presentmentCurrencyCode"] = json!("USD");
    let body = json!({"data": {
        "orders": {"nodes": [node("#NW222222", "2026-11-20T10:00:00Z"), in_dollars]},
        "named": {"nodes": [node("#NW111111", "2026-01-02T10:00:00Z")]}
    }});
    let (_server, s) = shop(ResponseTemplate::new(200).set_body_json(body)).await;
    let orders = s.orders("ana@example.com", Some("NW111111")).await.unwrap();
    let names: Vec<&str> = orders.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["#NW333333", "#NW222222", "#NW111111"]);
    let o = &orders[0];
    assert_eq!(
        (o.total.show(), o.items[0].title.as_str()),
        ("€54.85".to_string(), "Rain jacket"),
        "control sequences stripped"
    );
    assert_eq!(o.tracking_line().unwrap(), "DHL tracking number DH0123456789: https://www.dhl.com/t?n=DH0123456789");
    assert_eq!(s.requests(), 1, "one request for the list and the named order");
    // paid in dollars on a shop that counts in euros: the console does not refund it itself
    assert_eq!(o.paid_in.as_deref(), Some("USD"));
    let why = o.refund_refusal().expect("refused");
    assert!(why.starts_with("#NW333333 was paid in USD while the shop counts in EUR"), "{why}");
    assert_eq!(orders[1].refund_refusal(), None, "no presentment currency said: the shop's own");
}

#[tokio::test]
async fn errors_name_the_problem_and_never_the_token() {
    let cases = [
        (ResponseTemplate::new(401).set_body_json(json!({"errors": "[API] Invalid API key or access token"})), "refused the token"),
        (
            ResponseTemplate::new(200).set_body_json(json!({"errors": [{"message": "Access denied for orders field.", "extensions": {"code": "ACCESS_DENIED"}}]})),
            "read_orders",
        ),
        (ResponseTemplate::new(500).set_body_json(json!({"errors": "An unexpected error occurred"})), "answered 500: An unexpected error occurred"),
        (ResponseTemplate::new(200).set_body_string("<html>login</html>"), "not JSON"),
        // a server's words are shown without the terminal control sequences they may carry
        (ResponseTemplate::new(500).set_body_json(json!({"errors": "boom\u{1b}[2J\u{1b}]0;owned\u{7}"})), "answered 500: boom"),
    ];
    for (answer, words) in cases {
        let (_server, s) = shop(answer).await;
        let e = s.orders("ana@example.com", None).await.unwrap_err().to_string();
        assert!(e.contains(words), "{e}");
        assert!(!e.contains("shpat_secret"), "{e}");
        assert!(!e.contains('\u{1b}') && !e.contains('\u{7}'), "no control sequences: {e:?}");
    }
    let down = Shopify::new("http://127.0.0.1:9", "shpat_secret", None).unwrap();
    let e = down.orders("a@b.c", None).await.unwrap_err();
    assert!(matches!(e, ShopError::Network { .. }) && e.to_string().contains("127.0.0.1:9"), "{e}");
    assert!(Shopify::new("acme", "t", None).unwrap_err().to_string().contains("https://acme.myshopify.com"));
    assert!(Shopify::new("https://a.myshopify.com", "t", Some("latest")).unwrap_err().to_string().contains("2026-01"));
}

#[tokio::test]
async fn a_short_throttle_is_waited_out_once() {
    let throttled = json!({
        "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
        "extensions": {"cost": {"requestedQueryCost": 620, "actualQueryCost": null, "throttleStatus": {"maximumAvailable": 1000.0, "currentlyAvailable": 600, "restoreRate": 50.0}}}
    });
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(throttled.clone()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"orders": {"nodes": []}}})))
        .mount(&server)
        .await;
    let s = Shopify::new(&server.uri(), "t", None).unwrap();
    assert_eq!(s.orders("a@b.c", None).await.unwrap(), vec![]);
    assert_eq!(s.requests(), 2);
    // a long wait is reported, not sat out
    let long = json!({"errors": throttled["errors"], "extensions": {"cost": {"requestedQueryCost": 900, "throttleStatus": {"currentlyAvailable": 0, "restoreRate": 50.0}}}});
    let (_server, s) = shop(ResponseTemplate::new(200).set_body_json(long)).await;
    assert_eq!(s.orders("a@b.c", None).await.unwrap_err(), ShopError::Throttled { retry_after: 18 });
}

#[tokio::test]
async fn a_call_the_bucket_cannot_hold_waits_instead_of_being_refused() {
    let cost = |available: u32| {
        json!({"data": {"orders": {"nodes": []}},
        "extensions": {"cost": {"requestedQueryCost": 250, "actualQueryCost": 12, "throttleStatus": {"maximumAvailable": 1000.0, "currentlyAvailable": available, "restoreRate": 50.0}}}})
    };
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(cost(240)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(cost(0))).mount(&server).await;
    let s = Shopify::new(&server.uri(), "t", None).unwrap();
    s.orders("a@b.c", None).await.unwrap();
    let before = frontline_clock::monotonic();
    s.orders("b@b.c", None).await.unwrap();
    assert!(before.elapsed() >= std::time::Duration::from_millis(150), "10 points short at 50/s: it waited");
    assert_eq!(s.requests(), 2, "and was sent once, not refused first");
    // a known cost more than ten seconds' worth away is not sent at all
    s.budget.lock().unwrap().cost.insert(first_line(&wire::orders_query()).to_string(), 900.0);
    assert!(matches!(s.orders("c@b.c", None).await, Err(ShopError::Throttled { .. })));
    assert_eq!(s.requests(), 2, "not sent to be refused");
}

#[tokio::test]
async fn absurd_bucket_numbers_never_panic_and_waits_stay_capped() {
    // a restore rate of 1e-300 makes (cost − available) / rate infinite; NaN and negative
    // numbers come through JSON as strings Shopify never sends but a broken proxy might
    for (rate, available) in [(json!(1e-300), json!(0)), (json!(-5.0), json!(0)), (json!(1e-300), json!(-1e308))] {
        let answer = json!({"data": {"orders": {"nodes": []}},
            "extensions": {"cost": {"requestedQueryCost": 1000, "throttleStatus": {"maximumAvailable": 1000, "currentlyAvailable": available, "restoreRate": rate}}}});
        let (_server, s) = shop(ResponseTemplate::new(200).set_body_json(answer)).await;
        s.orders("a@b.c", None).await.unwrap();
        // the second orders query would have panicked in the wait before sending
        match s.orders("b@b.c", None).await {
            Ok(_) => {}
            Err(ShopError::Throttled { retry_after }) => assert!(retry_after <= 900, "capped: {retry_after}"),
            Err(e) => panic!("{e}"),
        }
    }
    let throttled = json!({"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
        "extensions": {"cost": {"requestedQueryCost": 1000, "throttleStatus": {"maximumAvailable": 1000, "currentlyAvailable": 0, "restoreRate": 1e-300}}}});
    let (_server, s) = shop(ResponseTemplate::new(200).set_body_json(throttled)).await;
    assert_eq!(s.orders("a@b.c", None).await.unwrap_err(), ShopError::Throttled { retry_after: 900 });
    assert_eq!(s.orders("a@b.c", None).await.unwrap_err(), ShopError::Throttled { retry_after: 900 }, "not sent");
    assert_eq!(s.requests(), 1);
    // the refusal forgot the absurd numbers: the next call goes out and learns them afresh
    let _ = s.orders("a@b.c", None).await;
    assert_eq!(s.requests(), 2, "one strange answer does not turn the shop off for the session");
}

#[tokio::test]
async fn a_code_taken_by_an_earlier_send_of_the_same_ask_counts_as_made() {
    use wiremock::matchers::body_string_contains;
    let server = MockServer::start().await;
    let taken = json!({"data": {"discountCodeBasicCreate": {"codeDiscountNode": null,
        "userErrors": [{"field": ["basicCodeDiscount", "code"], "message": "Code must be unique. Please try a different code.", "code": "TAKEN"}]}}});
    Mock::given(body_string_contains("FrontlineDiscountCreate"))
        .respond_with(ResponseTemplate::new(200).set_body_json(taken))
        .mount(&server)
        .await;
    let found = json!({"data": {"codeDiscountNodeByCode": {"id": "gid://shopify/DiscountCodeNode/1", "codeDiscount": {
        "__typename": "DiscountCodeBasic", "title": "t", "status": "ACTIVE", "summary": "15% off entire order",
        "usageLimit": 1, "asyncUsageCount": 0, "codes": {"nodes": [{"code": "SORRY-12-K3F9"}]}}}}});
    Mock::given(body_string_contains("FrontlineDiscount("))
        .respond_with(ResponseTemplate::new(200).set_body_json(found))
        .mount(&server)
        .await;
    let s = Shopify::new(&server.uri(), "shpat_secret", None).unwrap();
    let ask = frontline_model::DiscountAsk {
        code: "SORRY-12-K3F9".into(),
        title: "t".into(),
        value: frontline_model::DiscountValue::Percent(15),
        starts_at: 1_800_000_000,
        ends_at: None,
        customer_id: "gid://shopify/Customer/1".into(),
        customer: "ana@example.com".into(),
    };
    s.create_discount(&ask).await.expect("the code is there: made by an earlier send");
    assert_eq!(s.requests(), 2, "the create, then the look-up that found it");
    // a code taken by someone else's is not ours: the look-up finds none, the refusal stands
    let server = MockServer::start().await;
    let none = json!({"data": {"codeDiscountNodeByCode": null}});
    Mock::given(body_string_contains("FrontlineDiscountCreate"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": {"discountCodeBasicCreate": {"codeDiscountNode": null,
            "userErrors": [{"message": "Code must be unique. Please try a different code.", "code": "TAKEN"}]}}})),
        )
        .mount(&server)
        .await;
    Mock::given(body_string_contains("FrontlineDiscount("))
        .respond_with(ResponseTemplate::new(200).set_body_json(none))
        .mount(&server)
        .await;
    let s = Shopify::new(&server.uri(), "shpat_secret", None).unwrap();
    let err = s.create_discount(&ask).await.unwrap_err();
    assert!(err.to_string().contains("Code must be unique"), "{err}");
}
