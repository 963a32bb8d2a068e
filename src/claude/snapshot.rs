//! Everything Claude Code would read, gathered once: the environment it will run with, every
//! settings layer applied over it in Claude Code's order, the stored login and remote files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::files::{self, JsonDoc, SettingsFile, StoredLogin};
use super::ownership::{Ownership, RepositoryRoots};
use super::provider::CloudFacts;
use super::sources::{is_credential_var, vars};
use super::values::{credential_value, is_truthy};
use super::Problem;
use super::{Location, Mode, Origin};

/// One definition of a variable: its raw (untrimmed) value and where it came from. Its `Debug`
/// redacts the value.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct EnvDef {
    pub name: String,
    pub raw: String,
    pub origin: Origin,
    pub location: Location,
}

impl std::fmt::Debug for EnvDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnvDef")
            .field("name", &self.name)
            .field("raw", &crate::redact::Redacted(&self.raw))
            .field("origin", &self.origin)
            .field("location", &self.location)
            .finish()
    }
}

/// A variable as Claude Code will see it, with the definitions it replaced (lowest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvEntry {
    pub current: EnvDef,
    pub replaced: Vec<EnvDef>,
}

/// Why bare mode is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BareTrigger {
    pub cause: BareCause,
    pub location: Location,
}

/// What turned bare mode on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BareCause {
    /// `claude --bare`.
    Flag,
    /// `CLAUDE_CODE_SIMPLE` (the environment or a settings `env`).
    Simple,
}

impl BareCause {
    /// As the user wrote it: `--bare` or `CLAUDE_CODE_SIMPLE`.
    pub fn id(self) -> &'static str {
        match self {
            Self::Flag => "--bare",
            Self::Simple => vars::SIMPLE,
        }
    }
}

impl std::fmt::Display for BareCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

crate::serialize_by_id!(BareCause);

/// A hosted-session credential file (its `Debug` redacts the value).
#[derive(Clone, PartialEq, Eq)]
pub struct RemoteFile {
    pub path: PathBuf,
    pub value: String,
    pub oauth: bool,
}

impl std::fmt::Debug for RemoteFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteFile")
            .field("path", &self.path)
            .field("value", &crate::redact::Redacted(&self.value))
            .field("oauth", &self.oauth)
            .finish()
    }
}

/// What ccauth is asked to model; every path is explicit so tests are hermetic.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The environment `claude` will get, lowest precedence first (later wins).
    pub env: Vec<EnvDef>,
    pub project_dir: PathBuf,
    pub managed_dir: PathBuf,
    pub remote_dir: PathBuf,
    /// `--settings` (a file path, relative to the project, or inline JSON).
    pub cli_settings: Option<String>,
    /// Where `--bare` was given, if it was.
    pub bare_flag: Option<Location>,
    pub mode: Mode,
    /// Problems found while reading the environment (bad `--env-file` lines).
    pub problems: Vec<Problem>,
}

/// The default managed-settings directory of this platform.
pub fn default_managed_dir() -> PathBuf {
    if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/ClaudeCode")
    } else if cfg!(windows) {
        PathBuf::from(r"C:\Program Files\ClaudeCode")
    } else {
        PathBuf::from("/etc/claude-code")
    }
}

/// Where hosted sessions keep their credential files.
pub const DEFAULT_REMOTE_DIR: &str = "/home/claude/.claude/remote";

/// Everything read, ready for the resolver and the lint rules.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub mode: Mode,
    pub bare: Option<BareTrigger>,
    pub env: BTreeMap<String, EnvEntry>,
    /// Settings `env` entries Claude Code refuses to apply (the OAuth token from project files).
    pub blocked: Vec<EnvDef>,
    /// Settings layers, lowest first; `~/.claude.json` is the first when present.
    pub settings: Vec<SettingsFile>,
    pub stored_login: Option<StoredLogin>,
    pub remote: Vec<RemoteFile>,
    /// `<project>/.mcp.json`, read only to look for committed secrets.
    pub mcp: Option<JsonDoc>,
    pub problems: Vec<Problem>,
    pub project_dir: PathBuf,
    /// The `--settings` argument claude gets (a file or inline JSON), as given.
    pub cli_settings: Option<String>,
    pub home: Option<PathBuf>,
    pub config_dir: Option<PathBuf>,
    /// Cloud credentials found on the way (the last step of discovery).
    pub cloud: CloudFacts,
}

