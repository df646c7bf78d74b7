// Shopify's own Admin API client (@shopify/admin-api-client) against the sandbox shop.
// Run by tests/shopify_client.rs with SHOP_URL (http://127.0.0.1:PORT) and SHOP_TOKEN set.
// Prints one line per check ("ok <what>") and a last line of JSON facts; exits 1 on the
// first check that fails.
import { createAdminApiClient } from '@shopify/admin-api-client';
import { readFileSync } from 'node:fs';

// the console's own query texts (written by tests/it/shopify_client.rs), sent as they are
const Q = JSON.parse(readFileSync(process.env.CONSOLE_QUERIES, 'utf8'));
// every query text the console sends is sent here as it is: one left out fails the check below
const sent = new Set();
const Qs = Q;

const base = process.env.SHOP_URL;
const client = createAdminApiClient({
  storeDomain: new URL(base).host,
  apiVersion: '2026-01',
  accessToken: process.env.SHOP_TOKEN,
  // the client always builds https://host/admin/api/...; the sandbox speaks plain HTTP
  customFetchApi: (url, init) => fetch(url.replace(/^https:/, 'http:'), init),
});

function check(what, ok, detail) {
  if (!ok) {
    console.log(`FAILED ${what}: ${JSON.stringify(detail)}`);
    process.exit(1);
  }
  console.log(`ok ${what}`);
}

async function request(query, variables) {
  sent.add(query);
  let res = await client.request(query, { variables });
  // a drained bucket: wait as long as the shop says it needs to refill, as an app would
  for (let i = 0; i < 3 && res.errors?.graphQLErrors?.[0]?.extensions?.code === 'THROTTLED'; i++) {
    const cost = res.extensions?.cost;
    const need = (cost?.requestedQueryCost ?? 100) - (cost?.throttleStatus?.currentlyAvailable ?? 0);
    const seconds = Math.max(need, 1) / (cost?.throttleStatus?.restoreRate || 50);
    await new Promise((done) => setTimeout(done, Math.ceil(seconds * 1000) + 50));
    res = await client.request(query, { variables });
  }
  if (res.errors) {
    console.log(`FAILED request: ${JSON.stringify(res.errors)}`);
    process.exit(1);
  }
  return res;
}

// 1. a customer's orders by e-mail, with fulfilments and tracking
const shipped = await request(`query { orders(first: 1, query: "fulfillment_status:shipped", sortKey: CREATED_AT, reverse: true) { nodes { email } } }`);
const email = shipped.data.orders.nodes[0]?.email;
check('a shipped order exists', !!email, shipped.data);
const byEmail = await request(
  `query OrdersByEmail($q: String!, $first: Int!, $after: String) {
    orders(first: $first, after: $after, query: $q, sortKey: CREATED_AT, reverse: true) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node {
        id name createdAt displayFinancialStatus displayFulfillmentStatus
        currentTotalPriceSet { shopMoney { amount currencyCode } }
        customer { id displayName defaultEmailAddress { emailAddress } numberOfOrders }
        lineItems(first: 5) { nodes { id title quantity refundableQuantity originalUnitPriceSet { shopMoney { amount currencyCode } } } }
        fulfillments(first: 5) { id status displayStatus estimatedDeliveryAt deliveredAt trackingInfo(first: 3) { company number url } }
      } }
    }
  }`,
  { q: `email:"${email}"`, first: 10 },
);
const orders = byEmail.data.orders.edges.map((e) => e.node);
check('orders by e-mail are that customer\'s', orders.length > 0 && orders.every((o) => o.customer.defaultEmailAddress.emailAddress === email), orders.map((o) => o.customer));
const tracked = orders.find((o) => o.fulfillments.length > 0);
const tracking = tracked?.fulfillments[0].trackingInfo[0];
check('a fulfilment has a carrier, number and link', !!(tracking?.company && tracking?.number && tracking?.url?.startsWith('https://')), tracked);
check('the cost is reported', byEmail.extensions?.cost?.throttleStatus?.maximumAvailable > 0, byEmail.extensions);

