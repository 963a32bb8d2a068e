//! `ccauth.toml`: the settings a repository keeps for lint-env and verify (`expect`, `ignore` per
//! rule and optionally per path or variable, `deny`, `warn-days`, per-rule severity). Flags win
//! over the file. The file is the repository's, so a pull request can change it: it cannot
//! silence or lower the rules that guard against the repository itself.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context as _};
use serde::Deserialize;

use crate::claude::sources::SourceId;
use crate::claude::Location;
use crate::lint::{Finding, Report, Severity};

/// Where the file is looked for, in the project directory, in this order.
pub const FILE_NAMES: [&str; 2] = ["ccauth.toml", ".config/ccauth.toml"];

/// True for a rule the repository's own configuration may neither ignore nor lower (declared
/// with `guard` in `declare_rule!`): it reports what the repository itself does with the job's
/// credential.
pub fn is_guard(rule: &str) -> bool {
    crate::lint::rule_metas()
        .iter()
        .any(|m| m.guard && m.id == rule)
}

/// The parsed file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct File {
    expect: Option<String>,
    #[serde(default)]
    ignore: Vec<IgnoreEntry>,
    #[serde(default)]
    deny: Vec<String>,
    warn_days: Option<u32>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

/// `"rule"`, or `{ rule = "…", path = "…" }` / `{ rule = "…", variable = "…" }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum IgnoreEntry {
    Rule(String),
    Scoped(ScopedIgnore),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopedIgnore {
    rule: String,
    path: Option<String>,
    variable: Option<String>,
}

/// One `ignore` entry, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    pub rule: String,
    pub path: Option<String>,
    pub variable: Option<String>,
}

/// The configuration in force: the file's, validated (empty when there is none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub expect: Option<SourceId>,
    pub ignore: Vec<Ignore>,
    pub deny_warnings: bool,
    pub warn_days: Option<u32>,
    pub severity: BTreeMap<String, Severity>,
}

/// `token-expiry`'s and verify's warning window when neither a flag nor the file sets one.
pub const DEFAULT_WARN_DAYS: u32 = 30;

impl Config {
    /// The warning window: `--warn-days`, else the file's `warn-days`, else the default.
    pub fn warn_days(&self, flag: Option<u32>) -> u32 {
        flag.or(self.warn_days).unwrap_or(DEFAULT_WARN_DAYS)
    }

