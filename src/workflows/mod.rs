//! `lint-workflows`: the lint-env model applied statically to CI files. Files are found (or
//! given), read with bounds (size, type, inside the repository), parsed with positions, read
//! into a [`model::FileModel`] per file, resolved step by step with the lint-env resolver, and
//! checked by the rules in [`rules::RULES`]. Nothing in a linted file is ever run or fetched.

pub(crate) mod action;
pub(crate) mod expr;
pub(crate) mod github;
pub(crate) mod gitlab;
pub(crate) mod model;
pub(crate) mod rules;
pub(crate) mod shell;
pub(crate) mod value;
pub(crate) mod yaml;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::claude::{Location, Problem};
use crate::lint::{Finding, RuleMeta};
use model::{FileModel, System};
use yaml::{Node, Pos, Sources};

/// The largest CI file read (GitHub's own limit for a workflow is 512 KiB).
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// How many files one run reads at most (discovered, given and included together).
const MAX_FILES: usize = 5_000;

/// How many directory entries discovery looks at before it stops.
const MAX_WALK_ENTRIES: usize = 200_000;

/// How deep GitLab `include:` files may nest.
const MAX_INCLUDE_DEPTH: usize = 10;

/// Directories discovery does not descend into: build output, dependencies, test inputs.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules", "vendor", "testdata", "fixtures"];

/// Facts about the repository that change how a file reads.
#[derive(Debug, Clone, Default)]
pub struct RepoFacts {
    /// `.github/dependabot.yml` exists: Dependabot's runs get empty Actions secrets.
    pub dependabot: bool,
    /// The repository root's `action.yml` is ccauth's Action (`uses: ./` means it).
    pub own_action_at_root: bool,
}

impl RepoFacts {
    /// Looks at the repository root.
    pub fn of(root: &Path) -> Self {
        let dependabot = ["dependabot.yml", "dependabot.yaml"]
            .iter()
            .any(|f| root.join(".github").join(f).is_file());
        let own_action_at_root = read_bounded(&root.join("action.yml"), Some(root))
            .is_ok_and(|text| text.lines().any(|l| l.trim() == "name: ccauth"));
        Self {
            dependabot,
            own_action_at_root,
        }
    }
}

/// Malformed YAML, as a problem at the parser's position.
fn malformed(path: &Path, e: &yaml::SyntaxError) -> Problem {
    Problem::new(
        Location::at(path, e.pos.line, e.pos.column),
        format!("malformed YAML: {}", e.message),
    )
}

/// A step that runs Claude Code, as reported.
#[derive(Debug, Clone, Serialize)]
pub struct StepSummary {
    pub label: String,
    pub path: PathBuf,
    pub line: u32,
    pub column: u32,
    /// The credential sources Claude Code would send (empty: none).
    pub sends: Vec<&'static str>,
    /// What may give the step a credential that the files do not show (a `--settings` file,
    /// variables from an earlier step or action, GitLab's project variables), when any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unseen: Option<&'static str>,
    pub provider: crate::claude::provider::Provider,
    pub bare: bool,
    /// For claude-code-action: the release modelled and why, and the Claude Code it installs
    /// (`v1.0.200 (the newest release ccauth knows, for @v1), Claude Code 2.1.240`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

/// One file linted.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub path: PathBuf,
    /// `github-workflow`, `github-action` or `gitlab`.
    pub kind: &'static str,
    pub steps: Vec<StepSummary>,
}

/// Everything a lint-workflows run found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub files: Vec<FileSummary>,
    pub problems: Vec<Problem>,
    pub findings: Vec<Finding>,
    /// Findings silenced by `# ccauth: ignore[…]` comments.
    pub inline_suppressed: Vec<Finding>,
    /// The run's expansion allowance, shared by its files.
    pub budget: std::rc::Rc<model::Budget>,
}

/// Every workflow rule's metadata, in registry order.
pub fn rule_metas() -> Vec<&'static RuleMeta> {
    rules::RULES.iter().map(|r| r.meta()).collect()
}

/// Every workflow rule id, in registry order.
pub fn rule_ids() -> impl Iterator<Item = &'static str> {
    rules::RULES.iter().map(|r| r.meta().id)
}

/// Files found under a directory, and the cap that stopped the search early, if one did.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<PathBuf>,
    /// `Some(what)` when a cap ([`MAX_FILES`] files or [`MAX_WALK_ENTRIES`] entries) cut the
    /// search short: files past it were not linted.
    pub capped: Option<String>,
}

