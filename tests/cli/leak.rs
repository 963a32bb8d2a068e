//! The leak test: a distinct canary secret in every source ccauth reads, rendered in every
//! format; no canary ever appears in stdout, stderr or the step summary.

use std::fs;

use crate::harness::{canary, World};

/// Every canary placed, with where it was put.
struct Planted {
    canaries: Vec<(String, String)>,
}

impl Planted {
    fn add(&mut self, label: &str, value: String) -> String {
        self.canaries.push((label.to_owned(), value.clone()));
        value
    }

    /// Fails when any 8-character window of a canary's body (all but its last four characters,
    /// which redaction may show) appears in `text`.
    fn assert_absent(&self, what: &str, text: &str) {
        for (label, value) in &self.canaries {
            let body: Vec<char> = value.chars().collect();
            let keep = body.len().saturating_sub(4);
            let start = value.find("FAKE").map_or(0, |i| value[..i].chars().count());
            for w in body[start..keep].windows(8) {
                let needle: String = w.iter().collect();
                assert!(
                    !text.contains(&needle),
                    "{label} leaked into {what}: …{needle}…\n{text}"
                );
            }
        }
    }
}

fn plant(w: &mut World) -> Planted {
    let mut p = Planted {
        canaries: Vec::new(),
    };
    let env_sources = [
        ("ANTHROPIC_API_KEY", "sk-ant-api03-"),
        ("ANTHROPIC_AUTH_TOKEN", ""),
        ("CLAUDE_CODE_OAUTH_TOKEN", "sk-ant-oat01-"),
        ("AWS_BEARER_TOKEN_BEDROCK", ""),
        ("ANTHROPIC_FOUNDRY_API_KEY", ""),
        ("ANTHROPIC_IDENTITY_TOKEN", ""),
    ];
    for (name, prefix) in env_sources {
        let v = p.add(name, canary(prefix, &format!("env{name}")));
        w.env(name, &format!(" {v}\n"));
    }
    let escaped = p.add("escaped", format!("{}%0A\"\\x", canary("", "escaped")));
    w.env("AWS_SECRET_ACCESS_KEY", &escaped);
    // Quote, backslash and percent: JSON and workflow-command escaping change them, so only a
    // scrub before escaping finds them (issue 18).
    let custom = p.add(
        "custom header",
        format!("{}\"q\\b%25z", canary("", "custom")),
    );
    w.env(
        "ANTHROPIC_CUSTOM_HEADERS",
        &format!("x-api-key: {custom}\nAuthorization: Bearer {custom}"),
    );
    let levels = [
        ("home/.claude.json", "global"),
        ("home/.claude/settings.json", "user"),
        ("project/.claude/settings.json", "project"),
        ("project/.claude/settings.local.json", "local"),
        ("project/ci.json", "cli"),
        ("managed/managed-settings.json", "managed"),
    ];
    for (path, tag) in levels {
        let key = p.add(tag, canary("sk-ant-api03-", &format!("set{tag}")));
        let token = p.add(tag, canary("sk-ant-oat01-", &format!("tok{tag}")));
        let refresh = p.add(tag, canary("sk-ant-ort01-", &format!("ref{tag}")));
        let helper_out = p.add(tag, canary("sk-ant-api03-", &format!("hlp{tag}")));
        let doc = serde_json::json!({
            "env": {
                "ANTHROPIC_API_KEY": key,
                "CLAUDE_CODE_OAUTH_TOKEN": format!("'{token}'"),
                "ANTHROPIC_AUTH_TOKEN": refresh,
            },
            "apiKeyHelper": format!("printf %s {helper_out}"),
            "primaryApiKey": p.add(tag, canary("sk-ant-api03-", &format!("pri{tag}"))),
            "customApiKeyResponses": {"approved": [], "rejected": []},
        });
        w.file(path, &serde_json::to_string_pretty(&doc).unwrap());
    }
    let stored = p.add("credentials", canary("sk-ant-oat01-", "stored"));
    w.file(
        "home/.claude/.credentials.json",
        &serde_json::json!({"claudeAiOauth": {"accessToken": stored, "refreshToken": stored, "scopes": ["user:profile"]}}).to_string(),
    );
    fs::set_permissions(
        w.path("home/.claude/.credentials.json"),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )
    .unwrap();
    let remote = p.add("remote", canary("sk-ant-oat01-", "remote"));
    w.file("remote/.oauth_token", &remote);
    w.file(
        "remote/.api_key",
        &p.add("remote key", canary("", "remotekey")),
    );
    let mcp = p.add("mcp", canary("", "mcp"));
    w.file(".mcp.json", "{}");
    w.file(
        "project/.mcp.json",
        &serde_json::json!({"mcpServers": {"x": {"command": "x", "env": {"API_TOKEN": mcp}}}})
            .to_string(),
    );
    let broken = p.add("broken settings", canary("sk-ant-api03-", "broken"));
    w.file(
        "managed/managed-settings.d/10-broken.json",
        &format!("{{\"env\": {{\"ANTHROPIC_API_KEY\": \"{broken}\" ,, }}"),
    );
    let dotenv = p.add("env file", canary("sk-ant-api03-", "dotenv"));
    let bad_line = p.add("env file bad line", canary("", "badline"));
    w.file(
        "ci.env",
        &format!("ANTHROPIC_API_KEY=\"{dotenv}\\n\"\n{bad_line} no equals\nX=\"{bad_line}\n"),
    );
    p
}

