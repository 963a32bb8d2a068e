//! Running `apiKeyHelper` for `--run-helper`: the way Claude Code does (a shell, the effective
//! environment, the project directory), bounded by a timeout, keeping only what is safe to say.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde::Serialize;

use super::token::TokenKind;
use crate::process::run_bounded;
use crate::redact::redact;

/// Claude Code rejects longer helper output.
pub const MAX_OUTPUT_CHARS: usize = 16_384;

/// What running the helper showed; the output itself is never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum HelperRun {
    /// Exit 0 with a usable value on stdout.
    Ok { kind: TokenKind, redacted: String },
    /// Exit 0 but nothing (or only whitespace) on stdout.
    Empty,
    /// A non-zero exit code (or killed by a signal: `None`).
    Failed { code: Option<i32> },
    /// Wrote to stderr, which Claude Code treats as an error.
    Stderr { bytes: usize },
    /// Output that is not printable ASCII or longer than Claude Code accepts.
    BadOutput { why: String },
    /// Not run: it comes from the repository's own settings (project or local), and running a
    /// pull request's code with the job's secrets needs `--trust-project-helpers`.
    Untrusted,
    /// Still running when the timeout passed; it was killed.
    TimedOut { seconds: u64 },
    /// Could not be started at all.
    SpawnFailed { why: String },
}

impl HelperRun {
    /// What went wrong, as a predicate ("exited with code 3"); `None` for a usable run and for
    /// one that was not made.
    pub fn failure(&self) -> Option<String> {
        Some(match self {
            Self::Ok { .. } | Self::Untrusted => return None,
            Self::Empty => "printed nothing".to_owned(),
            Self::Failed { code: Some(127) } => "exited with code 127: command not found (check the helper's path, and that the program is installed and on PATH)".to_owned(),
            Self::Failed { code: Some(126) } => "exited with code 126: found but not executable (chmod +x, or run it through its interpreter)".to_owned(),
            Self::Failed { code: Some(c) } => format!("exited with code {c}"),
            Self::Failed { code: None } => "was killed by a signal".to_owned(),
            Self::Stderr { bytes } => {
                format!("wrote {bytes} bytes to stderr, which Claude Code treats as a failure")
            }
            Self::BadOutput { why } => why.clone(),
            Self::TimedOut { seconds } => format!("did not finish within {seconds} s"),
            Self::SpawnFailed { why } => format!("could not be started: {why}"),
        })
    }
}

/// Runs the helper credential Claude Code would use; `None` when it has no command.
pub fn run_helper_for(
    helper: &super::candidates::Candidate,
    dir: &Path,
    env: &[(String, String)],
    timeout: Duration,
) -> Option<HelperRun> {
    match &helper.value {
        super::candidates::CredValue::Helper(command) => {
            Some(run_helper(command, dir, env, timeout))
        }
        _ => None,
    }
}

/// Runs `command` with `sh -c` in `dir` with exactly `env`, killing it after `timeout`.
pub fn run_helper(
    command: &str,
    dir: &Path,
    env: &[(String, String)],
    timeout: Duration,
) -> HelperRun {
    match helper_output(command, dir, env, timeout) {
        Ok(value) => HelperRun::Ok {
            kind: TokenKind::of(&value),
            redacted: redact(&value),
        },
        Err(run) => run,
    }
}

/// Runs the helper like [`run_helper`] and returns its (remembered, trimmed) output, for
/// `verify`, which has to send it; any other outcome is the error.
pub fn helper_output(
    command: &str,
    dir: &Path,
    env: &[(String, String)],
    timeout: Duration,
) -> Result<String, HelperRun> {
    let mut cmd = shell(command);
    cmd.current_dir(dir)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)));
    let ran = run_bounded(&mut cmd, None, timeout, 4 * MAX_OUTPUT_CHARS)
        .map_err(|e| HelperRun::SpawnFailed { why: e.to_string() })?;
    let Some((status, stdout, stderr)) = ran.finished() else {
        return Err(HelperRun::TimedOut {
            seconds: timeout.as_secs(),
        });
    };
    if !status.success() {
        return Err(HelperRun::Failed {
            code: status.code(),
        });
    }
    if !stderr.is_empty() {
        return Err(HelperRun::Stderr {
            bytes: stderr.len(),
        });
    }
    judge_output(&stdout)
}

