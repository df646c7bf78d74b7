//! An editor's text saved to a file of its own (`Alt-W`), for when the outbox cannot take it
//! (a full disk, a locked store): next to the store, else in the system's temporary folder,
//! readable by the agent only, never over an existing file.

use frontline_model::TicketId;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `text` to `unsent/ticket-ID-TIME.txt` in the first of `folders` that takes it; the
/// error names every folder tried and why each refused.
pub fn save(
    folders: &[PathBuf],
    ticket: TicketId,
    text: &str,
    now: i64,
) -> Result<PathBuf, crate::errors::SaveTextError> {
    let mut refused = Vec::new();
    for folder in folders {
        let dir = folder.join("unsent");
        match write_new(&dir, &format!("ticket-{}-{now}", ticket.0), text) {
            Ok(path) => return Ok(path),
            Err(e) => refused.push((dir, e.to_string())),
        }
    }
    Err(crate::errors::SaveTextError { refused })
}

/// A new file in `dir` (made 0700 if missing) named `stem.txt`, or `stem-2.txt`… if taken.
fn write_new(dir: &Path, stem: &str, text: &str) -> std::io::Result<PathBuf> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    for n in 1..100 {
        let name = if n == 1 { format!("{stem}.txt") } else { format!("{stem}-{n}.txt") };
        let path = dir.join(name);
        let mut open = std::fs::OpenOptions::new();
        open.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
        match open.open(&path) {
            Ok(mut f) => {
                let written = f.write_all(text.as_bytes()).and_then(|()| f.sync_all());
                if let Err(e) = written {
                    // a half-written file is worse than none: the agent would trust it
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("too many files of that name"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_lands_whole_in_a_private_file_and_never_over_another() {
        let dir = tempfile::tempdir().unwrap();
        let a = save(&[dir.path().into()], TicketId(16), "Your refund is on its way.", 100).unwrap();
        let b = save(&[dir.path().into()], TicketId(16), "Second try.", 100).unwrap();
        assert_ne!(a, b);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "Your refund is on its way.");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "Second try.");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&a).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn a_folder_that_refuses_is_named_and_the_next_one_is_tried() {
        let dir = tempfile::tempdir().unwrap();
        // a file where the folder should be: it cannot be made
        let blocked = dir.path().join("blocked");
        std::fs::write(&blocked, "").unwrap();
        let other = dir.path().join("other");
        let path = save(&[blocked.clone(), other.clone()], TicketId(3), "x", 1).unwrap();
        assert!(path.starts_with(&other));
        let err = save(std::slice::from_ref(&blocked), TicketId(3), "x", 1).unwrap_err();
        assert!(err.to_string().contains(&blocked.join("unsent").display().to_string()), "{err}");
    }
}
