//! The bottom line: connection, last sync and errors in words on the left; the focused
//! pane's keys on the right (from the keymap). The filter and command line type here.

use super::format::{fmt_age, fmt_time};
use frontline_app::live_feed::Feed;
use frontline_app::{Action, Connection, Mode, Model, Pane};
use frontline_config::Theme;
use frontline_config::ThemeRole;
use frontline_model::OutState;
use frontline_model::text::{truncate, width};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn hints(m: &Model) -> Vec<(String, &'static str)> {
    let k = |a: Action| m.keymap.first_key_label(a);
    if m.board.on {
        return vec![
            (k(Action::Command), ":wallboard back"),
            (k(Action::Refresh), "refresh"),
            (k(Action::Help), "help"),
            (k(Action::Quit), "quit"),
        ];
    }
    let mut h = match m.focus {
        Pane::Queue => vec![
            (k(Action::Down), "move"),
            (k(Action::Reply), "reply"),
            (k(Action::Note), "note"),
            (k(Action::Take), "take"),
            (k(Action::Status), "status"),
            (k(Action::Macro), "macro"),
            (k(Action::Escalate), "escalate"),
            (k(Action::Filter), "filter"),
            (k(Action::Views), "views"),
        ],
        Pane::Conversation => vec![(k(Action::Down), "scroll"), (k(Action::NextPane), "pane")],
        Pane::Customer if m.orders.focused => vec![(k(Action::Down), "move"), (k(Action::Open), "open order")],
        Pane::Customer if m.orders.shop.is_some() => {
            vec![(k(Action::Down), "move"), (k(Action::Open), "open ticket"), (k(Action::Orders), "orders")]
        }
        Pane::Customer => vec![(k(Action::Down), "move"), (k(Action::Open), "open ticket")],
    };
    h.push((k(Action::Help), "help"));
    h.push((k(Action::Quit), "quit"));
    h
}

