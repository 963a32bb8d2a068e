//! Runs one case through the real CLI (in its own mount namespace, managed settings bound onto
//! /etc/claude-code) and through ccauth, and compares what reached the mock with the prediction.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use ccauth::process::{run_bounded, Bounded};
use serde_json::Value;

use super::cases::{Case, LEVELS};
use super::mock::{self, Mock, Seen};

/// How long one claude run may take.
const CLAUDE_TIMEOUT: Duration = Duration::from_secs(60);

/// The headers of one side, as comparable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub x_api_key: Option<String>,
    pub authorization: Option<String>,
}

impl std::fmt::Display for Sent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |h: &Option<String>| h.clone().unwrap_or_else(|| "-".into());
        write!(
            f,
            "x-api-key={} authorization={}",
            show(&self.x_api_key),
            show(&self.authorization)
        )
    }
}

/// The outcome of one case.
pub struct Outcome {
    pub name: String,
    pub observed: Sent,
    pub predicted: Sent,
    /// Headers ccauth marks uncertain: either presence is accepted.
    pub uncertain: Vec<&'static str>,
    pub detail: String,
}

impl Outcome {
    pub fn agrees(&self) -> bool {
        let same = |name: &str, o: &Option<String>, p: &Option<String>| {
            o == p || (self.uncertain.contains(&name) && o.is_none())
        };
        same(
            "x-api-key",
            &self.observed.x_api_key,
            &self.predicted.x_api_key,
        ) && same(
            "authorization",
            &self.observed.authorization,
            &self.predicted.authorization,
        )
    }
}

/// Writes the case's files under `root`.
fn materialise(case: &Case, root: &Path) {
    for dir in ["home/.claude", "project/.claude", "managed", "remote"] {
        fs::create_dir_all(root.join(dir)).expect("mkdir");
    }
    let mut settings = case.settings.clone();
    if case.interactive {
        // Onboarding done and the project trusted, so the first screen is the prompt (or the
        // API-key dialog under test).
        let global = settings.entry("global").or_default();
        global.insert("hasCompletedOnboarding".into(), serde_json::json!(true));
        global.insert("theme".into(), serde_json::json!("dark"));
        let project = root.join("project").display().to_string();
        global.insert(
            "projects".into(),
            serde_json::json!({ project: {"hasTrustDialogAccepted": true, "hasCompletedProjectOnboarding": true} }),
        );
    }
    for (level, rel) in LEVELS {
        if let Some(map) = settings.get(level) {
            fs::write(
                root.join(rel),
                serde_json::to_string_pretty(map).expect("json"),
            )
            .expect("write");
        }
    }
    for (rel, text) in &case.files {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, text).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        }
    }
}

fn env_of(case: &Case, root: &Path, mock: &Mock) -> Vec<(String, String)> {
    let mut env = vec![
        ("HOME".to_owned(), root.join("home").display().to_string()),
        ("PATH".to_owned(), "/usr/local/bin:/usr/bin:/bin".to_owned()),
        ("ANTHROPIC_BASE_URL".to_owned(), mock.url.clone()),
        ("ANTHROPIC_BEDROCK_BASE_URL".to_owned(), mock.url.clone()),
        ("ANTHROPIC_VERTEX_BASE_URL".to_owned(), mock.url.clone()),
        ("ANTHROPIC_FOUNDRY_BASE_URL".to_owned(), mock.url.clone()),
        (
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC".to_owned(),
            "1".to_owned(),
        ),
        ("DISABLE_AUTOUPDATER".to_owned(), "1".to_owned()),
        ("CLAUDE_CODE_MAX_RETRIES".to_owned(), "0".to_owned()),
        ("TERM".to_owned(), "dumb".to_owned()),
    ];
    let root_text = root.display().to_string();
    env.extend(
        case.env
            .iter()
            .map(|(k, v)| (k.clone(), v.replace("$ROOT", &root_text))),
    );
    env
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The claude arguments of a case: `-p hi --max-turns 1` unless it is interactive.
fn claude_args(case: &Case) -> Vec<String> {
    let mut args: Vec<String> = if case.interactive {
        Vec::new()
    } else {
        ["-p", "hi", "--max-turns", "1"].map(String::from).to_vec()
    };
    args.extend(case.args.iter().cloned());
    args
}

/// The script claude runs under: its own mount namespace with the case's managed settings,
/// the case's file descriptors open, the project as working directory.
fn wrapper(case: &Case, root: &Path, claude: &Path, env: &[(String, String)]) -> PathBuf {
    let mut script = String::from("#!/bin/sh\n");
    script.push_str(&format!(
        "mount --bind {} /etc/claude-code || exit 97\n",
        sh_quote(&root.join("managed").display().to_string())
    ));
    script.push_str(&format!(
        "mount --bind {} {} || exit 96\n",
        sh_quote(&root.join("remote").display().to_string()),
        super::REMOTE_DIR
    ));
    script.push_str(&format!(
        "cd {} || exit 98\n",
        sh_quote(&root.join("project").display().to_string())
    ));
    for (fd, value) in &case.fds {
        let path = root.join(format!("fd{fd}"));
        fs::write(&path, value).expect("fd file");
        script.push_str(&format!(
            "exec {fd}<{}\n",
            sh_quote(&path.display().to_string())
        ));
    }
    // The environment is set here, so a claude started by tmux gets exactly the case's.
    script.push_str("exec env -i ");
    for (k, v) in env {
        script.push_str(&sh_quote(&format!("{k}={v}")));
        script.push(' ');
    }
    let mut cmd = vec![claude.display().to_string()];
    cmd.extend(claude_args(case));
    script.push_str(
        &cmd.iter()
            .map(|a| sh_quote(a))
            .collect::<Vec<_>>()
            .join(" "),
    );
    script.push('\n');
    let path = root.join("run-claude.sh");
    fs::write(&path, script).expect("script");
    path
}

fn run_with_timeout(mut cmd: Command, timeout: Duration) -> (Option<i32>, String) {
    match run_bounded(&mut cmd, None, timeout, 64 * 1024).expect("spawn") {
        Bounded::Finished { status, stderr, .. } => {
            (status.code(), String::from_utf8_lossy(&stderr).into_owned())
        }
        Bounded::TimedOut => (None, "timed out".into()),
    }
}

/// Names an observed header value through the case's registry.
fn name(case: &Case, value: &str, oauth: bool) -> String {
    let named = if value.starts_with("AWS4-HMAC-SHA256") {
        Some(("aws-sdk".to_owned(), "process".to_owned()))
    } else if value == "skip-foundry-auth" {
        Some((
            "CLAUDE_CODE_SKIP_FOUNDRY_AUTH".to_owned(),
            "process".to_owned(),
        ))
    } else {
        case.name_of(value)
    };
    match named {
        Some((s, o)) => format!("{s}@{o}{}", if oauth { "+oauth" } else { "" }),
        None => format!("unknown:{value:?}"),
    }
}

fn observed(case: &Case, seen: Option<&Seen>) -> Sent {
    let Some(seen) = seen else {
        return Sent {
            x_api_key: None,
            authorization: None,
        };
    };
    let oauth = seen
        .headers
        .get("anthropic-beta")
        .is_some_and(|b| b.contains("oauth-2025-04-20"));
    let auth = seen.headers.get("authorization").map(|v| {
        let token = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("Bearer"))
            .unwrap_or(v)
            .trim();
        name(case, token, oauth)
    });
    Sent {
        x_api_key: seen
            .headers
            .get("x-api-key")
            .map(|v| name(case, v.trim(), false)),
        authorization: auth,
    }
}

