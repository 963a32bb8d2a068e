//! Renderers: each turns the resolution and findings into one output format. The format is
//! chosen by one `match` in [`render`], which also scrubs every byte written as a last defence.

pub(crate) mod github;
mod gitlab;
mod human;
mod json;
mod sarif;
pub mod verify;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::claude::resolve::Resolution;
use crate::claude::Location;
use crate::lint::{Finding, Report, RuleMeta};
use crate::redact::scrub;

/// The report formats of `lint-env` and `lint-workflows`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Readable text: what will be sent, then the findings.
    Human,
    /// Versioned JSON (schema 1), documented in docs/json-schema.md.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations) plus a step summary table.
    Github,
    /// A GitLab Code Quality report.
    Gitlab,
}

impl ReportFormat {
    /// Every format, in `--help` order (tests iterate it).
    pub const ALL: [ReportFormat; 5] = [
        Self::Human,
        Self::Json,
        Self::Sarif,
        Self::Github,
        Self::Gitlab,
    ];

    /// The `--format` value.
    pub fn id(self) -> &'static str {
        match self {
            Self::Human => "human",
            Self::Json => "json",
            Self::Sarif => "sarif",
            Self::Github => "github",
            Self::Gitlab => "gitlab",
        }
    }

    /// The CI a format is written for, which phrases the lint's advice.
    pub fn ci(self) -> Option<crate::lint::Ci> {
        match self {
            Self::Github => Some(crate::lint::Ci::GitHub),
            Self::Gitlab => Some(crate::lint::Ci::GitLab),
            Self::Human | Self::Json | Self::Sarif => None,
        }
    }
}

/// What a report is about.
pub enum Subject<'a> {
    /// `lint-env`: one environment, what it sends and where (shown by every format).
    Environment {
        resolution: &'a Resolution,
        endpoint: &'a crate::claude::endpoint::Endpoint,
    },
    /// `lint-workflows`: the CI files read and the steps in them that run Claude Code.
    Workflows {
        files: &'a [crate::workflows::FileSummary],
        problems: &'a [crate::claude::Problem],
    },
}

/// Everything a renderer may use.
pub struct RenderInput<'a> {
    pub subject: Subject<'a>,
    /// The rules of the command (SARIF lists them; the github format names the command).
    pub rules: Vec<&'static RuleMeta>,
    pub report: &'a Report,
    /// Paths under this directory are shown relative to it (human output).
    pub project_dir: &'a Path,
    /// The repository root (absolute): machine formats (github, sarif, gitlab) give paths
    /// relative to it, as code scanning and Code Quality resolve them.
    pub repo_root: Option<PathBuf>,
    /// Colour for the human format.
    pub color: bool,
    /// Where to append the GitHub step summary (`$GITHUB_STEP_SUMMARY`).
    pub step_summary: Option<PathBuf>,
    /// The file that findings about the environment itself are attached to in formats that need
    /// a file for every result (SARIF for code scanning, GitLab Code Quality): see
    /// [`environment_anchor`].
    pub env_anchor: String,
}

