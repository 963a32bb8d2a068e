//! Where to look, turned into the model's [`Inputs`]: the process environment, `--env-file`
//! dotenv files and `--env` pairs (later wins), the directories, and the claude command line.

use std::path::PathBuf;

use anyhow::{bail, Context as _};

use super::command::ClaudeInvocation;
use super::files;
use super::snapshot::{default_managed_dir, EnvDef, Inputs, DEFAULT_REMOTE_DIR};
use super::Problem;
use super::{dotenv, Location, Mode, Origin};

/// What the user asked ccauth to model (validated command-line values, nothing read yet).
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Start from this process's environment.
    pub inherit_env: bool,
    pub env_files: Vec<PathBuf>,
    pub env_pairs: Vec<(String, String)>,
    /// Default: the current directory.
    pub project_dir: Option<PathBuf>,
    pub managed_dir: Option<PathBuf>,
    pub remote_dir: Option<PathBuf>,
    pub settings: Option<String>,
    pub bare: bool,
    pub mode: Option<Mode>,
    /// The claude command line after `--`.
    pub command: Vec<String>,
}

impl Request {
    /// Reads the environment sources and settles every default. Errors are the user's input
    /// errors (a missing `--env-file`, a project directory that is not one).
    pub fn gather(&self) -> anyhow::Result<Inputs> {
        let mut env = if self.inherit_env {
            process_env()
        } else {
            Vec::new()
        };
        let mut problems = Vec::new();
        for path in &self.env_files {
            let (defs, mut bad) = env_file(path)?;
            env.extend(defs);
            problems.append(&mut bad);
        }
        env.extend(self.env_pairs.iter().map(|(name, value)| EnvDef {
            name: name.clone(),
            raw: value.clone(),
            origin: Origin::Process,
            location: Location::CommandLine {
                argument: format!("--env {name}"),
            },
        }));
        let invocation = ClaudeInvocation::parse(&self.command);
        let bare_flag = match (self.bare, invocation.bare) {
            (true, _) => Some("--bare"),
            (false, true) => Some("-- claude --bare"),
            (false, false) => None,
        }
        .map(|argument| Location::CommandLine {
            argument: argument.into(),
        });
        // A command without -p is the interactive UI; no command at all means CI's -p.
        let derived = if self.command.is_empty() || invocation.print {
            Mode::Print
        } else {
            Mode::Interactive
        };
        let project_dir = match &self.project_dir {
            Some(dir) => dir.clone(),
            None => std::env::current_dir().context("reading the current directory")?,
        };
        if !project_dir.exists() {
            bail!("--project-dir {}: does not exist", project_dir.display());
        }
        if !project_dir.is_dir() {
            bail!("--project-dir {}: not a directory", project_dir.display());
        }
        // A given managed directory that is not there is most likely a typo: Claude Code would
        // read its own default, and so the lint would miss managed settings.
        if let Some(dir) = self.managed_dir.as_ref().filter(|d| !d.is_dir()) {
            crate::say!(
                "ccauth: warning: --managed-dir {} does not exist; no managed settings are read from it",
                dir.display()
            );
        }
        Ok(Inputs {
            env,
            project_dir,
            managed_dir: self.managed_dir.clone().unwrap_or_else(default_managed_dir),
            remote_dir: self
                .remote_dir
                .clone()
                .unwrap_or_else(|| PathBuf::from(DEFAULT_REMOTE_DIR)),
            cli_settings: self.settings.clone().or(invocation.settings),
            bare_flag,
            mode: self.mode.unwrap_or(derived),
            problems,
        })
    }
}

/// This process's environment (non-UTF-8 names and values made lossy).
pub fn process_env() -> Vec<EnvDef> {
    std::env::vars_os()
        .map(|(name, value)| {
            let name = name.to_string_lossy().into_owned();
            EnvDef {
                location: Location::Env { name: name.clone() },
                name,
                raw: value.to_string_lossy().into_owned(),
                origin: Origin::Process,
            }
        })
        .collect()
}

/// The assignments of a dotenv file, and its lines that do not parse (skipped).
pub fn env_file(path: &std::path::Path) -> anyhow::Result<(Vec<EnvDef>, Vec<Problem>)> {
    let text = files::read_text(path)
        .map_err(|p| anyhow::anyhow!("--env-file: {}", p.message))?
        .with_context(|| format!("--env-file {}: no such file", path.display()))?;
    let (entries, errors) = dotenv::parse(&text);
    let defs = entries
        .into_iter()
        .map(|e| EnvDef {
            name: e.key,
            raw: e.value,
            origin: Origin::Process,
            location: Location::at(path, e.line, 1),
        })
        .collect();
    let problems = errors
        .into_iter()
        .map(|e| Problem {
            location: Location::at(path, e.line, e.column),
            message: format!("{}: {}; the line is skipped", path.display(), e.message),
        })
        .collect();
    Ok((defs, problems))
}