// 2. page through every order with cursors
const names = [];
let after = null;
let pages = 0;
for (;;) {
  const page = await request(
    `query Page($after: String) { orders(first: 40, after: $after, sortKey: ORDER_NUMBER) { pageInfo { hasNextPage endCursor } nodes { name } } }`,
    { after },
  );
  pages += 1;
  names.push(...page.data.orders.nodes.map((o) => o.name));
  if (!page.data.orders.pageInfo.hasNextPage) break;
  after = page.data.orders.pageInfo.endCursor;
}
check('cursors page through every order once', pages > 1 && new Set(names).size === names.length, { pages, count: names.length });
check('pages come in order', names.every((n, i) => i === 0 || names[i - 1] < n), names.slice(0, 5));

// 3. one order by name
const name = tracked.name;
const one = await request(
  `query OrderByName($q: String!) { orders(first: 1, query: $q) { nodes { id name email
    totalPriceSet { shopMoney { amount } } transactions(first: 10) { kind amountSet { shopMoney { amount } } }
    lineItems(first: 10) { nodes { id refundableQuantity originalUnitPriceSet { shopMoney { amount } } } } } } }`,
  { q: `name:'${name}'` },
);
const order = one.data.orders.nodes[0];
check('one order by its name', one.data.orders.nodes.length === 1 && order.name === name, one.data);

// 4. a refund sent twice with the same idempotency key makes one refund
const line = order.lineItems.nodes.find((l) => l.refundableQuantity > 0);
check('the order has a line to refund', !!line, order.lineItems);
const refund = `mutation Refund($input: RefundInput!) {
  refundCreate(input: $input) @idempotent(key: "0b6c9e4e-5a7d-4c1e-8f00-frontline-ci") {
    refund { id totalRefundedSet { shopMoney { amount } } }
    order { refunds(first: 20) { id } }
    userErrors { field message }
  }
}`;
const input = { orderId: order.id, note: 'Damaged on arrival', refundLineItems: [{ lineItemId: line.id, quantity: 1, restockType: 'NO_RESTOCK' }], transactions: [] };
const first = await request(refund, { input });
const second = await request(refund, { input });
const a = first.data.refundCreate;
const b = second.data.refundCreate;
check('the refund is made', a.userErrors.length === 0 && !!a.refund?.id, a);
check('the retry answers with the same refund', b.refund?.id === a.refund.id, { a: a.refund, b: b.refund });
check('one refund on the order', b.order.refunds.filter((r) => r.id === a.refund.id).length === 1 && b.order.refunds.length === a.order.refunds.length, b.order.refunds);

// 5. a charge taken twice (SHOP_TWICE names such an order): both charges and the declined try
// listed, the duplicate refunded from its own payment, a second refund of it refused
const twiceName = process.env.SHOP_TWICE;
const paid = await request(
  `query Paid($q: String!) { orders(first: 1, query: $q) { nodes { id name totalPriceSet { shopMoney { amount } }
    transactions(first: 10) { id kind status errorCode gateway formattedGateway test createdAt processedAt
      amountSet { shopMoney { amount currencyCode } } parentTransaction { id } } } } }`,
  { q: `name:'${twiceName}'` },
);
const twice = paid.data.orders.nodes[0];
check('the charged-twice order is found', !!twice, paid.data);
const sales = twice.transactions.filter((t) => t.kind === 'SALE' && t.status === 'SUCCESS');
check('both charges are listed for the same amount', sales.length === 2 && sales[0].amountSet.shopMoney.amount === sales[1].amountSet.shopMoney.amount && sales[0].amountSet.shopMoney.amount === twice.totalPriceSet.shopMoney.amount, twice.transactions);
const declined = twice.transactions.find((t) => t.status === 'FAILURE');
check('the declined try says why and moved nothing', declined?.errorCode === 'CARD_DECLINED' && declined.kind === 'SALE', declined);
const dup = sales[1];
const back = (key) => `mutation Back($input: RefundInput!) { refundCreate(input: $input) @idempotent(key: "${key}") {
    refund { id } order { transactions(first: 20) { id kind status parentTransaction { id } amountSet { shopMoney { amount } } } }
    userErrors { field message } } }`;
