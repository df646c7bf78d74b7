//! Rendered screens, snapshot-tested: each built-in theme and NO_COLOR at 80x24 and 200x60,
//! and the layout at every size down to 40x10. Styles are in the snapshots, so a theme that
//! stops colouring a role fails here.

use crate::support::screen;

use frontline_app::testkit;
use frontline_app::{Mode, Pane};
use frontline_config::ThemeRole;
use frontline_config::ThemeSet;
use screen::{render, text};

/// The first cell where `needle` starts, scanning row by row.
fn find<'a>(buf: &'a ratatui::buffer::Buffer, needle: &str) -> Option<&'a ratatui::buffer::Cell> {
    let chars: Vec<String> = needle.chars().map(String::from).collect();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width.saturating_sub(chars.len() as u16) {
            if chars.iter().enumerate().all(|(i, c)| buf[(x + i as u16, y)].symbol() == c) {
                return Some(&buf[(x, y)]);
            }
        }
    }
    None
}

#[test]
fn screens_per_theme_and_size() {
    let (themes, _) = ThemeSet::load(None);
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let m = testkit::model(120, w, h);
        insta::assert_snapshot!(format!("screen_{w}x{h}"), text(&render(&m, themes.get("default-dark").unwrap())));
        for name in ["default-dark", "light", "high-contrast"] {
            let buf = render(&m, themes.get(name).unwrap());
            insta::assert_debug_snapshot!(format!("styled_{name}_{w}x{h}"), buf);
        }
        let mono = themes.get("default-dark").unwrap().without_colour();
        let buf = render(&m, &mono);
        for cell in &buf.content {
            assert_eq!(cell.fg, ratatui::style::Color::Reset, "NO_COLOR: no foreground colour");
            assert_eq!(cell.bg, ratatui::style::Color::Reset, "NO_COLOR: no background colour");
        }
        assert!(
            buf.content.iter().any(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED)),
            "the selection stays visible without colour"
        );
    }
}

#[test]
fn all_panes_are_filled_at_200x60() {
    let (themes, _) = ThemeSet::load(None);
    let m = testkit::model(120, 200, 60);
    let t = text(&render(&m, themes.get("light").unwrap()));
    assert!(t.contains("Open 120"), "KPI bar");
    assert!(t.contains("All open (120)"), "queue title");
    assert!(t.contains("internal note"), "conversation with notes");
    assert!(t.contains("Customer"), "customer pane");
    assert!(t.contains("Tickets (5)"), "customer history");
    assert!(t.contains("no access"), "a figure the token cannot read says so");
    assert!(
        t.contains("Channels email") || t.contains("Channels whatsapp"),
        "per-channel counts on the second KPI line"
    );
    assert!(t.contains("Arrivals/h (12h) "), "arrivals trend");
}

#[test]
fn breached_sla_is_negative_and_in_the_breach_colour() {
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let m = testkit::model(8, 200, 60);
    let buf = render(&m, theme);
    let t = text(&buf);
    assert!(t.contains("-25m"), "{t}");
    let cell = find(&buf, "-25m").expect("a breached countdown on screen");
    let breach = theme.style(ThemeRole::SlaBreach);
    assert_eq!(Some(cell.fg), breach.fg, "breached countdown uses sla_breach");
}

#[test]
fn nothing_panics_and_the_kpi_bar_stays_at_every_size() {
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("high-contrast").unwrap();
    for w in [40u16, 41, 55, 60, 79, 80, 99, 100, 119, 120, 139, 140, 200] {
        for h in [10u16, 11, 15, 17, 18, 24, 27, 28, 40, 60] {
            for focus in [Pane::Queue, Pane::Conversation, Pane::Customer] {
                let mut m = testkit::model(30, w, h);
                m.focus = focus;
                let t = text(&render(&m, theme));
                assert!(t.lines().next().unwrap().contains("Open"), "{w}x{h}: KPI bar on top");
            }
        }
    }
    let m = testkit::model(5, 30, 8);
    let small = text(&render(&m, theme)).replace('\n', " ");
    assert!(small.contains("needs at least") && small.contains("40x10"), "{small}");
}

