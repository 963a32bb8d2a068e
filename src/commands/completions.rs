//! `ccauth completions <shell>`: a completion script on stdout.

use clap::CommandFactory;

use crate::cli::Cli;
use ccauth::exit::ExitStatus;

/// Writes the completion script for `shell`.
pub fn exec(shell: clap_complete::Shell) -> anyhow::Result<ExitStatus> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "ccauth", &mut std::io::stdout().lock());
    Ok(ExitStatus::Success)
}
