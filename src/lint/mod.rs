//! The lint engine: findings as plain data, the [`Rule`] trait, the registry every list of
//! rules is derived from, and the run that applies `--ignore`.

pub(crate) mod rules;

use serde::Serialize;

use crate::claude::helper::HelperRun;
use crate::claude::resolve::Resolution;
use crate::claude::snapshot::Snapshot;
use crate::claude::sources::SourceId;
use crate::claude::Location;

pub use rules::RULES;

/// Where each rule is documented; anchors are the rule ids.
pub const DOCS_URL: &str = "https://github.com/ccauth/ccauth/blob/main/docs/rules.md";

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Claude Code will not authenticate as intended: exit code 1.
    Error,
    /// Works today, but fragile or surprising: exit code 1 only with `--deny warnings`.
    Warning,
    /// Worth knowing (where the credential goes, what was not read); never changes the exit code.
    Note,
}

impl Severity {
    /// The name used in output.
    pub fn id(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        }
    }
}

/// What every rule declares about itself. A finding points at its rule's `RuleMeta`, which
/// serialises and displays as the id.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// The kebab-case id used everywhere: file name, docs anchor, fixtures, `--ignore`.
    pub id: &'static str,
    /// The default severity of its findings.
    pub severity: Severity,
    /// One line saying what it catches.
    pub summary: &'static str,
    /// A rule about what the repository itself does with the job's credential: the repository's
    /// own ccauth.toml may neither ignore it nor lower its severity.
    pub guard: bool,
}

impl RuleMeta {
    /// The documentation URL of this rule.
    pub fn docs_url(&self) -> String {
        format!("{DOCS_URL}#{}", self.id)
    }

    /// Starts a finding of this rule; location, message and help are all required.
    pub fn finding(
        &'static self,
        location: Location,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: self,
            severity: self.severity,
            message: message.into(),
            help: help.into(),
            location,
            docs: self.docs_url(),
        }
    }
}

impl Serialize for RuleMeta {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(self.id)
    }
}

impl std::fmt::Display for RuleMeta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

/// One problem found, as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule that found it (serialised as its id).
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub location: Location,
    pub docs: String,
}

impl Finding {
    /// The same finding at another severity (some rules grade their findings).
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// The CI system advice is phrased for: the output format's, else the linted environment's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    GitHub,
    GitLab,
    /// Neither is known: advice names both.
    Unknown,
}

impl Ci {
    /// The CI of a run: `declared` (what the output format says, worked out by the command)
    /// decides; otherwise `GITHUB_ACTIONS` or `GITLAB_CI` in the linted environment.
    pub fn of(declared: Option<Ci>, s: &Snapshot) -> Self {
        match declared {
            Some(ci) => ci,
            None if s.in_github_actions() => Self::GitHub,
            None if s.truthy(crate::claude::sources::vars::GITLAB_CI) => Self::GitLab,
            None => Self::Unknown,
        }
    }

    /// How to clear an exported variable for the step, in this CI's words.
    pub fn unset(self, var: &str) -> String {
        match self {
            Self::GitHub => format!(
                "`env: {var}: ''` on the step or job (an empty value counts as unset; it overrides \
                 a workflow-level value)"
            ),
            Self::GitLab => format!(
                "`unset {var}` at the start of the job's `script:` (project and group CI/CD \
                 variables beat job `variables:` and dotenv artifacts)"
            ),
            Self::Unknown => format!(
                "`unset {var}` before claude runs (GitHub Actions: `env: {var}: ''`; GitLab CI: \
                 `unset {var}` in the job's script)"
            ),
        }
    }

    /// How to give the job a secret as `var`, in this CI's words.
    pub fn pass_secret(self, var: &str) -> String {
        match self {
            Self::GitHub => format!("`env: {var}: ${{{{ secrets.{var} }}}}`"),
            Self::GitLab => format!("a masked CI/CD variable named {var}"),
            Self::Unknown => format!(
                "in GitHub Actions `env: {var}: ${{{{ secrets.{var} }}}}`, in GitLab CI a masked \
                 CI/CD variable named {var}"
            ),
        }
    }
}

/// What a rule may look at.
pub struct Context<'a> {
    pub snapshot: &'a Snapshot,
    pub resolution: &'a Resolution,
    /// `--expect`: the source the user intends Claude Code to use.
    pub expect: Option<SourceId>,
    /// The result of `--run-helper`, when it was asked for and there is a helper.
    pub helper_run: Option<&'a HelperRun>,
    /// The CI system the advice speaks to.
    pub ci: Ci,
    /// The token's recorded expiry, judged against `--warn-days` (lint-env).
    pub expiry: Option<&'a crate::claude::expiry::Expiry>,
}

/// A lint rule. One type per file under `src/lint/rules/`, registered in [`RULES`].
pub trait Rule: Sync {
    /// The rule's id, severity and summary.
    fn meta(&self) -> &'static RuleMeta;
    /// Appends the rule's findings.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);
}

/// Findings after `--ignore`, with how many were suppressed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub suppressed: usize,
    /// The findings `--ignore` removed (SARIF reports them as suppressed results).
    #[serde(skip)]
    pub suppressed_findings: Vec<Finding>,
}

impl Report {
    /// Number of findings at a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// Adds a finding, to the suppressed ones (counted, and kept for SARIF) when `suppressed`.
    pub fn add(&mut self, f: Finding, suppressed: bool) {
        if suppressed {
            self.suppressed += 1;
            self.suppressed_findings.push(f);
        } else {
            self.findings.push(f);
        }
    }
}

/// Runs every registered rule, dropping (and counting) the ignored ones.
pub fn run(cx: &Context<'_>, ignore: &[String]) -> Report {
    let mut report = Report::default();
    for rule in RULES {
        let mut found = Vec::new();
        rule.check(cx, &mut found);
        let ignored = ignore.iter().any(|i| i == rule.meta().id);
        for f in found {
            report.add(f, ignored);
        }
    }
    report.findings.sort_by_key(|f| f.severity);
    report
}

/// Every rule id, in registry order.
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|r| r.meta().id)
}

/// Every rule's metadata, in registry order (the list `--list-rules` and SARIF show).
pub fn rule_metas() -> Vec<&'static RuleMeta> {
    RULES.iter().map(|r| r.meta()).collect()
}

crate::serialize_by_id!(Severity);