#[test]
fn help_and_view_picker_overlays() {
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let mut m = testkit::model(10, 80, 24);
    m.mode = Mode::Help;
    let t = text(&render(&m, theme));
    for (keys, help) in m.keymap.help_rows() {
        assert!(t.contains(&keys) && t.contains(help), "help lists {keys} {help}");
    }
    m.mode = Mode::Views(1);
    let t = text(&render(&m, theme));
    assert!(t.contains("Unassigned") && t.contains("● All open"));
    // each view's count beside its name once the helpdesk has said it
    let all_open = m.views.iter().find(|v| v.title == "All open").unwrap().id;
    m.board.view_counts.insert(all_open, 138);
    let t = text(&render(&m, theme));
    assert!(t.contains("● All open  138"), "{t}");
}

#[test]
fn the_wallboard_shows_kpis_large_views_and_breaches_first() {
    let (themes, _) = ThemeSet::load(None);
    for (w, h) in [(200u16, 60u16), (80, 24), (40, 10)] {
        let mut m = testkit::model(40, w, h);
        m.board.on = true;
        m.board.view_counts.insert(frontline_model::ViewId(401), 17);
        let t = text(&render(&m, themes.get("default-dark").unwrap()));
        assert!(t.contains("Open") && t.contains("SLA"), "{w}x{h}:\n{t}");
        if h >= 24 {
            assert!(t.contains("Breaches first") && t.contains("-25m"), "{w}x{h}:\n{t}");
            // each breach says who has it
            let late = m.queue.tickets.iter().find(|x| x.sla_remaining(m.now).is_some_and(|r| r / 60 == -25)).unwrap();
            let who = m
                .user_name(late.assignee)
                .map_or("unassigned".to_string(), |n| n.split(' ').next_back().unwrap().to_string());
            let row = t.lines().find(|l| l.contains(&format!("#{}", late.id.0)) && l.contains("-25m")).unwrap();
            assert!(row.contains(&who), "{w}x{h}: {row}");
            assert!(t.contains("Unassigned") && t.contains("17"), "{w}x{h}:\n{t}");
        }
        if h >= 60 {
            assert!(t.contains("█▀█"), "large digits at {w}x{h}");
        }
    }
}

#[test]
fn the_outbox_overlay_and_the_status_line_show_what_waits_and_why() {
    use frontline_model::{NewComment, OutState, Outgoing, TicketChange, TicketId};
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let mut m = testkit::model(10, 80, 24);
    let entry = |key: &str, state, error: Option<&str>| Outgoing {
        key: key.into(),
        ticket: TicketId(1001),
        label: format!("reply to #1001 ({key})"),
        change: TicketChange {
            comment: Some(NewComment { body: "On its way".into(), public: true }),
            ..Default::default()
        },
        expected_version: None,
        state,
        attempts: 1,
        error: error.map(String::from),
        created_at: m.now - 600,
        due: m.now - 600,
        requester: None,
        author: None,
        shop: None,
        shop_done: false,
    };
    m.writes.outbox = vec![
        entry("a", OutState::Queued, Some("cannot reach the helpdesk at shop.example: connection refused")),
        entry("b", OutState::Failed, Some("the helpdesk refused the change: ticket is closed")),
    ];
    m.sync.cached_at = Some(m.now - 720);
    let status = text(&render(&m, theme));
    let last = status.lines().last().unwrap().to_string();
    assert!(last.contains("cached · 12m old") && last.contains("1 failed · :outbox"), "{last}");
    m.mode = Mode::Outbox(1);
    let buf = render(&m, theme);
    let t = text(&buf);
    assert!(t.contains("Outbox (2)") && t.contains("r retry · d discard"), "{t}");
    assert!(t.contains("waiting") && t.contains("connection refused"), "{t}");
    assert!(t.contains("failed") && t.contains("ticket is closed"), "{t}");
    let failed = find(&buf, "failed    10m").unwrap();
    assert_eq!(failed.fg, theme.style(ThemeRole::SlaBreach).fg.unwrap(), "a refusal is in the breach colour");
    m.writes.outbox.clear();
    assert!(text(&render(&m, theme)).contains("Nothing waiting"));
}

