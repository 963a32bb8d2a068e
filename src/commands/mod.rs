//! One thin module per subcommand: turn parsed arguments into library calls.

pub mod completions;
pub mod lint_env;
pub mod setup_token;

use crate::cli::{Cli, Command};
use crate::exit::ExitStatus;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::LintEnv(args) => lint_env::exec(*args),
        Command::SetupToken(args) => setup_token::exec(*args),
        Command::Completions { shell } => completions::exec(shell),
    }
}
