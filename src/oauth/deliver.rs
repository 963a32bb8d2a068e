//! Where a minted token goes besides stdout: a file created 0600 atomically, or a GitHub secret
//! set with `gh` (token on stdin, never in argv) with its expiry as a variable beside it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Context as _};

use crate::fsio::Access;
use crate::process::{run_bounded, Bounded};
use crate::redact::scrub;

/// `gh` talks to GitHub: it gets this long per call.
pub const GH_TIMEOUT: Duration = Duration::from_secs(120);

/// How much of `gh`'s stderr a failure message may quote.
const GH_STDERR_KEPT: usize = 64 * 1024;

/// Writes `contents` to `path` with mode 0600, atomically ([`crate::fsio::write_atomic`]: never
/// through a link or into a device or FIFO). Refuses to replace an existing file unless `force`.
/// Returns a warning when the file is inside a git work tree.
pub fn write_file(path: &Path, contents: &str, force: bool) -> anyhow::Result<Option<String>> {
    crate::fsio::write_atomic(path, contents.as_bytes(), Access::Private, force)?;
    Ok(git_work_tree(&parent_of(path)).map(|root| {
        format!(
            "{} is inside the git work tree {}; make sure it is ignored and never committed",
            path.display(),
            root.display()
        )
    }))
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Checks, before the login, that [`write_file`] can succeed: no existing file (unless `force`),
/// not a directory, and a directory a file can be created in.
pub fn check_output(path: &Path, force: bool) -> anyhow::Result<()> {
    crate::fsio::check_destination(path, force)?;
    let dir = parent_of(path);
    tempfile::Builder::new()
        .prefix(".ccauth-check-")
        .tempfile_in(&dir)
        .map(drop)
        .with_context(|| {
            format!(
                "{}: cannot create a file in {}",
                path.display(),
                dir.display()
            )
        })
}

/// How long `gh auth status` may take before the login.
const GH_CHECK_TIMEOUT: Duration = Duration::from_secs(30);

/// Checks, before the login, that `gh` is on PATH and authenticated (`gh auth status`), so the
/// token is not minted only to be printed into a CI log.
pub fn check_gh() -> anyhow::Result<()> {
    let gh = which::which("gh").map_err(|_| {
        anyhow::anyhow!(
            "needs gh (the GitHub CLI) on PATH; install it, or store the printed token yourself"
        )
    })?;
    let run = run_bounded(
        Command::new(&gh).args(["auth", "status"]),
        None,
        GH_CHECK_TIMEOUT,
        GH_STDERR_KEPT,
    )
    .with_context(|| format!("starting {}", gh.display()))?;
    match run {
        Bounded::Finished { status, .. } if status.success() => Ok(()),
        Bounded::Finished { stderr, .. } => bail!(
            "gh is not authenticated (`gh auth status` failed: {}); run `gh auth login` or set GH_TOKEN",
            scrub(String::from_utf8_lossy(&stderr).trim())
                .lines()
                .next()
                .unwrap_or("")
        ),
        Bounded::TimedOut => bail!(
            "`gh auth status` did not finish within {} s",
            GH_CHECK_TIMEOUT.as_secs()
        ),
    }
}

fn git_work_tree(dir: &Path) -> Option<PathBuf> {
    let dir = dir.canonicalize().ok()?;
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Where `gh secret set` stores the secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GhTarget {
    pub name: String,
    pub repo: Option<String>,
    pub env: Option<String>,
    pub org: Option<String>,
}

impl GhTarget {
    fn scope_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        for (flag, value) in [
            ("--repo", &self.repo),
            ("--env", &self.env),
            ("--org", &self.org),
        ] {
            if let Some(v) = value {
                args.push(flag.to_owned());
                args.push(v.clone());
            }
        }
        args
    }
}

/// Stores the token as a secret and its expiry as the variable `<NAME>_EXPIRES_AT`.
pub fn gh_secret(target: &GhTarget, token: &str, expires_at: &str) -> anyhow::Result<()> {
    let gh = which::which("gh").map_err(|_| {
        anyhow::anyhow!(
            "gh (the GitHub CLI) is not on PATH; install it, or store the printed token yourself"
        )
    })?;
    let mut secret = vec!["secret".to_owned(), "set".to_owned(), target.name.clone()];
    secret.extend(target.scope_args());
    run_gh(&gh, &secret, Some(token))?;
    let mut variable = vec![
        "variable".to_owned(),
        "set".to_owned(),
        format!("{}_EXPIRES_AT", target.name),
        "--body".to_owned(),
        expires_at.to_owned(),
    ];
    variable.extend(target.scope_args());
    run_gh(&gh, &variable, None)
}

/// Runs `gh` with `stdin` (the token) on its standard input, bounded by [`GH_TIMEOUT`].
fn run_gh(gh: &Path, args: &[String], stdin: Option<&str>) -> anyhow::Result<()> {
    let shown = format!("gh {}", args[..2].join(" "));
    let run = run_bounded(
        Command::new(gh).args(args),
        stdin.map(str::as_bytes),
        GH_TIMEOUT,
        GH_STDERR_KEPT,
    )
    .with_context(|| format!("starting {}", gh.display()))?;
    let Bounded::Finished { status, stderr, .. } = run else {
        bail!("{shown} did not finish within {} s", GH_TIMEOUT.as_secs());
    };
    if !status.success() {
        let code = status
            .code()
            .map_or_else(|| "a signal".to_owned(), |c| c.to_string());
        let stderr = String::from_utf8_lossy(&stderr);
        bail!("{shown} failed (exit {code}): {}", scrub(stderr.trim()));
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn writes_0600_atomically_and_refuses_to_overwrite() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        assert_eq!(write_file(&path, "t1\n", false).unwrap(), None);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "t1\n");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let err = write_file(&path, "t2\n", false).unwrap_err().to_string();
        assert!(err.contains("--force"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "t1\n");
        write_file(&path, "t2\n", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "t2\n");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }

    #[test]
    fn warns_inside_a_git_work_tree() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        let warning = write_file(&dir.path().join("sub/token"), "t\n", false)
            .unwrap()
            .unwrap();
        assert!(warning.contains("git work tree"), "{warning}");
    }
}