#[test]
fn the_status_line_says_when_polls_slow_down_for_the_account() {
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let mut m = testkit::model(10, 80, 24);
    let plenty = frontline_backend::RateBudget { limit: 400, remaining: 300, reset_secs: Some(40) };
    frontline_app::pacing::heard(&mut m, plenty);
    assert!(!text(&render(&m, theme)).contains("slowing down"));
    let low = frontline_backend::RateBudget { limit: 400, remaining: 40, reset_secs: Some(60) };
    frontline_app::pacing::heard(&mut m, low);
    let status = text(&render(&m, theme));
    let last = status.lines().last().unwrap().to_string();
    assert!(last.contains("slowing down · API budget 10% left · polls every 45s"), "{last}");
}

#[test]
fn statuses_are_shown_in_the_helpdesks_words_and_fit() {
    let (themes, _) = ThemeSet::load(None);
    let mut m = testkit::model(120, 80, 24);
    m.settings.status_names = frontline_backend::rt::status_names();
    let (first, second) = (m.queue.visible[0], m.queue.visible[1]);
    m.queue.tickets[first].status = frontline_model::Status::Solved;
    m.queue.tickets[second].status = frontline_model::Status::Pending;
    let screen = text(&render(&m, themes.get("default-dark").unwrap()));
    assert!(screen.contains(" resolved "), "RT's word, whole:\n{screen}");
    assert!(screen.contains(" stalled "), "{screen}");
    m.size = (200, 60);
    let wide = text(&render(&m, themes.get("default-dark").unwrap()));
    let kpi_bar = wide.lines().next().unwrap();
    assert!(kpi_bar.contains("Stall") && !kpi_bar.contains("Pend"), "the KPI bar counts stalled tickets: {kpi_bar}");
}

#[test]
fn the_editor_names_the_channel_the_customer_and_the_ticket_and_a_note_says_it_stays_inside() {
    // found in a shift: a customer who wrote on WhatsApp got "Public reply on #99 to Felix
    // Smith", and the note editor read "Internal note on #202 to Fatima Müller", as if it went out
    use frontline_app::{Msg, update};
    use frontline_config::{KeyCode, KeyEvent, KeyModifiers};
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let mut m = testkit::model(10, 80, 24);
    let id = m.selected().unwrap().id;
    let i = m.queue.index[&id];
    m.queue.tickets[i].channel = frontline_model::Channel::WhatsApp;
    let name = m.user_name(m.queue.tickets[i].requester).unwrap().to_string();
    let press = |m: &mut frontline_app::Model, c: char| {
        update(m, Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
    };
    press(&mut m, 'r');
    let t = text(&render(&m, theme));
    let want = format!("Reply by WhatsApp to {name} · #{}", id.0);
    assert!(t.contains(&want), "{want}\n{t}");
    assert!(
        t.contains("C-s send") && t.contains("Esc keep draft "),
        "the footer's first hints whole at 80 columns:\n{t}"
    );
    update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Char('h'), KeyModifiers::NONE)));
    press(&mut m, 'n');
    let t = text(&render(&m, theme));
    assert!(t.contains(&format!("Internal note on #{} — not sent to the customer", id.0)), "{t}");
    assert!(!t.contains(&format!("note on #{} to", id.0)), "a note is addressed to nobody:\n{t}");
}

