//! The words of the seeded shop: customers, products and the conversations an online
//! clothing and outdoor shop really gets, per topic and per channel style.

pub struct Scenario {
    /// Tag put on the ticket, and the topic's name.
    pub tag: &'static str,
    /// Subjects; `{order}` and `{item}` are filled in.
    pub subjects: &'static [&'static str],
    /// A full e-mail from the customer (`{first}`, `{order}`, `{item}`).
    pub email: &'static str,
    /// Short chat or messaging turns from the customer.
    pub chat: &'static [&'static str],
    /// Public agent replies.
    pub replies: &'static [&'static str],
    /// What the customer says next.
    pub follow_ups: &'static [&'static str],
    /// Index into GROUPS of the team that owns the topic.
    pub group: usize,
    /// The usual priority of the topic.
    pub priority: &'static str,
}

pub const GROUPS: [(&str, &str); 4] = [
    ("Tier 1", "First line: every new conversation lands here"),
    ("Tier 2 escalations", "Hard cases, VIPs and anything a Tier 1 agent escalates"),
    ("Billing", "Payments, refunds, invoices and chargebacks"),
    ("Returns & logistics", "Returns, exchanges, carriers and damaged parcels"),
];

/// (name, e-mail local part, role, group index)
pub const AGENTS: [(&str, &str, &str, usize); 9] = [
    ("Alex Morgan", "alex", "admin", 1),
    ("Priya Natarajan", "priya", "agent", 0),
    ("Tom Becker", "tom", "agent", 0),
    ("Lucía Fernández", "lucia", "agent", 0),
    ("Sam Okafor", "sam", "agent", 0),
    ("Mei Chen", "mei", "agent", 1),
    ("Jonas Weber", "jonas", "agent", 1),
    ("Aisha Rahman", "aisha", "agent", 2),
    ("Diego Souza", "diego", "agent", 3),
];

pub const AGENT_DOMAIN: &str = "northwind.example";

pub const FIRST_NAMES: &[&str] = &[
    "Emma", "Liam", "Sofia", "Noah", "Mia", "Lucas", "Amara", "Kenji", "Chloe", "Mateo", "Hannah", "Arjun", "Zoe",
    "Omar", "Ingrid", "Felix", "Yuki", "Nadia", "Oliver", "Fatima", "Jakub", "Elena", "Kwame", "Isla", "Tariq",
    "Marta", "Hugo", "Leila", "Ravi", "Clara",
];

pub const LAST_NAMES: &[&str] = &[
    "Smith",
    "García",
    "Müller",
    "Rossi",
    "Dubois",
    "Kowalski",
    "Tanaka",
    "Okonkwo",
    "Silva",
    "Johansson",
    "Nguyen",
    "Patel",
    "O'Brien",
    "Haddad",
    "Novak",
    "Jensen",
    "Costa",
    "Kim",
    "Schneider",
    "Martin",
    "Ahmed",
    "Larsen",
    "Moreau",
    "Ivanova",
];

pub const MAIL_DOMAINS: &[&str] = &["mail.example", "inbox.example", "post.example", "web.example"];

pub const ORGS: &[(&str, &str, &str)] = &[
    ("Trailhead Outdoor Club", "trailhead.example", "B2B: club orders, net-30 invoices"),
    ("Brightside Hotels", "brightside.example", "B2B: staff uniforms, quarterly reorders"),
    ("Kestrel Running Co.", "kestrel.example", "Reseller, 15% trade discount"),
    ("Maple Lane School", "maplelane.example", "Invoices go to accounts@maplelane.example"),
    ("Northbridge Events", "northbridge.example", "Large one-off orders, priority shipping"),
];

