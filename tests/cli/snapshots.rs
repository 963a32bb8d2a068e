//! Pins what users read: the human and JSON output of every fixture folder
//! (`tests/fixtures/<rule-id>/{fires,quiet}*`), the temp root replaced by `[ROOT]`.
//!
//! A changed snapshot is a changed message or verdict: review it (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test cli snapshots` and `git diff`) and name the change in the
//! commit.

use std::path::Path;

use crate::rules::{fixture_dirs, load_fixture};

/// One run's exit code, stdout and stderr, with the temp root replaced.
pub fn transcript(root: &Path, out: &std::process::Output) -> String {
    let root = root.display().to_string();
    let clean = |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(&root, "[ROOT]");
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().map_or("signal".into(), |c| c.to_string()),
        clean(&out.stdout),
        clean(&out.stderr)
    )
}

/// Snapshots named by the test (no module prefix, no expression): `tests/cli/snapshots/<name>.snap`.
pub fn pinned() -> insta::internals::SettingsBindDropGuard {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind_to_scope()
}

#[test]
fn every_fixture_output_is_pinned() {
    let _guard = pinned();
    for (rule, variant, dir) in fixture_dirs() {
        let (world, args) = load_fixture(&dir);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        for (format, extra) in [
            ("human", &["--format", "human", "--color", "never"][..]),
            ("json", &["--format", "json"][..]),
        ] {
            let out = crate::rules::fixture_command(&world, rule, &[extra, &args[..]].concat())
                .output()
                .expect("run");
            let name = format!("{rule}__{variant}__{format}");
            insta::assert_snapshot!(name, transcript(world.root.path(), &out));
        }
    }
}

#[test]
fn help_is_pinned() {
    let _guard = pinned();
    let world = crate::harness::World::new();
    for (name, args) in [
        ("help", &["--help"][..]),
        ("help-lint-env", &["lint-env", "--help"]),
        ("help-export-env", &["export-env", "--help"]),
        ("help-setup-token", &["setup-token", "--help"]),
        ("help-verify", &["verify", "--help"]),
        ("help-lint-workflows", &["lint-workflows", "--help"]),
    ] {
        let out = world
            .ccauth(args)
            .env("COLUMNS", "100")
            .output()
            .expect("run");
        insta::assert_snapshot!(name, transcript(world.root.path(), &out));
    }
}
