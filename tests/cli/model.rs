//! The model through the binary: how inputs (process env, --env-file, --env, --clean-env, the
//! claude command after --) reach the resolver.

use crate::harness::{header, World};

const K: &str = "sk-ant-api03-FAKEmodelkey000001";
const T: &str = "sk-ant-oat01-FAKEmodeltoken00001";

#[test]
fn the_claude_command_sets_bare_print_and_settings() {
    let mut w = World::new();
    w.env("CLAUDE_CODE_OAUTH_TOKEN", T)
        .file("project/ci.json", r#"{"apiKeyHelper": "printf %s k"}"#);
    let (doc, code) = w.lint_json(&[
        "--",
        "claude",
        "--bare",
        "-p",
        "hi",
        "--settings",
        "ci.json",
    ]);
    assert_eq!(doc["bare"], true);
    assert_eq!(doc["mode"], "print");
    assert_eq!(header(&doc, "x-api-key"), "apiKeyHelper@settings:cli");
    assert_eq!(header(&doc, "authorization"), "apiKeyHelper@settings:cli");
    assert_eq!(code, 0, "{doc}");

    // Without -p the command is interactive; --bare after `--` is a prompt, not a flag.
    let (doc, _) = w.lint_json(&["--", "claude", "--", "--bare"]);
    assert_eq!(doc["mode"], "interactive");
    assert_eq!(doc["bare"], false);
    assert_eq!(
        header(&doc, "authorization"),
        "CLAUDE_CODE_OAUTH_TOKEN@process"
    );
}

#[test]
fn env_file_and_env_flags_layer_over_the_process_environment() {
    let mut w = World::new();
    w.env("ANTHROPIC_API_KEY", K).file(
        "job.env",
        &format!("# the next job\nexport CLAUDE_CODE_OAUTH_TOKEN=\"{T}\"\nANTHROPIC_API_KEY=\nCLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR=\n"),
    );
    let env_file = w.path("job.env");
    let env_file = env_file.to_str().unwrap();
    let (doc, _) = w.lint_json(&["--env-file", env_file]);
    assert_eq!(
        header(&doc, "authorization"),
        "CLAUDE_CODE_OAUTH_TOKEN@process"
    );
    assert_eq!(header(&doc, "x-api-key"), "-");
    // The empty fd variable from the file is reported at its line; the key emptied beside the
    // OAuth token (line 3) is the deliberate clearing, not reported.
    let empty: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "empty-credential")
        .collect();
    assert_eq!(empty.len(), 1, "{empty:?}");
    assert_eq!(empty[0]["location"]["line"], 4);

    // --env wins over --env-file.
    let (doc, _) = w.lint_json(&[
        "--env-file",
        env_file,
        "--env",
        &format!("ANTHROPIC_API_KEY={K}"),
    ]);
    assert_eq!(header(&doc, "x-api-key"), "ANTHROPIC_API_KEY@process");

    // --clean-env drops this process's variables.
    let (doc, code) = w.lint_json(&["--clean-env"]);
    assert_eq!(header(&doc, "x-api-key"), "-");
    assert!(crate::harness::rules_of(&doc).contains(&"no-credential".to_owned()));
    assert_eq!(code, 1);
}

#[test]
fn home_comes_from_the_linted_environment() {
    let mut w = World::new();
    w.file(
        "other/.claude/settings.json",
        r#"{"env": {"ANTHROPIC_AUTH_TOKEN": "gateway-FAKE-0001"}}"#,
    );
    let other = format!("HOME={}", w.path("other").display());
    let (doc, _) = w.lint_json(&["--env", &other]);
    assert_eq!(
        header(&doc, "authorization"),
        "ANTHROPIC_AUTH_TOKEN@settings:user"
    );
}

#[test]
fn claude_config_dir_replaces_the_home_config() {
    let mut w = World::new();
    w.env("CLAUDE_CONFIG_DIR", "$ROOT/cfg")
        .file(
            "home/.claude/settings.json",
            r#"{"env": {"ANTHROPIC_API_KEY": "sk-ant-api03-FAKEignored0001"}}"#,
        )
        .file(
            "cfg/.claude.json",
            r#"{"primaryApiKey": "sk-ant-api03-FAKEprimary00001"}"#,
        );
    let (doc, _) = w.lint_json(&[]);
    assert_eq!(header(&doc, "x-api-key"), "primaryApiKey@global-config");
}