#[test]
fn no_canary_reaches_any_output_in_any_format() {
    let mut w = World::new();
    let planted = plant(&mut w);
    let env_file = w.path("ci.env").display().to_string();
    let summary = w.path("summary.md");
    let arg_secret = canary("sk-ant-api03-", "argv");
    for format in crate::harness::report_formats() {
        let format = format.as_str();
        for extra in [
            vec!["--settings", "ci.json"],
            vec!["--bare", "--settings", "ci.json", "--run-helper"],
            vec![
                "--mode",
                "interactive",
                "--expect",
                "CLAUDE_CODE_OAUTH_TOKEN",
            ],
            vec!["--env-file", env_file.as_str()],
        ] {
            let out = w
                .lint(&["--format", format, "--color", "always"])
                .args(&extra)
                .env("GITHUB_STEP_SUMMARY", &summary)
                .env("GITHUB_ACTIONS", "true")
                .output()
                .unwrap();
            let what = format!("{format} {extra:?}");
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{what}: {:?}",
                out.status
            );
            planted.assert_absent(
                &format!("stdout of {what}"),
                &String::from_utf8_lossy(&out.stdout),
            );
            planted.assert_absent(
                &format!("stderr of {what}"),
                &String::from_utf8_lossy(&out.stderr),
            );
        }
    }
    planted.assert_absent("the step summary", &fs::read_to_string(&summary).unwrap());
    // A secret pasted as a malformed --env value is not echoed in the usage error.
    let out = w.lint(&["--env", &arg_secret]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let p = Planted {
        canaries: vec![("argv".into(), arg_secret)],
    };
    p.assert_absent(
        "the --env usage error",
        &String::from_utf8_lossy(&out.stderr),
    );
}

#[test]
fn the_leak_check_itself_catches_a_leak() {
    let p = Planted {
        canaries: vec![("x".into(), canary("sk-ant-api03-", "self"))],
    };
    let leaked = format!("oops {}", p.canaries[0].1);
    let caught = std::panic::catch_unwind(|| p.assert_absent("test", &leaked));
    assert!(caught.is_err());
}

/// The same canaries against `export-env`: its stderr in every dialect and refusal never holds a
/// canary (the planted environment's, or the exported value's); stdout holds only the exported
/// value, and only where the dialect needs it.
#[test]
fn no_canary_reaches_export_env_diagnostics() {
    let mut w = World::new();
    let planted = plant(&mut w);
    let exported = canary("", "exported-gateway");
    let value_only = Planted {
        canaries: vec![("exported value".into(), exported.clone())],
    };
    let gh = w.path("home/github_env").display().to_string();
    let dialects: [&[&str]; 6] = [
        &["--format", "sh"],
        &["--format", "fish"],
        &["--format", "dotenv"],
        &["--format", "json"],
        &["--format", "gitlab"],
        &["--format", "github", "--github-env", &gh],
    ];
    for dialect in dialects {
        for extra in [
            &["--kind", "auth-token"][..],
            &["--kind", "api-key", "--force"],
            &["--kind", "oauth-token"],
            &["--kind", "auth-token", "--", "claude", "--bare", "-p", "x"],
        ] {
            let out = w
                .ccauth(&["export-env", "--from-env", "NEW"])
                .arg("--project-dir")
                .arg(w.path("project"))
                .arg("--managed-dir")
                .arg(w.path("managed"))
                .args(dialect)
                .args(extra)
                .env("NEW", &exported)
                .output()
                .unwrap();
            let what = format!("export-env {dialect:?} {extra:?}");
            let stderr = String::from_utf8_lossy(&out.stderr);
            planted.assert_absent(&format!("stderr of {what}"), &stderr);
            value_only.assert_absent(&format!("stderr of {what}"), &stderr);
            planted.assert_absent(
                &format!("stdout of {what}"),
                &String::from_utf8_lossy(&out.stdout),
            );
            if dialect[1] == "json" {
                value_only.assert_absent(
                    &format!("stdout of {what}"),
                    &String::from_utf8_lossy(&out.stdout),
                );
            }
        }
    }
    planted.assert_absent(
        "the github env file",
        &fs::read_to_string(&gh).unwrap_or_default(),
    );
}

