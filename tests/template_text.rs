//! Template text is named as such: a section that still holds a template's `{…}` placeholders
//! is "still the template's text" in `git adr pr` (Markdown and JSON), not "not in the record",
//! in git-adr's own records and in an existing folder's alike; `check` warns about each such
//! section of an existing folder's record at its heading.

mod common;
use common::TestRepo;
use serde_json::Value;

/// A MADR 4 record of an existing folder: context and decision written, Consequences and
/// Confirmation left as the template wrote them.
const HALF_WRITTEN: &str = "---\nstatus: proposed\ndate: 2024-10-02\n---\n\n\
# Deploy with Argo CD\n\n\
## Context and Problem Statement\n\nDeploys are manual.\n\n\
## Considered Options\n\n* Argo CD\n* Flux\n\n\
## Decision Outcome\n\nChosen option: \"Argo CD\", because of its UI.\n\n\
### Consequences\n\n* Good, because {positive consequence, e.g., improvement of one or more desired qualities, …}\n\
* Bad, because {negative consequence, e.g., compromising one or more desired qualities, …}\n\n\
### Confirmation\n\n{Describe how the implementation of/compliance with the ADR can/will be confirmed.}\n";

fn decision<'v>(v: &'v Value, id: &str) -> &'v Value {
    v["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {v:#}"))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

#[test]
fn a_record_left_as_new_wrote_it_is_the_templates_text_not_missing() {
    let repo = TestRepo::initialised();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.adr_ok(&["new", "Use Redis", "--no-edit"]);
    repo.commit_all("Propose Redis");
    let v = repo.adr_json(&["pr", "--base", "main", "--format", "json"]);
    let s = &decision(&v, "ADR-0002")["sections"];
    assert_eq!(strings(&s["missing"]), Vec::<&str>::new(), "{s:#}");
    assert_eq!(
        strings(&s["template"]),
        [
            "Context and Problem Statement",
            "Considered Options",
            "Decision Outcome",
            "Consequences",
            "Confirmation",
            "Rollout and Rollback"
        ],
        "{s:#}"
    );
    let md = repo.adr_ok(&["pr", "--base", "main"]);
    assert!(
        md.contains("_Still the template's text: Context and Problem Statement, Considered Options, Decision Outcome, Consequences, Confirmation, Rollout and Rollback._"),
        "{md}"
    );
    assert!(!md.contains("Not in the record"), "{md}");
    // The placeholder is not presented as a decision.
    assert!(!md.contains("**Decision.**"), "{md}");
}

#[test]
fn an_existing_folders_record_names_its_template_sections_and_nothing_else() {
    let repo = TestRepo::new();
    repo.write(
        "docs/decisions/0001-record-decisions.md",
        "---\nstatus: accepted\ndate: 2024-10-01\n---\n\n# Record decisions\n\n\
         ## Context and Problem Statement\n\nWe forget why.\n\n\
         ## Decision Outcome\n\nChosen option: \"MADR\", because it is short.\n",
    );
    repo.commit_all("existing ADRs");
    repo.adr(&["init"]).assert().success();
    repo.commit_all("git adr init");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("docs/decisions/0002-deploy-with-argo.md", HALF_WRITTEN);
    repo.commit_all("Propose Argo CD");
    let v = repo.adr_json(&["pr", "--base", "main", "--format", "json"]);
    let d = decision(&v, "ADR-0002");
    let s = &d["sections"];
    // `check` names each such section at its heading, as a warning.
    let (code, c) = common::json_report(&repo, "check", &[]);
    let hits: Vec<(&str, u64)> = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "placeholder-text")
        .map(|f| {
            assert_eq!(f["severity"], "warning", "{c:#}");
            assert_eq!(
                f["path"], "docs/decisions/0002-deploy-with-argo.md",
                "{c:#}"
            );
            (f["message"].as_str().unwrap(), f["line"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        hits,
        [
            (
                "section `Consequences` still holds the template's placeholder text",
                21
            ),
            (
                "section `Confirmation` still holds the template's placeholder text",
                26
            )
        ],
        "{c:#}"
    );
    assert_eq!(code, 0, "{c:#}");
    assert_eq!(
        strings(&s["template"]),
        ["Consequences", "Confirmation"],
        "{s:#}"
    );
    assert!(s["consequences"].as_array().unwrap().is_empty(), "{s:#}");
    let md = repo.adr_ok(&["pr", "--base", "main"]);
    assert!(
        md.contains("_Still the template's text: Consequences, Confirmation._"),
        "{md}"
    );
    assert!(md.contains("**Decision.** Chosen option:"), "{md}");
    assert!(!md.contains("{positive consequence"), "{md}");

    // Written in full, nothing is said about the template.
    let written = HALF_WRITTEN
        .replace(
            "{positive consequence, e.g., improvement of one or more desired qualities, …}",
            "rollbacks are one click",
        )
        .replace(
            "{negative consequence, e.g., compromising one or more desired qualities, …}",
            "one more service to run",
        )
        .replace(
            "{Describe how the implementation of/compliance with the ADR can/will be confirmed.}",
            "The deploy job fails when Argo reports drift.",
        );
    repo.write("docs/decisions/0002-deploy-with-argo.md", written);
    repo.commit_all("Write the consequences");
    let v = repo.adr_json(&["pr", "--base", "main", "--format", "json"]);
    let s = &decision(&v, "ADR-0002")["sections"];
    assert_eq!(strings(&s["template"]), Vec::<&str>::new(), "{s:#}");
    let md = repo.adr_ok(&["pr", "--base", "main"]);
    assert!(!md.contains("Still the template's text"), "{md}");
    let (code, c) = common::json_report(&repo, "check", &[]);
    assert!(c["findings"].as_array().unwrap().is_empty(), "{c:#}");
    assert_eq!(code, 0, "{c:#}");
}
