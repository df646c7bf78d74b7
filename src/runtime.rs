//! The loop: terminal events, the clock and effect results feed one channel of messages;
//! all queued messages are folded in before one draw, and only when something changed.
//! The terminal is restored on quit, error, panic, SIGTERM and SIGHUP.

use crossterm::event::{Event, EventStream};
use frontline_app::{Effect, Executor, Model, Msg, final_draft, init, update};
use frontline_backend::Helpdesk;
use frontline_config::ThemeSet;
use futures::StreamExt;
use std::sync::Arc;
use std::time::Duration;

/// Restores the terminal when dropped, whatever path leaves the loop.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        focus_reports(false);
        ratatui::restore();
    }
}

/// A panic in a background task (the executor's, on a runtime worker thread) is caught there
/// and said on the status line; only a panic on the main thread, where the loop runs, may
/// restore the terminal and print. Without this, ratatui's hook left raw mode on any thread's
/// panic and the console went on running with keys it could no longer read.
fn keep_terminal_on_task_panics() {
    let restore_and_print = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("main") {
            restore_and_print(info);
        } else {
            tracing::error!("panic on {:?}: {info}", std::thread::current().name());
        }
    }));
}

/// Asks the terminal to report focus changes (for time tracking), or to stop. Terminals that
/// do not report focus ignore it; the console then counts as focused all along.
fn focus_reports(on: bool) {
    let mut out = std::io::stdout();
    let done = if on {
        crossterm::execute!(out, crossterm::event::EnableFocusChange)
    } else {
        crossterm::execute!(out, crossterm::event::DisableFocusChange)
    };
    if let Err(e) = done {
        tracing::debug!("focus reports: {e}");
    }
}

/// Suspends the screen, runs `$VISUAL` / `$EDITOR` (else `vi`) on the text, and comes back.
fn edit_externally(
    terminal: &mut ratatui::DefaultTerminal,
    text: &str,
    tracking: bool,
) -> Result<String, frontline_app::errors::EditorError> {
    use frontline_app::errors::EditorError;
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    let file = tempfile::Builder::new()
        .prefix("frontline-draft-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| EditorError::TempFile(e.to_string()))?;
    std::fs::write(file.path(), text).map_err(|e| EditorError::TempFile(e.to_string()))?;
    focus_reports(false);
    ratatui::restore();
    // the editor command may carry arguments (`code --wait`)
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program).args(parts).arg(file.path()).status();
    *terminal = ratatui::try_init().map_err(|e| EditorError::Terminal(e.to_string()))?;
    // try_init put ratatui's panic hook back on top: a task's panic must still not leave raw mode
    keep_terminal_on_task_panics();
    focus_reports(tracking);
    let _ = terminal.clear();
    match status {
        Ok(s) if s.success() => std::fs::read_to_string(file.path()).map_err(|e| EditorError::ReadBack(e.to_string())),
        Ok(s) => Err(EditorError::Failed { editor, status: s.to_string() }),
        Err(e) => Err(EditorError::CannotRun { editor, detail: e.to_string() }),
    }
}

/// The bell and the desktop notification escapes (OSC 9 for iTerm2/kitty/WezTerm/foot,
/// OSC 777 for rxvt/VTE), wrapped for tmux so they reach the terminal outside it. The text is
/// already sanitised, so it cannot carry an escape of its own.
fn ring(note: &frontline_app::notify::Notification, bell: bool, desktop: bool) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if bell {
        let _ = out.write_all(b"\x07");
    }
    if desktop {
        let text = format!("{}: {}", note.title, note.body).replace([';', '\x07', '\x1b'], " ");
        let osc9 = format!("\x1b]9;{text}\x07");
        let osc777 = format!("\x1b]777;notify;Frontline;{text}\x07");
        for seq in [osc9, osc777] {
            let seq = if std::env::var_os("TMUX").is_some() {
                format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
            } else {
                seq
            };
            let _ = out.write_all(seq.as_bytes());
        }
    }
    let _ = out.flush();
}

/// Draws one frame between the terminal's begin and end synchronized-update sequences
/// (mode 2026), so a terminal or tmux that knows them shows the frame whole: no tearing
/// over a slow SSH link. Terminals that do not know the mode ignore it.
fn draw_synchronized<B>(
    terminal: &mut ratatui::Terminal<B>,
    draw: impl FnOnce(&mut ratatui::Frame),
) -> std::io::Result<()>
where
    B: ratatui::backend::Backend + std::io::Write,
    std::io::Error: From<B::Error>,
{
    crossterm::queue!(terminal.backend_mut(), crossterm::terminal::BeginSynchronizedUpdate)?;
    terminal.draw(draw)?;
    crossterm::execute!(terminal.backend_mut(), crossterm::terminal::EndSynchronizedUpdate)
}

/// Runs the console until the agent quits or a signal arrives.
pub async fn run(
    mut model: Model,
    backend: Arc<dyn Helpdesk>,
    shop: Option<Arc<dyn frontline_shop::Shop>>,
    store: frontline_store::Store,
    themes: ThemeSet,
    no_color: bool,
) -> anyhow::Result<()> {
    let result = run_loop(&mut model, backend, shop, store.clone(), themes, no_color).await;
    // quit, error or signal: the draft being typed is saved and every store write finished
    if let Some(Effect::SaveDraft { ticket, draft }) = final_draft(&mut model) {
        let now = store.now();
        let text = draft.clone();
        let saved = store
            .call(move |c| {
                frontline_store::cache::save_draft(c, ticket, draft.as_ref().map(|d| (d.text.as_str(), d.public)), now)
            })
            .await;
        if let (Err(e), Some(d)) = (saved, text) {
            tracing::warn!("the draft for #{} could not be saved on quit: {e}", ticket.0);
            model.drafting.drafts.insert(ticket, d);
            model.drafting.unkept.insert(ticket);
        }
    }
    // a draft whose save was still on its way (or had failed) is saved once more and waited
    // for: one the store still cannot take is printed below rather than lost in silence
    let drafts: Vec<_> = model.drafting.drafts.iter().map(|(t, d)| (*t, d.clone())).collect();
    for (ticket, d) in drafts {
        let now = store.now();
        let (text, public) = (d.text.clone(), d.public);
        let saved =
            store.call(move |c| frontline_store::cache::save_draft(c, ticket, Some((&text, public)), now)).await;
        match saved {
            Ok(()) => {
                model.drafting.unkept.remove(&ticket);
            }
            Err(e) => {
                tracing::warn!("the draft for #{} could not be saved on quit: {e}", ticket.0);
                model.drafting.unkept.insert(ticket);
            }
        }
    }
    store.close();
    print_unkept(&model);
    result
}