/// Usage errors and a panic, with a canary pasted where an argument goes.
#[test]
fn no_canary_reaches_usage_errors_or_a_panic() {
    let w = World::new();
    let secret = canary("", "pasted-argument");
    let p = Planted {
        canaries: vec![("argument".into(), secret.clone())],
    };
    for args in [
        vec!["lint-env", "--env", "ANTHROPIC_API_KEY", secret.as_str()],
        vec!["lint-env", "--format", secret.as_str()],
        vec!["lint-env", "--expect", secret.as_str()],
        vec!["export-env", secret.as_str(), "--stdin"],
        vec!["export-env", "--from-env", secret.as_str()],
        vec!["setup-token", "--gh-secret", secret.as_str()],
        vec!["setup-token", "--token-url", secret.as_str()],
    ] {
        let out = w
            .ccauth(&args)
            .args(
                ["--timeout", "2s", "--no-browser"]
                    .iter()
                    .filter(|_| args[0] == "setup-token"),
            )
            .write_stdin("")
            .output()
            .unwrap();
        assert!(matches!(out.status.code(), Some(2 | 3)), "{args:?}");
        p.assert_absent(&format!("{args:?}"), &String::from_utf8_lossy(&out.stderr));
        p.assert_absent(&format!("{args:?}"), &String::from_utf8_lossy(&out.stdout));
    }
    let out = w
        .ccauth(&["lint-env"])
        .env("CCAUTH_TEST_PANIC", "1")
        .env("ANTHROPIC_AUTH_TOKEN", &secret)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(70));
    p.assert_absent("the panic message", &String::from_utf8_lossy(&out.stderr));
}