/// Where Claude Code will look, worked out from the environment before anything is read.
#[derive(Debug, Clone)]
struct Paths {
    home: Option<PathBuf>,
    /// `$CLAUDE_CONFIG_DIR`, else `~/.claude`: user settings and the stored login.
    config_dir: Option<PathBuf>,
    /// `.claude.json` (in `$CLAUDE_CONFIG_DIR` when set, else in HOME).
    global_config: Option<PathBuf>,
}

impl Paths {
    /// Step 1: locate, from HOME and CLAUDE_CONFIG_DIR of the environment `claude` gets.
    fn locate(env: &BTreeMap<String, EnvEntry>) -> Self {
        let value = |name: &str| {
            env.get(name)
                .and_then(|e| credential_value(&e.current.raw))
                .map(PathBuf::from)
        };
        let home = value("HOME");
        let custom = value(vars::CONFIG_DIR);
        let global_config = match &custom {
            Some(dir) => Some(dir.join(".claude.json")),
            None => home.as_ref().map(|h| h.join(".claude.json")),
        };
        let config_dir = custom.or_else(|| home.as_ref().map(|h| h.join(".claude")));
        Self {
            home,
            config_dir,
            global_config,
        }
    }
}

/// Step 2: read every settings layer, lowest first: `~/.claude.json`, user, project, local,
/// `--settings`, managed.
fn read_layers(paths: &Paths, inputs: &Inputs, problems: &mut Vec<Problem>) -> Vec<SettingsFile> {
    let mut settings = Vec::new();
    let roots = RepositoryRoots::of(&inputs.project_dir);
    let claude_dir = inputs.project_dir.join(".claude");
    let layered = [
        (Origin::GlobalConfig, paths.global_config.clone()),
        (
            Origin::SettingsUser,
            paths.config_dir.as_ref().map(|d| d.join("settings.json")),
        ),
        (
            Origin::SettingsProject,
            Some(claude_dir.join("settings.json")),
        ),
        (
            Origin::SettingsLocal,
            Some(claude_dir.join("settings.local.json")),
        ),
    ];
    for (origin, path) in layered {
        if let Some(path) = path {
            push_settings(&mut settings, problems, origin, &path, &roots);
        }
    }
    if let Some(arg) = &inputs.cli_settings {
        match cli_settings(arg, &inputs.project_dir) {
            Ok(doc) => settings.push(SettingsFile {
                origin: Origin::SettingsCli,
                // Inline JSON is the job's own command line; a file is judged by where it is.
                owner: doc
                    .path
                    .as_deref()
                    .and_then(|p| roots.owner(Origin::SettingsCli, p)),
                doc,
            }),
            Err(p) => problems.push(p),
        }
    }
    for path in managed_files(&inputs.managed_dir) {
        push_settings(
            &mut settings,
            problems,
            Origin::SettingsManaged,
            &path,
            &roots,
        );
    }
    settings
}

/// Step 3: apply each layer's `env` block over the environment, in order; returns the entries
/// Claude Code refuses to apply (seen: the repository's own settings cannot set the OAuth token).
fn apply_env(
    env: &mut BTreeMap<String, EnvEntry>,
    settings: &[SettingsFile],
    problems: &mut Vec<Problem>,
) -> Vec<EnvDef> {
    let mut blocked = Vec::new();
    for file in settings {
        let (entries, mut bad) = file.env_entries();
        problems.append(&mut bad);
        for (name, raw, location) in entries {
            let def = EnvDef {
                name,
                raw,
                origin: file.origin,
                location,
            };
            if def.name == vars::OAUTH_TOKEN && file.origin.is_repository_settings() {
                blocked.push(def);
            } else {
                set_var(env, def);
            }
        }
    }
    blocked
}

