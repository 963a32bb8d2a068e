//! Fixture tests: every registered rule (lint-env's and lint-workflows') has
//! `tests/fixtures/<rule-id>/fires` and `.../quiet`, plus `fires-<case>` and `quiet-<case>`
//! folders for the branches a rule has. A `workflow-*` fixture is linted with `lint-workflows` in
//! its `project/` directory (its CI files live there).
//!
//! A fixture folder holds `env` (dotenv: the process environment besides HOME and PATH),
//! optionally `args` (extra lint-env arguments, one per line), `modes` (`path octal-mode` lines)
//! and `home/`, `project/`, `managed/`, `remote/` trees. `$ROOT` expands to the temp root.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use ccauth::claude::dotenv;
use ccauth::lint::RULES;

use crate::harness::{copy_tree, World};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Builds the world a fixture describes and returns it with the extra arguments.
pub fn load_fixture(dir: &Path) -> (World, Vec<String>) {
    let mut world = World::new();
    for tree in ["home", "project", "managed", "remote"] {
        let from = dir.join(tree);
        if from.is_dir() {
            copy_tree(&from, &world.path(tree));
        }
    }
    // Stored logins are created 0600, as Claude Code does, unless `modes` says otherwise.
    let creds = world.path("home/.claude/.credentials.json");
    if creds.is_file() {
        set_mode(&creds, 0o600);
    }
    if let Ok(modes) = fs::read_to_string(dir.join("modes")) {
        for line in modes.lines().filter(|l| !l.trim().is_empty()) {
            let (path, mode) = line.split_once(' ').expect("modes: `path mode`");
            set_mode(
                &world.path(path),
                u32::from_str_radix(mode.trim(), 8).expect("octal mode"),
            );
        }
    }
    if let Ok(text) = fs::read_to_string(dir.join("env")) {
        let (entries, errors) = dotenv::parse(&text);
        assert!(errors.is_empty(), "{}: {errors:?}", dir.display());
        for e in entries {
            world.env(&e.key, &e.value);
        }
    }
    let args = fs::read_to_string(dir.join("args"))
        .map(|t| {
            t.lines()
                .filter(|l| !l.is_empty())
                .map(|l| world.expand(l))
                .collect()
        })
        .unwrap_or_default();
    (world, args)
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Every rule id: lint-env's registry, then lint-workflows'.
pub fn all_rule_ids() -> Vec<&'static str> {
    RULES
        .iter()
        .map(|r| r.meta().id)
        .chain(ccauth::workflows::rule_ids())
        .collect()
}

/// The command a fixture of `rule` runs: `lint-workflows` for workflow rules (in the project
/// directory), `lint-env` pointed at the world otherwise; then `args`.
pub fn fixture_command(world: &World, rule: &str, args: &[&str]) -> Command {
    if rule.starts_with("workflow-") {
        let mut cmd = world.ccauth(&["lint-workflows"]);
        cmd.args(args);
        cmd
    } else {
        world.lint(args)
    }
}

/// Every fixture folder as `(rule id, variant, path)`, rules in registry order, variants sorted.
pub fn fixture_dirs() -> Vec<(&'static str, String, PathBuf)> {
    let mut out = Vec::new();
    for id in all_rule_ids() {
        let mut variants: Vec<String> = fs::read_dir(fixtures().join(id))
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        variants.sort();
        for variant in variants {
            let dir = fixtures().join(id).join(&variant);
            out.push((id, variant, dir));
        }
    }
    out
}

#[test]
fn every_rule_has_a_firing_and_a_quiet_fixture() {
    for id in all_rule_ids() {
        for variant in ["fires", "quiet"] {
            let dir = fixtures().join(id).join(variant);
            assert!(dir.is_dir(), "{id}: missing fixture {}", dir.display());
        }
    }
}

#[test]
fn every_fixture_folder_names_a_rule() {
    let ids = all_rule_ids();
    for entry in fs::read_dir(fixtures()).expect("fixtures") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            ids.contains(&name.as_str()) || name == "regressions",
            "tests/fixtures/{name} is not a rule id"
        );
    }
}

#[test]
fn every_rule_is_documented_with_an_example_and_a_fix() {
    let docs = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"))
        .expect("docs/rules.md");
    let sections: Vec<&str> = docs.split("\n## ").skip(1).collect();
    let documented: Vec<&str> = sections
        .iter()
        .map(|s| s.lines().next().unwrap_or("").trim_matches('`').trim())
        .collect();
    let ids = all_rule_ids();
    assert_eq!(
        documented, ids,
        "docs/rules.md sections must be the registry, in order"
    );
    for (id, section) in ids.iter().zip(&sections) {
        assert!(section.contains("Fails"), "{id}: no failing example");
        assert!(section.contains("Fix"), "{id}: no fix");
    }
    // README's table is the registry: every rule, in order, with its severity and summary.
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let rows: Vec<String> = ccauth::lint::rule_metas()
        .into_iter()
        .chain(ccauth::workflows::rule_metas())
        .map(|m| {
            format!(
                "| [`{id}`](docs/rules.md#{id}) | {} | {} |",
                m.severity.id(),
                m.summary.replace('|', "\\|"),
                id = m.id
            )
        })
        .collect();
    let table: Vec<&str> = readme.lines().filter(|l| l.starts_with("| [`")).collect();
    assert_eq!(table, rows, "README's rule table is not the registry");
}

#[test]
fn every_source_id_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for doc in ["docs/lint-env.md", "docs/json-schema.md"] {
        let text = fs::read_to_string(root.join(doc)).expect(doc);
        for id in ccauth::claude::sources::SourceId::ids() {
            assert!(
                text.contains(&format!("`{id}`")),
                "{doc} does not list `{id}`"
            );
        }
    }
}