/// The files linted by default under `root`: the root CI files first
/// (`.github/workflows/*.yml|yaml` and `.gitlab-ci.yml`, which no cap can push out), then every
/// `action.yml|yaml` (outside hidden, build, dependency and test-input directories), sorted.
pub fn discover(root: &Path) -> Discovered {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(root.join(".github").join("workflows")) {
        out.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| has_yaml_extension(p) && p.is_file()),
        );
    }
    let gitlab = root.join(".gitlab-ci.yml");
    if gitlab.is_file() {
        out.push(gitlab);
    }
    out.sort();
    let mut walk = Walk::default();
    let mut actions = Vec::new();
    walk.run(
        root,
        0,
        &mut actions,
        &|name: &str| name == "action.yml" || name == "action.yaml",
        out.len(),
    );
    actions.sort();
    for a in actions {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    Discovered {
        files: out,
        capped: walk.capped,
    }
}

fn has_yaml_extension(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("yml" | "yaml"))
}

/// Every `*.yml|yaml` file under a directory given on the command line (outside hidden, build,
/// dependency and test-input directories; `.github` is searched). Sorted.
pub fn discover_yaml(dir: &Path) -> Discovered {
    let mut out = Vec::new();
    let mut walk = Walk::default();
    walk.run(
        dir,
        0,
        &mut out,
        &|name: &str| name.ends_with(".yml") || name.ends_with(".yaml"),
        0,
    );
    out.sort();
    Discovered {
        files: out,
        capped: walk.capped,
    }
}

/// A bounded directory walk: at most [`MAX_WALK_ENTRIES`] entries looked at and [`MAX_FILES`]
/// files kept; hitting either is recorded, never silent.
struct Walk {
    entries_left: usize,
    capped: Option<String>,
}

impl Default for Walk {
    fn default() -> Self {
        Self {
            entries_left: MAX_WALK_ENTRIES,
            capped: None,
        }
    }
}

impl Walk {
    /// Adds the wanted files under `dir` to `out`; `already` files were found before the walk.
    fn run(
        &mut self,
        dir: &Path,
        depth: usize,
        out: &mut Vec<PathBuf>,
        wanted: &dyn Fn(&str) -> bool,
        already: usize,
    ) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            if self.capped.is_some() {
                return;
            }
            if self.entries_left == 0 {
                self.capped = Some(format!(
                    "the search stopped after {MAX_WALK_ENTRIES} directory entries"
                ));
                return;
            }
            if out.len() + already >= MAX_FILES {
                self.capped = Some(format!("the search stopped at {MAX_FILES} files"));
                return;
            }
            self.entries_left -= 1;
            let name = entry.file_name().to_string_lossy().into_owned();
            // Symlinks are not followed: a link may point anywhere on the machine.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                let skipped = (name.starts_with('.') && name != ".github")
                    || SKIPPED_DIRS.contains(&name.as_str());
                if !skipped && depth < 16 {
                    self.run(&entry.path(), depth + 1, out, wanted, already);
                }
            } else if kind.is_file() && wanted(&name) {
                out.push(entry.path());
            }
        }
    }
}

/// Reads a file with bounds: a regular file (after links), inside `root` when given, at most
/// [`MAX_FILE_BYTES`], UTF-8.
pub fn read_bounded(path: &Path, root: Option<&Path>) -> Result<String, String> {
    use crate::fsio::ReadError;
    match crate::fsio::read_text(path, MAX_FILE_BYTES, root) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err("cannot read it: No such file or directory (os error 2)".into()),
        Err(ReadError::Outside { .. }) => Err("it points outside the repository; not read".into()),
        Err(ReadError::NotRegular { .. }) => Err("not a regular file; not read".into()),
        Err(ReadError::TooLarge { len, .. }) => Err(format!(
            "{len} bytes, more than the {MAX_FILE_BYTES} a CI file may have; not read"
        )),
        Err(ReadError::Grew { .. }) => Err(format!("more than {MAX_FILE_BYTES} bytes; not read")),
        Err(ReadError::Binary { .. } | ReadError::NotUtf8 { .. }) => {
            Err("not UTF-8 text; not read".into())
        }
        Err(ReadError::Io { source, .. }) => Err(format!("cannot read it: {source}")),
    }
}

/// What kind of CI file a path is: by its place (`.github/workflows/`, `action.yml`,
/// `.gitlab-ci.yml`), else by its top-level keys.
fn system_of(path: &Path, doc: &Node) -> System {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let in_workflows = path
        .parent()
        .is_some_and(|p| p.ends_with(".github/workflows"));
    if in_workflows {
        System::GithubWorkflow
    } else if name == "action.yml" || name == "action.yaml" {
        System::GithubAction
    } else if name.ends_with(".gitlab-ci.yml") || name.ends_with(".gitlab-ci.yaml") {
        System::Gitlab
    } else if doc.get("jobs").is_some() && doc.get("on").is_some() {
        System::GithubWorkflow
    } else if doc.get("runs").is_some() {
        System::GithubAction
    } else {
        System::Gitlab
    }
}

