//! Bad input: findings or errors that name the file (and line and column), the rest of the lint
//! going on, and never a panic.

use std::fs;

use serde_json::Value;

use crate::harness::{header, World};

const K: &str = "sk-ant-api03-FAKEbadinputkey001";

fn problems(doc: &Value) -> Vec<&Value> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "invalid-input-file")
        .collect()
}

#[test]
fn invalid_json_names_file_line_and_column_and_lint_goes_on() {
    let mut w = World::new();
    w.file(
        "home/.claude/settings.json",
        "{\n  \"env\": {\"ANTHROPIC_API_KEY\": \"x\",}\n}\n",
    )
    .file(
        "project/.claude/settings.json",
        r#"{"env": {"ANTHROPIC_API_KEY": "sk-ant-api03-FAKEprojectkey01"}}"#,
    );
    let (doc, code) = w.lint_json(&[]);
    assert_eq!(code, 1);
    let p = problems(&doc);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0]["location"]["line"], 2);
    assert!(p[0]["location"]["column"].as_u64().unwrap() > 1);
    assert!(p[0]["message"]
        .as_str()
        .unwrap()
        .contains("settings.json is not valid JSON"));
    // The project file still counts.
    assert_eq!(
        header(&doc, "x-api-key"),
        "ANTHROPIC_API_KEY@settings:project"
    );
}

#[test]
fn bad_dotenv_lines_are_reported_and_skipped() {
    let mut w = World::new();
    w.file(
        "ci.env",
        &format!("GOOD=1\nthis is not valid\nANTHROPIC_API_KEY={K}\nBAD=\"unterminated\n"),
    );
    let (doc, _) = w.lint_json(&["--env-file", &w.path("ci.env").display().to_string()]);
    let p = problems(&doc);
    let lines: Vec<u64> = p
        .iter()
        .map(|f| f["location"]["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![2, 4]);
    assert_eq!(header(&doc, "x-api-key"), "ANTHROPIC_API_KEY@process");
}

#[test]
fn directories_binary_and_huge_files_are_rejected_with_a_message() {
    let mut w = World::new();
    w.env("ANTHROPIC_API_KEY", K);
    fs::create_dir_all(w.path("project/.claude/settings.json")).unwrap();
    w.file("project/.claude/settings.local.json", "");
    fs::write(
        w.path("project/.claude/settings.local.json"),
        b"{\0\0binary",
    )
    .unwrap();
    fs::create_dir_all(w.path("managed")).unwrap();
    fs::write(
        w.path("managed/managed-settings.json"),
        vec![b' '; 2 * 1024 * 1024],
    )
    .unwrap();
    let (doc, _) = w.lint_json(&[]);
    let messages: Vec<&str> = problems(&doc)
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("is a directory")));
    assert!(messages.iter().any(|m| m.contains("looks binary")));
    assert!(messages.iter().any(|m| m.contains("byte limit")));
    assert_eq!(header(&doc, "x-api-key"), "ANTHROPIC_API_KEY@process");
}

#[test]
fn missing_settings_file_and_bad_values_never_panic() {
    let mut w = World::new();
    w.env("ANTHROPIC_API_KEY", K)
        .file(
            "home/.claude/settings.json",
            r#"{"env": "not an object", "apiKeyHelper": 3}"#,
        )
        .file("home/.claude/.credentials.json", "[]")
        .file(
            "home/.claude.json",
            r#"{"env": {"A": {"nested": true}}, "primaryApiKey": 12}"#,
        );
    let out = w
        .lint(&["--format", "json", "--settings", "missing.json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<&str> = problems(&doc)
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("missing.json, which does not exist")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("\"env\" must be an object")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("env.A must be a string")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains(".credentials.json must contain a JSON object")),
        "{messages:?}"
    );
}

