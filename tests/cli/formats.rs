//! The output formats: the JSON contract, SARIF, GitHub workflow commands and step summary,
//! GitLab Code Quality, human colour handling.

use std::collections::BTreeSet;

use ccauth::lint::RULES;
use serde_json::Value;

use crate::harness::World;

const K: &str = "sk-ant-api03-FAKEformatkey00001";
const T: &str = "sk-ant-oat01-FAKEformattoken001";

fn shadowing_world() -> World {
    let mut w = World::new();
    w.env("ANTHROPIC_API_KEY", K)
        .env("CLAUDE_CODE_OAUTH_TOKEN", T)
        .file(
            "project/.claude/settings.json",
            "{\n  \"apiKeyHelper\": \"./get-key.sh\"\n}\n",
        );
    w
}

fn run(w: &World, args: &[&str]) -> (String, i32) {
    let out = w.lint(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn json_follows_the_schema_1_contract() {
    let (doc, code) = shadowing_world().lint_json(&[]);
    assert_eq!(code, 1);
    let keys: BTreeSet<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let want: BTreeSet<&str> = [
        "schema",
        "ccauth_version",
        "claude_code_version",
        "mode",
        "bare",
        "provider",
        "headers",
        "endpoint",
        "ignored",
        "findings",
        "suppressed",
        "summary",
    ]
    .into();
    assert_eq!(keys, want);
    assert_eq!(
        doc["endpoint"],
        serde_json::json!({"url": "https://api.anthropic.com", "origin": "default"})
    );
    assert_eq!(doc["summary"]["notes"], 0);
    assert_eq!(doc["schema"], 1);
    assert_eq!(doc["mode"], "print");
    assert_eq!(doc["bare"], false);
    assert_eq!(doc["provider"], "anthropic");
    let key = &doc["headers"]["x-api-key"];
    assert_eq!(key["source"], "ANTHROPIC_API_KEY");
    assert_eq!(key["origin"], "process");
    assert_eq!(key["oauth"], false);
    assert_eq!(key["redacted"], "sk-ant-api03-…0001");
    // The helper from project settings fills Authorization.
    assert_eq!(doc["headers"]["authorization"]["source"], "apiKeyHelper");
    assert_eq!(
        doc["headers"]["authorization"]["origin"],
        "settings:project"
    );
    let ignored = doc["ignored"].as_array().unwrap();
    assert_eq!(ignored.len(), 1);
    assert_eq!(ignored[0]["source"], "CLAUDE_CODE_OAUTH_TOKEN");
    assert_eq!(ignored[0]["reason"], "shadowed-by");
    assert_eq!(ignored[0]["by"], "ANTHROPIC_API_KEY");
    for f in doc["findings"].as_array().unwrap() {
        for field in ["rule", "severity", "message", "help", "location", "docs"] {
            assert!(!f[field].is_null(), "{field} missing in {f}");
        }
        assert!(f["docs"]
            .as_str()
            .unwrap()
            .ends_with(&format!("#{}", f["rule"].as_str().unwrap())));
    }
    // Only headers that are sent appear.
    let mut w = World::new();
    w.env("CLAUDE_CODE_OAUTH_TOKEN", T);
    let (doc, _) = w.lint_json(&[]);
    let headers: Vec<&String> = doc["headers"].as_object().unwrap().keys().collect();
    assert_eq!(headers, vec!["authorization"]);
    assert_eq!(doc["headers"]["authorization"]["oauth"], true);
}

#[test]
fn sarif_is_2_1_0_with_every_rule_and_locations() {
    let (text, code) = run(&shadowing_world(), &["--format", "sarif"]);
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().unwrap().contains("sarif"));
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "ccauth");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    for (r, rule) in rules.iter().zip(RULES) {
        assert_eq!(r["id"], rule.meta().id);
        assert!(r["helpUri"]
            .as_str()
            .unwrap()
            .ends_with(&format!("docs/rules.md#{}", rule.meta().id)));
    }
    let results = run["results"].as_array().unwrap();
    let by_rule = |id: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == id)
            .unwrap_or_else(|| panic!("{id}: {text}"))
    };
    let shadow = by_rule("api-key-shadows-oauth");
    assert_eq!(shadow["level"], "error");
    assert_eq!(
        shadow["locations"][0]["logicalLocations"][0]["name"],
        "ANTHROPIC_API_KEY"
    );
    // Code scanning needs a file on every result: environment findings get an anchor.
    for r in results {
        assert_eq!(
            r["partialFingerprints"]["ccauth/v1"].as_str().map(str::len),
            Some(64)
        );
        let uri = &r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert!(
            uri.as_str().is_some_and(|u| !u.is_empty()),
            "no file on {r}"
        );
    }
    assert_eq!(
        shadow["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "environment"
    );
    let helper = by_rule("helper-in-project-settings");
    assert_eq!(helper["level"], "warning");
    let phys = &helper["locations"][0]["physicalLocation"];
    assert_eq!(phys["artifactLocation"]["uri"], ".claude/settings.json");
    assert_eq!(phys["region"]["startLine"], 2);
    let index = usize::try_from(helper["ruleIndex"].as_u64().unwrap()).unwrap();
    assert_eq!(rules[index]["id"], "helper-in-project-settings");
}

