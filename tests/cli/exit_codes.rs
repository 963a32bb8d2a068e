//! Exit codes, --deny, --ignore, --version, completions, --list-rules.

use std::io::Read;
use std::process::{Command, Stdio};

use ccauth::lint::RULES;
use predicates::prelude::*;

use crate::harness::{rules_of, World};

const T: &str = "sk-ant-oat01-FAKEexittoken000001";

#[test]
fn zero_one_and_two() {
    let mut w = World::new();
    w.lint(&[])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no-credential"));
    w.env("CLAUDE_CODE_OAUTH_TOKEN", T);
    w.lint(&[])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
    w.lint(&["--no-such-flag"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--no-such-flag"));
    w.lint(&["--env-file", "/nonexistent/ci.env"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/nonexistent/ci.env"));
    w.lint(&["--project-dir", "/nonexistent-dir"])
        .assert()
        .code(2);
}

#[test]
fn deny_warnings_and_ignore() {
    let mut w = World::new();
    w.env("CLAUDE_CODE_OAUTH_TOKEN", &format!(" {T} "));
    let (doc, code) = w.lint_json(&[]);
    assert_eq!(rules_of(&doc), vec!["padded-credential"]);
    assert_eq!(code, 0);
    assert_eq!(w.lint_json(&["--deny", "warnings"]).1, 1);
    let (doc, code) = w.lint_json(&["--deny", "warnings", "--ignore", "padded-credential"]);
    assert_eq!(code, 0);
    assert_eq!(doc["suppressed"], 1);
    assert!(rules_of(&doc).is_empty());
    w.lint(&["--ignore", "padded-credential"])
        .assert()
        .stdout(predicate::str::contains("1 suppressed by --ignore"));
    w.lint(&["--ignore", "not-a-rule"]).assert().code(2);
}

#[test]
fn version_names_the_claude_code_version() {
    World::new()
        .ccauth(&["--version"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Claude Code 2.1.332"));
}

#[test]
fn completions_for_every_shell() {
    let w = World::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = w.ccauth(&["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("lint-env"),
            "{shell} completion lacks lint-env"
        );
    }
    // The bash script is valid bash.
    let script = w.ccauth(&["completions", "bash"]).output().unwrap().stdout;
    let path = w.path("ccauth.bash");
    std::fs::write(&path, script).unwrap();
    let status = Command::new("bash").arg("-n").arg(&path).status().unwrap();
    assert!(status.success());
}

#[test]
fn list_rules_lists_the_registry() {
    let out = World::new().lint(&["--list-rules"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), RULES.len());
    for rule in RULES {
        assert!(text.contains(rule.meta().id));
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let w = World::new();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ccauth"))
        .args(["lint-env", "--list-rules"])
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(status.success(), "{status:?} {err}");
    assert!(!err.contains("panicked"), "{err}");
    drop(w);
}

#[test]
fn a_panic_is_one_scrubbed_line_and_exit_70() {
    let w = crate::harness::World::new();
    let out = w
        .ccauth(&["lint-env"])
        .env("CCAUTH_TEST_PANIC", "1")
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(70), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("ccauth: internal error at "), "{err}");
    assert!(!err.contains("FAKEpanicsecret"), "{err}");
}

#[test]
fn clap_errors_never_echo_an_argument_that_may_be_a_secret() {
    // Regression (issue 10): `--env NAME value` (a space, not `=`) printed the value.
    let w = crate::harness::World::new();
    for args in [
        &[
            "lint-env",
            "--env",
            "ANTHROPIC_API_KEY",
            "ghp_FAKEspacevalue0001",
        ][..],
        &["lint-env", "--expect=ghp_FAKEspacevalue0001"],
        &["lint-env", "--format", "ghp_FAKEspacevalue0001"],
        &["setup-token", "--repo", "sk-ant-api03-FAKEspacevalue0001"],
    ] {
        let out = w.ccauth(args).output().expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(!err.contains("FAKEspacevalue"), "{args:?}: {err}");
        assert!(err.contains("error:"), "{args:?}: {err}");
    }
    // Subcommand names and flags are still shown.
    let out = w
        .ccauth(&["lint-env", "--bogus-flag"])
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("'--bogus-flag'") && err.contains("ccauth lint-env"),
        "{err}"
    );
}

#[test]
fn typos_are_shown_as_typed_with_clap_suggestion() {
    // Regression (issue 20): any value of 8 or more characters was hidden, so the typo and the
    // suggestion read `'…TOKE'`, `…TOKEN`, `unrecognized subcommand '…'`.
    let w = crate::harness::World::new();
    for (args, shown, suggested) in [
        (
            &["lint-env", "--expect", "CLAUDE_CODE_OAUTH_TOKE"][..],
            "'CLAUDE_CODE_OAUTH_TOKE'",
            "'CLAUDE_CODE_OAUTH_TOKEN'",
        ),
        (&["lint-evn"][..], "'lint-evn'", "'lint-env'"),
        (
            &["lint-env", "--ignore", "api-key-shadows-oaut"][..],
            "'api-key-shadows-oaut'",
            "'api-key-shadows-oauth'",
        ),
    ] {
        let out = w.ccauth(args).output().expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(shown) && err.contains(suggested),
            "{args:?}: {err}"
        );
        assert!(!err.contains('…'), "{args:?}: {err}");
    }
}
