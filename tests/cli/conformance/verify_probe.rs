//! `verify --probe claude` with the real CLI, in the conformance namespace (loopback only),
//! against the scripted mock API answering each class.

use std::time::Duration;

use serde_json::Value;

use super::in_namespace;
use crate::harness::{canary, World};
use crate::mock_api::{MockApi, Reply};

#[test]
fn verify_probe_claude_against_the_real_cli() {
    in_namespace(
        "conformance::verify_probe::verify_probe_claude_against_the_real_cli",
        run,
    );
}

fn run(claude: &std::path::Path) {
    let claude = claude.display().to_string();
    // (answer to the inference request, OAuth token?, class, exit code)
    let table: Vec<(Reply, bool, &str, i32)> = vec![
        (Reply::MessageOk, false, "ok", 0),
        (Reply::MessageOk, true, "ok", 0),
        (Reply::error(401, "authentication_error", "invalid x-api-key"), false, "invalid", 1),
        (Reply::error(401, "authentication_error", "OAuth access token is invalid."), true, "expired-or-revoked", 1),
        (Reply::error(403, "permission_error", "Your organization has disabled this access."), true, "forbidden", 1),
        (Reply::error(429, "rate_limit_error", "Number of request tokens has exceeded your rate limit."), false, "rate-limited", 3),
        (Reply::error(529, "overloaded_error", "Overloaded"), false, "overloaded", 3),
        (Reply::error(400, "invalid_request_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."), false, "billing", 1),
    ];
    let mut failures = Vec::new();
    for (reply, oauth, class, exit) in table {
        let mock = MockApi::start_for_claude(vec![reply.clone()]);
        let mut w = World::new();
        let (var, value) = if oauth {
            ("CLAUDE_CODE_OAUTH_TOKEN", canary("sk-ant-oat01-", "real"))
        } else {
            ("ANTHROPIC_API_KEY", canary("sk-ant-api03-", "real"))
        };
        w.env("ANTHROPIC_BASE_URL", &mock.url)
            .env(var, &value)
            .env("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
            .env("DISABLE_AUTOUPDATER", "1")
            .env("TERM", "dumb");
        let out = w
            .model(
                "verify",
                &[
                    "--probe",
                    "claude",
                    "--claude",
                    &claude,
                    "--format",
                    "json",
                    "--retries",
                    "0",
                    "--timeout",
                    "90",
                ],
            )
            .timeout(Duration::from_secs(120))
            .output()
            .expect("run");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        let got = (
            doc["class"].as_str().unwrap_or("?").to_owned(),
            out.status.code(),
        );
        let seen = mock.seen();
        let sent_right = seen.iter().all(|s| {
            if oauth {
                s.headers.get("authorization") == Some(&format!("Bearer {value}"))
            } else {
                s.headers.get("x-api-key") == Some(&value)
            }
        });
        if got != (class.to_owned(), Some(exit)) || seen.is_empty() || !sent_right {
            failures.push(format!(
                "{reply:?} ({var}): expected {class}/{exit}, got {got:?}, {} inference requests, credential sent as expected: {sent_right}\n{doc:#}\n{}",
                seen.len(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
