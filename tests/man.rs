//! `git adr man --install` and `git adr help`: the man pages where man finds them, and git's
//! `help` behaviour with and without man. The binary is copied into a fake prefix (`tmp/bin`) so
//! that "the binary's own prefix" is a temporary directory.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fake `<prefix>/bin/git-adr` and a home for it.
struct Prefix {
    dir: tempfile::TempDir,
}

impl Prefix {
    fn new() -> Prefix {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("bin")).unwrap();
        std::fs::create_dir_all(dir.path().join("home")).unwrap();
        // A hard link, not a copy: a copy is open for writing while it is made, and a process
        // another test thread forks meanwhile inherits that descriptor until it execs, so running
        // the copy can fail with "Text file busy" (ETXTBSY). A copy only across file systems.
        let (built, ours) = (
            assert_cmd::cargo::cargo_bin("git-adr"),
            dir.path().join("bin/git-adr"),
        );
        if std::fs::hard_link(&built, &ours).is_err() {
            std::fs::copy(&built, &ours).unwrap();
        }
        Prefix { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs the copied binary with PATH set to `path` (the system's folders are added after it,
    /// except where a test wants no `man` at all) and MANPATH to `manpath`.
    fn run(&self, args: &[&str], path: &str, manpath: &str) -> Output {
        let mut cmd = Command::new(self.path("bin/git-adr"));
        common::isolate(&mut cmd, &self.path("home"));
        cmd.args(args).env("PATH", path).env("MANPATH", manpath);
        cmd.env_remove("MANPAGER").env_remove("PAGER");
        // Where the binary had to be copied, the race above is still possible: try again.
        for _ in 0..50 {
            match cmd.output() {
                Err(e) if e.raw_os_error() == Some(26) => {
                    std::thread::sleep(std::time::Duration::from_millis(20))
                }
                other => return other.unwrap(),
            }
        }
        panic!(
            "{} stayed busy (ETXTBSY)",
            self.path("bin/git-adr").display()
        )
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn system_path() -> String {
    std::env::var("PATH").unwrap()
}

fn man_installed() -> bool {
    Command::new("man").arg("-w").arg("man").output().is_ok()
}

#[test]
fn install_writes_every_page_beside_the_binary_and_says_when_man_will_not_look_there() {
    let p = Prefix::new();
    let man1 = p.path("share/man/man1");
    // The prefix is neither on PATH nor on MANPATH: man would not find the pages.
    let o = p.run(&["man", "--install"], &system_path(), "/nonexistent/man");
    assert!(o.status.success(), "{}", text(&o.stderr));
    for page in [
        "git-adr.1",
        "git-adr-init.1",
        "git-adr-help.1",
        "git-adr-man.1",
    ] {
        let path = man1.join(page);
        assert!(
            text(&o.stdout).contains(&path.display().to_string()),
            "{}",
            text(&o.stdout)
        );
        assert!(
            std::fs::read_to_string(&path).unwrap().contains(".TH"),
            "{page}"
        );
    }
    let root = p.path("share/man");
    let line = format!("export MANPATH=\"{}:$MANPATH\"", root.display());
    let err = text(&o.stderr);
    assert!(
        err.contains("is not on man's search path") && err.contains(&line),
        "{err}"
    );
    // Each page was renamed into place: no temporary file is left.
    let names: Vec<String> = std::fs::read_dir(&man1)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".1") && !n.starts_with('.')),
        "{names:?}"
    );
}

#[test]
fn install_twice_changes_nothing_and_is_quiet_when_man_finds_the_pages() {
    let p = Prefix::new();
    let path = format!("{}:{}", p.path("bin").display(), system_path());
    let manpath = p.path("share/man").display().to_string();
    let first = p.run(&["man", "--install"], &path, &manpath);
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert_eq!(text(&first.stderr), "", "man finds the pages: no note");
    let page = p.path("share/man/man1/git-adr.1");
    let before = std::fs::metadata(&page).unwrap().modified().unwrap();
    let second = p.run(&["man", "--install"], &path, &manpath);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert_eq!(
        text(&second.stdout),
        format!(
            "{}: the man pages are up to date\n",
            p.path("share/man/man1").display()
        )
    );
    assert_eq!(
        std::fs::metadata(&page).unwrap().modified().unwrap(),
        before,
        "not rewritten"
    );
    if man_installed() {
        let found = Command::new("man")
            .args(["-w", "git-adr"])
            .env("MANPATH", &manpath)
            .output()
            .unwrap();
        assert_eq!(
            text(&found.stdout).trim(),
            page.display().to_string(),
            "{}",
            text(&found.stderr)
        );
    }
}

#[test]
fn install_and_dir_cannot_be_combined() {
    let p = Prefix::new();
    let o = p.run(&["man", "--install", "--dir", "x"], &system_path(), "");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
}

/// A `man` on PATH that appends its arguments and MANPAGER to `man.log`; `-w` succeeds only
/// when `found` is true.
fn fake_man(dir: &Path, found: bool) -> PathBuf {
    let bin = dir.join("fakebin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("man.log");
    let script = format!(
        "#!/bin/sh\necho \"$* MANPAGER=$MANPAGER\" >> '{}'\nif [ \"$1\" = -w ]; then exit {}; fi\necho 'the page'\n",
        log.display(),
        if found { 0 } else { 16 }
    );
    let man = bin.join("man");
    std::fs::write(&man, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&man, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    log
}

#[test]
fn help_opens_the_page_through_man_when_it_is_installed() {
    let p = Prefix::new();
    let log = fake_man(p.dir.path(), true);
    let path = format!("{}:{}", p.path("fakebin").display(), system_path());
    let mut cmd = Command::new(p.path("bin/git-adr"));
    common::isolate(&mut cmd, &p.path("home"));
    let o = cmd
        .args(["help", "init"])
        .env("PATH", &path)
        .env("MANPAGER", "less -R")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout),
        "the page\n",
        "man's output, not the long help"
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "-w git-adr-init MANPAGER=less -R\ngit-adr-init MANPAGER=less -R\n"
    );
    // Without a command: git-adr's own page.
    std::fs::remove_file(&log).unwrap();
    let o = p.run(&["help"], &path, "");
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "-w git-adr MANPAGER=\ngit-adr MANPAGER=\n"
    );
}

#[test]
fn help_prints_the_long_help_when_man_has_no_page() {
    let p = Prefix::new();
    let log = fake_man(p.dir.path(), false);
    let path = format!("{}:{}", p.path("fakebin").display(), system_path());
    let o = p.run(&["help", "check"], &path, "");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("Usage: git adr check") && out.contains("--staged"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "-w git-adr-check MANPAGER=\n"
    );
}

#[test]
fn help_prints_the_long_help_when_man_is_missing() {
    let p = Prefix::new();
    // PATH holds only the prefix's bin: there is no `man` to run.
    let o = p.run(&["help", "new"], &p.path("bin").display().to_string(), "");
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("Usage: git adr new"), "{out}");
    let o = p.run(&["help"], &p.path("bin").display().to_string(), "");
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("Usage: git adr"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn help_of_an_unknown_command_is_a_usage_error() {
    let p = Prefix::new();
    let o = p.run(&["help", "frobnicate"], &system_path(), "");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("`frobnicate` is not a git adr command"),
        "{}",
        text(&o.stderr)
    );
}