pub fn draw(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let w = area.width as usize;
    // a notice too long for the line has lines of its own below it (`Model::status_lines`)
    let below = m.notice.as_ref().filter(|_| area.height > 1);
    let area_rest = Rect { y: area.y + 1, height: area.height.saturating_sub(1), ..area };
    let area = Rect { height: 1, ..area };
    let line = match &m.mode {
        Mode::Filter => Line::from(vec![
            Span::styled(format!("/{}█", m.filter.text), theme.style(ThemeRole::StatusLine)),
            Span::styled(
                format!("  {} of {} · Enter keeps · Esc clears", m.queue.visible.len(), m.queue.tickets.len()),
                theme.style(ThemeRole::HintText),
            ),
        ]),
        Mode::Command(buf) => Line::from(vec![
            Span::styled(format!(":{buf}█"), theme.style(ThemeRole::StatusLine)),
            Span::styled(
                "  :view NAME · :ticket ID · :merge ID · :snooze WHEN · :kpi · :team · :outbox · :edit · :wallboard · :sort KEY · :theme NAME · :q",
                theme.style(ThemeRole::HintText),
            ),
        ]),
        _ => {
            let (state, role) = match &m.sync.connection {
                Connection::Connecting if m.now - m.sync.started >= frontline_app::NO_ANSWER_SECS => (
                    format!("✗ no answer from {} for {}s", m.settings.helpdesk, m.now - m.sync.started),
                    ThemeRole::StatusError,
                ),
                Connection::Connecting => ("◌ connecting".to_string(), ThemeRole::StatusLine),
                Connection::Online => ("● online".to_string(), ThemeRole::StatusOk),
                Connection::Trouble(why) => {
                    let word = if why.starts_with("cannot reach") { "offline" } else { "trouble" };
                    match m.sync.next_poll - m.now {
                        wait if wait > 0 => (format!("✗ {word} · retry in {wait}s"), ThemeRole::StatusError),
                        _ => (format!("✗ {word}"), ThemeRole::StatusError),
                    }
                }
            };
            let mut left = vec![Span::styled(format!(" {state} "), theme.style(role))];
            // the helpdesk's live feed: up, or down with the console polling meanwhile
            match &m.live.feed {
                Some(Feed::Up) => left.push(Span::styled(" live ", theme.style(ThemeRole::StatusOk))),
                Some(Feed::Down(_)) => {
                    left.push(Span::styled(" polling · live feed down ", theme.style(ThemeRole::KpiWarn)));
                }
                None => {}
            }
            if m.settings.read_only {
                left.push(Span::styled(" READ-ONLY ", theme.style(ThemeRole::KpiWarn)));
            }
            if m.sync.pace.asked_to_wait {
                let text = match m.sync.next_poll - m.now {
                    wait if wait > 0 => format!(" slowing down · the helpdesk asked to wait · next poll in {wait}s "),
                    _ => " slowing down · the helpdesk asked to wait · asking again ".to_string(),
                };
                left.push(Span::styled(text, theme.style(ThemeRole::KpiWarn)));
            } else if let (Some(b), true) = (m.sync.pace.budget, m.sync.pace.stretch > 1.0) {
                // polls wait longer so the account's other consoles and integrations get through
                let share = u64::from(b.remaining) * 100 / u64::from(b.limit.max(1));
                let every = (m.sync.pace.interval as f64 * m.sync.pace.stretch).round() as i64;
                left.push(Span::styled(
                    format!(" slowing down · API budget {share}% left · polls every {every}s "),
                    theme.style(ThemeRole::KpiWarn),
                ));
            }
            if let Some(at) = m.sync.cached_at {
                left.push(Span::styled(
                    format!(" cached · {} old ", fmt_age(m.now, at)),
                    theme.style(ThemeRole::KpiWarn),
                ));
            }
            if !m.writes.pending.is_empty() {
                left.push(Span::styled(
                    format!(" {} to send · u undo ", m.writes.pending.len()),
                    theme.style(ThemeRole::KpiWarn),
                ));
            }
            let held = m.writes.pending.iter().map(|j| j.keys.len()).sum::<usize>();
            let failed = m.writes.outbox.iter().filter(|e| e.state == OutState::Failed).count();
            let waiting = m.writes.outbox.len().saturating_sub(held + failed);
            if failed > 0 {
                left.push(Span::styled(format!(" {failed} failed · :outbox "), theme.style(ThemeRole::StatusError)));
            }
            if waiting > 0 {
                left.push(Span::styled(format!(" outbox {waiting} "), theme.style(ThemeRole::KpiWarn)));
            }
            let orphaned: usize = m.writes.orphans.iter().map(|o| o.entries.len()).sum();
            if orphaned > 0 {
                left.push(Span::styled(
                    format!(" {orphaned} for another helpdesk · :outbox "),
                    theme.style(ThemeRole::SlaWarn),
                ));
            }
            // time worked on the selected ticket, not yet written (`[time_tracking]`)
            if let Some(t) = frontline_app::handle_time::shown(m) {
                left.push(Span::styled(format!(" {t} "), theme.style(ThemeRole::StatusLine)));
            }
            let who = m.me.as_ref().map_or("", |u| u.name.as_str());
            let sync = m
                .sync
                .last_sync
                .map(|t| format!(" synced {}", fmt_time(t, m.settings.utc_offset).split(' ').nth(2).unwrap_or("")))
                .unwrap_or_default();
            match &m.notice {
                Some(n) if below.is_none() => left.push(Span::styled(
                    format!(" {} ", n.text),
                    theme.style(if n.error { ThemeRole::StatusError } else { ThemeRole::StatusLine }),
                )),
                _ => left.push(Span::styled(format!(" {who}{sync} "), theme.style(ThemeRole::StatusLine))),
            }
            let used: usize = left.iter().map(|s| width(&s.content)).sum();
            let mut right = Vec::new();
            let mut rw = 0;
            for (key, what) in hints(m) {
                let piece = width(&key) + what.len() + 3;
                if used + rw + piece > w {
                    break;
                }
                rw += piece;
                right.push(Span::styled(format!(" {key}"), theme.style(ThemeRole::HintKey)));
                right.push(Span::styled(format!(" {what} "), theme.style(ThemeRole::HintText)));
            }
            let pad = w.saturating_sub(used + rw);
            left.push(Span::styled(" ".repeat(pad), theme.style(ThemeRole::StatusLine)));
            left.extend(right);
            Line::from(left)
        }
    };
    if let Some(n) = below {
        let style = theme.style(if n.error { ThemeRole::StatusError } else { ThemeRole::StatusLine });
        let mut wrapped = frontline_model::text::wrap(&n.text, w.saturating_sub(2));
        let room = area_rest.height as usize;
        if wrapped.len() > room {
            wrapped.truncate(room);
            if let Some(last) = wrapped.last_mut() {
                *last = truncate(&format!("{last} …"), w.saturating_sub(2));
            }
        }
        let lines: Vec<Line> = wrapped.into_iter().map(|l| Line::styled(format!(" {l}"), style)).collect();
        f.render_widget(Paragraph::new(lines).style(style), area_rest);
    }
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if width(&text) > w {
        let style = line.spans.first().map(|s| s.style).unwrap_or_default();
        f.render_widget(Paragraph::new(truncate(&text, w)).style(style), area);
    } else {
        f.render_widget(Paragraph::new(line).style(theme.style(ThemeRole::StatusLine)), area);
    }
}