#[test]
fn sarif_anchors_environment_findings_to_the_running_workflow() {
    let out = shadowing_world()
        .lint(&["--format", "sarif"])
        .env(
            "GITHUB_WORKFLOW_REF",
            "owner/repo/.github/workflows/claude.yml@refs/pull/7/merge",
        )
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let shadow = results
        .iter()
        .find(|r| r["ruleId"] == "api-key-shadows-oauth")
        .unwrap();
    let phys = &shadow["locations"][0]["physicalLocation"];
    assert_eq!(
        phys["artifactLocation"]["uri"],
        ".github/workflows/claude.yml"
    );
    assert_eq!(phys["region"]["startLine"], 1);
}

/// A world with many warnings: settings override twelve exported non-secret auth variables.
fn noisy_world() -> World {
    let names = [
        "ANTHROPIC_BASE_URL",
        "CLAUDE_CODE_USE_BEDROCK",
        "CLAUDE_CODE_USE_FOUNDRY",
        "CLAUDE_CODE_USE_VERTEX",
        "CLAUDE_CODE_SKIP_BEDROCK_AUTH",
        "CLAUDE_CODE_SKIP_VERTEX_AUTH",
        "CLAUDE_CODE_SKIP_FOUNDRY_AUTH",
        "ANTHROPIC_FOUNDRY_RESOURCE",
        "ANTHROPIC_FOUNDRY_BASE_URL",
        "ANTHROPIC_VERTEX_PROJECT_ID",
        "CLAUDE_CODE_REMOTE",
        "ANTHROPIC_ORGANIZATION_ID",
    ];
    let mut w = World::new();
    w.env("CLAUDE_CODE_OAUTH_TOKEN", T);
    let mut env = serde_json::Map::new();
    for n in names {
        w.env(n, "0");
        env.insert(n.to_owned(), Value::from("no"));
    }
    w.file(
        "home/.claude/settings.json",
        &serde_json::json!({ "env": env }).to_string(),
    );
    w
}

#[test]
fn github_caps_annotations_and_writes_the_step_summary() {
    let w = noisy_world();
    let summary = w.path("summary.md");
    let out = w
        .lint(&["--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let warnings: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("::warning "))
        .collect();
    assert_eq!(warnings.len(), 11, "{text}");
    assert!(
        warnings[10].contains("more warnings not shown"),
        "{}",
        warnings[10]
    );
    assert!(
        warnings[0].contains("file=") && warnings[0].contains(",line="),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("title=ccauth settings-env-overrides-environment"));
    assert!(text
        .lines()
        .next()
        .unwrap()
        .starts_with("::notice title=ccauth::Claude Code will send authorization"));
    assert!(
        text.lines().all(|l| l.starts_with("::")),
        "every line is a workflow command:\n{text}"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("| severity | rule | message | location |"));
    assert_eq!(md.matches("| warning |").count(), 12);
}

#[test]
fn gitlab_code_quality_has_unique_stable_fingerprints() {
    let w = noisy_world();
    let (a, _) = run(&w, &["--format", "gitlab"]);
    let (b, _) = run(&w, &["--format", "gitlab"]);
    assert_eq!(a, b, "stable across runs");
    let issues: Vec<Value> = serde_json::from_str(&a).unwrap();
    // Twelve warnings, and the note that a settings file sets ANTHROPIC_BASE_URL.
    assert_eq!(issues.len(), 13);
    assert_eq!(issues.iter().filter(|i| i["severity"] == "info").count(), 1);
    let prints: BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), issues.len());
    for i in issues.iter().filter(|i| i["severity"] != "info") {
        assert_eq!(i["severity"], "minor");
        assert_eq!(i["check_name"], "settings-env-overrides-environment");
        assert!(i["location"]["path"]
            .as_str()
            .unwrap()
            .ends_with("settings.json"));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert_eq!(i["fingerprint"].as_str().unwrap().len(), 64);
    }
}