/// A file to lint, and whether it must stay inside the repository (a found file must; one named
/// on the command line is the user's choice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    pub confined: bool,
}

/// Lints the given files; `root` bounds where found files and GitLab includes may be read from.
pub fn lint(root: &Path, targets: &[Target]) -> Outcome {
    let repo = RepoFacts::of(root);
    let mut outcome = Outcome::default();
    if let Some(first_dropped) = targets.get(MAX_FILES) {
        outcome.problems.push(Problem::unread(
            &first_dropped.path,
            format!(
                "not linted: {} files were given, more than the {MAX_FILES} one run lints; \
                 this one and the {} after it were dropped",
                targets.len(),
                targets.len() - MAX_FILES - 1
            ),
        ));
    }
    for target in targets.iter().take(MAX_FILES) {
        let bound = target.confined.then_some(root);
        lint_file(root, bound, &target.path, &repo, &mut outcome);
    }
    // A broken local action is met by each workflow that uses it and on its own: said once.
    let mut seen = std::collections::BTreeSet::new();
    outcome
        .problems
        .retain(|p| seen.insert((p.location.to_string(), p.message.clone())));
    outcome
}

fn lint_file(
    root: &Path,
    bound: Option<&Path>,
    path: &Path,
    repo: &RepoFacts,
    outcome: &mut Outcome,
) {
    match read_bounded(path, bound) {
        Ok(text) => lint_text(root, path, text, repo, outcome),
        Err(message) => outcome.problems.push(Problem::unread(path, message)),
    }
}

/// Lints the text of one CI file (read already); GitLab includes are read from under `root`.
pub fn lint_text(root: &Path, path: &Path, text: String, repo: &RepoFacts, outcome: &mut Outcome) {
    let doc = match yaml::parse(&text, 0) {
        Ok(d) => d,
        Err(e) => {
            outcome.problems.push(malformed(path, &e));
            return;
        }
    };
    let system = system_of(path, &doc);
    let mut model = FileModel::new(path.to_path_buf(), system);
    model.budget = outcome.budget.clone();
    let spent_before = model.budget.is_spent();
    let mut files = Files {
        root,
        texts: vec![text],
        docs: vec![doc],
    };
    let mut problems = Vec::new();
    match system {
        System::Gitlab => {
            collect_includes(0, &mut files, &mut model, &mut problems);
        }
        System::GithubWorkflow => {
            collect_local_actions(&mut files, &mut model, &mut problems);
        }
        System::GithubAction => {}
    }
    outcome.problems.extend(problems);
    let Files { texts, docs, .. } = files;
    let sources = Sources {
        files: texts.iter().map(|t| t.lines().collect()).collect(),
    };
    match system {
        System::Gitlab => {
            // Included files first, the main file last: its keys win.
            let mut ordered: Vec<&Node> = docs.iter().skip(1).collect();
            ordered.push(&docs[0]);
            gitlab::read(&mut model, &ordered, &sources);
        }
        System::GithubWorkflow | System::GithubAction => {
            let local: Vec<(String, &Node)> = model.paths[1..]
                .iter()
                .zip(&docs[1..])
                .map(|(p, d)| (local_action_ref(p), d))
                .collect();
            github::read(&mut model, &docs[0], &sources, repo, &local);
        }
    }
    // Past the run's allowance the model is partial: findings from it would be guesses.
    if let Some(what) = model.budget.overflow() {
        let message = if spent_before {
            format!(
                "not linted: an earlier file used up the run's budget of {} units (expanding \
                 {what}); lint this file on its own",
                model::Budget::RUN_UNITS
            )
        } else {
            format!(
                "not linted: expanding {what} went past the run's budget of {} units (a file \
                 whose extends:, !reference, includes or per-step environments multiply); \
                 simplify it, or lint it on its own",
                model::Budget::RUN_UNITS
            )
        };
        outcome.problems.push(Problem::unread(path, message));
        return;
    }
    // A local action's own text is linted when the action file is (it is found on its own).
    let scanned = if system == System::Gitlab {
        texts.len()
    } else {
        1
    };
    for (file, text) in texts.iter().enumerate().take(scanned) {
        scan_text(&mut model, u16::try_from(file).unwrap_or(u16::MAX), text);
    }
    let cx = rules::FileContext::new(&model);
    let mut found = Vec::new();
    for rule in rules::RULES {
        rule.check(&cx, &mut found);
    }
    for f in found {
        if is_suppressed_inline(&model, &f) {
            outcome.inline_suppressed.push(f);
        } else {
            outcome.findings.push(f);
        }
    }
    outcome.files.push(FileSummary {
        path: path.to_path_buf(),
        kind: match system {
            System::GithubWorkflow => "github-workflow",
            System::GithubAction => "github-action",
            System::Gitlab => "gitlab",
        },
        steps: cx
            .steps
            .iter()
            .map(|(s, r)| {
                let sends = r.headers.source_ids();
                StepSummary {
                    label: s.label.clone(),
                    path: model.path_of(s.pos).to_path_buf(),
                    line: s.pos.line,
                    column: s.pos.column,
                    sends,
                    unseen: unseen_sources(&model, s),
                    provider: r.provider,
                    bare: r.bare,
                    action: match &s.runner {
                        model::Runner::ClaudeCodeAction(_, v) => Some(format!(
                            "{}, which installs Claude Code {}",
                            v.describe(),
                            v.cli()
                        )),
                        model::Runner::Wrapper(_) => Some(
                            "an action that wraps Claude Code: only what it is given is seen"
                                .to_owned(),
                        ),
                        model::Runner::Script => None,
                    },
                }
            })
            .collect(),
    });
}

