//! The sandbox's shop speaks Shopify's GraphQL Admin API (2026-01): orders by e-mail with
//! fulfilments and tracking, cursors, search syntax, one order by name, cancel as a job,
//! idempotent refunds, query cost with a leaky bucket (THROTTLED), 401 and ACCESS_DENIED.

use frontline_sandbox::{self as sandbox, SandboxHandle, SandboxOptions};
use serde_json::{Value, json};

/// A sandbox on a clock the test moves: when a call is THROTTLED the helpers move time on
/// by what the bucket needs to refill, as a client would wait, without waiting.
struct Shop {
    sb: SandboxHandle,
    clock: std::sync::Arc<frontline_clock::FixedClock>,
}

impl std::ops::Deref for Shop {
    type Target = SandboxHandle;
    fn deref(&self) -> &SandboxHandle {
        &self.sb
    }
}

async fn start(opts: SandboxOptions) -> Shop {
    let clock = frontline_clock::FixedClock::at(1_780_000_000);
    let sb = sandbox::start(SandboxOptions { token: Some("secret-token".into()), clock: clock.clone(), ..opts })
        .await
        .expect("sandbox starts");
    Shop { sb, clock }
}

fn endpoint(sb: &SandboxHandle) -> String {
    format!("{}/admin/api/2026-01/graphql.json", sb.shop_url)
}

async fn call_as(sb: &SandboxHandle, token: &str, query: &str, variables: Value) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(endpoint(sb))
        .header("X-Shopify-Access-Token", token)
        .json(&json!({"query": query, "variables": variables}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    (status, r.json().await.unwrap())
}

/// A call with the full token that, when THROTTLED, moves the clock on by the time the
/// bucket needs and calls again.
async fn call(shop: &Shop, query: &str, variables: Value) -> (u16, Value) {
    let (status, body) = call_as(shop, &shop.shop_token, query, variables.clone()).await;
    if body["errors"][0]["extensions"]["code"] != "THROTTLED" {
        return (status, body);
    }
    let cost = &body["extensions"]["cost"];
    let missing =
        cost["requestedQueryCost"].as_f64().unwrap() - cost["throttleStatus"]["currentlyAvailable"].as_f64().unwrap();
    shop.clock.advance((missing / cost["throttleStatus"]["restoreRate"].as_f64().unwrap()).ceil() as i64 + 1);
    call_as(shop, &shop.shop_token, query, variables).await
}

async fn gql(shop: &Shop, query: &str, variables: Value) -> Value {
    let (status, body) = call(shop, query, variables).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "no errors expected: {body}");
    body
}

const ORDER_FIELDS: &str = "id name createdAt cancelledAt displayFinancialStatus displayFulfillmentStatus email
    currentTotalPriceSet { shopMoney { amount currencyCode } }
    lineItems(first: 5) { nodes { id title quantity refundableQuantity originalUnitPriceSet { shopMoney { amount } } } }
    fulfillments(first: 5) { displayStatus estimatedDeliveryAt deliveredAt trackingInfo(first: 3) { company number url } }
    refunds(first: 5) { id totalRefundedSet { shopMoney { amount } } }
    transactions(first: 5) { kind status amountSet { shopMoney { amount } } }";

