//! The model of Claude Code: what it reads (environment, settings files, stored login) and which
//! credential it sends, as observed on the version named by [`CLAUDE_CODE_VERSION`].

pub mod candidates;
pub(crate) mod command;
pub(crate) mod committed;
pub mod dotenv;
pub mod endpoint;
pub mod expiry;
pub mod files;
pub mod helper;
pub mod inputs;
pub(crate) mod ownership;
pub(crate) mod provider;
pub mod resolve;
pub mod snapshot;
pub mod sources;
pub(crate) mod token;
pub mod values;

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// The Claude Code release this model was checked against, as a literal for `concat!` (the one
/// place the version is written).
#[macro_export]
macro_rules! claude_code_version {
    () => {
        "2.1.332"
    };
}

/// The Claude Code release this model was checked against.
pub const CLAUDE_CODE_VERSION: &str = claude_code_version!();

/// Where a value Claude Code uses comes from (the `origin` field of the JSON output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// The process environment (including `--env-file` and `--env`).
    Process,
    /// The `env` block or a key of `~/.claude.json`.
    GlobalConfig,
    /// `~/.claude/settings.json` or `$CLAUDE_CONFIG_DIR/settings.json`.
    SettingsUser,
    /// `<project>/.claude/settings.json`.
    SettingsProject,
    /// `<project>/.claude/settings.local.json`.
    SettingsLocal,
    /// `claude --settings <file-or-json>`.
    SettingsCli,
    /// Managed settings (`/etc/claude-code/...`).
    SettingsManaged,
    /// An inherited file descriptor.
    Fd,
    /// A credentials file (stored login, remote files, cloud SDK files).
    File,
}

impl Origin {
    /// The name used in JSON and text output.
    pub fn id(self) -> &'static str {
        match self {
            Self::Process => "process",
            Self::GlobalConfig => "global-config",
            Self::SettingsUser => "settings:user",
            Self::SettingsProject => "settings:project",
            Self::SettingsLocal => "settings:local",
            Self::SettingsCli => "settings:cli",
            Self::SettingsManaged => "settings:managed",
            Self::Fd => "fd",
            Self::File => "file",
        }
    }

    /// True for the repository's own settings files (project and local).
    pub fn is_repository_settings(self) -> bool {
        matches!(self, Self::SettingsProject | Self::SettingsLocal)
    }

    /// True for any settings layer, `~/.claude.json` included.
    pub fn is_settings(self) -> bool {
        !matches!(self, Self::Process | Self::Fd | Self::File)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Where something was found, so a message can point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Location {
    /// A variable of the process environment.
    Env { name: String },
    /// A file, with the line and column when known.
    File {
        path: PathBuf,
        #[serde(skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        column: Option<u32>,
    },
    /// A command-line argument (`--env NAME=…`, `--settings`, `--bare`).
    CommandLine { argument: String },
    /// Nothing more precise than "this environment".
    Environment,
}

impl Location {
    /// A file location without a position.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self::File {
            path: path.into(),
            line: None,
            column: None,
        }
    }

    /// A file location at a 1-based line and column.
    pub fn at(path: impl Into<PathBuf>, line: u32, column: u32) -> Self {
        Self::File {
            path: path.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Env { name } => write!(f, "environment variable {name}"),
            Self::File { path, line, column } => {
                write!(f, "{}", path.display())?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                    if let Some(column) = column {
                        write!(f, ":{column}")?;
                    }
                }
                Ok(())
            }
            Self::CommandLine { argument } => write!(f, "command line {argument}"),
            Self::Environment => f.write_str("the environment"),
        }
    }
}

/// Something that could not be read or used, where it was found: a settings or env file, a CI
/// file, a credential file a variable names, a command-line value. The one problem type of every
/// reader; serialized with its location's fields flattened (`kind`, `path`, `line`, `column`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
}

impl Problem {
    /// A problem at `location`.
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Self {
            location,
            message: message.into(),
        }
    }

    /// A file that could not be read (no position).
    pub fn unread(path: &std::path::Path, message: impl Into<String>) -> Self {
        Self::new(Location::file(path), message)
    }

    /// The file the problem is in, when it is in one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match &self.location {
            Location::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The 1-based line, when known.
    pub fn line(&self) -> Option<u32> {
        match &self.location {
            Location::File { line, .. } => *line,
            _ => None,
        }
    }

    /// The 1-based column, when known.
    pub fn column(&self) -> Option<u32> {
        match &self.location {
            Location::File { column, .. } => *column,
            _ => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Both may carry a file's text (an include's name): one line, escaped, whatever they hold.
        write!(
            f,
            "{}: {}",
            crate::text::printable(&self.location.to_string()),
            crate::text::printable(&self.message)
        )
    }
}

/// How `claude` will be run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `claude -p`: the CI mode; an API key needs no approval.
    Print,
    /// The interactive UI: an API key must have been approved once.
    Interactive,
}

impl Mode {
    /// The name used in output.
    pub fn id(self) -> &'static str {
        match self {
            Self::Print => "print",
            Self::Interactive => "interactive",
        }
    }
}

crate::serialize_by_id!(Origin);

crate::serialize_by_id!(Mode);