const backInput = { orderId: twice.id, note: 'Duplicate charge', notify: true, transactions: [{ orderId: twice.id, parentId: dup.id, kind: 'REFUND', gateway: dup.gateway, amount: dup.amountSet.shopMoney.amount }] };
const given = (await request(back('dup-frontline-ci-1'), { input: backInput })).data.refundCreate;
const returned = given.order?.transactions.filter((t) => t.kind === 'REFUND' && t.parentTransaction?.id === dup.id) ?? [];
check('the duplicate is refunded from its own payment', given.userErrors.length === 0 && returned.length === 1 && returned[0].amountSet.shopMoney.amount === dup.amountSet.shopMoney.amount, given);
const again = (await request(back('dup-frontline-ci-2'), { input: backInput })).data.refundCreate;
check('refunding it again is refused in words', again.userErrors.length === 1 && !again.refund && again.userErrors[0].message.includes('left on the transaction'), again);

// 6. discount codes: WELCOME15 from the tickets is expired; a single-use code for one customer
// is made once, and the same code again is TAKEN
const lookup = await request(
  `query Code($code: String!) { codeDiscountNodeByCode(code: $code) { id codeDiscount { __typename
    ... on DiscountCodeBasic { title status summary startsAt endsAt usageLimit asyncUsageCount appliesOncePerCustomer
      minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount currencyCode } } }
      context { __typename ... on DiscountCustomers { customers { id } } ... on DiscountBuyerSelectionAll { all } }
      customerGets { value { ... on DiscountPercentage { percentage } ... on DiscountAmount { amount { amount } } } }
      codes(first: 1) { nodes { code } } } } } }`,
  { code: 'welcome15' },
);
const welcome = lookup.data.codeDiscountNodeByCode?.codeDiscount;
check('a code is found in any case with its state', welcome?.status === 'EXPIRED' && welcome.codes.nodes[0].code === 'WELCOME15' && welcome.minimumRequirement.greaterThanOrEqualToSubtotal.amount === '50.0', lookup.data);
const none = await request(`query { codeDiscountNodeByCode(code: "NO-SUCH-CODE") { id } }`);
check('an unknown code is null', none.data.codeDiscountNodeByCode === null, none.data);
const customerId = (await request(`query { customers(first: 1) { nodes { id } } }`)).data.customers.nodes[0].id;
const create = `mutation Make($basicCodeDiscount: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
    codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { status usageLimit context { ... on DiscountCustomers { customers { id } } } } } }
    userErrors { field message code extraInfo } } }`;
const codeInput = { title: 'Goodwill 15% - client check', code: 'SORRY-CI-7KQ2', startsAt: '2026-01-01T00:00:00Z', usageLimit: 1, appliesOncePerCustomer: true,
  context: { customers: { add: [customerId] } }, customerGets: { value: { percentage: 0.15 }, items: { all: true } } };
const made = (await request(create, { basicCodeDiscount: codeInput })).data.discountCodeBasicCreate;
check('a single-use code is made for one customer', made.userErrors.length === 0 && made.codeDiscountNode.codeDiscount.usageLimit === 1 && made.codeDiscountNode.codeDiscount.context.customers[0].id === customerId, made);
const taken = (await request(create, { basicCodeDiscount: codeInput })).data.discountCodeBasicCreate;
check('the same code again is TAKEN', taken.codeDiscountNode === null && taken.userErrors[0]?.code === 'TAKEN' && taken.userErrors[0].field.join('.') === 'basicCodeDiscount.code', taken);
const wild = (await request(create, { basicCodeDiscount: { ...codeInput, code: 'SORRY-CI-OVER', customerGets: { value: { percentage: 15 }, items: { all: true } } } })).data.discountCodeBasicCreate;
check('a percentage over 1.0 is refused', wild.userErrors[0]?.code === 'VALUE_OUTSIDE_RANGE', wild);