impl Snapshot {
    /// Reads every file and layers the environment: locate the paths, read the settings layers,
    /// apply their `env`, read the credential files, then discover cloud credentials.
    pub fn load(mut inputs: Inputs) -> Self {
        // Taken, not cloned: a runner's environment is about a hundred variables.
        let mut problems = std::mem::take(&mut inputs.problems);
        let mut env: BTreeMap<String, EnvEntry> = BTreeMap::new();
        for def in std::mem::take(&mut inputs.env) {
            set_var(&mut env, def);
        }
        let paths = Paths::locate(&env);
        let settings = read_layers(&paths, &inputs, &mut problems);
        let blocked = apply_env(&mut env, &settings, &mut problems);
        remember_credentials(&env, &blocked);
        let Paths {
            home, config_dir, ..
        } = paths;

        let stored_login = config_dir.as_ref().and_then(|dir| {
            StoredLogin::read(&dir.join(".credentials.json")).unwrap_or_else(|p| {
                problems.push(p);
                None
            })
        });
        let remote = read_remote(&inputs.remote_dir, &mut problems);
        let cli_settings = inputs.cli_settings.take();
        let mcp =
            files::read_json_object(&inputs.project_dir.join(".mcp.json")).unwrap_or_else(|p| {
                problems.push(p);
                None
            });

        let bare = bare_trigger(inputs.bare_flag, &env);
        remember_file_secrets(&settings, mcp.as_ref(), &remote);

        let mut snapshot = Self {
            mode: inputs.mode,
            bare,
            env,
            blocked,
            settings,
            stored_login,
            remote,
            mcp,
            problems,
            project_dir: inputs.project_dir,
            cli_settings,
            home,
            config_dir,
            cloud: CloudFacts::default(),
        };
        snapshot.cloud = CloudFacts::discover(&snapshot);
        snapshot
    }

    /// A snapshot of a declared environment only, reading no file: for lint-workflows, where the
    /// environment is what a CI file declares and the machine running ccauth is not the runner
    /// (its HOME, managed settings and credential files say nothing about the job). Inline
    /// `--settings` JSON is applied as Claude Code would; a `--settings` file is not read (the
    /// caller knows it is there and cannot see into it).
    pub fn declared(
        env: Vec<EnvDef>,
        cli_settings: Option<&str>,
        bare_flag: Option<Location>,
    ) -> Self {
        let mut problems = Vec::new();
        let mut vars: BTreeMap<String, EnvEntry> = BTreeMap::new();
        for def in env {
            set_var(&mut vars, def);
        }
        let settings: Vec<SettingsFile> = cli_settings
            .filter(|arg| arg.trim_start().starts_with('{'))
            .and_then(|arg| files::parse_json_object(None, arg.to_owned()).ok())
            .map(|doc| SettingsFile {
                origin: Origin::SettingsCli,
                owner: None,
                doc,
            })
            .into_iter()
            .collect();
        let blocked = apply_env(&mut vars, &settings, &mut problems);
        let bare = bare_trigger(bare_flag, &vars);
        Self {
            mode: Mode::Print,
            bare,
            env: vars,
            blocked,
            settings,
            stored_login: None,
            remote: Vec::new(),
            mcp: None,
            problems,
            project_dir: PathBuf::new(),
            cli_settings: cli_settings.map(str::to_owned),
            home: None,
            config_dir: None,
            cloud: CloudFacts::default(),
        }
    }

