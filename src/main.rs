//! The `ccauth` binary: parse, run, map the outcome to a documented exit code.

#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::io;
use std::process::ExitCode;

use clap::Parser;

use ccauth::cli::Cli;
use ccauth::exit::ExitStatus;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitStatus::Usage.into()
            } else {
                ExitStatus::Success.into()
            };
        }
    };
    match ccauth::commands::run(cli) {
        Ok(status) => status.into(),
        Err(e) if is_broken_pipe(&e) => ExitStatus::Success.into(),
        Err(e) => {
            eprintln!(
                "ccauth: error: {}",
                ccauth::redact::scrub(&format!("{e:#}"))
            );
            ExitStatus::Usage.into()
        }
    }
}

/// `ccauth lint-env | head` closing the pipe early is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