/// Writes an executable fake `claude` into the world and returns its path.
fn fake_claude(w: &mut World, script: &str) -> String {
    w.file("bin/claude", script);
    fs::set_permissions(
        w.path("bin/claude"),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    w.path("bin/claude").display().to_string()
}

/// `verify` in every format against an API giving `reply`, with `key` as the API key and `token`
/// as the auth token: no canary in stdout, stderr or the step summary.
fn sweep_verify(p: &Planted, reply: crate::mock_api::Reply, key: &str, token: &str) {
    let mock = crate::mock_api::MockApi::start(vec![reply.clone(); 3]);
    let mut w = World::new();
    w.env("ANTHROPIC_BASE_URL", &mock.url)
        .env("ANTHROPIC_API_KEY", key)
        .env("ANTHROPIC_AUTH_TOKEN", token)
        .env("GITHUB_STEP_SUMMARY", "$ROOT/summary.md");
    for format in crate::harness::verify_formats() {
        let format = format.as_str();
        let out = w
            .model(
                "verify",
                &["--format", format, "--retries", "0", "--no-lint"],
            )
            .output()
            .unwrap();
        let what = format!("verify {format} {reply:?}");
        p.assert_absent(&what, &String::from_utf8_lossy(&out.stdout));
        p.assert_absent(&what, &String::from_utf8_lossy(&out.stderr));
    }
    p.assert_absent(
        "the verify step summary",
        &fs::read_to_string(w.path("summary.md")).unwrap_or_default(),
    );
}

/// `verify` across formats and failure classes, with an API that echoes the credential back in
/// its error message (some gateways do) and a fake claude that prints it.
#[test]
fn no_canary_reaches_verify_output() {
    use crate::mock_api::Reply;
    let key = canary("sk-ant-api03-", "verify-key");
    let token = canary("", "verify-gateway-token");
    let p = Planted {
        canaries: vec![("key".into(), key.clone()), ("token".into(), token.clone())],
    };
    let echo = format!("bad credential {key} / Bearer {token}");
    let replies = [
        Reply::error(200, "none", &echo),
        Reply::error(401, "authentication_error", &echo),
        Reply::error(403, "permission_error", &echo),
        Reply::error(
            400,
            "invalid_request_error",
            &format!("credit balance is too low: {echo}"),
        ),
        Reply::error(429, "rate_limit_error", &echo),
        Reply::error(529, "overloaded_error", &echo),
        Reply::error(500, "api_error", &echo),
        Reply::error(404, "not_found_error", &echo),
        Reply::json(302, &echo).with_header("location", &format!("https://x.example/?k={key}")),
        Reply::json(418, &format!("<html>{echo}</html>")),
    ];
    for reply in replies {
        sweep_verify(&p, reply, &key, &token);
    }
    // A fake claude that prints the credential in its error result; then a refused connection.
    let mut w = World::new();
    w.env("ANTHROPIC_API_KEY", &key);
    let exe = fake_claude(
        &mut w,
        "#!/bin/sh\necho \"{\\\"type\\\":\\\"result\\\",\\\"subtype\\\":\\\"success\\\",\\\"is_error\\\":true,\\\"result\\\":\\\"API Error: 401 key $ANTHROPIC_API_KEY refused\\\"}\"\n",
    );
    for format in crate::harness::verify_formats() {
        let format = format.as_str();
        let out = w
            .model(
                "verify",
                &["--format", format, "--probe", "claude", "--claude", &exe],
            )
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        p.assert_absent(
            "verify --probe claude",
            &String::from_utf8_lossy(&out.stdout),
        );
        let out = w
            .model("verify", &["--format", format, "--retries", "0"])
            .env("ANTHROPIC_BASE_URL", format!("http://127.0.0.1:9/{key}"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        p.assert_absent("verify refused", &String::from_utf8_lossy(&out.stdout));
    }
}

/// Regression (issue 18): verify cut a server's answer to 300 characters before scrubbing it (an
/// echo cut on the key's last character showed all but one character), escaped it before
/// scrubbing (a secret holding `"`, `\` or `%` no longer matched after JSON or workflow-command
/// escaping), and let partial echoes through.
#[test]
fn no_canary_reaches_verify_output_across_the_cut_escapes_or_partial_echoes() {
    use crate::mock_api::Reply;
    let key = canary("sk-ant-api03-", "cut-key");
    // A gateway token with the characters each format escapes.
    let token = format!("{}\"q\\b%25z", canary("", "escape-token"));
    let p = Planted {
        canaries: vec![("key".into(), key.clone()), ("token".into(), token.clone())],
    };
    let across_cut = |secret: &str| {
        // The secret's last character falls just past the 300-character cut.
        let pad = "x".repeat(301 - secret.chars().count());
        format!("{pad}{secret}")
    };
    let middle = &key[17..37];
    let messages = [
        across_cut(&key),
        across_cut(&token),
        format!("first part {} ...", &key[..26]),
        format!("middle part {middle} ..."),
        format!("token [{token}] and [{}]", &token[4..24]),
    ];
    for message in &messages {
        let replies = vec![
            Reply::error(401, "authentication_error", message)
                .with_header("request-id", &format!("req_{}", &key[13..40])),
            Reply::json(302, "{}").with_header("location", &format!("https://x.example/{token}")),
        ];
        for reply in replies {
            sweep_verify(&p, reply, &key, &token);
        }
    }
    // The real-CLI probe: a fake claude whose error result echoes the key across the cut.
    let mut w = World::new();
    let said = across_cut(&key);
    w.env("ANTHROPIC_API_KEY", &key);
    let exe = fake_claude(
        &mut w,
        &format!(
            "#!/bin/sh\nprintf '%s\\n' '{{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"result\":\"API Error: 401 {said}\"}}'\n"
        ),
    );
    for format in crate::harness::verify_formats() {
        let format = format.as_str();
        let out = w
            .model(
                "verify",
                &["--format", format, "--probe", "claude", "--claude", &exe],
            )
            .output()
            .unwrap();
        p.assert_absent(
            "verify --probe claude",
            &String::from_utf8_lossy(&out.stdout),
        );
        p.assert_absent(
            "verify --probe claude",
            &String::from_utf8_lossy(&out.stderr),
        );
    }
}