    /// The same snapshot with variables set in the process environment, as exports would set
    /// them before `claude` starts: below every settings `env` (settings still win), no file read
    /// again. For `export-env`, which checks its exports this way. The names must not be HOME or
    /// CLAUDE_CONFIG_DIR (they would move the files).
    pub fn with_process_vars(&self, vars_set: &[(String, String)]) -> Self {
        let mut out = self.clone();
        for (name, raw) in vars_set {
            let def = EnvDef {
                name: name.clone(),
                raw: raw.clone(),
                origin: Origin::Process,
                location: Location::CommandLine {
                    argument: format!("export {name}"),
                },
            };
            crate::redact::remember(raw);
            match out.env.get_mut(name) {
                None => {
                    out.env.insert(
                        name.clone(),
                        EnvEntry {
                            current: def,
                            replaced: Vec::new(),
                        },
                    );
                }
                Some(entry) if entry.current.origin.is_settings() => {
                    let (mut process, settings): (Vec<EnvDef>, Vec<EnvDef>) =
                        std::mem::take(&mut entry.replaced)
                            .into_iter()
                            .partition(|d| !d.origin.is_settings());
                    process.push(def);
                    process.extend(settings);
                    entry.replaced = process;
                }
                Some(entry) => {
                    let old = std::mem::replace(&mut entry.current, def);
                    entry.replaced.push(old);
                }
            }
        }
        out.bare = self
            .bare
            .clone()
            .filter(|b| b.cause == BareCause::Flag)
            .or_else(|| simple_trigger(&out.env));
        // Cloud facts are kept, not discovered again: exports set credential variables and clear
        // switches, never what a cloud credential is found by (AWS_*, GOOGLE_*, AZURE_*, PATH,
        // HOME), and export-env refuses whenever a provider is still selected afterwards.
        out
    }

    /// Every variable as Claude Code will see it (settings `env` applied), for running the helper.
    pub fn effective_env(&self) -> Vec<(String, String)> {
        self.env
            .iter()
            .map(|(k, e)| (k.clone(), e.current.raw.clone()))
            .collect()
    }

    /// The process environment `claude` starts with (before any settings `env`), for running
    /// the real CLI the way the pipeline will.
    pub fn process_env(&self) -> Vec<(String, String)> {
        self.env
            .iter()
            .filter_map(|(k, e)| {
                std::iter::once(&e.current)
                    .chain(e.replaced.iter().rev())
                    .find(|d| d.origin == Origin::Process)
                    .map(|d| (k.clone(), d.raw.clone()))
            })
            .collect()
    }

    /// The settings file a value of `origin` found at `location` came from, when the repository
    /// owns that file (a pull request can write it), with the reason. Values from the process,
    /// an fd or inline `--settings` JSON are never the repository's.
    pub fn repository_file(
        &self,
        origin: Origin,
        location: &Location,
    ) -> Option<(&SettingsFile, &Ownership)> {
        let path = match location {
            Location::File { path, .. } => Some(path.as_path()),
            _ => None,
        };
        self.settings
            .iter()
            .filter(|f| f.origin == origin)
            .filter(|f| path.is_none() || f.doc.path.as_deref() == path)
            .find_map(|f| f.owner.as_ref().map(|o| (f, o)))
    }

    /// The effective definition of a variable.
    pub fn var(&self, name: &str) -> Option<&EnvDef> {
        self.env.get(name).map(|e| &e.current)
    }

    /// The trimmed value Claude Code uses, `None` when unset or blank.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.var(name).and_then(|d| credential_value(&d.raw))
    }

    /// True when a boolean switch is on.
    pub fn truthy(&self, name: &str) -> bool {
        self.var(name).is_some_and(|d| is_truthy(&d.raw))
    }

    /// True in bare mode.
    pub fn is_bare(&self) -> bool {
        self.bare.is_some()
    }

    /// The settings file `~/.claude.json`, when present.
    pub fn global_config(&self) -> Option<&SettingsFile> {
        self.settings
            .iter()
            .find(|s| s.origin == Origin::GlobalConfig)
    }

    /// True when `ANTHROPIC_BASE_URL` points somewhere other than Anthropic (an LLM gateway, which
    /// may take any kind of key). The one definition of "gateway" the rules share.
    pub fn uses_gateway(&self) -> bool {
        self.value(vars::BASE_URL)
            .is_some_and(|u| !u.contains("anthropic.com"))
    }

    /// True when the linted environment is a GitHub Actions job.
    pub fn in_github_actions(&self) -> bool {
        self.truthy(vars::GITHUB_ACTIONS)
    }
}