fn predicted(doc: &Value) -> (Sent, Vec<&'static str>) {
    let header = |n: &str| {
        let h = &doc["headers"][n];
        (!h.is_null()).then(|| {
            format!(
                "{}@{}{}",
                h["source"].as_str().unwrap_or("?"),
                h["origin"].as_str().unwrap_or("?"),
                if h["oauth"] == true { "+oauth" } else { "" }
            )
        })
    };
    let uncertain = ["x-api-key", "authorization"]
        .into_iter()
        .filter(|n| doc["headers"][*n]["uncertain"] == true)
        .collect();
    (
        Sent {
            x_api_key: header("x-api-key"),
            authorization: header("authorization"),
        },
        uncertain,
    )
}

/// Runs one case on both sides.
pub fn run_case(case: &Case, claude: &Path, ccauth: &Path) -> Outcome {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    materialise(case, root);
    let mock = Mock::start();
    let env = env_of(case, root, &mock);

    // ccauth first: claude writes to HOME (an answered API-key dialog lands in ~/.claude.json),
    // and the prediction must be made on the inputs claude started from.
    let mut lint = Command::new(ccauth);
    lint.args(["lint-env", "--format", "json", "--project-dir"])
        .arg(root.join("project"))
        .arg("--managed-dir")
        .arg(root.join("managed"))
        .arg("--remote-dir")
        .arg(root.join("remote"))
        .arg("--")
        .arg("claude")
        .args(claude_args(case))
        .current_dir(root.join("project"))
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)));
    let out = lint.output().expect("ccauth runs");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: ccauth output is not JSON ({e}): {}",
            case.name,
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let script = wrapper(case, root, claude, &env);
    let (code, stderr) = if case.interactive {
        super::tty::drive(root, &script, &mock)
    } else {
        let mut cmd = Command::new("unshare");
        cmd.args(["--mount", "--propagation", "private", "--", "sh"])
            .arg(&script);
        cmd.env_clear().envs(env.iter().map(|(k, v)| (k, v)));
        run_with_timeout(cmd, CLAUDE_TIMEOUT)
    };
    mock::settle();
    let seen = mock.inference();

    let (predicted, uncertain) = predicted(&doc);
    let observed = observed(case, seen.as_ref());
    let detail = format!(
        "claude exit {code:?}, stderr: {}\nrequests: {:?}\nenv: {:?}\nsettings: {}\nargs: {:?}\nfiles: {:?}",
        stderr.trim().chars().take(300).collect::<String>(),
        mock.all().iter().map(|s| format!("{} {}", s.method, s.path)).collect::<Vec<_>>(),
        case.env,
        serde_json::to_string(&case.settings).unwrap_or_default(),
        case.args,
        case.files.iter().map(|(p, _)| p).collect::<Vec<_>>(),
    );
    Outcome {
        name: case.name.clone(),
        observed,
        predicted,
        uncertain,
        detail,
    }
}
