//! The GitLab example (ci-examples/gitlab/.gitlab-ci.yml) run by gitlab-ci-local in shell mode,
//! with ccauth installed by install.sh from a loopback "release" of the real musl build: the
//! Code Quality report of the pre-flight, the dotenv hand-off from `auth` to `review` (a fake
//! `claude` checks what it receives), and a shadowing key failing the pre-flight.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use crate::action::{musl_artifact, serve, tool, MUSL};
use crate::harness::{canary, World};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

struct Pipeline {
    world: World,
    url: String,
    token: String,
}

impl Pipeline {
    fn new() -> Option<Self> {
        tool("gitlab-ci-local", "npm install -g gitlab-ci-local@4.52.0")?;
        tool("rsync", "apt-get install rsync")?;
        let binary = musl_artifact()?;
        let bytes = fs::read(binary).unwrap();
        let name = format!("ccauth-0.1.0-{MUSL}");
        let manifest = format!("# version: 0.1.0\n{:x}  {name}\n", Sha256::digest(&bytes));
        let (url, _) = serve(vec![
            (format!("/v0.1.0/{name}"), bytes),
            (
                "/install.sh".into(),
                fs::read(format!("{REPO}/install.sh")).unwrap(),
            ),
            ("/dist/SHA256SUMS".into(), manifest.into_bytes()),
        ]);
        let mut world = World::new();
        world.file(
            "ws/.gitlab-ci.yml",
            &fs::read_to_string(format!("{REPO}/ci-examples/gitlab/.gitlab-ci.yml")).unwrap(),
        );
        world.file(
            "bin/claude",
            "#!/bin/sh\necho \"fake claude: token [${CLAUDE_CODE_OAUTH_TOKEN:+set}] key [${ANTHROPIC_API_KEY:-}]\"\ntest -n \"$CLAUDE_CODE_OAUTH_TOKEN\" && test -z \"${ANTHROPIC_API_KEY:-}\"\n",
        );
        fs::set_permissions(world.path("bin/claude"), fs::Permissions::from_mode(0o755)).unwrap();
        let git = |args: &[&str]| {
            let ok = Command::new("git")
                .args(args)
                .current_dir(world.path("ws"))
                .env("GIT_AUTHOR_NAME", "t")
                .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
                .env("GIT_COMMITTER_NAME", "t")
                .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "git {args:?}");
        };
        git(&["init", "-q"]);
        git(&["add", "-A"]);
        git(&["commit", "-qm", "example"]);
        Some(Self {
            world,
            url,
            token: canary("sk-ant-oat01-", "gitlab-vault"),
        })
    }

    /// Runs gitlab-ci-local with the release variables, `vars` and `jobs` (all when empty).
    fn run(&self, vars: &[(&str, &str)], jobs: &[&str]) -> (bool, String) {
        let path = format!(
            "{}:/usr/local/bin:/usr/bin:/bin",
            self.world.path("bin").display()
        );
        let mut cmd = Command::new("gitlab-ci-local");
        // The machine's own CA and proxy settings are not the pipeline's.
        for var in ccauth::http::env_vars() {
            cmd.env_remove(var);
        }
        cmd.current_dir(self.world.path("ws"))
            .env("PATH", path)
            .env("HOME", self.world.path("home"))
            .stdin(Stdio::null());
        let release = [
            ("CCAUTH_SOURCE", self.url.as_str()),
            ("CCAUTH_DOWNLOAD_URL", self.url.as_str()),
            ("VAULT_CLAUDE_TOKEN", self.token.as_str()),
        ];
        for (k, v) in release.iter().chain(vars) {
            cmd.arg("--variable").arg(format!("{k}={v}"));
        }
        cmd.args(jobs);
        let out = cmd.output().expect("gitlab-ci-local runs");
        let log = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !log.contains(&self.token[13..]),
            "the token reached the job log:\n{log}"
        );
        (out.status.success(), log)
    }

    fn artifact(&self, rel: &str) -> String {
        fs::read_to_string(self.world.path("ws/.gitlab-ci-local/artifacts").join(rel))
            .unwrap_or_else(|e| panic!("artifact {rel}: {e}"))
    }
}

