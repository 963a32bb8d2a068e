//! `lint-workflows` end to end: the corpus of realistic CI files under
//! `tests/testdata/workflows/<case>/` (each a small repository with an `expected` list of
//! findings), this repository itself, malformed and hostile files, formats and exit codes.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{json_of, World};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata/workflows")
}

/// `ccauth lint-workflows <args>` in `dir` with a cleared environment.
fn lint_in(dir: &Path, args: &[&str]) -> std::process::Output {
    let world = World::new();
    let mut cmd = world.ccauth(&["lint-workflows"]);
    cmd.current_dir(dir).args(args);
    cmd.output().expect("run")
}

/// The findings of a JSON document as `path:line:column rule` lines, sorted.
fn finding_lines(doc: &Value) -> Vec<String> {
    let mut out: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let l = &f["location"];
            format!(
                "{}:{}:{} {}",
                l["path"].as_str().unwrap_or(""),
                l["line"],
                l["column"],
                f["rule"].as_str().unwrap_or("")
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_corpus_gives_exactly_the_expected_findings() {
    let mut cases: Vec<PathBuf> = fs::read_dir(corpus())
        .expect("corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut failures = Vec::new();
    let mut files = 0;
    let mut fired = std::collections::BTreeSet::new();
    for case in &cases {
        let (doc, code) = json_of(&lint_in(case, &["--format", "json"]));
        files += doc["files"].as_array().map_or(0, Vec::len);
        let got = finding_lines(&doc);
        let mut want: Vec<String> = fs::read_to_string(case.join("expected"))
            .unwrap_or_else(|_| panic!("{}: no expected file", case.display()))
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        want.sort();
        let name = case.file_name().unwrap_or_default().to_string_lossy();
        if got != want {
            failures.push(format!("{name}:\n  want {want:?}\n  got  {got:?}"));
        }
        let errors = doc["summary"]["errors"].as_u64().unwrap_or(0);
        if code != i32::from(errors > 0) {
            failures.push(format!("{name}: exit {code} with {errors} errors"));
        }
        for f in doc["findings"].as_array().into_iter().flatten() {
            fired.insert(f["rule"].as_str().unwrap_or("").to_owned());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        files >= 30,
        "the corpus has {files} CI files; keep at least 30"
    );
    for id in ccauth::workflows::rule_ids() {
        assert!(fired.contains(id), "no corpus case fires {id}");
    }
}

#[test]
fn this_repository_finds_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for args in [&[][..], &["ci-examples", ".github", "action.yml"]] {
        let (doc, code) = json_of(&lint_in(root, &[&["--format", "json"], args].concat()));
        assert_eq!(finding_lines(&doc), Vec::<String>::new(), "{args:?}");
        assert_eq!(code, 0, "{args:?}");
        assert!(doc["files"].as_array().is_some_and(|f| !f.is_empty()));
    }
    // The examples do run Claude Code: they are read, not skipped.
    let (doc, _) = json_of(&lint_in(root, &["--format", "json", "ci-examples"]));
    let steps: usize = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["steps"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(steps >= 5, "{steps} Claude steps in ci-examples");
}

#[test]
fn a_malformed_file_is_exit_2_with_its_position_and_the_others_are_still_linted() {
    let mut world = World::new();
    world
        .file(
            "project/.github/workflows/broken.yml",
            "on: push\njobs:\n  a:\n    steps: [\n      - run: x\n",
        )
        .file(
            "project/.github/workflows/ok.yml",
            "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: claude -p hi\n",
        );
    let out = world
        .ccauth(&["lint-workflows", "--format", "json"])
        .output()
        .unwrap();
    let (doc, code) = json_of(&out);
    assert_eq!(code, 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ccauth: error: .github/workflows/broken.yml:5:")
            && stderr.contains("malformed YAML"),
        "{stderr}"
    );
    assert_eq!(doc["problems"][0]["path"], ".github/workflows/broken.yml");
    // In github format the problem is an error annotation on the file, at its position.
    let out = world
        .ccauth(&["lint-workflows", "--format", "github"])
        .env("GITHUB_WORKSPACE", world.path("project"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().any(
            |l| l.starts_with("::error file=.github/workflows/broken.yml,line=5,")
                && l.contains(",title=ccauth lint-workflows::not linted: malformed YAML: ")
        ),
        "{text}"
    );
    assert_eq!(
        finding_lines(&doc),
        [".github/workflows/ok.yml:6:14 workflow-no-credential"]
    );
}

#[test]
fn hostile_files_are_bounded() {
    let mut world = World::new();
    let outside = world.path("outside.yml");
    fs::write(&outside, "on: push\n").unwrap();
    world.file(
        "project/.gitlab-ci.yml",
        "include:\n  - local: ../outside.yml\n  - local: /ci/missing.yml\nbomb:\n  script: [x]\n",
    );
    let big = "# x\n".repeat(300_000);
    world.file("project/big.yml", &big);
    fs::write(world.path("project/binary.yml"), [0xff, 0xfe, 0x00]).unwrap();
    std::os::unix::fs::symlink("/dev/zero", world.path("project/zero.yml")).unwrap();
    let alias_bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
    world.file("project/bomb.yml", alias_bomb);
    let started = std::time::Instant::now();
    let out = world
        .ccauth(&[
            "lint-workflows",
            ".gitlab-ci.yml",
            "big.yml",
            "binary.yml",
            "zero.yml",
            "bomb.yml",
        ])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(started.elapsed().as_secs() < 10);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for want in [
        "../outside.yml: include: it points outside the repository; not read",
        "ci/missing.yml: include: cannot read it",
        "big.yml: 1200000 bytes, more than the 1048576 a CI file may have; not read",
        "binary.yml: not UTF-8 text; not read",
        "zero.yml: not a regular file; not read",
        "bomb.yml:",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");

    // Found files must stay inside the repository: a workflow linked to a file outside is
    // refused, not read.
    fs::create_dir_all(world.path("project/.github/workflows")).unwrap();
    std::os::unix::fs::symlink(&outside, world.path("project/.github/workflows/link.yml")).unwrap();
    fs::remove_file(world.path("project/.gitlab-ci.yml")).unwrap();
    let out = world.ccauth(&["lint-workflows"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(".github/workflows/link.yml: it points outside the repository; not read"),
        "{stderr}"
    );
}

#[test]
fn literal_credentials_are_redacted_in_every_format() {
    let mut world = World::new();
    let key = "sk-ant-api03-LEAKCANARYleakcanaryLEAKCANARY9f2c";
    let unprefixed = "gateway-token-LEAKCANARY-0123456789";
    world.file(
        "project/.github/workflows/c.yml",
        &format!(
            "on: push\njobs:\n  a:\n    runs-on: x\n    env:\n      ANTHROPIC_API_KEY: {key}\n      ANTHROPIC_AUTH_TOKEN: {unprefixed}\n    steps:\n      - run: claude -p hi\n"
        ),
    );
    for format in crate::harness::report_formats() {
        let format = format.as_str();
        let out = world
            .ccauth(&["lint-workflows", "--format", format])
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("LEAKCANARYleak"), "{format}: {all}");
        assert!(!all.contains(unprefixed), "{format}: {all}");
        assert!(all.contains("workflow-literal-credential"), "{format}");
        assert_eq!(out.status.code(), Some(1), "{format}");
    }
}

#[test]
fn ignores_config_deny_and_annotations() {
    let case = corpus().join("cca-pr-review-unguarded");
    // A warning only: exit 0, 1 with --deny warnings, 0 again when ignored.
    assert_eq!(lint_in(&case, &[]).status.code(), Some(0));
    assert_eq!(
        lint_in(&case, &["--deny", "warnings"]).status.code(),
        Some(1)
    );
    let out = lint_in(
        &case,
        &[
            "--deny",
            "warnings",
            "--ignore",
            "workflow-fork-empty-secret",
            "--format",
            "json",
        ],
    );
    let (doc, code) = json_of(&out);
    assert_eq!((code, doc["suppressed"].as_u64()), (0, Some(1)));

    // ccauth.toml: ignore by rule and path, severity raised.
    let mut world = World::new();
    world.file(
        "project/.github/workflows/r.yml",
        &fs::read_to_string(case.join(".github/workflows/claude-review.yml")).unwrap(),
    );
    world.file(
        "project/ccauth.toml",
        "[severity]\nworkflow-fork-empty-secret = \"error\"\n",
    );
    let (doc, code) = world
        .ccauth(&["lint-workflows", "--format", "json"])
        .output()
        .map(|o| json_of(&o))
        .unwrap();
    assert_eq!((code, doc["summary"]["errors"].as_u64()), (1, Some(1)));
    world.file(
        "project/ccauth.toml",
        "ignore = [{ rule = \"workflow-fork-empty-secret\", path = \".github/workflows/r.yml\" }]\n",
    );
    let (doc, code) = world
        .ccauth(&["lint-workflows", "--format", "json"])
        .output()
        .map(|o| json_of(&o))
        .unwrap();
    assert_eq!((code, doc["suppressed"].as_u64()), (0, Some(1)));

    // github: an annotation on the workflow line, the path relative to the repository root
    // (here GITHUB_WORKSPACE).
    let mut world = World::new();
    world
        .file(
            "project/.github/workflows/claude.yml",
            &fs::read_to_string(corpus().join("literal-key/.github/workflows/claude.yml")).unwrap(),
        )
        .env("GITHUB_WORKSPACE", "$ROOT/project");
    let out = world
        .ccauth(&["lint-workflows", "--format", "github"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "::error file=.github/workflows/claude.yml,line=7,col=7,title=ccauth workflow-literal-credential::"
        ),
        "{text}"
    );
}

#[test]
fn list_rules_names_the_workflow_rules() {
    let out = lint_in(&corpus(), &["--list-rules"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), ccauth::workflows::rule_ids().count());
    for id in ccauth::workflows::rule_ids() {
        assert!(text.contains(id), "{id}");
    }
}

#[test]
fn nothing_to_lint_is_said_on_stderr() {
    let world = World::new();
    let out = world.ccauth(&["lint-workflows"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("ccauth: no CI files found (looked for .github/workflows/*.yml|yaml, action.yml|yaml and .gitlab-ci.yml under "), "{stderr}");
}

#[test]
fn a_malformed_local_action_is_one_problem_with_its_position() {
    let mut world = World::new();
    world
        .file(
            "project/.github/workflows/w.yml",
            "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ./act\n      - uses: ./act/\n",
        )
        .file("project/act/action.yml", "runs:\n  steps: [\n");
    let out = world.ccauth(&["lint-workflows"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("act/action.yml"))
        .collect();
    assert_eq!(problems.len(), 1, "{stderr}");
    assert!(
        problems[0].starts_with("ccauth: error: act/action.yml:3:")
            && problems[0].contains("malformed YAML"),
        "{stderr}"
    );
}

/// No line of stderr may be a workflow command or carry a raw control character, whatever a
/// repository's file names or keys hold.
fn assert_no_forgery(what: &str, stderr: &str) {
    for line in stderr.lines() {
        assert!(
            !line.trim_start().starts_with("::"),
            "{what}: a forged workflow command reached stderr:\n{stderr}"
        );
    }
    assert!(
        !stderr.chars().any(|c| c.is_control() && c != '\n'),
        "{what}: a raw control character reached stderr: {stderr:?}"
    );
}

#[test]
fn names_and_keys_from_the_repository_cannot_forge_annotations() {
    // Regression (issue 18, item 4): an include named "x\n::warning title=FORGED::…" created a
    // forged annotation and stopped the runner processing ccauth's own; a ccauth.toml key with
    // ESC and a newline printed a raw ESC and a line starting with ::warning.
    let mut world = World::new();
    world.file(
        "project/.gitlab-ci.yml",
        "include:\n  - local: \"x\\n::warning title=FORGED::pwned\\n::stop-commands::pwned\\u001b[2J.yml\"\njob:\n  script: [claude -p x]\n",
    );
    for format in crate::harness::report_formats() {
        let format = format.as_str();
        let out = world
            .ccauth(&["lint-workflows", "--format", format])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{format}: {stderr}");
        assert!(
            stderr.contains("FORGED"),
            "{format}: the problem is not reported: {stderr}"
        );
        assert_no_forgery(&format!("lint-workflows {format}"), &stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        for line in stdout.lines() {
            assert!(
                !line.starts_with("::warning title=FORGED") && !line.starts_with("::stop-commands"),
                "{format}: a forged command on stdout:\n{stdout}"
            );
        }
        assert!(!stdout.contains('\u{1b}'), "{format}: {stdout:?}");
    }
    let mut world = World::new();
    world.file(
        "project/ccauth.toml",
        "[severity]\n\"x\\u001b[31m\\n::warning title=FORGED::y\" = \"error\"\n",
    );
    world.file("project/.gitlab-ci.yml", "job:\n  script: [claude -p x]\n");
    for cmd in [&["lint-workflows"][..], &["lint-env"][..]] {
        let out = world.ccauth(cmd).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd:?}: {stderr}");
        assert!(stderr.contains("ccauth.toml"), "{cmd:?}: {stderr}");
        assert_no_forgery(&format!("{cmd:?} with a hostile ccauth.toml"), &stderr);
    }
    let mut world = World::new();
    world.file(
        "project/ccauth.toml",
        "\"a\\u001b]0;t\\u0007\\n::error::b\" = 1\n",
    );
    let out = world.ccauth(&["lint-env"]).output().unwrap();
    assert_no_forgery(
        "an unknown ccauth.toml key",
        &String::from_utf8_lossy(&out.stderr),
    );
}

/// Runs `lint-workflows <file>` in `dir`, polling the child's peak resident memory (VmHWM) until
/// it exits; returns the exit code, stderr, the wall time and the peak in KiB.
fn lint_measured(w: &World, file: &str) -> (Option<i32>, String, std::time::Duration, u64) {
    use std::io::Read as _;
    let started = std::time::Instant::now();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ccauth"))
        .args(["lint-workflows", "--format", "json", file])
        .current_dir(w.path("project"))
        .env_clear()
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let code = loop {
        if let Ok(status) = fs::read_to_string(&status_file) {
            if let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kb);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("{file}: still running after 60 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (code, stderr, started.elapsed(), peak)
}

#[test]
fn expansion_bombs_stop_at_the_budget() {
    // Regression (issue 18, item 2): an extends: fan-out ran for more than a minute, a
    // !reference fan-out aborted on a 3.2 GB allocation, 2,000 variables times 19k claude steps
    // passed 3 GiB. Each is now bounded (the release build takes well under 2 s and 256 MiB; this
    // debug build is allowed more time, not more memory).
    let mut w = World::new();
    let mut extends = String::from(".l0:\n  variables:\n    A: '1'\n  script: [echo]\n");
    for d in 1..10 {
        extends.push_str(&format!(
            ".l{d}:\n  extends: [{}]\n",
            vec![format!(".l{}", d - 1); 10].join(", ")
        ));
    }
    extends.push_str("job:\n  extends: [.l9]\n  script: [claude -p x]\n");
    w.file("project/extends.yml", &extends);
    let mut reference = String::from(".r0:\n  s: [echo a, echo b, echo c, echo d, echo e, echo f, echo g, echo h, echo i, echo j]\n");
    for d in 1..10 {
        reference.push_str(&format!(".r{d}:\n  s:\n"));
        for _ in 0..10 {
            reference.push_str(&format!("    - !reference [.r{}, s]\n", d - 1));
        }
    }
    reference.push_str("job:\n  script:\n    - !reference [.r9, s]\n    - claude -p x\n");
    w.file("project/reference.yml", &reference);
    let env: String = (0..2000).map(|i| format!("  V{i}: value-{i}\n")).collect();
    let steps = "      - run: claude -p x\n".repeat(19_000);
    w.file(
        "project/steps.yml",
        &format!(
            "on: push\nenv:\n{env}jobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"
        ),
    );
    let vars: String = (0..3000).map(|i| format!("    V{i}: v{i}\n")).collect();
    let jobs: String = (0..8000)
        .map(|i| format!("j{i}:\n  extends: .base\n  script: [claude -p x]\n"))
        .collect();
    w.file(
        "project/jobs.yml",
        &format!(".base:\n  variables:\n{vars}{jobs}"),
    );
    for (file, overflows) in [
        ("extends.yml", false),
        ("reference.yml", true),
        ("steps.yml", true),
        ("jobs.yml", true),
    ] {
        let (code, stderr, took, peak_kb) = lint_measured(&w, file);
        assert!(
            took < std::time::Duration::from_secs(20),
            "{file}: {took:?}"
        );
        assert!(peak_kb < 256 * 1024, "{file}: peak {peak_kb} KiB");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("memory allocation"),
            "{stderr}"
        );
        if overflows {
            assert_eq!(code, Some(2), "{file}: {stderr}");
            assert!(
                stderr.contains(&format!("{file}: not linted: expanding"))
                    && stderr.contains("went past the run's budget"),
                "{file}: {stderr}"
            );
        } else {
            // Resolved once per template, the fan-out costs nothing: linted in full.
            assert_eq!(code, Some(0), "{file}: {stderr}");
        }
    }
}

#[test]
fn the_discovery_cap_keeps_the_root_ci_files_and_says_it_was_hit() {
    // Regression (issue 18): 5,000 `-NNNN/action.yml` folders sorted before `.gitlab-ci.yml`,
    // which was silently dropped.
    let mut world = World::new();
    for i in 0..5_010 {
        let dir = world.path(&format!("project/-{i:04}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("action.yml"),
            "runs:\n  using: composite\n  steps: []\n",
        )
        .unwrap();
    }
    world.file(
        "project/.gitlab-ci.yml",
        "variables:\n  ANTHROPIC_API_KEY: sk-ant-api03-FAKEFAKEFAKEFAKEFAKEcapX\njob:\n  script: [claude -p x]\n",
    );
    let out = world
        .ccauth(&["lint-workflows", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the search stopped at 5000 files"),
        "the cap is not named: {stderr}"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        finding_lines(&doc)
            .iter()
            .any(|l| l.starts_with(".gitlab-ci.yml") && l.contains("workflow-literal-credential")),
        "{doc:#}"
    );
}