/// `$GITHUB_STEP_SUMMARY`, when set and not empty: where the github format appends its summary.
pub fn step_summary_path() -> Option<PathBuf> {
    std::env::var_os("GITHUB_STEP_SUMMARY")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The repository a run lints, absolute, for the formats that give paths from it (github, sarif,
/// gitlab; the others skip the search): `GITHUB_WORKSPACE`, else `CI_PROJECT_DIR`, else the
/// nearest ancestor of the project directory holding `.git`, else the working directory.
pub fn repository_root(
    format: ReportFormat,
    var: impl Fn(&str) -> Option<String>,
    project_dir: &Path,
) -> Option<PathBuf> {
    if matches!(format, ReportFormat::Human | ReportFormat::Json) {
        return None;
    }
    let from_ci = ["GITHUB_WORKSPACE", "CI_PROJECT_DIR"]
        .iter()
        .find_map(|v| var(v).filter(|p| !p.trim().is_empty()))
        .map(PathBuf::from);
    let git_top = || {
        let start = std::path::absolute(project_dir).ok()?;
        start
            .ancestors()
            .find(|d| d.join(".git").exists())
            .map(Path::to_path_buf)
    };
    from_ci
        .or_else(git_top)
        .or_else(|| std::env::current_dir().ok())
        .and_then(|p| std::path::absolute(p).ok())
}

/// The CI configuration that defines a job's environment, relative to the repository: the
/// running GitHub workflow (from `GITHUB_WORKFLOW_REF`), `.gitlab-ci.yml` in GitLab CI, else
/// `environment`.
pub fn environment_anchor(var: impl Fn(&str) -> Option<String>) -> String {
    let workflow = var("GITHUB_WORKFLOW_REF").and_then(|r| {
        // `owner/repo/.github/workflows/ci.yml@refs/heads/main`
        let path = r.split('@').next()?.splitn(3, '/').nth(2)?.to_owned();
        (!path.is_empty()).then_some(path)
    });
    workflow
        .or_else(|| {
            var("GITLAB_CI")
                .filter(|v| !v.is_empty())
                .map(|_| ".gitlab-ci.yml".to_owned())
        })
        .unwrap_or_else(|| "environment".to_owned())
}

impl RenderInput<'_> {
    /// The subcommand that made the report (`lint-env`, `lint-workflows`).
    pub fn command(&self) -> &'static str {
        match self.subject {
            Subject::Environment { .. } => "lint-env",
            Subject::Workflows { .. } => "lint-workflows",
        }
    }

    /// How findings came to be suppressed, for "N suppressed …".
    pub fn suppressed_by(&self) -> &'static str {
        match self.subject {
            Subject::Environment { .. } => "by --ignore",
            Subject::Workflows { .. } => "by --ignore, ccauth.toml or # ccauth: ignore comments",
        }
    }

    /// The findings to render.
    pub fn findings(&self) -> &[Finding] {
        &self.report.findings
    }

    /// A path as shown to users: relative to the project when inside it.
    pub fn display_path(&self, path: &Path) -> String {
        path.strip_prefix(self.project_dir)
            .map_or_else(|_| path.display().to_string(), |p| p.display().to_string())
    }

    /// The file and line a result is attached to where a file is required: the location's own,
    /// else the environment anchor at line 1.
    pub fn anchored_position(&self, location: &Location) -> (String, u32, Option<u32>) {
        match self.file_position(location) {
            Some((path, line, column)) => (path, line.unwrap_or(1), column),
            None => (self.env_anchor.clone(), 1, None),
        }
    }

    /// One stable fingerprint per finding, in order: the rule, its subject (a variable, or a
    /// file relative to the project with its line) and a counter for repeats. No secret
    /// material goes in, so fingerprints do not change when a secret is rotated.
    pub fn fingerprints(&self) -> Vec<String> {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        self.findings()
            .iter()
            .map(|f| {
                let subject = match (&f.location, self.file_position(&f.location)) {
                    (_, Some((path, line, _))) => format!("{path}:{}", line.unwrap_or(0)),
                    (Location::Env { name }, None) => name.clone(),
                    (other, None) => other.to_string(),
                };
                let key = format!("{}\0{subject}", f.rule);
                let n = seen.entry(key.clone()).or_default();
                *n += 1;
                Sha256::digest(format!("{key}\0{n}").as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            })
            .collect()
    }

    /// A location as shown to users: `Location`'s own form, with paths relative to the project.
    pub fn show_location(&self, location: &Location) -> String {
        match location {
            Location::File { path, line, column } => Location::File {
                path: self.display_path(path).into(),
                line: *line,
                column: *column,
            }
            .to_string(),
            other => other.to_string(),
        }
    }

    /// The file, line and column of a location, when it is in a file; the path relative to the
    /// repository root when it is inside the repository (a monorepo's `services/api/.claude/…`).
    pub fn file_position(&self, location: &Location) -> Option<(String, Option<u32>, Option<u32>)> {
        match location {
            Location::File { path, line, column } => {
                Some((self.repository_path(path), *line, *column))
            }
            _ => None,
        }
    }

    /// A path relative to the repository root when inside it, else as shown to users.
    fn repository_path(&self, path: &Path) -> String {
        let Some(root) = &self.repo_root else {
            return self.display_path(path);
        };
        std::path::absolute(path)
            .ok()
            .and_then(|p| p.strip_prefix(root).ok().map(|r| r.display().to_string()))
            .unwrap_or_else(|| self.display_path(path))
    }
}

