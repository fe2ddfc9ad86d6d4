//! Reading the JSON the binary prints.

use super::{assert_no_panic, stderr, stdout, TestRepo};
use serde_json::Value;
use std::process::Output;

/// stdout of a finished run, parsed as JSON; panics with both streams when it is not JSON.
pub fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}), exit {:?}\nstdout:\n{}\nstderr:\n{}",
            o.status.code(),
            stdout(o),
            stderr(o)
        )
    })
}

/// `git adr COMMAND ARGS… --format json` in the work tree: the exit code (whatever it is) and
/// the parsed report.
pub fn json_report(repo: &TestRepo, command: &str, args: &[&str]) -> (i32, Value) {
    let mut all = vec![command];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = super::run(repo, &all);
    assert_no_panic(&o, &format!("{all:?}"));
    (o.status.code().unwrap_or(-1), json(&o))
}

/// The elements of a JSON array.
pub fn array(v: &Value) -> &[Value] {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

/// The element of a JSON list whose `id` is `id`.
pub fn by_id<'v>(list: &'v [Value], id: &str) -> &'v Value {
    list.iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {list:#?}"))
}

/// Record numbers in a JSON list of links (`[{"id": "ADR-0004", "number": 4}]`), in order.
pub fn numbers(v: &Value) -> Vec<u64> {
    array(v)
        .iter()
        .map(|i| {
            i["number"]
                .as_u64()
                .unwrap_or_else(|| panic!("no number in {i}"))
        })
        .collect()
}

/// The strings of a JSON array of strings.
pub fn strings(v: &Value) -> Vec<&str> {
    array(v)
        .iter()
        .map(|s| {
            s.as_str()
                .unwrap_or_else(|| panic!("not a string: {s} in {v}"))
        })
        .collect()
}

pub fn is_str_or_null(v: &Value) -> bool {
    v.is_string() || v.is_null()
}

/// `git adr show ID --format json`, which must succeed, parsed.
pub fn show_json(repo: &TestRepo, id: &str) -> Value {
    let o = super::run(repo, &["show", id, "--format", "json"]);
    super::assert_code(&o, 0, &format!("show {id} --format json"));
    json(&o)
}

/// The string `key` of each element of a JSON array, in order: the ids, names or kinds of a
/// list, to compare with what is expected.
pub fn field<'v>(list: &'v Value, key: &str) -> Vec<&'v str> {
    array(list)
        .iter()
        .map(|e| {
            e[key]
                .as_str()
                .unwrap_or_else(|| panic!("no string {key:?} in {e}"))
        })
        .collect()
}