pub const ITEMS: &[&str] = &[
    "linen shirt",
    "trail running shoes",
    "merino beanie",
    "rain jacket",
    "selvedge jeans",
    "canvas backpack",
    "down vest",
    "yoga mat",
    "leather wallet",
    "silk scarf",
    "hiking socks (3-pack)",
    "insulated bottle",
];

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        tag: "where_is_my_order",
        subjects: &[
            "Where is my order #{order}?",
            "Order {order} still not delivered",
            "Tracking hasn't moved for days",
        ],
        email: "Hi,\n\nI ordered a {item} on the 3rd (order #{order}) and the tracking page has said \"in transit\" for six days now. The confirmation said 2-4 working days. I need it for a trip this weekend.\n\nCan you tell me where it actually is, or send a replacement?\n\nThanks,\n{first}",
        chat: &["hi, where is my order {order}?", "tracking says in transit since monday", "i need it by saturday 😬"],
        replies: &[
            "Hi {first}, thanks for your patience. I checked with the carrier: parcel {order} was held at the regional depot and is out for delivery tomorrow. I've added the tracking link to your account.",
            "Sorry about the wait, {first}. The carrier confirms a delay in your area; if it has not arrived by Friday I'll ship a replacement by express at no cost.",
        ],
        follow_ups: &[
            "Still nothing today. The tracking hasn't changed.",
            "It arrived, thank you!",
            "ok thanks, fingers crossed",
        ],
        group: 3,
        priority: "normal",
    },
    Scenario {
        tag: "wrong_size",
        subjects: &["Wrong size - need to exchange {item}", "Exchange for a bigger size (order {order})"],
        email: "Hello,\n\nThe {item} from order {order} came up much smaller than your size guide says. I normally wear an M and the M is tight across the shoulders. Can I exchange it for an L? I haven't worn it, tags are still on.\n\nBest regards,\n{first}",
        chat: &["hey the {item} is too small", "can i swap for L?", "order {order}"],
        replies: &[
            "Of course, {first}! I've set up an exchange to size L for order {order}. A prepaid return label is on its way by e-mail; the new size ships as soon as the carrier scans your parcel.",
            "Thanks {first}. Size L is in stock; I've reserved one for you. Please use the label in your e-mail to send the M back.",
        ],
        follow_ups: &["Great, label received.", "Does the exchange cost anything?", "Sent it back today 👍"],
        group: 3,
        priority: "low",
    },
    Scenario {
        tag: "return_request",
        subjects: &["Return request for order {order}", "I'd like to return the {item}"],
        email: "Hi there,\n\nI'd like to return the {item} (order {order}). It doesn't suit me. It's within 30 days. How do I get a return label?\n\n{first}",
        chat: &["how do i return something", "its the {item} from order {order}"],
        replies: &[
            "Hi {first}, I've issued a return label for order {order}; you'll find it in your inbox. Once the parcel is back with us the refund takes 3-5 working days.",
        ],
        follow_ups: &["Thanks, dropped it at the post office.", "The label link doesn't open?"],
        group: 3,
        priority: "low",
    },
    Scenario {
        tag: "refund_missing",
        subjects: &["Refund not received for order {order}", "Still waiting for my refund", "Where is my money?"],
        email: "Hello,\n\nI returned the {item} (order {order}) over two weeks ago. Your tracking shows it was delivered to your warehouse on the 12th, but I still have not received the refund of €89.00.\n\nPlease sort this out, this is the second time I am writing.\n\n{first}",
        chat: &["my refund still hasnt arrived", "returned {order} 2 weeks ago", "this is really frustrating"],
        replies: &[
            "I'm sorry, {first}. I can see the return for order {order} was received on the 12th; the refund was stuck in review. I've released it now: €89.00 back to your card within 3 working days.",
            "Thanks for waiting, {first}. The refund for {order} has been processed today. You will see it on your statement in 3-5 working days depending on your bank.",
        ],
        follow_ups: &[
            "I still don't see it on my card.",
            "Refund arrived. Thanks.",
            "Why does this always take so long?",
        ],
        group: 2,
        priority: "high",
    },
    Scenario {
        tag: "payment_failed",
        subjects: &["Payment failed but money taken", "Card declined at checkout", "Charged twice for order {order}"],
        email: "Hi,\n\nI tried to pay for my basket three times and each time it said \"payment failed\", but my banking app shows a pending charge of €124.50 for each attempt! I have no order confirmation. Please cancel the duplicate charges.\n\n{first}",
        chat: &["payment failed 3 times", "but my bank shows 3 charges??", "please help"],
        replies: &[
            "Hi {first}, those are authorisations, not charges: your bank holds them for a few days and releases them automatically. None of the three attempts was captured. I've placed your order {order} manually; you'll be charged once.",
        ],
        follow_ups: &["The holds are still there after 5 days.", "OK that makes sense, thank you."],
        group: 2,
        priority: "urgent",
    },
    Scenario {
        tag: "discount_code",
        subjects: &["Discount code not working", "WELCOME15 code says invalid"],
        email: "Hello,\n\nThe code WELCOME15 from your newsletter says \"invalid\" at checkout. My basket is €140 so it should apply. Can you help?\n\nThanks, {first}",
        chat: &["the code WELCOME15 doesnt work", "says invalid"],
        replies: &[
            "Hi {first}! WELCOME15 excludes items already on sale, which is why it was refused. I've sent you a one-time code that works on your whole basket.",
        ],
        follow_ups: &["That worked, thanks!", "The new code also fails 😕"],
        group: 0,
        priority: "low",
    },
    Scenario {
        tag: "account_login",
        subjects: &["Can't log in to my account", "Password reset e-mail never arrives"],
        email: "Hi,\n\nI can't log in. I've requested a password reset four times and no e-mail arrives (checked spam). My order history is in that account.\n\n{first}",
        chat: &["cant log in", "reset email never comes"],
        replies: &[
            "Hi {first}, your account e-mail had a typo (.con instead of .com), so the reset mails bounced. I've corrected it; a fresh reset link is in your inbox.",
        ],
        follow_ups: &["Got it, I'm in. Thanks!", "Still nothing arriving."],
        group: 0,
        priority: "normal",
    },
    Scenario {
        tag: "damaged_item",
        subjects: &["Item arrived damaged", "{item} broken on arrival", "Parcel crushed - order {order}"],
        email: "Hello,\n\nOrder {order} arrived today and the box was crushed. The {item} inside is damaged (torn seam, see photos attached). I'd like a replacement please, not a refund.\n\nKind regards,\n{first}",
        chat: &["my order came damaged", "the {item} is ripped", "can you send a new one"],
        replies: &[
            "I'm so sorry, {first}. I've sent a replacement {item} by express; no need to return the damaged one. I've also reported the parcel to the carrier.",
            "Thanks for the photos, {first}. A replacement for order {order} ships today.",
        ],
        follow_ups: &["Thank you, that's great service.", "Do I need to send the broken one back?"],
        group: 3,
        priority: "high",
    },
    Scenario {
        tag: "product_question",
        subjects: &["Question about the {item}", "Is the {item} waterproof?", "Sizing question"],
        email: "Hi,\n\nBefore I order: is the {item} machine washable, and does it run true to size? I'm between an S and an M.\n\nThanks!\n{first}",
        chat: &["is the {item} true to size?", "between S and M"],
        replies: &[
            "Hi {first}, the {item} runs true to size; if you're between sizes take the larger one. It's machine washable at 30°C.",
        ],
        follow_ups: &["Perfect, ordering now.", "And is it available in green?"],
        group: 0,
        priority: "low",
    },
    Scenario {
        tag: "cancel_order",
        subjects: &["Please cancel order {order}", "Cancel my order before it ships"],
        email: "Hi,\n\nI placed order {order} an hour ago by mistake (ordered the wrong colour). Please cancel it before it ships.\n\n{first}",
        chat: &["can u cancel order {order}", "wrong colour"],
        replies: &[
            "Done, {first}: order {order} is cancelled and the payment hold released. Feel free to place a new one in the right colour.",
        ],
        follow_ups: &["Thanks!", "It says shipped though?"],
        group: 0,
        priority: "normal",
    },
    Scenario {
        tag: "invoice_request",
        subjects: &["Invoice needed for order {order}", "VAT invoice for our club order"],
        email: "Dear support team,\n\nFor our accounting we need a VAT invoice for order {order}, addressed to our organisation with our VAT number. The order confirmation is not sufficient.\n\nKind regards,\n{first}",
        chat: &["need a vat invoice for {order}"],
        replies: &[
            "Dear {first}, the VAT invoice for order {order} is attached to your account under Orders > Documents. Let me know if the billing address needs a change.",
        ],
        follow_ups: &["Received, thank you.", "The VAT number is missing on it."],
        group: 2,
        priority: "normal",
    },
];