/// Bare mode from `CLAUDE_CODE_SIMPLE` (the environment or a settings `env`).
/// Bare mode from `--bare` (where it was given), else from `CLAUDE_CODE_SIMPLE`.
fn bare_trigger(flag: Option<Location>, env: &BTreeMap<String, EnvEntry>) -> Option<BareTrigger> {
    flag.map(|location| BareTrigger {
        cause: BareCause::Flag,
        location,
    })
    .or_else(|| simple_trigger(env))
}

fn simple_trigger(env: &BTreeMap<String, EnvEntry>) -> Option<BareTrigger> {
    env.get(vars::SIMPLE)
        .filter(|e| is_truthy(&e.current.raw))
        .map(|e| BareTrigger {
            cause: BareCause::Simple,
            location: e.current.location.clone(),
        })
}

/// Every value of a credential variable (sent, replaced or blocked) is remembered by the
/// redactor, so no output shows it, whatever its prefix.
fn remember_credentials(env: &BTreeMap<String, EnvEntry>, blocked: &[EnvDef]) {
    let defs = env
        .iter()
        .filter(|(name, _)| is_credential_var(name) || name.as_str() == vars::CUSTOM_HEADERS)
        .flat_map(|(_, e)| std::iter::once(&e.current).chain(&e.replaced))
        .chain(blocked);
    for def in defs {
        crate::redact::remember(&def.raw);
        // A custom header's value, apart from its name.
        for (_, value) in super::candidates::header_lines(&def.raw) {
            crate::redact::remember(value.trim_start_matches("Bearer "));
        }
    }
}

/// Tells the redactor every secret read from a file, where it is read in: literals in the
/// project's settings and `.mcp.json`, `primaryApiKey`, the hosted-session files. (The resolver
/// and the rules then read the snapshot without side effects.)
fn remember_file_secrets(settings: &[SettingsFile], mcp: Option<&JsonDoc>, remote: &[RemoteFile]) {
    let committed = settings
        .iter()
        .filter(|f| f.origin == Origin::SettingsProject)
        .map(|f| &f.doc)
        .chain(mcp);
    for doc in committed {
        for (_, value, _) in super::committed::literal_secrets(doc) {
            crate::redact::remember(&value);
        }
    }
    let primary = settings
        .iter()
        .filter(|f| f.origin == Origin::GlobalConfig)
        .filter_map(|f| f.string_setting("primaryApiKey"));
    for (value, _) in primary {
        crate::redact::remember(&value);
    }
    for f in remote {
        crate::redact::remember(&f.value);
    }
}

fn push_settings(
    settings: &mut Vec<SettingsFile>,
    problems: &mut Vec<Problem>,
    origin: Origin,
    path: &Path,
    roots: &RepositoryRoots,
) {
    match files::read_json_object(path) {
        Ok(Some(doc)) => settings.push(SettingsFile {
            origin,
            owner: roots.owner(origin, path),
            doc,
        }),
        Ok(None) => {}
        Err(p) => problems.push(p),
    }
}

fn set_var(env: &mut BTreeMap<String, EnvEntry>, def: EnvDef) {
    match env.get_mut(&def.name) {
        Some(entry) => {
            let old = std::mem::replace(&mut entry.current, def);
            entry.replaced.push(old);
        }
        None => {
            env.insert(
                def.name.clone(),
                EnvEntry {
                    current: def,
                    replaced: Vec::new(),
                },
            );
        }
    }
}

fn cli_settings(arg: &str, project_dir: &Path) -> Result<JsonDoc, Problem> {
    if arg.trim_start().starts_with('{') {
        return files::parse_json_object(None, arg.to_owned());
    }
    let path = project_dir.join(arg);
    files::read_json_object(&path)?.ok_or_else(|| Problem {
        location: Location::CommandLine {
            argument: "--settings".into(),
        },
        // A value that is neither a file nor JSON may be a secret pasted in the wrong place: it
        // is named only when it looks like a settings file name.
        message: if arg.trim().to_ascii_lowercase().ends_with(".json") {
            format!(
                "--settings names {}, which does not exist; claude would fail to start",
                path.display()
            )
        } else {
            "--settings is neither an existing .json file (relative to the project \
             directory) nor inline JSON starting with '{'; claude would fail to start (the \
             value is not shown)"
                .into()
        },
    })
}