    /// `--config PATH`, else the first of [`FILE_NAMES`] in the project directory; none with
    /// `--no-config`.
    pub fn load(
        explicit: Option<&Path>,
        no_config: bool,
        project_dir: &Path,
    ) -> anyhow::Result<Self> {
        if no_config {
            return Ok(Self::default());
        }
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match FILE_NAMES
                .iter()
                .map(|n| project_dir.join(n))
                .find(|p| p.exists())
            {
                Some(p) => p,
                None => return Ok(Self::default()),
            },
        };
        let text = match crate::claude::files::read_text(&path) {
            Ok(Some(text)) => text,
            Ok(None) => bail!("{}: does not exist", path.display()),
            Err(p) => bail!("{}", p.message),
        };
        Self::parse(&text, &path)
    }

    /// Parses and validates the text of a config file.
    pub fn parse(text: &str, path: &Path) -> anyhow::Result<Self> {
        let file: File = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| crate::claude::files::line_col(text, s.start))
                .unwrap_or((1, 1));
            // The parser quotes the file's own text (a key may hold ESC or a line break).
            anyhow::anyhow!(
                "{}:{line}:{column}: {}",
                crate::text::printable(&path.display().to_string()),
                crate::text::printable(e.message().trim_end())
            )
        })?;
        let known = |rule: &str| -> anyhow::Result<()> {
            if crate::lint::rule_ids()
                .chain(crate::workflows::rule_ids())
                .any(|id| id == rule)
            {
                Ok(())
            } else {
                bail!(
                    "{}: unknown rule {rule:?} (see `ccauth lint-env --list-rules` and `ccauth lint-workflows --list-rules`)",
                    path.display()
                )
            }
        };
        let mut out = Self {
            warn_days: file.warn_days,
            ..Self::default()
        };
        if let Some(e) = &file.expect {
            out.expect = Some(SourceId::from_id(e).with_context(|| {
                format!(
                    "{}: expect = {e:?} is not a credential source",
                    path.display()
                )
            })?);
        }
        for entry in file.ignore {
            let ignore = match entry {
                IgnoreEntry::Rule(rule) => Ignore {
                    rule,
                    path: None,
                    variable: None,
                },
                IgnoreEntry::Scoped(s) => Ignore {
                    rule: s.rule,
                    path: s.path,
                    variable: s.variable,
                },
            };
            known(&ignore.rule)?;
            if is_guard(&ignore.rule) {
                bail!(
                    "{}: ignore = {:?}: the repository's configuration cannot silence a rule about the repository itself; pass --ignore on the command line",
                    path.display(),
                    ignore.rule
                );
            }
            out.ignore.push(ignore);
        }
        for d in &file.deny {
            match d.as_str() {
                "warnings" => out.deny_warnings = true,
                other => bail!(
                    "{}: deny = [{other:?}]: only \"warnings\" is known",
                    path.display()
                ),
            }
        }
        for (rule, level) in file.severity {
            known(&rule)?;
            let level = match level.as_str() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "note" => Severity::Note,
                other => bail!(
                    "{}: severity.{rule} = {other:?}: use error, warning or note",
                    path.display()
                ),
            };
            out.severity.insert(rule, level);
        }
        Ok(out)
    }

    /// Applies the file's per-rule severities and scoped ignores to a lint report. A guard rule
    /// can be raised, never lowered.
    pub fn apply(&self, report: &mut Report, project_dir: &Path) {
        let findings = std::mem::take(&mut report.findings);
        for mut f in findings {
            if let Some(&level) = self.severity.get(f.rule.id) {
                if !(f.rule.guard && level > f.severity) {
                    f.severity = level;
                }
            }
            let ignored = self.ignore.iter().any(|i| i.matches(&f, project_dir));
            report.add(f, ignored);
        }
        report.findings.sort_by_key(|f| f.severity);
    }
}