/// What can hand a step a credential that a static reading of the files cannot see.
fn unseen_sources(model: &FileModel, step: &model::ClaudeStep) -> Option<&'static str> {
    let federation = step
        .env
        .get(crate::claude::sources::vars::IDENTITY_TOKEN)
        .is_some_and(|b| b.via.starts_with("workload identity federation"));
    if federation {
        Some("workload identity federation: the action exchanges the job's OIDC token itself")
    } else if step.settings == model::Settings::Opaque {
        Some("a --settings file or expression, which ccauth does not read")
    } else if step.env_from_actions {
        Some("variables an earlier step or action wrote to $GITHUB_ENV")
    } else if model.system == System::Gitlab {
        Some("project and group CI/CD variables and dotenv artifacts, which are not in the files")
    } else {
        None
    }
}

/// The `uses:` value that names a local action file: `./.github/actions/x` for
/// `.github/actions/x/action.yml`.
fn local_action_ref(path: &Path) -> String {
    let dir = path.parent().unwrap_or(Path::new(""));
    if dir.as_os_str().is_empty() || dir == Path::new(".") {
        return ".".to_owned();
    }
    format!("./{}", dir.display())
}

/// The texts and documents of a model's files, by file index (beside `FileModel::paths`).
struct Files<'r> {
    /// The repository: files another file names are read from under it, and only from there.
    root: &'r Path,
    texts: Vec<String>,
    docs: Vec<Node>,
}

impl Files<'_> {
    /// Reads a repository file another one names (a GitLab include, a local action), bounded to
    /// the repository, and adds it as the model's next file; a read error's message starts with
    /// `why` (what named the file).
    fn add(&mut self, model: &mut FileModel, path: PathBuf, why: &str) -> Result<(), Problem> {
        let text = read_bounded(&self.root.join(&path), Some(self.root))
            .map_err(|message| Problem::unread(&path, format!("{why}{message}")))?;
        // Every file read for another costs its size (a unit per 64 bytes): a chain of includes
        // is bounded by the run's budget as well as by its depth.
        if !model
            .budget
            .spend(text.len() / 64, "include: and local actions")
        {
            return Ok(());
        }
        let index = u16::try_from(self.docs.len()).unwrap_or(u16::MAX);
        let doc = yaml::parse(&text, index).map_err(|e| malformed(&path, &e))?;
        model.paths.push(path);
        self.texts.push(text);
        self.docs.push(doc);
        Ok(())
    }
}

/// Reads the composite actions a workflow uses from the repository (`uses: ./path`), so their
/// steps are read with the calling step's environment. Only one level: an action's own local
/// actions are read when that action file is linted.
fn collect_local_actions(
    files: &mut Files<'_>,
    model: &mut FileModel,
    problems: &mut Vec<Problem>,
) {
    let mut refs: Vec<String> = Vec::new();
    if let Some(jobs) = files.docs[0].get("jobs") {
        for (_, _, job) in jobs.pairs() {
            let steps = job.get("steps").map(Node::items).unwrap_or_default();
            for uses in steps
                .iter()
                .filter_map(|s| s.get("uses").and_then(Node::as_str))
            {
                let uses = uses.trim_end_matches('/');
                // `./` is the repository root's own action.
                let local = uses.starts_with("./") || uses == ".";
                if local && !uses.contains("..") && !refs.iter().any(|r| r == uses) {
                    refs.push(uses.to_owned());
                }
            }
        }
    }
    for uses in refs {
        let dir = if uses == "." {
            PathBuf::new()
        } else {
            PathBuf::from(uses.trim_start_matches("./"))
        };
        let found = ["action.yml", "action.yaml"]
            .iter()
            .map(|f| dir.join(f))
            .find(|p| files.root.join(p).is_file());
        if let Some(path) = found {
            problems.extend(files.add(model, path, "").err());
        }
    }
}