fn managed_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.join("managed-settings.json")];
    if let Ok(entries) = fs::read_dir(dir.join("managed-settings.d")) {
        let mut dropins: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        dropins.sort();
        out.extend(dropins);
    }
    out
}

fn read_remote(dir: &Path, problems: &mut Vec<Problem>) -> Vec<RemoteFile> {
    let mut out = Vec::new();
    for (name, oauth) in [(".oauth_token", true), (".api_key", false)] {
        let path = dir.join(name);
        match files::read_text(&path) {
            Ok(Some(text)) if credential_value(&text).is_some() => out.push(RemoteFile {
                path,
                value: text.trim().to_owned(),
                oauth,
            }),
            Ok(_) => {}
            Err(p) => problems.push(p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Print-mode inputs in `dir` with these process variables.
    fn inputs(dir: &Path, env: &[(&str, &str)]) -> Inputs {
        Inputs {
            env: env
                .iter()
                .map(|(name, raw)| EnvDef {
                    name: (*name).into(),
                    raw: (*raw).into(),
                    origin: Origin::Process,
                    location: Location::Environment,
                })
                .collect(),
            project_dir: dir.into(),
            managed_dir: dir.join("managed"),
            remote_dir: dir.join("remote"),
            cli_settings: None,
            bare_flag: None,
            mode: Mode::Print,
            problems: Vec::new(),
        }
    }

    #[test]
    fn credential_values_are_remembered_by_the_redactor() {
        let dir = tempfile::tempdir().unwrap();
        Snapshot::load(inputs(
            dir.path(),
            &[
                ("ANTHROPIC_AUTH_TOKEN", "ghp_FAKEremembered-auth-0001"),
                (
                    "ANTHROPIC_CUSTOM_HEADERS",
                    "X-Key: FAKEremembered-header-0002",
                ),
                ("NOT_A_CREDENTIAL", "FAKEnot-remembered-0003"),
            ],
        ));
        let text =
            "ghp_FAKEremembered-auth-0001 FAKEremembered-header-0002 FAKEnot-remembered-0003";
        assert_eq!(
            crate::redact::scrub(text),
            "…0001 …0002 FAKEnot-remembered-0003"
        );
    }

    #[test]
    fn process_vars_go_under_settings_env() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("home/.claude")).unwrap();
        std::fs::write(
            dir.path().join("home/.claude/settings.json"),
            r#"{"env": {"ANTHROPIC_API_KEY": "from-settings-0001"}}"#,
        )
        .unwrap();
        let home = dir.path().join("home").display().to_string();
        let before = Snapshot::load(inputs(
            dir.path(),
            &[("HOME", &home), ("ANTHROPIC_API_KEY", "from-process-0002")],
        ));
        let after = before.with_process_vars(&[
            ("ANTHROPIC_API_KEY".into(), "exported-0003".into()),
            ("CLAUDE_CODE_SIMPLE".into(), "1".into()),
        ]);
        let entry = &after.env["ANTHROPIC_API_KEY"];
        // Settings still win; the export sits above the old process value, below settings.
        assert_eq!(entry.current.raw, "from-settings-0001");
        let replaced: Vec<&str> = entry.replaced.iter().map(|d| d.raw.as_str()).collect();
        assert_eq!(replaced, vec!["from-process-0002", "exported-0003"]);
        assert_eq!(after.env["CLAUDE_CODE_SIMPLE"].current.raw, "1");
        assert!(after.is_bare() && !before.is_bare());
    }

    #[test]
    fn default_directories() {
        #[cfg(target_os = "linux")]
        assert_eq!(default_managed_dir(), PathBuf::from("/etc/claude-code"));
        assert_eq!(DEFAULT_REMOTE_DIR, "/home/claude/.claude/remote");
    }
}
