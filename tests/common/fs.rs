//! Files of the work tree: what changed, what was left behind, files that cannot be replaced,
//! and files that are not regular files.

use super::records::DECISIONS;
use super::TestRepo;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file under `root` with its bytes, skipping `.git` directories and bare repositories
/// (`*.git`): what "nothing changed" means.
pub fn files_under(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                if !entry.file_name().to_string_lossy().ends_with(".git") {
                    walk(root, &path, out);
                }
            } else {
                let content = std::fs::read(&path).unwrap_or_default();
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), content);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Asserts that two [`files_under`] snapshots are equal, naming the files that differ.
pub fn assert_unchanged(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>) {
    let differ: Vec<_> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(differ.is_empty(), "files changed: {differ:?}");
}

/// Files in the decisions directory other than records (temporary files left behind).
pub fn stray_files(repo: &TestRepo) -> Vec<String> {
    repo.ls(DECISIONS)
        .into_iter()
        .filter(|n| !(n.ends_with(".md") && n.as_bytes()[0].is_ascii_digit()))
        .collect()
}

/// Lines removed and added by `git diff HEAD` of one file (work tree against the last commit),
/// without the hunk headers and line-ending `\r`s.
pub fn diff_lines(repo: &TestRepo, rel: &str) -> (Vec<String>, Vec<String>) {
    let diff = repo.git(&[
        "diff",
        "HEAD",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--",
        rel,
    ]);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    // Lines before the first hunk are headers: diff --git, index, --- a/, +++ b/.
    for line in diff.lines().skip_while(|l| !l.starts_with("@@")) {
        if let Some(l) = line.strip_prefix('-') {
            removed.push(l.trim_end_matches('\r').to_string());
        } else if let Some(l) = line.strip_prefix('+') {
            added.push(l.trim_end_matches('\r').to_string());
        }
    }
    (removed, added)
}

/// A repository holding one existing-folder fixture (`tests/fixtures/folders/NAME`), committed,
/// with `git adr init` run and committed: the folder used in place.
pub fn existing_folder(name: &str) -> TestRepo {
    let repo = TestRepo::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/folders")
        .join(name);
    copy_dir(&src, &repo.path());
    repo.commit_all("existing ADRs");
    repo.adr(&["init"]).assert().success();
    repo.commit_all("git adr init");
    repo
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The permission bits of a file (not following a symlink).
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o7777
}

/// Writes `text` to `path` (creating its directory) with permission bits `mode`.
#[cfg(unix)]
pub fn write_executable(path: &Path, text: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Makes a FIFO at `path` (no external `mkfifo` needed): a file that is not a regular file, and
/// whose opening for reading blocks until a writer comes.
#[cfg(unix)]
pub fn make_fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(
        rc,
        0,
        "mkfifo {}: {}",
        path.display(),
        std::io::Error::last_os_error()
    );
}

/// Runs `git adr ARGS…` in the work tree with a file-size limit (`RLIMIT_FSIZE`) of
/// `max_bytes` on the child: any write that would make a file larger fails with EFBIG ("File too
/// large"). That is how a test makes one file of a multi-file edit unwritable, as root or not, on
/// any file system and with no external tool (`chattr +i` needs root and a file system with the
/// flag). SIGXFSZ is ignored in the child, so the write returns the error instead of the signal
/// killing the process.
#[cfg(unix)]
pub fn run_with_file_size_limit(
    repo: &TestRepo,
    args: &[&str],
    max_bytes: u64,
) -> std::process::Output {
    file_size_limited(repo, args, max_bytes, libc::SIG_IGN)
}

/// `git adr ARGS…` killed by the kernel (SIGXFSZ at its default action) the moment it writes a
/// file past `max_bytes`: a kill at a known point, with no timing.
#[cfg(unix)]
pub fn killed_at_file_size(repo: &TestRepo, args: &[&str], max_bytes: u64) -> std::process::Output {
    file_size_limited(repo, args, max_bytes, libc::SIG_DFL)
}

/// `git adr ARGS…` with `RLIMIT_FSIZE` at `max_bytes` and SIGXFSZ set to `on_exceed`.
#[cfg(unix)]
fn file_size_limited(
    repo: &TestRepo,
    args: &[&str],
    max_bytes: u64,
    on_exceed: libc::sighandler_t,
) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = repo.adr_std(&repo.path(), args);
    cmd.stdin(std::process::Stdio::null());
    let limit = max_bytes as libc::rlim_t;
    // SAFETY: the hook runs between fork and exec and makes only async-signal-safe system calls
    // (signal, getrlimit, setrlimit) on values it owns.
    unsafe {
        cmd.pre_exec(move || {
            if libc::signal(libc::SIGXFSZ, on_exceed) == libc::SIG_ERR {
                return Err(std::io::Error::last_os_error());
            }
            let mut rl = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            if libc::getrlimit(libc::RLIMIT_FSIZE, &mut rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            // Only the soft limit: lowering it needs no privilege.
            rl.rlim_cur = limit.min(rl.rlim_max);
            if libc::setrlimit(libc::RLIMIT_FSIZE, &rl) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("git-adr runs")
}

/// Size of the padding [`pad_record`] adds, and a file-size limit for
/// [`run_with_file_size_limit`] that the padded record exceeds while every other file a command
/// writes in a small test repository (records, the index, locks) stays far below it.
pub const PADDING: usize = 64 * 1024;
pub const FILE_SIZE_LIMIT: u64 = 16 * 1024;

/// Appends a section of [`PADDING`] bytes to a record of the work tree, so that its new content
/// cannot be written under [`FILE_SIZE_LIMIT`].
pub fn pad_record(repo: &TestRepo, rel: &str) {
    let line = "Padding that makes this record larger than the test's file-size limit.\n";
    let mut text = repo.read(rel);
    text.push_str("\n## Padding\n\n");
    text.push_str(&line.repeat(PADDING / line.len() + 1));
    repo.write(rel, text);
}

/// Makes a file immutable (`chattr +i`) for as long as the guard lives: neither replacing nor
/// moving it works, even for root.
pub struct Immutable(PathBuf);

impl Immutable {
    /// Panics when the file system or the user cannot do that (`chattr +i` needs root with
    /// CAP_LINUX_IMMUTABLE on a file system that has the flag): the tests that use it are
    /// `#[ignore]`d with that reason, so they never pass without the condition.
    pub fn set(path: PathBuf) -> Immutable {
        let out = std::process::Command::new("chattr")
            .arg("+i")
            .arg(&path)
            .output();
        assert!(
            out.as_ref().is_ok_and(|o| o.status.success()),
            "chattr +i {} failed: {out:?}",
            path.display()
        );
        let guard = Immutable(path);
        // Check that it really refuses a rename over it.
        let probe = guard.0.with_extension("probe");
        std::fs::write(&probe, "x").unwrap();
        let refused = std::fs::rename(&probe, &guard.0).is_err();
        let _ = std::fs::remove_file(&probe);
        assert!(
            refused,
            "chattr +i did not stop a rename over {:?}",
            guard.0
        );
        guard
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .output();
    }
}
