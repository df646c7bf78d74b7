//! What strangers can send: escape sequences (CSI, OSC 52 clipboard writes, OSC 8 links, DCS,
//! APC, 8-bit C1), bidi overrides, zalgo, zero-width and wide text, giant subjects and bodies,
//! a ticket with 10,000 messages. Fed through the real Zendesk adapter (from a mock helpdesk)
//! and rendered: no control character reaches the screen buffer and columns stay aligned.

use frontline_app::testkit;
use frontline_app::{Loadable, Msg, update};
use frontline_backend::TicketPage;
use frontline_backend::zendesk::{decode_comments, decode_page};
use frontline_config::ThemeSet;
use frontline_model::TicketId;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::{Value, json};

pub const CORPUS: &[&str] = &[
    "\u{1b}[2J\u{1b}[H\u{1b}[31mred alert\u{1b}[0m",
    "copy \u{1b}]52;c;cm0gLXJmIH4K\u{7} this",
    "\u{1b}]8;;https://evil.example\u{1b}\\click me\u{1b}]8;;\u{1b}\\",
    "\u{1b}P+q544e\u{1b}\\device control",
    "\u{1b}_application program command\u{1b}\\",
    "8-bit \u{9b}31mCSI\u{9d}0;title\u{9c} and NEL\u{85}",
    "invoice_\u{202e}fdp.exe\u{202c}",
    "z\u{0351}\u{0352}\u{0357}\u{035b}\u{0363}\u{0364}\u{0365}a\u{0300}\u{0301}\u{0302}\u{0303}\u{0304}\u{0305}\u{0306}l\u{0307}\u{0308}\u{0309}\u{030a}g\u{030b}\u{030c}o",
    "zero\u{200b}width\u{feff}joiner\u{2060}s",
    "注文のサイズ交換について 👨\u{200d}👩\u{200d}👧\u{200d}👦 🇯🇵 👍🏽",
    "مرحبا بالعالم שלום עולם mixed RTL",
    "tab\there\rcarriage\u{8}backspace\u{7}bell\u{0}nul",
];

fn ticket(id: u64, subject: &str, tag: &str) -> Value {
    json!({"id": id, "subject": subject, "status": "open", "priority": "high", "requester_id": 1, "assignee_id": null,
           "via": {"channel": "email"}, "tags": [tag], "created_at": "2026-09-21T10:00:00Z", "updated_at": "2026-09-21T14:00:00Z",
           "slas": {"policy_metrics": [{"metric": "first_reply_time", "stage": "active", "breach_at": "2026-09-21T15:00:00Z"}]}})
}

fn bad_cell(symbol: &str) -> bool {
    symbol.chars().any(|c| {
        (c.is_control() && c != ' ')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
            || c == '\u{200b}'
            || c == '\u{feff}'
    })
}

fn render(m: &frontline_app::Model) -> ratatui::buffer::Buffer {
    let (themes, _) = ThemeSet::load(None);
    let mut term = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    term.draw(|f| frontline_ui::draw(f, m, themes.get("default-dark").unwrap())).unwrap();
    term.backend().buffer().clone()
}

