//! What a CI file says about Claude Code auth, as plain data: the steps that run Claude Code with
//! their effective environment, and every place a credential is assigned or interpolated. The
//! GitHub and GitLab readers fill it; the rules read it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::shell::Event;
use super::value::Value;
use super::yaml::Pos;
use crate::claude::command::ClaudeInvocation;
use crate::claude::resolve::{resolve, Resolution};
use crate::claude::snapshot::{EnvDef, Snapshot};
use crate::claude::{Location, Origin};

/// One run's allowance of expansion work, shared by every file it lints: each `extends:` merge,
/// `!reference` line, included or merged node and environment copied into a step costs a unit.
/// A file is at most 1 MiB, but its expansions grow as fan-out to the power of depth, so the
/// sizes alone bound nothing; past the allowance the readers stop and the file is a problem.
#[derive(Debug)]
pub struct Budget {
    left: std::cell::Cell<u64>,
    overflow: std::cell::Cell<Option<&'static str>>,
}

impl Budget {
    /// Units for one run: far above what real CI files use (a large workflow costs a few
    /// thousand), low enough that the models kept stay under 256 MiB and two seconds.
    pub const RUN_UNITS: u64 = 500_000;

    /// An allowance of `units`.
    pub fn new(units: u64) -> Self {
        Self {
            left: std::cell::Cell::new(units),
            overflow: std::cell::Cell::new(None),
        }
    }

    /// Takes `units` for `what` (`extends:`, `!reference`, …); false once the allowance is
    /// spent, which it stays.
    pub fn spend(&self, units: usize, what: &'static str) -> bool {
        if self.overflow.get().is_some() {
            return false;
        }
        let units = u64::try_from(units).unwrap_or(u64::MAX).max(1);
        match self.left.get().checked_sub(units) {
            Some(left) => {
                self.left.set(left);
                true
            }
            None => {
                self.left.set(0);
                self.overflow.set(Some(what));
                false
            }
        }
    }

    /// True when nothing is left.
    pub fn is_spent(&self) -> bool {
        self.overflow.get().is_some()
    }

    /// What the allowance ran out on, if it did.
    pub fn overflow(&self) -> Option<&'static str> {
        self.overflow.get()
    }
}

impl Default for Budget {
    fn default() -> Self {
        Self::new(Self::RUN_UNITS)
    }
}

/// Which CI system a file belongs to (advice is phrased for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// A workflow (`.github/workflows/*.yml`).
    GithubWorkflow,
    /// A composite action (`action.yml`): its environment also comes from the calling step.
    GithubAction,
    /// `.gitlab-ci.yml` or a file it includes: project and group CI/CD variables are invisible.
    Gitlab,
}

/// One definition of a variable in a step's environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub value: Value,
    pub pos: Pos,
    /// Where it was set, in words: `the workflow env`, `input claude_code_oauth_token`, …
    pub via: String,
    /// The text as written, when it holds an expression (conditions evaluate it again).
    pub raw: Option<String>,
}

impl Binding {
    /// A definition set `via` somewhere, at `pos`.
    pub fn new(value: Value, pos: Pos, via: &str) -> Self {
        Self {
            value,
            pos,
            via: via.to_owned(),
            raw: None,
        }
    }

    /// The same, keeping the text as written (`${{ secrets.A != '' }}`).
    pub fn with_raw(mut self, text: &str) -> Self {
        if text.contains("${{") {
            self.raw = Some(text.to_owned());
        }
        self
    }
}

/// A step's environment as it is built: name to binding.
pub type Env = BTreeMap<String, Binding>;

/// What a script line does beyond the script's own environment.
pub enum ScriptEffect {
    /// Nothing more (an export or unset was applied to the environment).
    None,
    /// A Claude Code command, with the environment it runs with (its `NAME=value` prefixes
    /// included) and its arguments read.
    Claude(Env, ClaudeInvocation),
    /// A `$GITHUB_ENV` write: for later steps, the caller's to keep (and record: it means
    /// something only in GitHub).
    GithubEnv(String, Value),
}

/// Applies one script event at `pos` to `env`, the environment of the rest of the script (the
/// one shell the GitHub and GitLab readers both model); every value given to a variable goes
/// through `record`.
pub fn apply_script_event(
    env: &mut Env,
    event: Event,
    pos: Pos,
    record: &mut dyn FnMut(&str, &Value, Pos),
) -> ScriptEffect {
    match event {
        Event::Set { name, value } => {
            record(&name, &value, pos);
            env.insert(name, Binding::new(value, pos, "an export in the script"));
            ScriptEffect::None
        }
        Event::Unset { name } => {
            let empty = Value::Literal(String::new());
            env.insert(name, Binding::new(empty, pos, "unset in the script"));
            ScriptEffect::None
        }
        Event::GithubEnv { name, value } => ScriptEffect::GithubEnv(name, value),
        Event::Claude { args, only_for_it } => {
            let mut for_it = env.clone();
            for (name, value) in only_for_it {
                record(&name, &value, pos);
                for_it.insert(name, Binding::new(value, pos, "the command line"));
            }
            ScriptEffect::Claude(for_it, ClaudeInvocation::parse(&args))
        }
    }
}

/// How a step runs Claude Code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runner {
    /// A `claude` (or `npx @anthropic-ai/claude-code`) command line in a script.
    Script,
    /// `anthropics/claude-code-action` or `claude-code-base-action` (the `uses:` value), at the
    /// release its ref names.
    ClaudeCodeAction(String, super::action::Version),
    /// Another action that takes a Claude Code credential as an input (a fork of the action, a
    /// composite wrapping it): what it does inside is not seen, only what it is given.
    Wrapper(String),
}