fn judge_output(stdout: &[u8]) -> Result<String, HelperRun> {
    let Ok(text) = std::str::from_utf8(stdout) else {
        return Err(HelperRun::BadOutput {
            why: "output is not text".into(),
        });
    };
    let value = text.trim();
    if value.is_empty() {
        return Err(HelperRun::Empty);
    }
    if value.chars().count() > MAX_OUTPUT_CHARS {
        return Err(HelperRun::BadOutput {
            why: format!("output is longer than {MAX_OUTPUT_CHARS} characters"),
        });
    }
    if !value.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        return Err(HelperRun::BadOutput {
            why: "output has characters that are not printable ASCII".into(),
        });
    }
    crate::redact::remember(value);
    Ok(value.to_owned())
}

#[cfg(unix)]
fn shell(command: &str) -> Command {
    let mut c = Command::new("/bin/sh");
    c.arg("-c").arg(command);
    c
}

#[cfg(not(unix))]
fn shell(command: &str) -> Command {
    let mut c = Command::new("cmd");
    c.arg("/C").arg(command);
    c
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn run(cmd: &str) -> HelperRun {
        let dir = tempfile::tempdir().unwrap();
        run_helper(
            cmd,
            dir.path(),
            &[("K".into(), "v".into())],
            Duration::from_secs(5),
        )
    }

    #[test]
    fn outcomes() {
        let ok = run("printf 'sk-ant-api03-%s' AAAAAAAAAAAAAAAAwxyz");
        assert_eq!(
            ok,
            HelperRun::Ok {
                kind: TokenKind::ApiKey,
                redacted: "sk-ant-api03-…wxyz".into()
            }
        );
        assert_eq!(run("exit 3"), HelperRun::Failed { code: Some(3) });
        assert_eq!(run("echo '  '"), HelperRun::Empty);
        assert_eq!(run("echo k; echo oops >&2"), HelperRun::Stderr { bytes: 5 });
        assert!(matches!(
            run("printf 'a\\001b'"),
            HelperRun::BadOutput { .. }
        ));
        // The helper sees exactly the environment it is given.
        assert!(matches!(
            run("test \"$K\" = v && test -z \"$HOME\" && echo fine"),
            HelperRun::Ok { .. }
        ));
    }

    #[test]
    fn output_length_limit_is_exact() {
        // 16,384 characters are fine, one more is not; bytes past the limit are still read
        // (4x for multi-byte text) so the check sees them.
        let at = |n: usize| judge_output("k".repeat(n).as_bytes());
        assert!(at(MAX_OUTPUT_CHARS).is_ok());
        assert!(matches!(
            at(MAX_OUTPUT_CHARS + 1),
            Err(HelperRun::BadOutput { .. })
        ));
        let long = run(&format!(
            "head -c {} /dev/zero | tr '\\0' k",
            MAX_OUTPUT_CHARS + 10
        ));
        assert!(
            matches!(&long, HelperRun::BadOutput { why } if why.contains("longer than 16384")),
            "{long:?}"
        );
        // Padding does not count against the limit, and is read in full: the key keeps its end.
        let padded = run(&format!(
            "printf '%100s'; head -c {} /dev/zero | tr '\\0' k; printf wxyz",
            MAX_OUTPUT_CHARS - 4
        ));
        assert!(
            matches!(&padded, HelperRun::Ok { redacted, .. } if redacted == "…wxyz"),
            "{padded:?}"
        );
        let wide = run(&format!(
            "i=0; while [ $i -lt {} ]; do printf 'é'; i=$((i+1)); done",
            5000
        ));
        assert!(
            matches!(&wide, HelperRun::BadOutput { why } if why.contains("printable ASCII")),
            "{wide:?}"
        );
    }

    #[test]
    fn runs_through_the_shell() {
        // Pipes, variables and && need a shell: the helper is a command line, not a program.
        assert!(matches!(
            run("K2=sk-ant-api03-AAAAAAAAAAAAAAAAwxyz && echo \"$K2\" | cat"),
            HelperRun::Ok {
                kind: TokenKind::ApiKey,
                ..
            }
        ));
    }

    #[test]
    fn timeout_kills_the_helper() {
        let dir = tempfile::tempdir().unwrap();
        let started = std::time::Instant::now();
        let got = run_helper("sleep 30", dir.path(), &[], Duration::from_millis(300));
        assert_eq!(got, HelperRun::TimedOut { seconds: 0 });
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