#[test]
fn hostile_text_never_reaches_the_screen_and_columns_stay_aligned() {
    let long_subject = "A".repeat(2000);
    let mut tickets: Vec<Value> = CORPUS.iter().enumerate().map(|(i, s)| ticket(i as u64 + 1, s, s)).collect();
    tickets.push(ticket(99, &long_subject, "long"));
    let page = decode_page(json!({
        "tickets": tickets,
        "users": [{"id": 1, "name": CORPUS[1], "email": CORPUS[6], "role": "end-user", "tags": CORPUS, "notes": CORPUS[0]}],
    }));
    assert_eq!(page.tickets.len(), CORPUS.len() + 1);
    let comments = decode_comments(json!({"comments": CORPUS.iter().enumerate().map(|(i, s)| json!({
        "id": i, "author_id": 1, "body": s, "public": i % 2 == 0, "created_at": "2026-09-21T10:00:00Z",
        "html_body": if i % 3 == 0 { format!("<p>{s}</p>") } else { String::new() },
        "attachments": [{"file_name": s}]})).collect::<Vec<_>>()}));
    // sequences are removed whole, whether the message came as text or as HTML
    for msg in &comments.messages {
        assert!(
            !msg.body.contains("52;c;") && !msg.body.contains("[2J") && !msg.body.contains("8;;http"),
            "{:?}",
            msg.body
        );
    }
    for (w, h) in [(200u16, 60u16), (80, 24), (41, 12)] {
        let mut m = testkit::model(0, w, h);
        let req = m.sync.queue_req;
        update(
            &mut m,
            Msg::QueuePage {
                req,
                first: true,
                result: Ok(TicketPage { tickets: page.tickets.clone(), users: page.users.clone(), next: None }),
            },
        );
        m.details.conversations.insert(TicketId(1), Loadable::Ready(comments.messages.clone()));
        for sel in 0..page.tickets.len() {
            m.queue.selected = sel;
            m.scroll_into_view();
            let buf = render(&m);
            for cell in &buf.content {
                assert!(
                    !bad_cell(cell.symbol()),
                    "{w}x{h}: control or invisible character {:?} on screen",
                    cell.symbol()
                );
            }
            // every queue row ends at the pane's right border: nothing bleeds over it
            let row_text = |y: u16| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>();
            let first_row = (0..h).find(|y| row_text(*y).contains("high")).expect("a ticket row");
            let queue_rows = first_row..(first_row + m.queue_rows() as u16).min(h - 1);
            for y in queue_rows {
                let row: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
                if row.trim().is_empty() || !row.contains("high") {
                    continue;
                }
                assert_eq!(buf[(w - 1, y)].symbol(), "│", "{w}x{h} row {y} bleeds: {row}");
                // the priority column is at the same place on every row
                let x = row.find("high").unwrap();
                let first = row_text(first_row).find("high").unwrap();
                assert_eq!(x, first, "{w}x{h} row {y} is misaligned: {row}");
            }
        }
    }
}

#[test]
fn giant_inputs_are_cut_and_bounded() {
    let huge = "refund ".repeat(5 * 1024 * 1024 / 7);
    let c = decode_comments(
        json!({"comments": [{"id": 1, "author_id": 1, "body": huge, "public": true, "created_at": "2026-09-21T10:00:00Z"}]}),
    );
    let body = &c.messages[0].body;
    assert!(body.len() < 300 * 1024, "a 5 MB message is kept bounded ({} bytes)", body.len());
    assert!(body.contains("message cut"), "and says so");
    // a 10,000-message ticket renders (only what is on screen is laid out)
    let many: Vec<Value> = (0..10_000).map(|i| json!({"id": i, "author_id": 1, "body": format!("message {i}"), "public": true, "created_at": "2026-09-21T10:00:00Z"})).collect();
    let c = decode_comments(json!({"comments": many}));
    assert_eq!(c.messages.len(), 10_000);
    let mut m = testkit::model(3, 120, 40);
    let id = m.selected().unwrap().id;
    m.details.conversations.insert(id, Loadable::Ready(c.messages));
    let buf = render(&m);
    let text: String = buf.content.iter().map(ratatui::buffer::Cell::symbol).collect();
    assert!(text.contains("message 9999"), "the newest message is on screen");
    assert!(
        text.contains("9990 earlier messages") || text.contains("earlier messages"),
        "older ones are said to be there"
    );
    // a conversation too long to read whole says that its oldest messages were left out
    m.details.older_left_out.insert(id);
    let text: String = render(&m).content.iter().map(ratatui::buffer::Cell::symbol).collect();
    assert!(text.contains("only the newest 10000 messages are loaded"), "the missing ones are said");
}
