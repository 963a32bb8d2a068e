//! `--probe claude`: run the real CLI once, as the pipeline will (same process environment,
//! project directory, `--bare` and `--settings`), through the bounded runner, and classify its
//! JSON result: a `"subtype": "success"` with `"is_error": true` is a failure.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::class::{classify_claude_error, Class, Sent, Verdict};
use super::probe::Attempt;
use crate::claude::snapshot::Snapshot;
use crate::process::run_bounded;

/// The prompt: one short answer, no tools.
pub const PROMPT: &str = "Reply with the single word OK.";
/// The fix when no CLI can be run.
pub const INSTALL_FIX: &str =
    "install Claude Code (npm install -g @anthropic-ai/claude-code) or pass --claude PATH";
/// Output kept from the CLI, per stream.
const KEEP_BYTES: usize = 256 * 1024;

/// The arguments after the executable.
pub fn arguments(s: &Snapshot) -> Vec<String> {
    let mut args: Vec<String> = ["-p", PROMPT, "--max-turns", "1", "--output-format", "json"]
        .map(str::to_owned)
        .to_vec();
    if s.bare
        .as_ref()
        .is_some_and(|b| b.cause == crate::claude::snapshot::BareCause::Flag)
    {
        args.push("--bare".into());
    }
    if let Some(settings) = &s.cli_settings {
        args.extend(["--settings".to_owned(), settings.clone()]);
    }
    args
}

/// Runs the CLI once and classifies the result.
pub fn attempt(exe: &Path, s: &Snapshot, timeout: Duration, sent: &Sent) -> Attempt {
    let started = Instant::now();
    let mut cmd = Command::new(exe);
    let mut env = s.process_env();
    // ccauth owns the retry policy (and its deadline): the CLI answers after one request.
    if !env.iter().any(|(k, _)| k == "CLAUDE_CODE_MAX_RETRIES") {
        env.push(("CLAUDE_CODE_MAX_RETRIES".into(), "0".into()));
    }
    cmd.args(arguments(s))
        .current_dir(&s.project_dir)
        .env_clear()
        .envs(env);
    let ran = run_bounded(&mut cmd, None, timeout, KEEP_BYTES);
    let latency = started.elapsed();
    let ran = match ran {
        Ok(ran) => ran,
        Err(e) => {
            let v = Verdict::new(
                Class::Unverifiable,
                format!("{} could not be started: {e}", exe.display()),
                INSTALL_FIX,
            );
            return Attempt::without_answer(v, latency);
        }
    };
    let Some((status, stdout, stderr)) = ran.finished() else {
        let v = Verdict::new(
            Class::Timeout,
            format!(
                "claude did not finish within {}; it was stopped",
                humantime::format_duration(timeout)
            ),
            "raise --timeout, or look for a prompt claude waits on (run the same command by hand)",
        );
        return Attempt::without_answer(v, latency);
    };
    let verdict = judge(status.code(), &stdout, &stderr, sent);
    let mut a = Attempt::without_answer(verdict, latency);
    if a.verdict.class != Class::Ok {
        // The result's own text when there is one (not the JSON around it), else the output.
        let said = result_object(&stdout)
            .and_then(|r| r.get("result").and_then(|t| t.as_str()).map(str::to_owned))
            .unwrap_or_else(|| excerpt(&stdout, &stderr));
        a.body = Some(super::probe::shown(&said));
    }
    a
}

/// The result object of `--output-format json`: the last line of stdout that is a JSON object
/// with `"type": "result"`.
fn result_object(stdout: &[u8]) -> Option<serde_json::Value> {
    let text = String::from_utf8_lossy(stdout);
    let whole = serde_json::from_str::<serde_json::Value>(text.trim()).ok();
    whole
        .into_iter()
        .chain(
            text.lines()
                .rev()
                .filter_map(|l| serde_json::from_str(l.trim()).ok()),
        )
        .find(|v: &serde_json::Value| v.get("type").and_then(|t| t.as_str()) == Some("result"))
}

/// Classifies an exit code and the output.
fn judge(code: Option<i32>, stdout: &[u8], stderr: &[u8], sent: &Sent) -> Verdict {
    let exit = code.map_or_else(
        || "was killed by a signal".to_owned(),
        |c| format!("exited with code {c}"),
    );
    let Some(result) = result_object(stdout) else {
        let text = excerpt(stdout, stderr);
        let v = classify_claude_error(&text, sent);
        if v.class != Class::Unexpected {
            return v;
        }
        return Verdict::new(
            Class::Unexpected,
            format!("claude {exit} without a JSON result"),
            "run the same claude command by hand; is the executable really Claude Code?",
        );
    };
    let is_error = result
        .get("is_error")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let subtype = result.get("subtype").and_then(|v| v.as_str()).unwrap_or("");
    let text = result
        .get("result")
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .or_else(|| result.get("errors").map(|e| e.to_string()))
        .unwrap_or_default();
    if !is_error && subtype == "success" && code == Some(0) {
        return Verdict::new(Class::Ok, "claude answered a one-turn prompt", "");
    }
    let v = classify_claude_error(&text, sent);
    if v.class == Class::Unexpected && text.is_empty() {
        return Verdict::new(
            Class::Unexpected,
            format!("claude {exit} with an error result ({subtype})"),
            "run the same claude command by hand to see the whole message",
        );
    }
    v
}

/// The most telling output: stdout when there is any, else stderr.
fn excerpt(stdout: &[u8], stderr: &[u8]) -> String {
    let out = String::from_utf8_lossy(stdout);
    let text = if out.trim().is_empty() {
        String::from_utf8_lossy(stderr)
    } else {
        out
    };
    text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(oauth: bool) -> Sent {
        Sent {
            probe: "claude",
            oauth,
            source: "CLAUDE_CODE_OAUTH_TOKEN".into(),
        }
    }

    #[test]
    fn judges_results() {
        let ok = br#"{"type":"result","subtype":"success","is_error":false,"result":"OK","total_cost_usd":0.0001}"#;
        let hidden_401 = br#"{"type":"result","subtype":"success","is_error":true,"duration_ms":2100,"result":"Failed to authenticate. API Error: 401 OAuth access token is invalid.","total_cost_usd":0}"#;
        type Row<'a> = (Option<i32>, &'a [u8], &'a [u8], Class);
        let table: &[Row<'_>] = &[
            (Some(0), ok, b"", Class::Ok),
            (Some(1), ok, b"", Class::Unexpected),
            (Some(0), hidden_401, b"", Class::ExpiredOrRevoked),
            (Some(1), b"", b"Invalid API key \xc2\xb7 Please run /login", Class::Invalid),
            (Some(1), b"Not logged in \xc2\xb7 Please run /login\n", b"", Class::Misconfigured),
            (Some(0), b"garbage \x00\x01", b"", Class::Unexpected),
            (None, b"", b"", Class::Unexpected),
            (
                Some(1),
                br#"{"type":"result","subtype":"error_during_execution","is_error":true,"result":"API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}"}"#,
                b"",
                Class::Overloaded,
            ),
        ];
        for (code, out, err, want) in table {
            assert_eq!(
                judge(*code, out, err, &sent(true)).class,
                *want,
                "{}",
                String::from_utf8_lossy(out)
            );
        }
    }

    #[test]
    fn result_found_among_other_lines() {
        let out = b"{\"type\":\"system\"}\n{\"type\":\"result\",\"is_error\":false,\"subtype\":\"success\"}\n";
        assert!(result_object(out).is_some());
    }
}