#[test]
fn at_80x24_the_editor_wraps_and_the_customers_last_message_stays_in_view() {
    // found in a shift: long lines scrolled sideways, and with the editor open only three
    // lines of the conversation showed
    use frontline_app::{Msg, update};
    use frontline_config::{KeyCode, KeyEvent, KeyModifiers};
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let mut m = testkit::model(10, 80, 24);
    // further down the queue, with the first ticket's conversation
    let first = m.selected().unwrap().id;
    let conversation = m.details.conversations.get(&first).cloned().unwrap();
    for _ in 0..5 {
        update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)));
    }
    let id = m.selected().unwrap().id;
    m.details.conversations.insert(id, conversation);
    update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE)));
    let long = "Hello Emma, thank you for your patience while we looked into this with the courier. The parcel left the depot this morning. Kind regards, Priya";
    for c in long.chars() {
        update(&mut m, Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    }
    let t = text(&render(&m, theme));
    assert!(t.contains("Hello Emma, thank you") && t.contains("Kind regards, Priya"), "both ends of the line:\n{t}");
    assert!(t.contains(&format!(" {} ", id.0)), "the selected ticket's row stays on screen:\n{t}");
    let last = m.details.conversations.get(&id);
    let last = match last {
        Some(frontline_app::Loadable::Ready(msgs)) => msgs.last().unwrap().body.lines().next().unwrap().to_string(),
        other => panic!("no conversation: {other:?}"),
    };
    let shown: String = last.chars().take(30).collect();
    assert!(t.contains(&shown), "the customer's last message above the editor ({shown}):\n{t}");
}

#[test]
fn the_detail_pane_says_when_a_colleague_has_the_ticket() {
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let mut m = testkit::model(10, 200, 60);
    let me = m.me.as_ref().unwrap().id;
    let colleague = m.users.values().find(|u| u.role.is_staff() && u.id != me).cloned().expect("a colleague");
    let id = m.selected().unwrap().id;
    let i = m.queue.index[&id];
    m.queue.tickets[i].assignee = Some(colleague.id);
    let t = text(&render(&m, theme));
    assert!(t.contains(&format!("⚠ assigned to {}", colleague.name)), "{t}");
}

/// A model with a shop: the selected ticket names `#NW804813`, its customer has three orders.
fn with_orders(w: u16, h: u16) -> frontline_app::Model {
    let mut m = testkit::model(120, w, h);
    m.orders.shop = Some("Shopify at acme.myshopify.com".into());
    let t = m.selected().cloned().unwrap();
    let email = frontline_app::orders::email_of(&m, &t).unwrap();
    let i = m.queue.tickets.iter().position(|x| x.id == t.id).unwrap();
    m.queue.tickets[i].refs = vec!["NW804813".into()];
    let mut newer = testkit::order("#NW900001");
    newer.created_at += 86_400;
    newer.shipments.clear();
    newer.fulfillment_status = "UNFULFILLED".into();
    let mut older = testkit::order("#NW100002");
    older.created_at -= 40 * 86_400;
    older.refunded = frontline_model::Money::new(1990, "EUR");
    older.financial_status = "PARTIALLY_REFUNDED".into();
    older.shipments[0].delivered_at = Some(older.created_at + 3 * 86_400);
    older.shipments[0].status = Some("DELIVERED".into());
    m.orders.by_email.insert(email, frontline_app::Loadable::Ready(vec![newer, testkit::order("#NW804813"), older]));
    // as `update` chooses it: the named order highlighted and opened
    m.orders.selected = 1;
    m.orders.expanded = true;
    m
}

#[test]
fn a_cancelled_and_refunded_order_reads_its_placed_total_and_its_refund_with_words_apart() {
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let mut m = with_orders(200, 60);
    let email = m.orders.by_email.keys().next().cloned().unwrap();
    let mut cancelled = testkit::order("#NW804813");
    cancelled.placed_total = Some(frontline_model::Money::new(4900, "EUR"));
    cancelled.total = frontline_model::Money::new(0, "EUR");
    cancelled.refunded = frontline_model::Money::new(4900, "EUR");
    cancelled.financial_status = "REFUNDED".into();
    cancelled.cancelled_at = Some(cancelled.created_at + 600);
    let mut partly = testkit::order("#NW100002");
    partly.financial_status = "PARTIALLY_REFUNDED".into();
    partly.refunded = frontline_model::Money::new(1990, "EUR");
    m.orders.by_email.insert(email, frontline_app::Loadable::Ready(vec![cancelled, partly]));
    m.orders.selected = 0;
    let t = text(&render(&m, theme));
    assert!(t.contains("#NW804813 · €49.00 refunded"), "what it came to, not €0.00: {t}");
    assert!(t.contains("refund €49.00 refunded"), "label and value apart: {t}");
    assert!(t.contains("partially refunded"), "whole at 200 columns: {t}");
}