/// Drafts the store could not keep (a full disk, a locked store), printed once the terminal is
/// back to normal, so the text is in the terminal's scrollback rather than nowhere.
fn print_unkept(model: &Model) {
    let unkept = model.drafting.unkept_drafts();
    if unkept.is_empty() {
        return;
    }
    eprintln!("{} draft(s) could not be saved to the local store; here is the text:", unkept.len());
    for (ticket, d) in unkept {
        println!("--- draft {} for #{} ---", if d.public { "reply" } else { "note" }, ticket.0);
        println!("{}", frontline_model::text::sanitize(&d.text));
    }
}

async fn run_loop(
    model: &mut Model,
    backend: Arc<dyn Helpdesk>,
    shop: Option<Arc<dyn frontline_shop::Shop>>,
    store: frontline_store::Store,
    themes: ThemeSet,
    no_color: bool,
) -> anyhow::Result<()> {
    let mut terminal = ratatui::try_init()
        .map_err(|e| anyhow::anyhow!("cannot open the terminal: {e} (is this an interactive terminal?)"))?;
    let _guard = TerminalGuard;
    keep_terminal_on_task_panics();
    if model.timer.on() {
        focus_reports(true);
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Msg>();
    let clock_source = store.clock();
    let (mut offset_asked, mut new_offset) = (clock_source.now(), None);
    let exec = Executor::new(backend, store, tx).with_shop(shop);
    if let Ok(size) = terminal.size() {
        model.size = (size.width, size.height);
    }
    exec.run(init(model));
    let mut events = EventStream::new();
    let mut clock = tokio::time::interval(Duration::from_secs(1));
    clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let stop = crate::signals::terminated();
    tokio::pin!(stop);
    loop {
        if model.dirty {
            let theme = themes.get(&model.theme).or_else(|| themes.get("default-dark")).cloned();
            if let Some(theme) = theme {
                let theme = if no_color { theme.without_colour() } else { theme };
                draw_synchronized(&mut terminal, |f| frontline_ui::draw(f, model, &theme))?;
            }
            model.dirty = false;
        }
        if model.quit {
            break;
        }
        let first = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => match crate::terminal_keys::key(k) {
                    Some(k) => Msg::Key(k),
                    None => continue,
                },
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(Event::FocusGained)) => Msg::Focus(true),
                Some(Ok(Event::FocusLost)) => Msg::Focus(false),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(anyhow::anyhow!("reading the terminal failed: {e}")),
                None => break,
            },
            Some(msg) = rx.recv() => msg,
            _ = clock.tick() => {
                let now = clock_source.now();
                // summer time begins or ends: asked once a minute, told only when it changed
                if now.div_euclid(60) != offset_asked.div_euclid(60) {
                    offset_asked = now;
                    let offset = crate::launch::local_offset(now);
                    if offset != model.settings.utc_offset {
                        new_offset = Some(offset);
                    }
                }
                Msg::Tick(now)
            }
            () = &mut stop => break,
        };
        let mut queue: Vec<Msg> = new_offset.take().map(Msg::UtcOffset).into_iter().collect();
        queue.push(first);
        // fold in everything already queued before drawing once
        while let Ok(msg) = rx.try_recv() {
            queue.push(msg);
        }
        for msg in queue {
            for effect in update(model, msg) {
                match effect {
                    Effect::EditExternally { text } => {
                        let result = edit_externally(&mut terminal, &text, model.timer.on());
                        exec.run(update(model, Msg::Edited(result)));
                        model.dirty = true;
                    }
                    Effect::Notify { note, bell, desktop, command } => {
                        ring(&note, bell, desktop);
                        exec.run(vec![Effect::Notify { note, bell, desktop, command }]);
                    }
                    other => exec.run(vec![other]),
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::draw_synchronized;
    use ratatui::widgets::Paragraph;
    use std::sync::{Arc, Mutex};

    /// What the terminal was sent.
    #[derive(Clone, Default)]
    struct Sent(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Sent {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_frame_is_drawn_inside_one_synchronized_update() {
        let sent = Sent::default();
        let backend = ratatui::backend::CrosstermBackend::new(sent.clone());
        let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 20, 2));
        let mut terminal = ratatui::Terminal::with_options(backend, ratatui::TerminalOptions { viewport }).unwrap();
        draw_synchronized(&mut terminal, |f| f.render_widget(Paragraph::new("queue"), f.area())).unwrap();
        let out = String::from_utf8_lossy(&sent.0.lock().unwrap()).into_owned();
        let (begin, end) = (out.find("\x1b[?2026h").unwrap(), out.rfind("\x1b[?2026l").unwrap());
        let text = out.find("queue").unwrap();
        assert!(begin < text && text < end, "the frame sits between begin and end: {out:?}");
        assert!(out.ends_with("\x1b[?2026l"), "nothing after the end: {out:?}");
    }
}