/// Conversations in other languages: (locale, the scenario they tell, subject, first message).
pub const FOREIGN: &[(&str, &str, &str, &str)] = &[
    (
        "de",
        "where_is_my_order",
        "Bestellung {order} ist nicht angekommen",
        "Hallo,\n\nmeine Bestellung {order} ist seit einer Woche unterwegs. Können Sie bitte nachsehen, wo das Paket ist?\n\nViele Grüße\n{first}",
    ),
    (
        "es",
        "wrong_size",
        "Quiero devolver mi pedido {order}",
        "Hola,\n\nquiero devolver el pedido {order}, la talla no me queda bien. ¿Cómo consigo la etiqueta de devolución?\n\nGracias,\n{first}",
    ),
    (
        "fr",
        "refund_missing",
        "Remboursement toujours pas reçu",
        "Bonjour,\n\nj'ai renvoyé ma commande {order} il y a deux semaines et je n'ai toujours pas été remboursé(e).\n\nCordialement,\n{first}",
    ),
    (
        "ja",
        "wrong_size",
        "注文{order}のサイズ交換について",
        "こんにちは。\n\n注文{order}の商品が小さすぎました。Lサイズに交換できますか？\n\nよろしくお願いします。\n{first}",
    ),
    (
        "pt",
        "damaged_item",
        "Pedido {order} chegou danificado 😢",
        "Olá,\n\no pedido {order} chegou com a caixa amassada e o produto rasgado. Podem enviar outro?\n\nObrigado,\n{first}",
    ),
];

pub const INTERNAL_NOTES: &[&str] = &[
    "Checked the carrier portal: parcel scanned at the hub yesterday, no exception logged.",
    "Customer has had two late deliveries this quarter - offered a 10% voucher.",
    "Refund is in the payment provider's review queue; chased them by e-mail.",
    "VIP customer (lifetime value > €2k). Handle with care.",
    "Possible fraud pattern: three cards tried in 10 minutes. Do not reship before Billing confirms.",
    "Warehouse confirms the return arrived, restocked on the 14th.",
];

pub const SATISFACTION_COMMENTS: &[(&str, &str)] = &[
    ("good", "Quick and friendly, thank you!"),
    ("good", "Solved in one reply. Great service."),
    ("good", ""),
    ("bad", "Took a week and three e-mails to get an answer."),
    ("bad", "Still no refund."),
    ("good", "Priya was super helpful 🙏"),
];