#[test]
fn the_named_order_atop_the_conversation_and_the_orders_in_the_customer_pane() {
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let m = with_orders(200, 60);
    let t = text(&render(&m, theme));
    insta::assert_snapshot!("orders_200x60", t);
    assert!(t.contains("#NW804813 · €54.85 paid · in transit"), "the strip says where the order is");
    assert!(t.contains("DHL DH0123456789 https://www.dhl.com/track?n=DH0123456789"), "carrier, number and link");
    assert!(t.contains("Orders (3)") && t.contains("▸#NW804813"), "the list, the named one highlighted");
    assert!(t.contains("items  1 × Rain jacket (M)"), "the highlighted order opened");
    // at 80x24 the conversation shows the strip without a key; O shows the list
    let mut m = with_orders(80, 24);
    let t = text(&render(&m, theme));
    insta::assert_snapshot!("orders_80x24", t);
    assert!(t.contains("#NW804813 · €54.85 paid") && t.contains("DH0123456789"), "{t}");
    assert!(t.contains("https://www.dhl.com/track?n=DH0123456789"), "the link, whole: {t}");
    m.focus = Pane::Customer;
    // found in a trial: the customer pane at 80x24 showed one or two of their tickets
    let t = text(&render(&m, theme));
    let rows = t
        .lines()
        .skip_while(|l| !l.contains("Tickets (5)"))
        .skip(1)
        .filter(|l| l.contains("│ ") && l.contains(" #") || l.contains("│▸#"))
        .count();
    assert!(rows >= 3, "three of the customer's five tickets at 80x24: {rows}\n{t}");
    assert!(t.contains("▸#NW804813"), "and the order the ticket names: {t}");
    m.orders.focused = true;
    let t = text(&render(&m, theme));
    insta::assert_snapshot!("orders_80x24_focused", t);
    assert!(t.contains("Enter open order"), "{t}");
    // a failing shop: its words where the orders would be, the ticket still shown
    let mut m = with_orders(200, 60);
    let email = m.orders.by_email.keys().next().cloned().unwrap();
    m.orders
        .by_email
        .insert(email, frontline_app::Loadable::Failed("cannot reach the shop at acme.myshopify.com: refused".into()));
    let t = text(&render(&m, theme));
    assert!(t.contains("orders: cannot reach the shop at acme.myshopify.com") && t.contains("C-r tries again"), "{t}");
    assert!(t.contains("internal note"), "the conversation is still there");
}

#[test]
fn the_kpi_page_at_80x24_says_how_to_leave_and_gives_definitions_room() {
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let mut m = testkit::model(40, 80, 24);
    m.mode = Mode::Kpi;
    let t = text(&render(&m, theme));
    assert!(t.contains("any key closes this page"), "{t}");
    assert!(t.contains("unsolved tickets with no assignee"), "a definition whole: {t}");
}

#[test]
fn the_unassigned_tile_and_the_unassigned_view_never_differ() {
    use frontline_model::{Cmp, Cond, Figure, Status, ViewFilter, Who};
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let mut m = testkit::model(40, 200, 60);
    // the view's own count was asked before the agent's take; the tile moved with the take
    m.views[0].filter = Some(ViewFilter {
        all: vec![Cond::Status(Cmp::Less, Status::Solved), Cond::Assignee { is: true, who: Who::Nobody }],
        any: vec![],
    });
    m.board.view_counts.insert(m.views[0].id, 60);
    m.stats.kpis.counts.unassigned = Figure::Value(59);
    m.board.on = true;
    let t = text(&render(&m, theme));
    let row = t.lines().find(|l| l.contains(" Unassigned ") && l.contains("59")).unwrap_or_else(|| panic!("{t}"));
    assert!(!row.contains("60"), "{row}");
    m.board.on = false;
    m.mode = frontline_app::Mode::Views(0);
    let t = text(&render(&m, theme));
    assert!(t.contains("Unassigned  59"), "the views picker agrees: {t}");
}