#[test]
fn the_gitlab_example_runs_in_gitlab_ci_local() {
    let Some(p) = Pipeline::new() else {
        return;
    };
    let project_token = canary("sk-ant-oat01-", "gitlab-project");
    // The whole pipeline: the pre-flight passes, auth hands the vault token to review.
    let (ok, log) = p.run(&[("CLAUDE_TOKEN_SECRET", &project_token)], &[]);
    assert!(ok, "the pipeline failed:\n{log}");
    // Regression (issue 20): a GitLab job directory is always a work tree; a dotenv report there
    // is no mistake worth a warning on every run.
    assert!(!log.contains("inside the git work tree"), "{log}");
    assert!(log.contains("installed ccauth 0.1.0"), "{log}");
    assert!(log.contains("fake claude: token [set] key []"), "{log}");
    let report: serde_json::Value =
        serde_json::from_str(&p.artifact("preflight/gl-code-quality-report.json")).unwrap();
    assert_eq!(
        report,
        serde_json::json!([]),
        "a clean setup has no Code Quality issues"
    );
    let dotenv = p.artifact("auth/.gitlab-ci-reports/dotenv/claude.env");
    assert!(
        dotenv.contains(&format!("CLAUDE_CODE_OAUTH_TOKEN={}", p.token)),
        "{dotenv}"
    );
    assert!(
        !log.contains("rotation"),
        "the rotation job runs only on a schedule:\n{log}"
    );

    // A group-level key (a pipeline variable here, which ranks higher still) is cleared by the
    // review job itself, so the hand-off still wins.
    let (ok, log) = p.run(
        &[("ANTHROPIC_API_KEY", "group-level-stale-FAKE")],
        &["auth", "review"],
    );
    assert!(ok, "the hand-off lost to the group-level key:\n{log}");
    assert!(log.contains("fake claude: token [set] key []"), "{log}");

    // The same key fails the pre-flight, and the Code Quality report names the rule.
    let (ok, log) = p.run(
        &[
            ("ANTHROPIC_API_KEY", "group-level-stale-FAKE"),
            ("CLAUDE_TOKEN_SECRET", &project_token),
        ],
        &["preflight"],
    );
    assert!(!ok, "the pre-flight passed with a shadowing key:\n{log}");
    // Regression (issue 20): the findings are in the log, not only in the Code Quality JSON.
    assert!(log.contains("error[api-key-shadows-oauth]"), "{log}");
    let report = p.artifact("preflight/gl-code-quality-report.json");
    let issues: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert!(
        issues
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["check_name"] == "api-key-shadows-oauth"),
        "{report}"
    );
    assert!(
        !report.contains(&project_token[13..]),
        "the report holds the token"
    );
    assert!(Path::new(&p.world.path("ws/.ccauth/ccauth")).exists());
}

#[test]
fn the_gitlab_rotation_job_fails_inside_the_window_and_after_expiry() {
    // Regression (issue 20): with the expiry 17 days away the rotation job passed, though its
    // header promised it fails before expiry.
    let Some(p) = Pipeline::new() else {
        return;
    };
    use crate::mock_api::{MockApi, Reply, MODELS_OK};
    let token = canary("sk-ant-oat01-", "gitlab-rotation");
    let day = 86_400;
    let at = |days: i64| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        ccauth::time::rfc3339(
            std::time::UNIX_EPOCH + std::time::Duration::from_secs((now + days * day) as u64),
        )
    };
    for (days, passes, class) in [
        (200, true, "ok"),
        (17, false, "expiring"),
        (-3, false, "expired"),
    ] {
        let api = MockApi::start(vec![Reply::json(200, MODELS_OK)]);
        let expires = at(days);
        let (ok, log) = p.run(
            &[
                ("CI_PIPELINE_SOURCE", "schedule"),
                ("CLAUDE_TOKEN_SECRET", &token),
                ("CLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT", &expires),
                ("ANTHROPIC_BASE_URL", &api.url),
            ],
            &["rotation"],
        );
        assert_eq!(ok, passes, "{days} days: {log}");
        assert!(
            log.contains(&format!("verify: {class}")),
            "{days} days, no {class}: {log}"
        );
    }
}