// 6b. a replacement: the shipped order's address and variants, a draft at 100 % off with free
// shipping tagged for its outbox entry, found again by that tag, completed into an order once
const shippedOrder = (await request(`query { orders(first: 1, query: "fulfillment_status:shipped") { nodes { id name customer { id } } } }`)).data.orders.nodes[0];
const details = (await request(Qs.FrontlineOrderDetails, { id: shippedOrder.id })).data.order;
const variantId = details.lineItems.nodes[0].variant?.id;
check('an order gives its address and each line its variant', !!details.shippingAddress.address1 && /^gid:\/\/shopify\/ProductVariant\//.test(variantId ?? ''), details);
const a0 = details.shippingAddress;
const draftInput = {
  purchasingEntity: { customerId: shippedOrder.customer.id }, email: details.email,
  lineItems: [{ variantId, quantity: 1, appliedDiscount: { valueType: 'PERCENTAGE', value: 100.0, title: 'Replacement', description: 'arrived damaged' } }],
  shippingLine: { title: 'Replacement shipping', priceWithCurrency: { amount: '0.00', currencyCode: 'EUR' } },
  shippingAddress: { firstName: a0.firstName, lastName: a0.lastName, address1: a0.address1, city: a0.city, zip: a0.zip, countryCode: a0.countryCodeV2 },
  note: `Replacement for ${shippedOrder.name} (arrived damaged), ticket #1. Made in Frontline.`,
  tags: ['replacement', 'ticket-1', 'frontline-clientcheck'],
};
const draftMade = (await request(Qs.FrontlineReplacementCreate, { input: draftInput })).data.draftOrderCreate;
const draftNow = draftMade.draftOrder && (await request(`query($id: ID!) { draftOrder(id: $id) { status note2 tags totalPriceSet { shopMoney { amount } } } }`, { id: draftMade.draftOrder.id })).data.draftOrder;
check('a replacement draft costs nothing and carries its tags', draftMade.userErrors.length === 0 && draftMade.draftOrder.status === 'OPEN' && draftNow.totalPriceSet.shopMoney.amount === '0.0' && draftNow.tags.includes('frontline-clientcheck'), { draftMade, draftNow });
const foundDraft = (await request(Qs.FrontlineReplacementFind, { q: "tag:'frontline-clientcheck'" })).data.draftOrders.nodes;
check('the draft is found by its entry tag, not completed', foundDraft.length === 1 && foundDraft[0].id === draftMade.draftOrder.id && foundDraft[0].order === null && foundDraft[0].tags.includes('frontline-clientcheck'), foundDraft);
const complete = Qs.FrontlineReplacementComplete;
const completed = (await request(complete, { id: draftMade.draftOrder.id })).data.draftOrderComplete;
check('completing makes the order', completed.userErrors.length === 0 && completed.draftOrder.status === 'COMPLETED' && /^#NW/.test(completed.draftOrder.order?.name ?? ''), completed);
const byId = (await request(Qs.FrontlineReplacementDraft, { id: draftMade.draftOrder.id })).data.draftOrder;
check('the draft read by the id the entry kept names its order', byId.status === 'COMPLETED' && byId.order?.name === completed.draftOrder.order.name, byId);
const twiceDone = (await request(complete, { id: draftMade.draftOrder.id })).data.draftOrderComplete;
check("a completed draft is not completed twice", twiceDone.draftOrder === null && twiceDone.userErrors.length === 1, twiceDone);
const badDraft = (await request(`mutation($input: DraftOrderInput!) { draftOrderCreate(input: $input) { draftOrder { id } userErrors { field message } } }`,
  { input: { ...draftInput, lineItems: [{ variantId: 'gid://shopify/ProductVariant/1', quantity: 1 }] } })).data.draftOrderCreate;
check('an unknown variant is refused with its field', badDraft.draftOrder === null && badDraft.userErrors[0]?.field.join('.') === 'input.lineItems.0.variantId', badDraft);

// 6c. an address changed before the order ships (orderUpdate overwrites what it is given);
// a shipped order's address is refused
const unshipped = (await request(`query { orders(first: 1, query: "fulfillment_status:unshipped status:open") { nodes { id name tags } } }`)).data.orders.nodes[0];
check('an unshipped order exists', !!unshipped, unshipped);
const orderUpdate = Qs.FrontlineOrderUpdate;
const newAddress = { firstName: 'Ana', lastName: 'Silva', address1: 'Rua Augusta 12', address2: '3º esq', city: 'Lisboa', zip: '1100-053', countryCode: 'PT', provinceCode: null, phone: '+351211234567' };
const updated = (await request(orderUpdate, { input: { id: unshipped.id, shippingAddress: newAddress, note: 'leave with the neighbour', tags: [...unshipped.tags, 'gift'] } })).data.orderUpdate;
check('orderUpdate changes an unshipped order', updated.userErrors.length === 0 && updated.order.id === unshipped.id, updated);
const reread = (await request(`query($id: ID!) { order(id: $id) { note tags shippingAddress { firstName lastName address1 address2 city zip countryCodeV2 phone } } }`, { id: unshipped.id })).data.order;
check('the order holds exactly what was sent', reread.note === 'leave with the neighbour' && reread.tags.includes('gift') && reread.shippingAddress.address2 === '3º esq' && reread.shippingAddress.zip === '1100-053' && reread.shippingAddress.countryCodeV2 === 'PT' && reread.shippingAddress.phone === '+351211234567' && reread.shippingAddress.lastName === 'Silva', reread);
const added = (await request(Qs.FrontlineTagsAdd, { id: unshipped.id, tags: ['vip', 'gift'] })).data.tagsAdd;
const removed = (await request(Qs.FrontlineTagsRemove, { id: unshipped.id, tags: ['gift'] })).data.tagsRemove;
const tagsNow = (await request(`query($id: ID!) { order(id: $id) { tags } }`, { id: unshipped.id })).data.order.tags;
check('tagsAdd and tagsRemove keep the other tags', added.userErrors.length === 0 && removed.node.id === unshipped.id && tagsNow.includes('vip') && !tagsNow.includes('gift') && unshipped.tags.every((t) => tagsNow.includes(t)), { added, removed, tagsNow });
const shippedUpdate = (await request(orderUpdate, { input: { id: shippedOrder.id, shippingAddress: newAddress } })).data.orderUpdate;
check("a shipped order's address is refused on its field", shippedUpdate.order === null && shippedUpdate.userErrors[0]?.field.join('.') === 'shippingAddress', shippedUpdate);

// 6d. "I can't log in": the customer's account and facts, an invite and an activation link
// for an account never activated, and neither for an enabled one
const people = (await request(`query { customers(first: 100, reverse: true) { nodes { id state numberOfOrders } } }`)).data.customers.nodes;
const disabled = people.find((p) => p.state === 'DISABLED');
const enabledId = people.find((p) => p.state === 'ENABLED' && Number(p.numberOfOrders) > 0)?.id;
const enabled = (await request(`query($id: ID!) { customer(id: $id) { id state numberOfOrders createdAt tags note
  amountSpent { amount currencyCode } defaultEmailAddress { marketingState }
  defaultAddress { firstName lastName address1 address2 city zip provinceCode countryCodeV2 phone } } }`, { id: enabledId })).data.customer;
check('customers carry their account state and facts', !!disabled && !!enabled && /^\d+$/.test(enabled.numberOfOrders) && !!enabled.amountSpent.currencyCode && !!enabled.defaultAddress?.countryCodeV2 && !!enabled.defaultEmailAddress.marketingState, { disabled, enabled });
const invite = Qs.FrontlineInvite;
const invited = (await request(invite, { customerId: disabled.id })).data.customerSendAccountInviteEmail;
check('an account never activated gets the invite', invited.userErrors.length === 0 && invited.customer.id === disabled.id, invited);
const nowState = (await request(Qs.FrontlineAccount, { id: disabled.id })).data.customer.state;
check('and is INVITED', nowState === 'INVITED', nowState);
const noInvite = (await request(invite, { customerId: enabled.id })).data.customerSendAccountInviteEmail;
check('an enabled account is refused with code INVALID', noInvite.customer === null && noInvite.userErrors[0]?.code === 'INVALID', noInvite);
const activation = Qs.FrontlineActivation;
const link = (await request(activation, { customerId: disabled.id })).data.customerGenerateAccountActivationUrl;
check('an invited account gets a one-time activation link', link.userErrors.length === 0 && /^https:\/\//.test(link.accountActivationUrl), link);
const noLink = (await request(activation, { customerId: enabled.id })).data.customerGenerateAccountActivationUrl;
check('an enabled account gets no link', noLink.accountActivationUrl === null && noLink.userErrors.length === 1, noLink);

// 6e. returns: what can go back, a return with an exchange (another size), a customer's
// request approved, another declined, and Shopify's INVALID_STATE words for a second answer
const returnable = (await request(Qs.FrontlineReturnable, { id: shippedOrder.id })).data.returnableFulfillments.nodes;
const item = returnable[0]?.returnableFulfillmentLineItems.nodes[0];
const other = item?.fulfillmentLineItem.lineItem.variant.product.variants.nodes.find((v) => v.id !== item.fulfillmentLineItem.lineItem.variant.id);
check('a shipped order says what can go back and the other sizes', item?.quantity > 0 && !!other, returnable);
const returnCreate = Qs.FrontlineReturnCreate;
const opened = (await request(returnCreate, { returnInput: { orderId: shippedOrder.id,
  returnLineItems: [{ fulfillmentLineItemId: item.fulfillmentLineItem.id, quantity: 1, returnReason: 'SIZE_TOO_SMALL', returnReasonNote: 'From ticket #1' }],
  exchangeLineItems: [{ variantId: other.id, quantity: 1 }] } })).data.returnCreate;
check('a return with an exchange is OPEN and named after the order', opened.userErrors.length === 0 && opened.return.status === 'OPEN' && opened.return.name.startsWith(shippedOrder.name + '-R'), opened);
const tooMany = (await request(returnCreate, { returnInput: { orderId: shippedOrder.id,
  returnLineItems: [{ fulfillmentLineItemId: item.fulfillmentLineItem.id, quantity: 99, returnReason: 'OTHER' }] } })).data.returnCreate;
check('more than can go back is refused on its field', tooMany.return === null && tooMany.userErrors[0]?.field.join('.') === 'returnInput.returnLineItems.0.quantity', tooMany);
const onOrder = (await request(`query($id: ID!) { order(id: $id) { returnStatus returns(first: 5) { nodes { name status totalQuantity
  returnLineItems(first: 5) { nodes { id quantity ... on ReturnLineItem { returnReason fulfillmentLineItem { id } } } }
  exchangeLineItems(first: 2) { nodes { quantity lineItems { title variantTitle } } } } } } }`, { id: shippedOrder.id })).data.order;
const mine = onOrder.returns.nodes.find((r) => r.name === opened.return.name);
check('the order lists the return, its line and its exchange', onOrder.returnStatus === 'IN_PROGRESS' && mine.returnLineItems.nodes[0].returnReason === 'SIZE_TOO_SMALL' && (mine.exchangeLineItems.nodes[0].lineItems[0].variantTitle ?? 'Default Title') === other.title, onOrder);
// the console's resend lookup finds the return it made (newest first, with its exchange)
const looked = (await request(Qs.FrontlineReturns, { id: shippedOrder.id })).data.order.returns.nodes;
check('the resend lookup reads the return, its line and its exchange', looked[0]?.name === opened.return.name && looked[0].returnLineItems.nodes[0].fulfillmentLineItem.id === item.fulfillmentLineItem.id && looked[0].exchangeLineItems.nodes[0].variantId === other.id, looked);
// a customer's request on another shipped order: approved, then a decline refused
const requestOrder = (await request(`query { orders(first: 2, query: "fulfillment_status:shipped") { nodes { id } } }`)).data.orders.nodes[1];
const secondLine = (await request(Qs.FrontlineReturnable, { id: requestOrder.id })).data.returnableFulfillments.nodes[0].returnableFulfillmentLineItems.nodes[0];
const asked = (await request(`mutation($input: ReturnRequestInput!) { returnRequest(input: $input) { return { id status } userErrors { code field message } } }`,
  { input: { orderId: requestOrder.id, returnLineItems: [{ fulfillmentLineItemId: secondLine.fulfillmentLineItem.id, quantity: 1, returnReason: 'UNWANTED', customerNote: 'changed my mind' }] } })).data.returnRequest;
check('a customer asks for a return: REQUESTED', asked.return?.status === 'REQUESTED', asked);
const approved = (await request(Qs.FrontlineReturnApprove, { input: { id: asked.return.id, notifyCustomer: true } })).data.returnApproveRequest;
check('a request is approved into an OPEN return', approved.return?.status === 'OPEN', approved);
const statusNow = (await request(Qs.FrontlineReturnStatus, { id: asked.return.id })).data.return.status;
check('its status reads OPEN', statusNow === 'OPEN', statusNow);
const late = (await request(Qs.FrontlineReturnDecline, { input: { id: asked.return.id, declineReason: 'FINAL_SALE', notifyCustomer: true } })).data.returnDeclineRequest;
check("declining it then is refused in Shopify's words", late.return === null && late.userErrors[0]?.code === 'INVALID_STATE' && late.userErrors[0].message.startsWith('Return is not declinable.'), late);
// the console's orders query as it is sent: orders, the named one, the customer
const mail = (await request(`query($id: ID!) { order(id: $id) { email name } }`, { id: shippedOrder.id })).data.order;
const q = `email:"${mail.email}"`;
const pane = (await request(Qs.FrontlineOrders, { q, first: 10, named: `name:'${mail.name}'`, withNamed: true, cq: q, withCustomer: true })).data;
check("the console's orders query reads orders, returns and the customer", pane.orders.nodes.length > 0 && pane.customer.nodes[0]?.id && pane.orders.nodes.some((o) => o.returns.nodes.length > 0), pane.customer);

// 7. drain the bucket: THROTTLED, which the client does not retry
let throttled = null;
for (let i = 0; i < 40 && !throttled; i++) {
  const res = await client.request(`query { orders(first: 100) { nodes { lineItems(first: 3) { nodes { id } } } } }`);
  const code = res.errors?.graphQLErrors?.[0]?.extensions?.code;
  if (code === 'THROTTLED') throttled = res;
}
check('a drained bucket answers THROTTLED', !!throttled, null);
check('a throttled call reports no actual cost', throttled.extensions.cost.actualQueryCost === null, throttled.extensions);

const unsent = Object.keys(Q).filter((k) => !sent.has(Q[k]));
check("every query text of the console was sent by Shopify's client", unsent.length === 0, unsent);

console.log(JSON.stringify({ email, orders: orders.length, pages, total: names.length, order: name, refund: a.refund.id, refunded: a.refund.totalRefundedSet.shopMoney.amount, twice: twice.name, duplicate: dup.id, throttledAt: throttled.extensions.cost.throttleStatus.currentlyAvailable }));