#[test]
fn fifos_and_devices_in_the_repository_are_findings_not_hangs() {
    // Regression (issue 10): a committed .claude/settings.json that is a FIFO (or a symlink to
    // /proc/self/fd/1 or a device) blocked lint-env forever.
    let w = World::new();
    fs::create_dir_all(w.path("project/.claude")).expect("mkdir");
    let fifo = w.path("project/.claude/settings.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", w.path("project/.claude/settings.local.json"))
        .expect("symlink");
    std::os::unix::fs::symlink("/proc/self/fd/1", w.path("project/.mcp.json")).expect("symlink");
    let started = std::time::Instant::now();
    let (doc, code) = w.lint_json(&[]);
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert_eq!(code, 1, "{doc}");
    let messages: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "invalid-input-file")
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("settings.json is a FIFO, not a regular file")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("settings.local.json is a character device")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains(".mcp.json is")),
        "{messages:?}"
    );
}

#[test]
fn a_stored_login_expiring_after_year_9999_is_described_not_a_panic() {
    // Regression (issue 10): "expiresAt": 253402300800000 (year 10000) exited with 101.
    let mut w = World::new();
    w.file(
        "home/.claude/.credentials.json",
        r#"{"claudeAiOauth": {"accessToken": "sk-ant-oat01-FAKEfar", "expiresAt": 253402300800000, "scopes": ["user:inference"]}}"#,
    );
    let (doc, code) = w.lint_json(&[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(
        doc["headers"]["authorization"]["redacted"],
        "(stored /login, access token expires 9999-12-31T23:59:59Z)"
    );
}

#[test]
fn settings_values_and_heredoc_delimiters_are_never_echoed() {
    // Regression (issue 10): a --settings value that is neither a file nor JSON, and a dotenv
    // NAME<<DELIM without its closing line, were echoed; both are often a pasted secret.
    let mut w = World::new();
    w.file(
        "home/ci.env",
        "ANTHROPIC_API_KEY<<ghp_FAKEpastedvalue0001\nx\n",
    );
    let secret = "ghp_FAKEsettingsvalue0001";
    let env_file = w.path("home/ci.env");
    let out = w
        .lint(&["--settings", secret, "--env-file"])
        .arg(&env_file)
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("FAKEsettingsvalue"), "{all}");
    assert!(!all.contains("FAKEpastedvalue"), "{all}");
    assert!(
        all.contains("--settings is neither an existing .json file"),
        "{all}"
    );
    assert!(
        all.contains("ANTHROPIC_API_KEY<<…: the closing delimiter line is missing"),
        "{all}"
    );
}

/// The words of the usage errors issue 11 found wanting: each says what is really wrong.
#[test]
fn usage_errors_say_what_is_wrong() {
    let w = World::new();
    let run = |args: &[&str]| {
        let out = w.ccauth(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let missing = w.path("nope").display().to_string();
    let (code, _, err) = run(&["lint-env", "--project-dir", &missing]);
    assert_eq!(code, Some(2));
    assert!(err.contains("does not exist"), "{err}");
    let file = w.path("home/file");
    fs::write(&file, "x").unwrap();
    let (code, _, err) = run(&["lint-env", "--project-dir", file.to_str().unwrap()]);
    assert!(code == Some(2) && err.contains("not a directory"), "{err}");

    let (code, _, err) = run(&["lint-env", "--managed-dir", &missing]);
    assert_eq!(code, Some(1), "no credential here, but the lint ran");
    assert!(
        err.contains("warning: --managed-dir") && err.contains("does not exist"),
        "{err}"
    );

    let (code, out, _) = run(&["lint-env", "--list-rules", "--format", "json"]);
    assert_eq!(code, Some(0));
    let rules: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rules[0]["id"], "invalid-input-file");
    assert_eq!(rules.as_array().unwrap().len(), ccauth::lint::RULES.len());

    for args in [
        &["lint-env", "claude", "-p", "x"][..],
        &["verify", "-p", "review"],
    ] {
        let (code, _, err) = run(args);
        assert_eq!(code, Some(2));
        assert!(
            err.contains("hint: put the claude command line after --"),
            "{args:?}: {err}"
        );
    }
    let (_, _, err) = run(&["lint-env", "--no-such-flag"]);
    assert!(!err.contains("hint:"), "{err}");
}
