mod common;
use common::TestRepo;
use predicates::prelude::*;

#[test]
fn init_creates_config_and_first_record() {
    let repo = TestRepo::new();
    repo.adr(&["init"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            ".adr/decisions/0001-record-architecture-decisions.md",
        ));
    assert!(repo.exists(".adr/config.toml"));
    let first = repo.read(".adr/decisions/0001-record-architecture-decisions.md");
    assert!(
        first.starts_with("---\nstatus: accepted\ndate: "),
        "{first}"
    );
    assert!(first.contains("\n# Record architecture decisions\n"));
    // Nothing else is left behind (no staging directories).
    let names: Vec<String> = repo.ls("").into_iter().filter(|n| n != ".git").collect();
    assert_eq!(names, vec![".adr"]);
}

#[test]
fn init_twice_changes_nothing_and_says_so() {
    let repo = TestRepo::new();
    repo.adr_ok(&["init"]);
    repo.write(".adr/config.toml", "# mine\n");
    repo.adr(&["init"])
        .assert()
        .success()
        .stdout(predicate::str::contains("nothing changed"));
    assert_eq!(repo.read(".adr/config.toml"), "# mine\n");
    assert_eq!(
        repo.ls(".adr/decisions"),
        vec!["0001-record-architecture-decisions.md"]
    );
}

#[test]
fn init_works_in_a_repository_without_commits_and_from_a_subdirectory() {
    let repo = TestRepo::new();
    std::fs::create_dir_all(repo.path().join("src/deep")).unwrap();
    repo.adr_in(&repo.path().join("src/deep"), &["init"])
        .assert()
        .success();
    assert!(repo.exists(".adr/config.toml"));
}

#[test]
fn commands_outside_a_repository_fail_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let repo = TestRepo::new();
    repo.adr_in(dir.path(), &["list"])
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a git repository"));
}

#[test]
fn commands_without_adr_dir_suggest_init() {
    let repo = TestRepo::new();
    repo.adr(&["list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("git adr init"));
    repo.adr(&["new", "X", "--no-edit"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("git adr init"));
}