/// Every order in the shop, newest first (paged through, 10 at a time: a page of these
/// fields costs about 860 points of the 1000 a call may cost).
async fn all_orders(sb: &Shop) -> Vec<Value> {
    let q = format!(
        "query($after: String) {{ orders(first: 10, after: $after, sortKey: CREATED_AT, reverse: true) {{ pageInfo {{ hasNextPage endCursor }} nodes {{ {ORDER_FIELDS} }} }} }}"
    );
    let (mut out, mut after) = (Vec::new(), Value::Null);
    loop {
        let body = gql(sb, &q, json!({"after": after})).await;
        let page = &body["data"]["orders"];
        out.extend(page["nodes"].as_array().unwrap().iter().cloned());
        if !page["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            return out;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

#[tokio::test]
async fn a_wrong_token_is_401_and_a_body_without_query_is_400() {
    let sb = start(SandboxOptions::default()).await;
    let (status, body) = call_as(&sb, "shpat_wrong", "{ orders(first: 1) { nodes { id } } }", Value::Null).await;
    assert_eq!((status, body["errors"].as_str().unwrap().contains("Invalid API key or access token")), (401, true));
    let r = reqwest::Client::new()
        .post(endpoint(&sb))
        .header("X-Shopify-Access-Token", &sb.shop_token)
        .json(&json!({"variables": {}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"errors": {"query": "Required parameter missing or invalid"}}));
    // the helpdesk's token is not the shop's
    let (status, _) = call_as(&sb, &sb.token, "{ orders(first: 1) { nodes { id } } }", Value::Null).await;
    assert_eq!(status, 401);
    sb.sb.stop().await;
}

#[tokio::test]
async fn a_customers_orders_by_email_with_tracking_and_cost() {
    let sb = start(SandboxOptions::default()).await;
    let orders = all_orders(&sb).await;
    let shipping = orders
        .iter()
        .find(|o| {
            o["fulfillments"][0]["displayStatus"] == "IN_TRANSIT" || o["fulfillments"][0]["displayStatus"] == "DELAYED"
        })
        .expect("some order is on its way");
    let email = shipping["email"].as_str().unwrap();
    let q = format!(
        "query($q: String!) {{ orders(first: 10, query: $q, sortKey: CREATED_AT, reverse: true) {{ edges {{ cursor node {{ {ORDER_FIELDS} customer {{ displayName defaultEmailAddress {{ emailAddress }} numberOfOrders amountSpent {{ amount currencyCode }} }} }} }} }} }}"
    );
    let body = gql(&sb, &q, json!({"q": format!("email:\"{email}\"")})).await;
    let edges = body["data"]["orders"]["edges"].as_array().unwrap();
    assert!(edges.iter().all(|e| e["node"]["email"] == email), "only that customer's orders");
    let mine = edges.iter().find(|e| e["node"]["id"] == shipping["id"]).expect("the shipping order is among them");
    let tracking = &mine["node"]["fulfillments"][0]["trackingInfo"][0];
    assert!(tracking["company"].is_string() && tracking["number"].is_string());
    assert!(tracking["url"].as_str().unwrap().starts_with("https://"), "{tracking}");
    assert!(mine["node"]["id"].as_str().unwrap().starts_with("gid://shopify/Order/"));
    assert!(mine["node"]["name"].as_str().unwrap().starts_with("#NW"));
    let amount = mine["node"]["currentTotalPriceSet"]["shopMoney"]["amount"].as_str().expect("money is a string");
    assert!(amount.parse::<f64>().unwrap() > 0.0);
    let customer = &mine["node"]["customer"];
    assert_eq!(customer["defaultEmailAddress"]["emailAddress"], email);
    assert_eq!(
        customer["numberOfOrders"].as_str().unwrap().parse::<usize>().unwrap(),
        orders.iter().filter(|o| o["email"] == email).count()
    );
    // newest first
    let dates: Vec<&str> = edges.iter().map(|e| e["node"]["createdAt"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let cost = &body["extensions"]["cost"];
    assert!(cost["requestedQueryCost"].as_u64().unwrap() > 10, "{cost}");
    assert!(cost["actualQueryCost"].as_u64().unwrap() <= cost["requestedQueryCost"].as_u64().unwrap());
    assert_eq!(cost["throttleStatus"]["maximumAvailable"], 1000.0);
    sb.sb.stop().await;
}

#[tokio::test]
async fn cursors_page_forward_and_back_without_gaps() {
    let sb = start(SandboxOptions::default()).await;
    let q = "query($first: Int, $after: String, $last: Int, $before: String) { orders(first: $first, after: $after, last: $last, before: $before, sortKey: ORDER_NUMBER) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { name } } }";
    let everything = gql(&sb, q, json!({"first": 250})).await["data"]["orders"]["nodes"].as_array().unwrap().clone();
    assert!(everything.len() > 20, "the seeded shop has orders: {}", everything.len());
    let (mut seen, mut after, mut pages) = (Vec::new(), Value::Null, 0);
    loop {
        let page = gql(&sb, q, json!({"first": 7, "after": after})).await["data"]["orders"].clone();
        seen.extend(page["nodes"].as_array().unwrap().iter().cloned());
        pages += 1;
        assert_eq!(page["pageInfo"]["hasPreviousPage"], pages > 1);
        if page["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen[..everything.len()], everything[..], "paging by 7 sees the orders in the same order");
    let mut names: Vec<&str> = seen.iter().map(|o| o["name"].as_str().unwrap()).collect();
    names.dedup();
    assert_eq!(names.len(), seen.len(), "and each once");
    let tail = gql(&sb, q, json!({"last": 3})).await["data"]["orders"].clone();
    assert_eq!(tail["nodes"].as_array().unwrap()[..], seen[seen.len() - 3..]);
    assert_eq!(
        (tail["pageInfo"]["hasNextPage"].as_bool(), tail["pageInfo"]["hasPreviousPage"].as_bool()),
        (Some(false), Some(true))
    );
    let before =
        gql(&sb, q, json!({"last": 2, "before": tail["pageInfo"]["startCursor"]})).await["data"]["orders"]["nodes"]
            .clone();
    assert_eq!(before.as_array().unwrap()[..], seen[seen.len() - 5..seen.len() - 3]);
    let (_, bad) = call(&sb, "{ orders(first: 251) { nodes { id } } }", Value::Null).await;
    assert!(bad["errors"][0]["message"].as_str().unwrap().contains("between 0 and 250"), "{bad}");
    sb.sb.stop().await;
}

#[tokio::test]
async fn search_syntax_finds_by_name_status_and_date() {
    let sb = start(SandboxOptions::default()).await;
    let orders = all_orders(&sb).await;
    let target = &orders[orders.len() / 2];
    let name = target["name"].as_str().unwrap();
    let q = "query($q: String!) { orders(first: 250, query: $q) { nodes { name email displayFinancialStatus displayFulfillmentStatus createdAt } } }";
    let found = gql(&sb, q, json!({"q": format!("name:'{name}'")})).await;
    assert_eq!(found["data"]["orders"]["nodes"].as_array().unwrap().len(), 1);
    assert_eq!(found["data"]["orders"]["nodes"][0]["name"], name);
    let without_hash = gql(&sb, q, json!({"q": format!("name:{}", &name[1..])})).await;
    assert_eq!(without_hash["data"]["orders"]["nodes"][0]["name"], name);

    for (query, field, want) in [
        ("financial_status:paid", "displayFinancialStatus", "PAID"),
        ("fulfillment_status:unfulfilled", "displayFulfillmentStatus", "UNFULFILLED"),
    ] {
        let hits = gql(&sb, q, json!({"q": query})).await["data"]["orders"]["nodes"].as_array().unwrap().clone();
        assert!(!hits.is_empty(), "{query} finds some");
        assert!(hits.iter().all(|o| o[field] == want), "{query}");
        let not =
            gql(&sb, q, json!({"q": format!("-{query}")})).await["data"]["orders"]["nodes"].as_array().unwrap().clone();
        assert!(not.iter().all(|o| o[field] != want), "-{query}");
    }
    let day = &target["createdAt"].as_str().unwrap()[..10];
    let later =
        gql(&sb, q, json!({"q": format!("created_at:>'{day}' email:\"{}\"", target["email"].as_str().unwrap())})).await;
    for o in later["data"]["orders"]["nodes"].as_array().unwrap() {
        assert!(o["createdAt"].as_str().unwrap() > day);
        assert_eq!(o["email"], target["email"]);
    }
    sb.sb.stop().await;
}

const REFUND: &str = "mutation($input: RefundInput!) { refundCreate(input: $input) @idempotent(key: \"KEY\") { refund { id totalRefundedSet { shopMoney { amount } } } order { displayFinancialStatus refunds(first: 10) { id } } userErrors { field message } } }";

/// A delivered, paid order with nothing refunded yet whose first line is one item, and that line.
fn refundable(orders: &[Value]) -> (&Value, &Value) {
    let o = orders
        .iter()
        .find(|o| {
            o["displayFinancialStatus"] == "PAID"
                && o["fulfillments"][0]["displayStatus"] == "DELIVERED"
                && o["lineItems"]["nodes"][0]["quantity"] == 1
        })
        .expect("a delivered, paid order of one item on its first line");
    (o, &o["lineItems"]["nodes"][0])
}

#[tokio::test]
async fn the_same_idempotency_key_refunds_once() {
    let sb = start(SandboxOptions::default()).await;
    let orders = all_orders(&sb).await;
    let (order, line) = refundable(&orders);
    let input = json!({"orderId": order["id"], "note": "damaged", "refundLineItems": [{"lineItemId": line["id"], "quantity": 1}]});
    let q = REFUND.replace("KEY", "7b1d6c1e-0f4e-4d1c-9a55-0d2b7a1c0001");
    let first = gql(&sb, &q, json!({"input": input})).await;
    let second = gql(&sb, &q, json!({"input": input})).await;
    let (a, b) = (&first["data"]["refundCreate"], &second["data"]["refundCreate"]);
    assert_eq!(a["userErrors"], json!([]));
    assert_eq!(a["refund"]["id"], b["refund"]["id"], "the retry answers with the same refund");
    assert_eq!(b["order"]["refunds"].as_array().unwrap().len(), 1, "one refund made");
    assert_eq!(
        a["refund"]["totalRefundedSet"]["shopMoney"]["amount"],
        line["originalUnitPriceSet"]["shopMoney"]["amount"]
    );
    let whole =
        order["currentTotalPriceSet"]["shopMoney"]["amount"] == line["originalUnitPriceSet"]["shopMoney"]["amount"];
    assert_eq!(b["order"]["displayFinancialStatus"], if whole { "REFUNDED" } else { "PARTIALLY_REFUNDED" });
    // the same key with other input is refused, not applied
    let other = json!({"input": {"orderId": order["id"], "shipping": {"fullRefund": true}}});
    let clash = gql(&sb, &q, other).await;
    assert!(
        clash["data"]["refundCreate"]["userErrors"][0]["message"].as_str().unwrap().contains("different parameters")
    );
    // a refund beyond what is left is a user error in words
    let again = gql(&sb, &REFUND.replace("KEY", "another-key"), json!({"input": input})).await;
    let msg = again["data"]["refundCreate"]["userErrors"][0]["message"].as_str().unwrap().to_string();
    if line["quantity"] == 1 {
        assert!(msg.contains("more items than were purchased"), "{msg}");
    }
    sb.sb.stop().await;
}

#[tokio::test]
async fn a_read_only_token_cannot_refund_or_cancel() {
    let sb = start(SandboxOptions::default()).await;
    let orders = all_orders(&sb).await;
    let (order, line) = refundable(&orders);
    let input = json!({"orderId": order["id"], "refundLineItems": [{"lineItemId": line["id"], "quantity": 1}]});
    let (status, body) = call_as(&sb, &sb.shop_read_token, &REFUND.replace("KEY", "k1"), json!({"input": input})).await;
    assert_eq!(status, 200);
    assert_eq!(body["errors"][0]["extensions"]["code"], "ACCESS_DENIED", "{body}");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("write_orders"));
    let (_, read) = call_as(&sb, &sb.shop_read_token, "{ orders(first: 1) { nodes { id } } }", Value::Null).await;
    assert!(read["errors"].is_null(), "reading is allowed: {read}");
    let after = gql(&sb, "query($id: ID!) { order(id: $id) { refunds { id } } }", json!({"id": order["id"]})).await;
    assert_eq!(after["data"]["order"]["refunds"], json!([]), "nothing refunded");
    sb.sb.stop().await;
}

#[tokio::test]
async fn cancel_runs_as_a_job_and_refuses_twice() {
    let sb = start(SandboxOptions::default()).await;
    let orders = all_orders(&sb).await;
    let open = orders
        .iter()
        .find(|o| o["displayFulfillmentStatus"] == "UNFULFILLED" && o["cancelledAt"].is_null())
        .expect("an unshipped order");
    let cancel = "mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, restock: true, notifyCustomer: true, refundMethod: {originalPaymentMethodsRefund: true}, staffNote: \"asked by chat\") { job { id done } orderCancelUserErrors { field message code } } }";
    let body = gql(&sb, cancel, json!({"id": open["id"]})).await;
    let job = body["data"]["orderCancel"]["job"]["id"].as_str().expect("a job").to_string();
    assert!(job.starts_with("gid://shopify/Job/"));
    // wait for the job, as a client would: poll it
    let mut polls = 0;
    while gql(&sb, "query($id: ID!) { job(id: $id) { done } }", json!({"id": job})).await["data"]["job"]["done"] != true
    {
        polls += 1;
        assert!(polls < 1000, "the cancel job never finished");
        tokio::task::yield_now().await;
    }
    let q = "query($id: ID!) { order(id: $id) { cancelledAt cancelReason cancellation { staffNote } displayFinancialStatus } }";
    let after = gql(&sb, q, json!({"id": open["id"]})).await;
    let o = &after["data"]["order"];
    assert!(o["cancelledAt"].is_string());
    assert_eq!(
        (o["cancelReason"].as_str(), o["cancellation"]["staffNote"].as_str()),
        (Some("CUSTOMER"), Some("asked by chat"))
    );
    assert_eq!(o["displayFinancialStatus"], "REFUNDED");
    let twice = gql(&sb, cancel, json!({"id": open["id"]})).await;
    let err = &twice["data"]["orderCancel"]["orderCancelUserErrors"][0];
    assert_eq!(
        (err["message"].as_str(), err["code"].as_str()),
        (Some("Order has already been cancelled."), Some("INVALID"))
    );
    assert!(twice["data"]["orderCancel"]["job"].is_null());
    let shipped = orders.iter().find(|o| o["displayFulfillmentStatus"] == "FULFILLED").unwrap();
    let refused = gql(&sb, cancel, json!({"id": shipped["id"]})).await;
    assert!(
        refused["data"]["orderCancel"]["orderCancelUserErrors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("fulfillments")
    );
    sb.sb.stop().await;
}

#[tokio::test]
async fn suggested_refund_works_out_the_amounts() {
    let sb = start(SandboxOptions::default()).await;
    let orders = all_orders(&sb).await;
    let (order, line) = refundable(&orders);
    let q = "query($id: ID!, $lines: [RefundLineItemInput!]) { order(id: $id) { suggestedRefund(refundLineItems: $lines, refundShipping: true) { amountSet { shopMoney { amount } } subtotalSet { shopMoney { amount } } maximumRefundableSet { shopMoney { amount } } shipping { amountSet { shopMoney { amount } } } refundLineItems { quantity lineItem { id } } suggestedTransactions { kind gateway amountSet { shopMoney { amount } } parentTransaction { id } } } totalShippingPriceSet { shopMoney { amount } } } }";
    let body = gql(&sb, q, json!({"id": order["id"], "lines": [{"lineItemId": line["id"], "quantity": 99}]})).await;
    let s = &body["data"]["order"]["suggestedRefund"];
    let cents = |v: &Value| (v.as_str().unwrap().parse::<f64>().unwrap() * 100.0).round() as i64;
    let unit = cents(&line["originalUnitPriceSet"]["shopMoney"]["amount"]);
    let quantity = line["refundableQuantity"].as_i64().unwrap();
    assert_eq!(s["refundLineItems"][0]["quantity"].as_i64(), Some(quantity), "capped at what can be refunded");
    assert_eq!(cents(&s["subtotalSet"]["shopMoney"]["amount"]), unit * quantity);
    let shipping = cents(&body["data"]["order"]["totalShippingPriceSet"]["shopMoney"]["amount"]);
    assert_eq!(cents(&s["shipping"]["amountSet"]["shopMoney"]["amount"]), shipping);
    assert_eq!(cents(&s["amountSet"]["shopMoney"]["amount"]), unit * quantity + shipping);
    assert_eq!(s["suggestedTransactions"][0]["kind"], "SUGGESTED_REFUND");
    assert!(
        s["suggestedTransactions"][0]["parentTransaction"]["id"]
            .as_str()
            .unwrap()
            .starts_with("gid://shopify/OrderTransaction/")
    );
    sb.sb.stop().await;
}

#[tokio::test]
async fn a_drained_bucket_is_throttled_and_a_huge_query_refused() {
    // the clock does not move unless the test moves it: the bucket does not refill meanwhile
    let sb = start(SandboxOptions::default()).await;
    let huge = "{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }";
    let (_, body) = call_as(&sb, &sb.shop_token, huge, Value::Null).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "MAX_COST_EXCEEDED", "{body}");
    // each call asks for 2 + 100 * (1 + 2 + 3) = 602 points: the second finds too few left
    let dear = "{ orders(first: 100) { nodes { lineItems(first: 3) { nodes { id } } } } }";
    let mut calls = 0;
    let throttled = loop {
        let (status, body) = call_as(&sb, &sb.shop_token, dear, Value::Null).await;
        assert_eq!(status, 200);
        calls += 1;
        if body["errors"][0]["extensions"]["code"] == "THROTTLED" {
            break body;
        }
        assert!(calls < 50, "never throttled: {body}");
    };
    assert!(throttled.get("data").is_none_or(Value::is_null));
    let cost = &throttled["extensions"]["cost"];
    assert_eq!(cost["requestedQueryCost"], 602);
    assert!(cost["actualQueryCost"].is_null());
    assert!(cost["throttleStatus"]["currentlyAvailable"].as_u64().unwrap() < 602);
    // another token has its own bucket; time refills this one
    let (_, other) = call_as(&sb, &sb.shop_read_token, dear, Value::Null).await;
    assert!(other["errors"].is_null(), "{other}");
    sb.clock.advance(20);
    let (_, later) = call_as(&sb, &sb.shop_token, dear, Value::Null).await;
    assert!(later["errors"].is_null(), "refilled after 20 s: {later}");
    sb.sb.stop().await;
}

/// The console's one query per customer (their 10 newest orders and the one the ticket names,
/// with payments, and the customer) fits the shop's bucket with room to spare: what it asks is measured here.
#[tokio::test]
async fn the_consoles_orders_query_costs_what_its_comment_says() {
    let sb = sandbox::start(SandboxOptions { tickets: 40, ..Default::default() }).await.unwrap();
    let q = "email:\"nobody@example.com\"";
    let vars = json!({"q": q, "first": 10, "named": "name:'#NW1'", "withNamed": true, "cq": q, "withCustomer": true});
    let answer = crate::support::shop_gql(&sb, &frontline_shop::shopify::orders_query(), vars).await;
    let asked = answer["extensions"]["cost"]["requestedQueryCost"].as_u64().unwrap();
    assert_eq!(asked, 659, "{answer}");
    sb.stop().await;
}
