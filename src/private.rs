//! Files only their owner may read: the store and the log hold conversation text, so their
//! folder is made 0700 and the files 0600 — also when they already existed with looser modes.

use std::path::Path;

/// Creates `dir` (and its parents) if needed and makes it 0700.
pub fn dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    set_mode(dir, 0o700)
}

/// Creates `file` if it does not exist (empty) and makes it 0600.
pub fn file(file: &Path) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o.open(file)?;
    set_mode(file, 0o600)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn folders_are_0700_and_files_0600_even_when_they_were_looser() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data").join("frontline");
        let file = dir.join("frontline.log");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(&file, "old").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        super::dir(&dir).unwrap();
        super::file(&file).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!((mode(&dir), mode(&file)), (0o700, 0o600));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "old", "an existing file is kept");
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error_not_a_panic() {
        let tmp = tempfile::tempdir().unwrap();
        let blocker = tmp.path().join("a-file");
        std::fs::write(&blocker, "").unwrap();
        assert!(super::dir(&blocker.join("frontline")).is_err());
        let logging = crate::logging::init(&blocker.join("frontline"), false);
        assert!(logging._guard.is_none());
        let problem = logging.problem.unwrap();
        assert!(problem.contains("frontline.log") && problem.contains("XDG_DATA_HOME"), "{problem}");
    }
}
