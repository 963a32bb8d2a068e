//! The `ccauth` binary: parse, run, map the outcome to a documented exit code.

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use std::io;
use std::process::ExitCode;

use clap::Parser;

mod cli;
mod commands;

use ccauth::exit::ExitStatus;
use cli::Cli;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let line = ccauth::redact::scrub(&what).replace(['\n', '\r'], " ");
        eprintln!("ccauth: internal error{at}: {line}; this is a bug, please report it");
        std::process::exit(i32::from(ExitStatus::Internal.code()));
    }));
    // Lets the test suite check the hook end to end; nothing else sets it.
    if std::env::var_os("CCAUTH_TEST_PANIC").is_some() {
        panic!("test panic carrying sk-ant-api03-FAKEpanicsecret0001");
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr() {
                eprint!(
                    "{}",
                    ccauth::text::for_log(&redact_arguments(&e.render().to_string()))
                );
                if let Some(hint) = hint_for(&e) {
                    eprintln!("{hint}");
                }
            } else {
                // --help and --version: ccauth's own text.
                let _ = e.print();
            }
            return if e.use_stderr() {
                ExitStatus::Usage.into()
            } else {
                ExitStatus::Success.into()
            };
        }
    };
    match commands::run(cli) {
        Ok(status) => status.into(),
        Err(e) if is_broken_pipe(&e) => ExitStatus::Success.into(),
        Err(e) => {
            eprintln!(
                "ccauth: error: {}",
                ccauth::text::for_log(&ccauth::redact::scrub(&format!("{e:#}")))
            );
            ExitStatus::Usage.into()
        }
    }
}

/// clap's errors quote the argument they reject, which may be a secret pasted without its flag
/// (`--env ANTHROPIC_API_KEY sk-…` with a space): every argument with a secret's shape
/// ([`ccauth::redact::looks_like_secret`]) that is not a subcommand, a flag or a value of a fixed
/// list is redacted in the message, and any `sk-ant-` token scrubbed. Names are left alone, so a
/// typo (`lint-evn`, `--expect CLAUDE_CODE_OAUTH_TOKE`) and clap's suggestion read as typed.
fn redact_arguments(message: &str) -> String {
    use clap::CommandFactory;
    let cli = Cli::command();
    let mut known: Vec<String> = Vec::new();
    for sub in cli.get_subcommands() {
        known.push(sub.get_name().to_owned());
        for arg in sub.get_arguments() {
            known.extend(
                arg.get_possible_values()
                    .iter()
                    .map(|v| v.get_name().to_owned()),
            );
        }
    }
    let mut out = message.to_owned();
    for arg in std::env::args_os().skip(1) {
        let arg = arg.to_string_lossy();
        // `--flag=value`: the value is what may be secret.
        let value = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with('-') => value,
            _ => arg.as_ref(),
        };
        let plain_flag = value.starts_with('-')
            && value
                .trim_start_matches('-')
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if ccauth::redact::looks_like_secret(value)
            && !plain_flag
            && !known.iter().any(|s| s == value)
        {
            out = out.replace(value, &ccauth::redact::redact(value));
        }
    }
    ccauth::redact::scrub(&out)
}

/// A hint for a common mistake: the claude command line given without `--` before it.
fn hint_for(e: &clap::Error) -> Option<&'static str> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let claude_without_dashes = !args.iter().any(|a| a == "--")
        && args
            .iter()
            .any(|a| a == "claude" || a.ends_with("/claude") || a == "-p" || a == "--print");
    (e.kind() == clap::error::ErrorKind::UnknownArgument && claude_without_dashes).then_some(
        "hint: put the claude command line after --, e.g. ccauth lint-env -- claude -p \"review\"",
    )
}

/// `ccauth lint-env | head` closing the pipe early is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