impl Ignore {
    /// True when this entry suppresses `f`: same rule, and the path or variable when given.
    fn matches(&self, f: &Finding, project_dir: &Path) -> bool {
        if self.rule != f.rule.id {
            return false;
        }
        let path_ok = self.path.as_ref().is_none_or(|want| match &f.location {
            Location::File { path, .. } => {
                let rel = path.strip_prefix(project_dir).unwrap_or(path);
                rel == Path::new(want) || path.ends_with(want)
            }
            _ => false,
        });
        let variable_ok = self.variable.as_ref().is_none_or(|want| match &f.location {
            Location::Env { name } => name == want,
            _ => f.message.contains(want.as_str()),
        });
        path_ok && variable_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> anyhow::Result<Config> {
        Config::parse(text, Path::new("ccauth.toml"))
    }

    #[test]
    fn a_full_file() {
        let c = parse(
            r#"
expect = "CLAUDE_CODE_OAUTH_TOKEN"
ignore = ["empty-credential", { rule = "settings-env-overrides-environment", variable = "ANTHROPIC_MODEL" }]
deny = ["warnings"]
warn-days = 14

[severity]
auth-token-and-api-key = "error"
"#,
        )
        .unwrap();
        assert_eq!(c.expect, Some(SourceId::OauthToken));
        assert_eq!(c.ignore.len(), 2);
        assert_eq!(c.ignore[1].variable.as_deref(), Some("ANTHROPIC_MODEL"));
        assert!(c.deny_warnings);
        assert_eq!(c.warn_days, Some(14));
        assert_eq!(c.severity["auth-token-and-api-key"], Severity::Error);
    }

    fn finding(rule: &str, location: Location) -> Finding {
        let meta = crate::lint::RULES
            .iter()
            .map(|r| r.meta())
            .find(|m| m.id == rule)
            .unwrap();
        meta.finding(location, "message naming ANTHROPIC_MODEL", "help")
    }

    #[test]
    fn apply_ignores_by_rule_path_and_variable_and_grades() {
        let dir = Path::new("/repo/api");
        let c = parse(
            r#"
ignore = [
  "auth-token-and-api-key",
  { rule = "settings-env-overrides-environment", variable = "ANTHROPIC_MODEL" },
  { rule = "invalid-input-file", path = ".claude/settings.local.json" },
]
[severity]
empty-credential = "note"
credential-destination = "note"
helper-in-project-settings = "error"
"#,
        )
        .unwrap();
        let env = |n: &str| Location::Env { name: n.into() };
        let file = |p: &str| Location::at(p, 1, 1);
        let mut report = Report {
            findings: vec![
                finding("auth-token-and-api-key", env("ANTHROPIC_API_KEY")),
                finding("settings-env-overrides-environment", env("ANTHROPIC_MODEL")),
                finding(
                    "settings-env-overrides-environment",
                    env("CLAUDE_CODE_REMOTE"),
                ),
                finding(
                    "invalid-input-file",
                    file("/repo/api/.claude/settings.local.json"),
                ),
                finding(
                    "invalid-input-file",
                    file("/repo/api/.claude/settings.json"),
                ),
                finding("empty-credential", env("ANTHROPIC_API_KEY")),
                finding("credential-destination", env("HTTPS_PROXY")),
                finding(
                    "helper-in-project-settings",
                    file("/repo/api/.claude/settings.json"),
                ),
            ],
            ..Report::default()
        };
        c.apply(&mut report, dir);
        assert_eq!(report.suppressed, 3);
        let gone: Vec<String> = report
            .suppressed_findings
            .iter()
            .map(|f| format!("{} {}", f.rule.id, f.location))
            .collect();
        assert_eq!(
            gone,
            [
                "auth-token-and-api-key environment variable ANTHROPIC_API_KEY",
                "settings-env-overrides-environment environment variable ANTHROPIC_MODEL",
                "invalid-input-file /repo/api/.claude/settings.local.json:1:1",
            ]
        );
        // A file name alone matches too; a path elsewhere does not.
        let by_name =
            parse("ignore = [{ rule = \"invalid-input-file\", path = \"settings.local.json\" }]\n")
                .unwrap();
        let mut r = Report {
            findings: vec![
                finding(
                    "invalid-input-file",
                    file("/repo/api/.claude/settings.local.json"),
                ),
                finding(
                    "invalid-input-file",
                    file("/repo/api/.claude/settings.json"),
                ),
            ],
            ..Report::default()
        };
        by_name.apply(&mut r, dir);
        assert_eq!((r.suppressed, r.findings.len()), (1, 1));
        let kept: Vec<(&str, Severity)> = report
            .findings
            .iter()
            .map(|f| (f.rule.id, f.severity))
            .collect();
        assert_eq!(
            kept,
            vec![
                // A guard can be raised, never lowered; errors sort first, in order.
                ("settings-env-overrides-environment", Severity::Error),
                ("invalid-input-file", Severity::Error),
                ("credential-destination", Severity::Error),
                ("helper-in-project-settings", Severity::Error),
                ("empty-credential", Severity::Note),
            ]
        );
    }

    #[test]
    fn mistakes_name_the_line() {
        let table = [
            ("expect = \"X\"\nwarn-dayz = 3\n", "ccauth.toml:2:1"),
            (
                "ignore = [\"no-such-rule\"]\n",
                "unknown rule \"no-such-rule\"",
            ),
            ("deny = [\"errors\"]\n", "only \"warnings\""),
            (
                "[severity]\nempty-credential = \"loud\"\n",
                "use error, warning or note",
            ),
            ("expect = \"nope\"\n", "is not a credential source"),
            ("ignore = [\"credential-destination\"]\n", "cannot silence"),
            (
                "ignore = [{ rule = \"empty-credential\", file = \"x\" }]\n",
                "ccauth.toml:1:",
            ),
            ("warn-days = \"ten\"\n", "ccauth.toml:1:"),
        ];
        for (text, want) in table {
            let err = format!("{:#}", parse(text).unwrap_err());
            assert!(err.contains(want), "{text:?}: {err}");
        }
    }
}