/// Reads the local `include:` files of the GitLab documents read so far, depth first.
fn collect_includes(
    depth: usize,
    files: &mut Files<'_>,
    model: &mut FileModel,
    problems: &mut Vec<Problem>,
) {
    if depth >= MAX_INCLUDE_DEPTH {
        return;
    }
    let Some(last) = files.docs.last() else {
        return;
    };
    for include in gitlab::local_includes(last) {
        // Wildcards and variables are expanded by GitLab at run time; not followed here.
        if include.contains(['*', '$']) || files.docs.len() >= usize::from(u16::MAX) {
            continue;
        }
        // Shown relative to the repository root, as GitLab names it.
        let path = PathBuf::from(include.trim_start_matches('/'));
        if model.paths.contains(&path) {
            continue;
        }
        match files.add(model, path, "include: ") {
            Ok(()) => collect_includes(depth + 1, files, model, problems),
            Err(problem) => problems.push(problem),
        }
    }
}

/// Finds `sk-ant-` tokens and `# ccauth: ignore[…]` comments in a file's text.
fn scan_text(model: &mut FileModel, file: u16, text: &str) {
    for (i, line) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (at, _) in line.match_indices("sk-ant-") {
            let token: String = line[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            // A token has a credential's shape: a known prefix and a body. `sk-ant-` in prose,
            // a prefix check (`=~ ^sk-ant-`) or a scanner's regex (`sk-ant-[A-Za-z0-9_-]{24,}`)
            // is not one.
            if !is_token_shaped(&token) {
                continue;
            }
            let column = u32::try_from(line[..at].chars().count() + 1).unwrap_or(1);
            model.literal_tokens.push((
                Pos {
                    file,
                    line: line_no,
                    column,
                },
                token,
            ));
        }
        if let Some(ids) = suppression(line) {
            model.suppressions.push((file, line_no, ids));
        }
    }
}

/// The fewest characters a literal token has past its known prefix (real ones have 90 or more).
const MIN_TOKEN_BODY: usize = 16;

/// True for `sk-ant-<kind>-<body>` with a known kind and a body of [`MIN_TOKEN_BODY`] or more.
pub(crate) fn is_token_shaped(token: &str) -> bool {
    crate::claude::token::KNOWN_PREFIXES
        .iter()
        .find_map(|p| token.strip_prefix(p))
        .is_some_and(|body| body.chars().count() >= MIN_TOKEN_BODY)
}

/// The rule ids of a `# ccauth: ignore[a, b]` comment on a line.
fn suppression(line: &str) -> Option<Vec<String>> {
    let at = line.find("ccauth: ignore[")?;
    if !line[..at].trim_end().ends_with('#') {
        return None;
    }
    let rest = &line[at + "ccauth: ignore[".len()..];
    let inner = &rest[..rest.find(']')?];
    Some(
        inner
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// True when a comment on the finding's line or the line above names its rule (still counted
/// as suppressed, and listed as such in SARIF).
fn is_suppressed_inline(model: &FileModel, f: &Finding) -> bool {
    let Location::File {
        path,
        line: Some(line),
        ..
    } = &f.location
    else {
        return false;
    };
    let Some(file) = model.paths.iter().position(|p| p == path) else {
        return false;
    };
    model.suppressions.iter().any(|(sf, sl, ids)| {
        usize::from(*sf) == file
            && (*sl == *line || sl.saturating_add(1) == *line)
            && ids.iter().any(|id| id == f.rule.id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suppression_comments() {
        assert_eq!(
            suppression("  run: claude -p x # ccauth: ignore[workflow-no-credential]"),
            Some(vec!["workflow-no-credential".to_owned()])
        );
        assert_eq!(
            suppression("# ccauth: ignore[a, b]"),
            Some(vec!["a".to_owned(), "b".to_owned()])
        );
        assert_eq!(suppression("echo 'ccauth: ignore[a]'"), None);
        assert_eq!(suppression("# ccauth: ignore[a"), None);
    }
}
