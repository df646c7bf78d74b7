//! Getting a profile's token: its environment variable, else its command (stopped after
//! `token_timeout_secs`), else the plain value. No error and no log line ever carries the
//! token, and a failing command is named by its program alone: its arguments may hold a secret.

use crate::profile::{Profile, TokenCommand};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Why a profile has no token, in words that name the fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TokenError {
    #[error("profile `{profile}`: the environment variable {var} is not set: export {var}=… (the API token)")]
    EnvMissing { profile: String, var: String },
    #[error("profile `{profile}`: token_command is an empty list")]
    EmptyCommand { profile: String },
    #[error("profile `{profile}`: cannot run token_command `{program}`: {detail}")]
    CannotRun { profile: String, program: String, detail: String },
    #[error("profile `{profile}`: token_command `{program}` failed ({status}); run it by hand to see why")]
    Failed { profile: String, program: String, status: String },
    #[error(
        "profile `{profile}`: token_command `{program}` did not finish within {secs} s and was stopped; run it by hand \
         to see why, or raise token_timeout_secs"
    )]
    TimedOut { profile: String, program: String, secs: u64 },
    #[error("profile `{profile}`: token_command `{program}` printed nothing")]
    Empty { profile: String, program: String },
    #[error("profile `{profile}`: no token found")]
    None { profile: String },
}

/// Gets the profile's token: the environment variable, else the command, else the plain
/// value (with a warning when the file is readable by others).
pub fn resolve_token(
    name: &str,
    p: &Profile,
    config_path: Option<&std::path::Path>,
) -> Result<(String, Vec<String>), TokenError> {
    let mut warnings = Vec::new();
    if let Some(var) = &p.token_env {
        match std::env::var(var) {
            Ok(v) if !v.trim().is_empty() => return Ok((v.trim().to_string(), warnings)),
            _ if p.token_command.is_none() && p.token.is_none() => {
                return Err(TokenError::EnvMissing { profile: name.into(), var: var.clone() });
            }
            _ => {}
        }
    }
    if let Some(cmd) = &p.token_command {
        return run(name, cmd, Duration::from_secs(p.token_timeout_secs.max(1))).map(|t| (t, warnings));
    }
    if let Some(t) = &p.token {
        #[cfg(unix)]
        if let Some(path) = config_path {
            use std::os::unix::fs::PermissionsExt;
            if std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0) {
                warnings.push(format!(
                    "{} holds a token and is readable by others: chmod 600 it, or use token_env / token_command",
                    path.display()
                ));
            }
        }
        return Ok((t.clone(), warnings));
    }
    Err(TokenError::None { profile: name.into() })
}

/// Runs the token command for at most `limit`; its first line of output is the token.
///
/// The command runs in a process group of its own: on a time-out or failure the whole group
/// is stopped, so a `sleep 1000` it started is not left behind. The first line is read with
/// the deadline, not to the end of the output: a background child that keeps stdout open
/// (`sleep 40 & echo TOKEN`) does not hold the console up.
fn run(name: &str, cmd: &TokenCommand, limit: Duration) -> Result<String, TokenError> {
    let (program, mut command) = match cmd {
        TokenCommand::Shell(s) => {
            let mut c = Command::new("sh");
            c.arg("-c").arg(s);
            (s.split_whitespace().next().unwrap_or("sh").to_string(), c)
        }
        TokenCommand::Argv(v) if !v.is_empty() => {
            let mut c = Command::new(&v[0]);
            c.args(&v[1..]);
            (v[0].clone(), c)
        }
        TokenCommand::Argv(_) => return Err(TokenError::EmptyCommand { profile: name.into() }),
    };
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let failed = |status: String| TokenError::Failed { profile: name.into(), program: program.clone(), status };
    let mut child =
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().map_err(|e| {
            TokenError::CannotRun { profile: name.into(), program: program.clone(), detail: e.to_string() }
        })?;
    let started = frontline_clock::monotonic();
    let pid = child.id();
    let timed_out = || {
        stop_group(pid);
        TokenError::TimedOut { profile: name.into(), program: program.clone(), secs: limit.as_secs() }
    };
    // the first line, and then the exit, each read on a thread of its own and awaited with
    // the deadline: nothing here blocks past it, and nothing polls
    let (line_tx, line_rx) = std::sync::mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            let mut reader = std::io::BufReader::new(stdout);
            let mut line = String::new();
            let _ = std::io::BufRead::read_line(&mut reader, &mut line);
            let _ = line_tx.send(line);
            // the rest is read and dropped, so a command that prints more lines is not killed
            // by a closed pipe (SIGPIPE) and called failed
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
    }
    let (exit_tx, exit_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = exit_tx.send(child.wait());
    });
    let Ok(line) = line_rx.recv_timeout(limit) else { return Err(timed_out()) };
    let status = match exit_rx.recv_timeout(limit.saturating_sub(started.elapsed())) {
        Ok(Ok(status)) => status,
        // the command is reaped here: its group id may be anyone's now, so it is not signalled
        Ok(Err(e)) => return Err(failed(e.to_string())),
        Err(_) => return Err(timed_out()),
    };
    if !status.success() {
        return Err(failed(status.to_string()));
    }
    let token = line.trim().to_string();
    if token.is_empty() {
        return Err(TokenError::Empty { profile: name.into(), program });
    }
    Ok(token)
}

/// Stops the command and everything it started: its process group (the thread waiting for
/// the command reaps it).
fn stop_group(pid: u32) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(pid) {
        let _ = nix::sys::signal::killpg(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL);
    }
}
