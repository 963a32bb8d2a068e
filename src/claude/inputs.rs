//! Where to look, turned into the model's [`Inputs`]: the process environment, dotenv files
//! and `NAME=value` pairs (later wins), the directories, and the claude command line.

use std::path::PathBuf;

use super::command::ClaudeInvocation;
use super::files;
use super::snapshot::{default_managed_dir, EnvDef, Inputs, DEFAULT_REMOTE_DIR};
use super::Problem;
use super::{dotenv, Location, Mode, Origin};

/// Why [`Request::gather`] could not settle its inputs. The library says what is wrong with which
/// path; the command layer names the flag that gave it.
#[derive(Debug, thiserror::Error)]
pub enum GatherError {
    /// A dotenv file that does not exist.
    #[error("{}: no such file", .0.display())]
    EnvFileMissing(PathBuf),
    /// A dotenv file that cannot be read (the reason names the file).
    #[error("{0}")]
    EnvFileUnreadable(String),
    /// The project directory does not exist or is not a directory.
    #[error("{}: {why}", .path.display())]
    ProjectDir { path: PathBuf, why: &'static str },
    /// The current directory (the default project directory) cannot be read.
    #[error("reading the current directory: {0}")]
    CurrentDir(#[source] std::io::Error),
}

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
    /// errors (a missing dotenv file, a project directory that is not one).
    pub fn gather(&self) -> Result<Inputs, GatherError> {
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
            None => std::env::current_dir().map_err(GatherError::CurrentDir)?,
        };
        let bad_dir = |why| GatherError::ProjectDir {
            path: project_dir.clone(),
            why,
        };
        if !project_dir.exists() {
            return Err(bad_dir("does not exist"));
        }
        if !project_dir.is_dir() {
            return Err(bad_dir("not a directory"));
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

impl Request {
    /// A managed-settings directory that was given but is not there: most likely a typo, since
    /// Claude Code would read its own default and the lint would miss managed settings. The
    /// command layer warns about it.
    pub fn missing_managed_dir(&self) -> Option<&std::path::Path> {
        self.managed_dir.as_deref().filter(|d| !d.is_dir())
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
pub fn env_file(path: &std::path::Path) -> Result<(Vec<EnvDef>, Vec<Problem>), GatherError> {
    let text = files::read_text(path)
        .map_err(|p| GatherError::EnvFileUnreadable(p.message))?
        .ok_or_else(|| GatherError::EnvFileMissing(path.to_owned()))?;
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
