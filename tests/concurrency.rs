//! Concurrent edits: every edit takes the lock `new` takes, waits for it, and reads what it
//! changes again under it, so two `git adr` processes editing one record both keep their change.

mod common;

use common::*;

/// The ids a record's `relates` lists.
fn relates(repo: &TestRepo, rel: &str) -> Vec<u64> {
    array(&front_matter(&repo.read(rel))["relates"])
        .iter()
        .map(|v| {
            v.as_u64()
                .unwrap_or_else(|| panic!("{rel}: relates holds {v}"))
        })
        .collect()
}

#[test]
fn concurrent_links_to_one_record_are_all_kept_in_both_files() {
    let repo = TestRepo::initialised();
    const PAIRS: u32 = 20;
    let hub = put(&repo, 2, "hub", record("proposed", "Hub"));
    let targets: Vec<(u32, String)> = (0..2 * PAIRS)
        .map(|i| {
            let id = 3 + i;
            (
                id,
                put(
                    &repo,
                    id,
                    &format!("t{id}"),
                    record("proposed", &format!("T{id}")),
                ),
            )
        })
        .collect();
    repo.commit_all("records");

    for pair in targets.chunks(2) {
        // Both processes of a pair edit the hub at the same time.
        let children: Vec<_> = pair
            .iter()
            .map(|(id, _)| {
                repo.adr_std(&repo.path(), &["link", "2", "relates", &id.to_string()])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn git-adr")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert_no_panic(&out, "link");
            assert!(out.status.success(), "link failed: {}", stderr(&out));
        }
    }

    let mut expected: Vec<u64> = targets.iter().map(|(id, _)| u64::from(*id)).collect();
    let mut on_hub = relates(&repo, &hub);
    on_hub.sort_unstable();
    expected.sort_unstable();
    assert_eq!(on_hub, expected, "every link is on the hub");
    for (_, path) in &targets {
        assert_eq!(relates(&repo, path), [2], "{path} links back to the hub");
    }
    assert!(stray_files(&repo).is_empty(), "{:?}", stray_files(&repo));
}

#[cfg(unix)]
#[test]
fn what_a_killed_edit_left_is_cleaned_by_the_next_edit_and_other_gits_locks_stay() {
    let repo = TestRepo::initialised();
    let two = put(&repo, 2, "two", record("proposed", "Two"));
    repo.commit_all("two");
    // A killed edit's temporary files, and git's index lock that it had taken as a link of
    // its new index.
    repo.write(&format!("{DECISIONS}/.git-adr-AbC123.tmp"), "half");
    let git = repo.path().join(".git");
    std::fs::write(git.join(".git-adr-edit-Xyz789.tmp"), "new index").unwrap();
    std::fs::hard_link(git.join(".git-adr-edit-Xyz789.tmp"), git.join("index.lock")).unwrap();

    repo.adr(&["accept", "2"]).assert().success();
    assert!(stray_files(&repo).is_empty(), "{:?}", stray_files(&repo));
    assert!(!git.join("index.lock").exists());
    assert!(!git.join(".git-adr-edit-Xyz789.tmp").exists());
    assert!(repo.read(&two).contains("status: accepted"));

    // Another git's index lock is not ours to remove.
    std::fs::write(git.join("index.lock"), "theirs").unwrap();
    repo.adr(&["deprecate", "2"]).assert().success();
    assert!(git.join("index.lock").exists());
}

#[test]
fn a_temporary_file_left_after_a_clean_edit_is_still_cleaned_by_the_next_edit() {
    let repo = TestRepo::initialised();
    let two = put(&repo, 2, "two", record("proposed", "Two"));
    repo.commit_all("two");
    // A clean edit: the next one need not look through the records folder again...
    repo.adr(&["accept", "2"]).assert().success();
    assert!(stray_files(&repo).is_empty(), "{:?}", stray_files(&repo));
    // ...unless something changed it since: here the folder is put back from a copy with a
    // killed edit's temporary file in it (a new folder, so that the change is seen whatever
    // the resolution of the file system's clock).
    let dir = repo.path().join(DECISIONS);
    let copy = repo.path().join(".adr/copy");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    std::fs::write(copy.join(".git-adr-Old123.tmp"), "half").unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::rename(&copy, &dir).unwrap();
    repo.adr(&["deprecate", "2"]).assert().success();
    assert!(stray_files(&repo).is_empty(), "{:?}", stray_files(&repo));
    assert!(repo.read(&two).contains("status: deprecated"));
}