#[cfg(test)]
mod tests {
    use frontline_app::Connection;
    use frontline_app::live_feed::Feed;
    use frontline_app::testkit::{NOW, model};

    #[test]
    fn a_rate_limited_poll_shows_how_long_it_waits() {
        let mut m = model(5, 120, 30);
        m.now = NOW;
        m.sync.next_poll = NOW + 200;
        m.sync.connection = Connection::Online;
        m.sync.pace.asked_to_wait = true;
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
        let (themes, _) = frontline_config::ThemeSet::load(None);
        t.draw(|f| crate::draw(f, &m, themes.get("default-dark").unwrap())).unwrap();
        let screen: String = t.backend().buffer().content.iter().map(ratatui::buffer::Cell::symbol).collect();
        assert!(screen.contains("● online  slowing down · the helpdesk asked to wait · next poll in 200s"), "{screen}");
    }

    #[test]
    fn a_helpdesk_that_never_answers_is_named_after_twenty_seconds() {
        let screen = |elapsed: i64| {
            let mut m = model(5, 120, 30);
            m.settings.helpdesk = "Zendesk at acme.zendesk.com".into();
            m.sync.connection = Connection::Connecting;
            m.sync.started = NOW;
            m.now = NOW + elapsed;
            let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
            let (themes, _) = frontline_config::ThemeSet::load(None);
            t.draw(|f| crate::draw(f, &m, themes.get("default-dark").unwrap())).unwrap();
            t.backend().buffer().content.iter().map(ratatui::buffer::Cell::symbol).collect::<String>()
        };
        assert!(screen(19).contains("◌ connecting"));
        assert!(screen(25).contains("✗ no answer from Zendesk at acme.zendesk.com for 25s"), "{}", screen(25));
    }

    #[test]
    fn the_live_feed_says_whether_it_is_up_and_typing_shows_in_the_detail_pane() {
        let screen = |feed: Option<Feed>, typing: bool| {
            let mut m = model(5, 120, 30);
            m.sync.connection = Connection::Online;
            m.live.feed = feed;
            if typing {
                let id = m.selected().unwrap().id;
                let who = frontline_model::UserId(5);
                m.live.typing.insert(id, (who, "Rui Costa".into(), false, NOW + 30));
            }
            let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
            let (themes, _) = frontline_config::ThemeSet::load(None);
            t.draw(|f| crate::draw(f, &m, themes.get("default-dark").unwrap())).unwrap();
            t.backend().buffer().content.iter().map(ratatui::buffer::Cell::symbol).collect::<String>()
        };
        assert!(screen(Some(Feed::Up), false).contains("● online  live "));
        assert!(screen(Some(Feed::Down("dropped".into())), false).contains("polling · live feed down"));
        let none = screen(None, false);
        assert!(!none.contains(" live ") && !none.contains("polling"), "a helpdesk without a feed says nothing of it");
        assert!(screen(Some(Feed::Up), true).contains("Rui Costa is typing a reply"));
    }
}