/// Renders in `format` to `out` (and, for `github`, appends the step summary). Every byte
/// written, to either, goes through [`write_scrubbed`].
pub fn render(
    format: ReportFormat,
    input: &RenderInput<'_>,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut buf = Vec::new();
    match format {
        ReportFormat::Human => human::render(input, &mut buf)?,
        ReportFormat::Json => json::render(input, &mut buf)?,
        ReportFormat::Sarif => sarif::render(input, &mut buf)?,
        ReportFormat::Github => github::render(input, &mut buf)?,
        ReportFormat::Gitlab => gitlab::render(input, &mut buf)?,
    }
    write_scrubbed(out, &String::from_utf8_lossy(&buf))?;
    if format == ReportFormat::Gitlab {
        gitlab::log_lines(input);
    }
    if let (ReportFormat::Github, Some(path)) = (format, &input.step_summary) {
        append_step_summary(path, &github::summary_table(input));
    }
    Ok(())
}

pub use crate::text::printable;

/// Markdown table cell text: printable, and no HTML, pipes, backticks, links or images that
/// could break out of the cell or render (`<img src=…>`, `![x](https://…)`, `[x](…)`).
pub fn markdown_cell(text: &str) -> String {
    printable(text)
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('!', "\\!")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('`', "&#96;")
}

/// Appends `text` to the step summary file. The annotations are out already, so a summary that
/// cannot be written costs a warning naming the file, not the run's verdict.
pub fn append_step_summary(path: &Path, text: &str) {
    let appended = append(path, text);
    if let Err(e) = appended {
        crate::say!(
            "ccauth: warning: could not append to the step summary {}: {e}",
            path.display()
        );
    }
}

/// Appends scrubbed `text` to `path`, creating it when missing.
fn append(path: &Path, text: &str) -> Result<(), crate::fsio::WriteError> {
    crate::fsio::append(path, scrub(text).as_bytes())
}

/// Appends step outputs as `name=value` lines (for `$GITHUB_OUTPUT`). The values are ids,
/// counts and dates, never secrets; line breaks are dropped so one value cannot add an output.
pub fn append_step_outputs(path: &Path, pairs: &[(&str, String)]) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let text: String = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}\n", v.replace(['\r', '\n'], " ")))
        .collect();
    append(path, &text).with_context(|| format!("appending the step outputs to {}", path.display()))
}

/// The credential sources a resolution sends, comma-separated (`ANTHROPIC_API_KEY`), empty when
/// nothing is sent: the `credential-source` step output.
pub fn sent_sources(r: &crate::claude::resolve::Resolution) -> String {
    r.headers.source_ids().join(",")
}

/// `--list-rules`: a table, or with `--format json` an array of `{id, severity, summary, docs}`.
pub fn rule_list(
    format: ReportFormat,
    metas: &[&'static crate::lint::RuleMeta],
) -> serde_json::Result<String> {
    if format == ReportFormat::Json {
        #[derive(serde::Serialize)]
        struct Rule {
            id: &'static str,
            severity: crate::lint::Severity,
            summary: &'static str,
            docs: String,
        }
        let rules: Vec<Rule> = metas
            .iter()
            .map(|m| Rule {
                id: m.id,
                severity: m.severity,
                summary: m.summary,
                docs: m.docs_url(),
            })
            .collect();
        return Ok(format!("{}\n", serde_json::to_string_pretty(&rules)?));
    }
    Ok(metas
        .iter()
        .map(|m| format!("{:<36} {:<8} {}\n", m.id, m.severity.id(), m.summary))
        .collect())
}

/// The one way output leaves ccauth: every secret-looking token scrubbed, then flushed.
pub fn write_scrubbed(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(scrub(text).as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(
            environment_anchor(env(&[(
                "GITHUB_WORKFLOW_REF",
                "o/r/.github/workflows/ci.yml@refs/heads/main"
            )])),
            ".github/workflows/ci.yml"
        );
        assert_eq!(
            environment_anchor(env(&[("GITLAB_CI", "true")])),
            ".gitlab-ci.yml"
        );
        assert_eq!(
            environment_anchor(env(&[("GITHUB_WORKFLOW_REF", "garbage")])),
            "environment"
        );
        assert_eq!(environment_anchor(env(&[])), "environment");
    }
}
