//! Pins what users read: the help of every subcommand, and (through `fixtures.rs`) the human and
//! JSON output of every fixture folder, the temp root replaced by `[ROOT]`.
//!
//! A changed snapshot is a changed message or verdict: review it (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test cli snapshots` and `git diff`) and name the change in the
//! commit.

use std::path::Path;

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
fn help_is_pinned() {
    let _guard = pinned();
    let world = crate::harness::World::new();
    // Every subcommand the binary lists (but the shell-completion one, whose help is clap's own).
    let mut cases: Vec<(String, Vec<String>)> = vec![("help".into(), vec!["--help".into()])];
    for name in crate::harness::subcommands() {
        if name == "completions" {
            continue;
        }
        cases.push((format!("help-{name}"), vec![name, "--help".into()]));
    }
    for (name, args) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = world
            .ccauth(&args)
            .env("COLUMNS", "100")
            .output()
            .expect("run");
        insta::assert_snapshot!(name.as_str(), transcript(world.root.path(), &out));
    }
}
