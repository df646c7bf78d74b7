//! The real binary in a real terminal: a detached tmux session of a fixed size, keys sent,
//! the screen read back. The tests that use it are `#[ignore]`d by a plain `cargo test`;
//! `cargo test -- --ignored` runs them, and without tmux they fail saying how to install it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

pub fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux")
        .args(args)
        .output()
        .expect("tmux is not installed: apt-get install tmux (these tests need a real terminal)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Waits until `done` holds, looking again every 150 ms (the program runs in another process:
/// there is no event to await), and fails the test after `secs` seconds naming `what`.
pub fn until(what: &str, secs: u64, done: impl FnMut() -> bool) {
    until_said(|| what.to_string(), secs, done);
}

/// As `until`, with the failure's words made when it fails (to show what was last seen).
fn until_said(what: impl Fn() -> String, secs: u64, mut done: impl FnMut() -> bool) {
    let start = frontline_clock::monotonic();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(secs), "{}: not within {secs}s", what());
        #[expect(clippy::disallowed_methods, reason = "another process's screen: no event crosses a pty")]
        std::thread::sleep(Duration::from_millis(150));
    }
}

pub struct Session(pub String);

impl Session {
    /// `frontline ARGS` with `env` set and config and data under `home`, in a `w`x`h` terminal;
    /// when it exits the pane says `FRONTLINE-EXITED <code>`.
    pub fn start(name: &str, w: u16, h: u16, home: &Path, env: &str, args: &str) -> Session {
        let bin = env!("CARGO_BIN_EXE_frontline");
        let cmd = format!(
            // on a line of its own: a console killed mid-screen leaves the cursor anywhere and the
            // terminal raw (a newline without a carriage return)
            "env XDG_DATA_HOME={0} XDG_CONFIG_HOME={0} {env} {bin} {args}; code=$?; printf '\\r\\nFRONTLINE-EXITED %s\\r\\n' $code; sleep 30",
            home.display()
        );
        let name = format!("{name}-{}", std::process::id());
        tmux(&["new-session", "-d", "-s", &name, "-x", &w.to_string(), "-y", &h.to_string(), &cmd]);
        Session(name)
    }

    pub fn screen(&self) -> String {
        tmux(&["capture-pane", "-p", "-t", &self.0])
    }

    /// The screen once it shows `needle` (within 30 s, else the test fails showing the screen).
    pub fn wait_for(&self, needle: &str) -> String {
        let last = std::cell::RefCell::new(String::new());
        until_said(
            || format!("`{needle}` on screen; the screen:\n{}", last.borrow()),
            30,
            || {
                *last.borrow_mut() = self.screen();
                last.borrow().contains(needle)
            },
        );
        last.into_inner()
    }

    /// Types `keys` one tmux argument at a time, paced so that a terminal reads an Escape
    /// followed by a letter as two keys rather than as Alt+letter.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            tmux(&["send-keys", "-t", &self.0, k]);
            #[expect(clippy::disallowed_methods, reason = "pacing keys so that Esc then a letter is two keys")]
            std::thread::sleep(Duration::from_millis(120));
        }
    }

    /// Sends the editor's text with `key` as an agent does: when the console first says a
    /// colleague is on the ticket (the editor stays open and says so), `key` again.
    pub fn send(&self, key: &str) {
        self.keys(&[key]);
        let mut asked = false;
        until("the editor sent its text or asked first", 30, || {
            let screen = self.screen();
            asked = screen.contains("again to send anyway");
            asked || !(screen.contains("Reply by") || screen.contains("Internal note on #"))
        });
        if asked {
            self.keys(&[key]);
        }
    }

    /// Sends a signal (`-TERM`, `-KILL`) to the frontline process in the pane.
    pub fn signal(&self, sig: &str) {
        let pid = tmux(&["list-panes", "-t", &self.0, "-F", "#{pane_pid}"]);
        let ok = Command::new("pkill").args([sig, "-P", pid.trim(), "frontline"]).status();
        assert!(ok.is_ok_and(|s| s.success()), "no frontline process to signal");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        tmux(&["kill-session", "-t", &self.0]);
    }
}

/// A sandbox of `tickets` tickets from `seed` accepting the tmux tests' token, run on `rt`.
pub fn sandbox(rt: &tokio::runtime::Runtime, tickets: u32, seed: u64) -> frontline_sandbox::SandboxHandle {
    rt.block_on(frontline_sandbox::start(frontline_sandbox::SandboxOptions {
        tickets,
        seed,
        token: Some("tmux-token".into()),
        ..Default::default()
    }))
    .expect("the sandbox starts")
}

/// The config of profile `shop` on the sandbox `sb` as its first agent, with no undo window
/// and `extra` lines added to the profile.
pub fn shop_profile(sb: &frontline_sandbox::SandboxHandle, extra: &str) -> String {
    format!(
        "undo_seconds = 0\n[profiles.shop]\nbackend = \"zendesk\"\nurl = \"{}\"\nemail = \"{}\"\n\
         token_command = [\"echo\", \"tmux-token\"]\n{extra}",
        sb.url, sb.agent_emails[0]
    )
}

/// Writes `config` as the config file of the home folder `home` (config and data below it).
pub fn write_config(home: &Path, config: &str) {
    let dir = home.join("frontline");
    std::fs::create_dir_all(&dir).expect("a config folder");
    std::fs::write(dir.join("config.toml"), config).expect("the config written");
}

/// The profile's store: `shop-<identity>.db` once the console has opened it.
pub fn store_path(home: &Path) -> PathBuf {
    let dir = home.join("frontline").join("store");
    std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("shop-"))
                && p.extension().is_some_and(|e| e == "db")
        })
        .unwrap_or_else(|| dir.join("shop-not-yet.db"))
}

/// Rows of the store's outbox not yet done: (state, attempts).
pub fn outbox_rows(home: &Path) -> Vec<(String, i64)> {
    let Ok(c) = rusqlite::Connection::open_with_flags(store_path(home), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return vec![];
    };
    let Ok(mut q) = c.prepare("SELECT state, attempts FROM outbox WHERE done_at IS NULL") else { return vec![] };
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .map(|rows| rows.filter_map(Result::ok).collect())
        .unwrap_or_default()
}

/// The seconds `⏱` shows for the selected ticket, when it shows.
pub fn shown_secs(screen: &str) -> Option<u64> {
    let at = screen.find("⏱ ")?;
    let word: String = screen[at + "⏱ ".len()..].chars().take_while(|c| !c.is_whitespace()).collect();
    let (m, s) = match word.split_once('m') {
        Some((m, s)) => (m.parse::<u64>().ok()?, s.trim_end_matches('s').parse::<u64>().ok()?),
        None => (0, word.trim_end_matches('s').parse().ok()?),
    };
    Some(m * 60 + s)
}