/// A `--settings` argument or `settings` input, as far as it can be seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settings {
    None,
    /// Inline JSON: applied like Claude Code would.
    Inline(String),
    /// A file or an expression: it may hold a credential ccauth cannot see.
    Opaque,
}

impl Settings {
    /// What a `--settings` argument (or `settings` input) lets be seen: inline JSON unless it
    /// holds `expands` (`${{` in GitHub, `$` in GitLab), which the CI fills in at run time.
    pub fn of(arg: Option<&str>, expands: &str) -> Self {
        match arg {
            None => Self::None,
            Some(s) if s.trim_start().starts_with('{') && !s.contains(expands) => {
                Self::Inline(s.to_owned())
            }
            Some(_) => Self::Opaque,
        }
    }
}

/// A step (or GitLab job line) that runs Claude Code.
#[derive(Debug, Clone)]
pub struct ClaudeStep {
    /// `job review, step "Review"` or `job review`.
    pub label: String,
    /// The `uses:` key or the script line that runs Claude Code.
    pub pos: Pos,
    pub runner: Runner,
    /// The environment Claude Code starts with (empty literals included: they unset).
    pub env: Env,
    /// Where `--bare` was given.
    pub bare_flag: Option<Pos>,
    pub settings: Settings,
    /// Triggers that run this step with empty secrets, unguarded (`pull_request`, Dependabot).
    pub empty_secret_triggers: Vec<String>,
    /// The outputs (`job `check``, `step `gate``) a condition of the step depends on that were
    /// not followed: whether it runs for those triggers is not known.
    pub unfollowed_guard: Option<String>,
    /// An earlier step ran an action that exports secrets into the environment (a vault or
    /// secret-manager action): the environment holds more than the file shows.
    pub env_from_actions: bool,
    /// An earlier step of the job logged in to a cloud with the job's OIDC token
    /// (`aws-actions/configure-aws-credentials` with `role-to-assume`,
    /// `google-github-actions/auth` with `workload_identity_provider`, `azure/login`): the
    /// action and the input that makes it one. A run without an OIDC token cannot log in.
    pub federated_login: Option<String>,
}

/// A value given to a credential variable or input anywhere in a file, used by a Claude step or
/// not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The variable (`ANTHROPIC_API_KEY`) or input (`anthropic_api_key`) assigned.
    pub target: String,
    pub value: Value,
    pub pos: Pos,
}

/// `${{ secrets.X }}` (or `${{ env.X }}`) written inside a script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpolation {
    /// `secrets.X` or `env.X`.
    pub expression: String,
    pub pos: Pos,
}

/// Everything one file says.
#[derive(Debug, Clone)]
pub struct FileModel {
    /// The file linted first, then the files it includes (a [`Pos`]'s `file` indexes this).
    pub paths: Vec<PathBuf>,
    pub system: System,
    pub steps: Vec<ClaudeStep>,
    pub assignments: Vec<Assignment>,
    pub interpolations: Vec<Interpolation>,
    /// `sk-ant-` tokens written anywhere in the file, with their position.
    pub literal_tokens: Vec<(Pos, String)>,
    /// Lines carrying `# ccauth: ignore[rule-id, …]`: (file, line, ids).
    pub suppressions: Vec<(u16, u32, Vec<String>)>,
    /// The run's expansion allowance (shared with the other files of the run).
    pub budget: std::rc::Rc<Budget>,
}

impl FileModel {
    /// An empty model of a file.
    pub fn new(path: PathBuf, system: System) -> Self {
        Self {
            paths: vec![path],
            system,
            steps: Vec::new(),
            assignments: Vec::new(),
            interpolations: Vec::new(),
            literal_tokens: Vec::new(),
            suppressions: Vec::new(),
            budget: std::rc::Rc::new(Budget::default()),
        }
    }

    /// A location in this file.
    pub fn at(&self, pos: Pos) -> Location {
        Location::at(self.path_of(pos), pos.line, pos.column)
    }

    /// The file a position is in.
    pub fn path_of(&self, pos: Pos) -> &std::path::Path {
        self.paths
            .get(usize::from(pos.file))
            .unwrap_or(&self.paths[0])
    }

    /// Records a value given to a variable or input, when it carries a Claude Code credential.
    pub fn assign(&mut self, target: &str, value: &Value, pos: Pos) {
        if super::github::is_credential_target(target) {
            if let Value::Literal(text) = value {
                // Every output is scrubbed of it, whatever its prefix.
                crate::redact::remember(text);
            }
            self.assignments.push(Assignment {
                target: target.to_owned(),
                value: value.clone(),
                pos,
            });
        }
    }
}

impl ClaudeStep {
    /// What Claude Code would send for this step's declared environment: the lint-env resolver
    /// over a snapshot that reads no file.
    pub fn resolve(&self, file: &FileModel) -> Resolution {
        let env: Vec<EnvDef> = self
            .env
            .iter()
            .map(|(name, b)| EnvDef {
                name: name.clone(),
                raw: b.value.model_value(),
                origin: Origin::Process,
                location: file.at(b.pos),
            })
            .collect();
        let inline = match &self.settings {
            Settings::Inline(json) => Some(json.as_str()),
            Settings::None | Settings::Opaque => None,
        };
        let bare = self.bare_flag.map(|p| file.at(p));
        resolve(&Snapshot::declared(env, inline, bare))
    }

    /// The binding of a variable that may be present at run time.
    pub fn present(&self, name: &str) -> Option<&Binding> {
        self.env.get(name).filter(|b| b.value.may_be_present())
    }
}