#[test]
fn the_wallboards_team_shows_solved_today_whole() {
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    for (w, h) in [(200u16, 60u16), (100, 40)] {
        let mut m = testkit::model(40, w, h);
        let tom = frontline_model::UserId(10_001);
        for t in m.stats.today.iter_mut().take(3) {
            t.assignee = Some(tom);
            t.status = frontline_model::Status::Solved;
            t.solved_at = Some(m.now - 60);
        }
        m.board.on = true;
        let t = text(&render(&m, theme));
        let head = t.lines().find(|l| l.contains("agent") && l.contains("open")).unwrap_or_else(|| panic!("{t}"));
        assert!(head.contains("solved"), "{w}x{h}: {head}");
        // the Team block is the left column: its cell is the first between borders
        let cell_of = |l: &str| l.split('│').nth(1).unwrap_or("").to_string();
        let row = t
            .lines()
            .find(|l| l.starts_with('│') && cell_of(l).contains("Tom Becker"))
            .unwrap_or_else(|| panic!("{t}"));
        let cell = cell_of(row);
        assert!(cell.trim_end().ends_with('3'), "{w}x{h}: Tom solved 3 today: {row}");
    }
}

#[test]
fn a_long_notice_wraps_between_words_below_the_status_line() {
    // found in a trial: `u to und…`, `{{order.trackin`, `…has no snooze: set the …`
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let mut m = testkit::model(40, 80, 24);
    let said = "reply on #1000: sending in 5s — u to undo · {{order.tracking_url}} is not filled for this ticket";
    m.notice = Some(frontline_app::Notice { text: said.into(), error: false });
    assert_eq!(m.status_lines(), 3);
    let t = text(&render(&m, theme));
    let rows: Vec<&str> = t.lines().collect();
    let bottom = rows[rows.len() - 2..].iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    assert_eq!(bottom, said, "every word, whole:\n{t}");
    assert!(rows[rows.len() - 3].contains("online"), "the status line stays above it:\n{t}");
    // the queue still shows the selected row: its rows come from the same layout
    assert!(t.lines().any(|l| l.starts_with("│ 1000")), "{t}");
    // a short one stays on the line
    m.notice = Some(frontline_app::Notice { text: "✓ take on #1000".into(), error: false });
    assert_eq!(m.status_lines(), 1);
    assert!(text(&render(&m, theme)).lines().last().unwrap().contains("✓ take on #1000"));
}

#[test]
fn a_short_conversation_at_80x24_gives_its_rows_to_the_queue() {
    use frontline_app::Loadable;
    let (themes, _) = ThemeSet::load(None);
    let theme = themes.get("default-dark").unwrap();
    let mut m = testkit::model(40, 80, 24);
    let rows = |t: &str| t.lines().filter(|l| l.starts_with("│ 10")).count();
    let usual = rows(&text(&render(&m, theme)));
    let id = m.selected().unwrap().id;
    let Some(Loadable::Ready(msgs)) = m.details.conversations.get(&id).cloned() else { panic!("loaded") };
    let one = msgs.into_iter().take(1).map(|mut x| {
        x.body = "Where is my parcel? Order #NW481516.".into();
        x
    });
    m.details.conversations.insert(id, Loadable::Ready(one.collect()));
    let t = text(&render(&m, theme));
    assert!(rows(&t) > usual, "more queue rows than {usual}:\n{t}");
    assert!(t.contains("Where is my parcel? Order #NW481516."), "the conversation whole:\n{t}");
    // j moves within the taller queue without scrolling it
    assert_eq!(m.queue_rows(), rows(&t));
}