#[test]
fn human_colour_only_when_asked_or_on_a_terminal() {
    let w = shadowing_world();
    let (plain, _) = run(&w, &[]);
    assert!(!plain.contains('\u{1b}'));
    assert!(plain.starts_with("What Claude Code will send"));
    assert!(plain.contains("error[api-key-shadows-oauth]"));
    let (coloured, _) = run(&w, &["--color", "always"]);
    assert!(coloured.contains("\u{1b}["));
}

#[test]
fn repository_text_cannot_rewrite_the_terminal_or_the_step_summary() {
    // Regression (issue 10): a settings key with `\e[2K\e[1A\r` reached human output raw, and
    // `<img src=…>` passed into the step summary's markdown.
    let mut w = World::new();
    w.file(
        "project/.claude/settings.json",
        "{\"env\": {\"ANTHROPIC_API_KEY\\u001b[2K\\u001b[1A\\r<img src=x onerror=alert(1)>![i](https://t.example/x.png)\\u2028\\u202e\": {\"x\": 1}}}",
    );
    let human = w.lint(&["--color", "never"]).output().expect("run");
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text:?}");
    assert!(text.contains("\\u{1b}[2K"), "{text}");
    let summary = w.path("home/summary.md");
    let out = w
        .lint(&["--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .expect("run");
    let annotations = String::from_utf8_lossy(&out.stdout);
    assert!(!annotations.contains('\u{1b}'), "{annotations:?}");
    let md = std::fs::read_to_string(&summary).expect("summary");
    assert!(!md.contains("<img"), "{md}");
    assert!(!md.contains('\u{1b}'), "{md:?}");
    // Regression (issue 18): markdown images and links, U+2028 and U+202E passed through.
    assert!(!md.contains("![i]("), "{md}");
    for shown in [&text[..], &annotations[..], &md[..]] {
        assert!(!shown.contains(['\u{2028}', '\u{202e}']), "{shown:?}");
    }
}

/// An unwritable `$GITHUB_STEP_SUMMARY` costs a warning naming the file, not the annotations or
/// the lint's exit code.
#[test]
fn an_unwritable_step_summary_keeps_the_annotations_and_the_verdict() {
    let mut w = World::new();
    w.env("ANTHROPIC_API_KEY", "sk-ant-api03-FAKEFAKEFAKEFAKEFAKEwxyz")
        .env(
            "CLAUDE_CODE_OAUTH_TOKEN",
            "sk-ant-oat01-FAKEFAKEFAKEFAKEFAKE3xQa",
        );
    let missing = w.path("no/such/dir/summary.md");
    let out = w
        .lint(&["--format", "github"])
        .env("GITHUB_STEP_SUMMARY", &missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the lint's verdict stands");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("::error ") && stdout.contains("api-key-shadows-oauth"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: could not append to the step summary")
            && stderr.contains("no/such/dir/summary.md"),
        "{stderr}"
    );
}

/// `token-expiry` inside the window is a warning (offline, relative to today), after it an
/// error; an unreadable expiry is a usage error naming the variable.
#[test]
fn token_expiry_warns_inside_the_window() {
    let in_days = |d: u64| {
        humantime::format_rfc3339_seconds(
            std::time::SystemTime::now() + std::time::Duration::from_secs(d * 86_400 + 3600),
        )
        .to_string()
    };
    let mut w = World::new();
    w.env(
        "CLAUDE_CODE_OAUTH_TOKEN",
        "sk-ant-oat01-FAKEFAKEFAKEFAKEFAKE3xQa",
    );
    let (doc, code) = w.lint_json(&["--expires-at", &in_days(10)]);
    assert_eq!(code, 0);
    let f = &doc["findings"][0];
    assert_eq!(
        (f["rule"].as_str(), f["severity"].as_str()),
        (Some("token-expiry"), Some("warning"))
    );
    assert!(f["message"].as_str().unwrap().contains("in 10 days"), "{f}");
    let (_, code) = w.lint_json(&["--expires-at", &in_days(10), "--deny", "warnings"]);
    assert_eq!(code, 1);
    let (doc, _) = w.lint_json(&["--expires-at", &in_days(10), "--warn-days", "7"]);
    assert_eq!(doc["findings"], serde_json::json!([]));
    w.env("CLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT", "soon");
    let out = w.lint(&[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("CLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT"));
}

/// Advice speaks the CI of the format (github, gitlab), else of the linted environment, else
/// names both; and fits where the shadowing value comes from.
#[test]
fn advice_speaks_the_ci_of_the_format() {
    let mut w = World::new();
    w.env("ANTHROPIC_API_KEY", "sk-ant-api03-FAKEFAKEFAKEFAKEFAKEwxyz")
        .env("CLAUDE_CODE_OAUTH_TOKEN", T);
    let help_of = |format: &str, extra: &[(&str, &str)]| {
        let mut cmd = w.lint(&["--format", format]);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let gitlab = help_of("gitlab", &[]);
    assert!(
        gitlab.contains("`unset ANTHROPIC_API_KEY` at the start of the job's `script:`"),
        "{gitlab}"
    );
    assert!(!gitlab.contains("env: ANTHROPIC_API_KEY"), "{gitlab}");
    let github = help_of("github", &[]);
    assert!(
        github.contains("`env: ANTHROPIC_API_KEY: ''` on the step or job"),
        "{github}"
    );
    let sarif_in_github = help_of("sarif", &[("GITHUB_ACTIONS", "true")]);
    assert!(sarif_in_github.contains("`env: ANTHROPIC_API_KEY: ''` on the step or job"));
    let sarif_anywhere = help_of("sarif", &[]);
    assert!(sarif_anywhere.contains("GitHub Actions: `env: ANTHROPIC_API_KEY: ''`; GitLab CI"));
}

/// Suppressed findings are counted by every format.
#[test]
fn every_format_counts_suppressed_findings() {
    let mut w = World::new();
    w.env("ANTHROPIC_API_KEY", "sk-ant-api03-FAKEFAKEFAKEFAKEFAKEwxyz")
        .env("CLAUDE_CODE_OAUTH_TOKEN", T);
    let run_fmt = |format: &str| {
        let out = w
            .lint(&["--format", format, "--ignore", "api-key-shadows-oauth"])
            .env("GITHUB_STEP_SUMMARY", w.path("summary.md"))
            .output()
            .unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (human, _) = run_fmt("human");
    assert!(human.contains("(1 suppressed by --ignore)"), "{human}");
    let (json, _) = run_fmt("json");
    assert_eq!(
        serde_json::from_str::<Value>(&json).unwrap()["suppressed"],
        1
    );
    let (github, _) = run_fmt("github");
    assert!(
        github.contains("1 finding suppressed by --ignore"),
        "{github}"
    );
    let summary = std::fs::read_to_string(w.path("summary.md")).unwrap();
    assert!(
        summary.contains("1 finding suppressed by `--ignore`"),
        "{summary}"
    );
    let (sarif, _) = run_fmt("sarif");
    let doc: Value = serde_json::from_str(&sarif).unwrap();
    let suppressed: Vec<&Value> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["suppressions"].is_array())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["ruleId"], "api-key-shadows-oauth");
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "external");
    let (gitlab, stderr) = run_fmt("gitlab");
    assert_eq!(
        serde_json::from_str::<Value>(&gitlab).unwrap(),
        serde_json::json!([])
    );
    assert!(
        stderr.contains("1 finding suppressed by --ignore"),
        "{stderr}"
    );
}

/// In a monorepo the machine formats give paths from the repository root (GITHUB_WORKSPACE,
/// CI_PROJECT_DIR, else the directory holding .git), not from --project-dir.
#[test]
fn machine_formats_give_paths_from_the_repository_root() {
    let mut w = World::new();
    w.env("CLAUDE_CODE_OAUTH_TOKEN", T).file(
        "repo/services/api/.claude/settings.json",
        r#"{"env": {"ANTHROPIC_API_KEY": "sk-ant-api03-FAKEFAKEFAKEFAKEFAKEwxyz"}}"#,
    );
    std::fs::create_dir_all(w.path("repo/.git")).unwrap();
    let project = w.path("repo/services/api");
    let lint = |format: &str, extra: &[(&str, String)]| {
        let mut cmd = w.ccauth(&["lint-env", "--format", format, "--managed-dir"]);
        cmd.arg(w.path("managed"))
            .arg("--project-dir")
            .arg(&project);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let want = "services/api/.claude/settings.json";
    let github = lint("github", &[]);
    assert!(github.contains(&format!("file={want},")), "{github}");
    let sarif: Value = serde_json::from_str(&lint("sarif", &[])).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"];
    assert_eq!(uri, want);
    let gitlab: Value = serde_json::from_str(&lint("gitlab", &[])).unwrap();
    assert_eq!(gitlab[0]["location"]["path"], want);
    // CI's own idea of the repository wins over .git.
    let gitlab: Value = serde_json::from_str(&lint(
        "gitlab",
        &[(
            "CI_PROJECT_DIR",
            w.path("repo/services").display().to_string(),
        )],
    ))
    .unwrap();
    assert_eq!(gitlab[0]["location"]["path"], "api/.claude/settings.json");
    // Human output stays relative to the project.
    let human = lint("human", &[]);
    assert!(human.contains("--> .claude/settings.json"), "{human}");
}