#[test]
fn run_helper_times_out_and_reports() {
    let mut w = World::new();
    w.file(
        "home/.claude/settings.json",
        r#"{"apiKeyHelper": "sleep 20"}"#,
    );
    let started = std::time::Instant::now();
    let (doc, code) = w.lint_json(&["--run-helper", "--helper-timeout", "1"]);
    assert!(started.elapsed().as_secs() < 10);
    assert_eq!(code, 1);
    let f = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "api-key-helper-failed")
        .unwrap();
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("did not finish within 1 s"),
        "{f}"
    );
}

#[test]
fn run_helper_with_a_background_child_returns() {
    // Regression (issue 10): a helper leaving a child that holds stdout hung lint-env forever.
    let mut w = World::new();
    w.file(
        "home/.claude/settings.json",
        r#"{"apiKeyHelper": "sleep 100000 & echo sk-ant-api03-FAKEbackground01"}"#,
    );
    let started = std::time::Instant::now();
    let (doc, code) = w.lint_json(&["--run-helper", "--helper-timeout", "1"]);
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert_eq!(code, 0, "{doc}");
}

#[test]
fn run_helper_sees_the_effective_environment_and_project_dir() {
    let mut w = World::new();
    w.env("HELPER_SECRET_NAME", "claude")
        .file("project/key.sh", "test \"$HELPER_SECRET_NAME\" = claude && test -f key.sh && printf %s sk-ant-api03-FAKEfromhelper01\n")
        .file("home/.claude/settings.json", r#"{"apiKeyHelper": "sh key.sh", "env": {"EXTRA": "1"}}"#);
    let (doc, code) = w.lint_json(&["--run-helper"]);
    assert_eq!(code, 0, "{doc}");
    assert!(!crate::harness::rules_of(&doc).contains(&"api-key-helper-failed".to_owned()));
}

#[test]
fn run_helper_skips_the_repositorys_own_helper_unless_trusted() {
    // Regression (issue 10): --run-helper ran the pull request's .claude/settings.json helper
    // with every secret in the environment.
    let mut w = World::new();
    let marker = w.path("home/ran");
    w.file(
        "project/.claude/settings.json",
        &format!(
            r#"{{"apiKeyHelper": "touch {} && echo sk-ant-api03-FAKEprojecthelper1"}}"#,
            marker.display()
        ),
    );
    let (doc, _) = w.lint_json(&["--run-helper"]);
    assert!(!marker.exists(), "the repository's helper ran");
    let note = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "helper-in-project-settings")
        .expect("helper-in-project-settings");
    assert!(
        note["message"]
            .as_str()
            .unwrap()
            .contains("--run-helper did not run it (add --trust-project-helpers"),
        "{note}"
    );
    let (doc, _) = w.lint_json(&["--run-helper", "--trust-project-helpers"]);
    assert!(
        marker.exists(),
        "--trust-project-helpers did not run it: {doc}"
    );
    // A user-settings helper runs with --run-helper alone.
    let mut u = World::new();
    let marker = u.path("home/ran-user");
    u.file(
        "home/.claude/settings.json",
        &format!(
            r#"{{"apiKeyHelper": "touch {} && echo k"}}"#,
            marker.display()
        ),
    );
    u.lint_json(&["--run-helper"]);
    assert!(marker.exists(), "the user helper did not run");
}

#[test]
fn a_helper_that_is_not_found_says_so() {
    // Regression (issue 20): a helper exiting 127 was reported as "exited with code 127".
    let mut w = World::new();
    w.file(
        "home/.claude/settings.json",
        r#"{"apiKeyHelper": "ccauth-no-such-helper-command --print-key"}"#,
    );
    let (doc, _) = w.lint_json(&["--run-helper"]);
    let finding = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "api-key-helper-failed")
        .unwrap_or_else(|| panic!("{doc:#}"));
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("command not found"), "{message}");
}
