//! One thin module per subcommand: turn parsed arguments into library calls.

pub(crate) mod completions;
pub(crate) mod export_env;
pub(crate) mod lint_env;
pub(crate) mod lint_workflows;
pub(crate) mod setup_token;
pub(crate) mod verify;

use crate::cli::{Cli, Command, ModelArgs};
use ccauth::claude::inputs::Request;
use ccauth::claude::Mode;
use std::io::Write as _;

use ccauth::exit::ExitStatus;
use ccauth::output;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::LintEnv(args) => lint_env::exec(*args),
        Command::LintWorkflows(args) => lint_workflows::exec(*args),
        Command::ExportEnv(args) => export_env::exec(*args),
        Command::Verify(args) => verify::exec(*args),
        Command::SetupToken(args) => setup_token::exec(*args),
        Command::Completions { shell } => completions::exec(shell),
    }
}

/// A lint command's exit status: findings when there is an error, or a warning under `--deny
/// warnings` (or `deny = ["warnings"]` in ccauth.toml); notes never count.
pub(crate) fn verdict(
    report: &ccauth::lint::Report,
    deny: Option<crate::cli::DenyLevel>,
    config: &ccauth::config::Config,
) -> ExitStatus {
    use ccauth::lint::Severity;
    let deny_warnings = deny == Some(crate::cli::DenyLevel::Warnings) || config.deny_warnings;
    let failing =
        report.count(Severity::Error) > 0 || (deny_warnings && report.count(Severity::Warning) > 0);
    if failing {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    }
}

/// The `ccauth.toml` in force for `--config`/`--no-config` and the project directory.
pub(crate) fn load_config(
    c: &crate::cli::ConfigArgs,
    project_dir: &std::path::Path,
) -> anyhow::Result<ccauth::config::Config> {
    // The flag is the command's word: a --config path that is not there is said as such.
    if let Some(path) = c.config.as_deref().filter(|p| !p.exists()) {
        anyhow::bail!("--config {}: does not exist", path.display());
    }
    ccauth::config::Config::load(c.config.as_deref(), c.no_config, project_dir)
}

/// The validated model arguments (and the claude command after `--`, or `--claude-command`) as a
/// model request.
pub(crate) fn model_request(model: &ModelArgs, command: &[String]) -> anyhow::Result<Request> {
    let command = match (&model.claude_command, command.is_empty()) {
        (Some(_), false) => anyhow::bail!(
            "give the claude command line either after -- or with --claude-command, not both"
        ),
        (Some(text), true) => shlex::split(text).ok_or_else(|| {
            anyhow::anyhow!("--claude-command: unbalanced quotes or a trailing backslash")
        })?,
        (None, _) => command.to_vec(),
    };
    let env_pairs = model
        .env
        .iter()
        .map(|pair| crate::cli::parse_env_pair(pair).map_err(anyhow::Error::msg))
        .collect::<anyhow::Result<_>>()?;
    Ok(Request {
        inherit_env: !model.clean_env,
        env_files: model.env_files.clone(),
        env_pairs,
        project_dir: model.project_dir.clone(),
        managed_dir: model.managed_dir.clone(),
        remote_dir: model.remote_dir.clone(),
        settings: model.settings.clone(),
        bare: model.bare,
        mode: model.mode.map(Mode::from),
        command,
    })
}

/// Renders a report to stdout, or with `--output-file` into memory and then to that file in
/// one atomic write ([`ccauth::fsio::write_atomic`]: a link or special file is refused, exit 2).
pub(crate) fn emit(
    output_file: Option<&std::path::Path>,
    render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    use anyhow::Context as _;
    use std::io::Write as _;
    let mut buf = Vec::new();
    render(&mut buf)?;
    match output_file {
        Some(path) => ccauth::fsio::write_atomic(path, &buf, ccauth::fsio::Access::Shared, true)
            .context("--output-file"),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&buf)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// The model's inputs for a request, its errors worded with the flag that gave the value (the
/// library names paths, the command layer names flags).
pub(crate) fn gather(request: &Request) -> anyhow::Result<ccauth::claude::snapshot::Inputs> {
    use ccauth::claude::inputs::GatherError;
    if let Some(dir) = request.missing_managed_dir() {
        ccauth::say!(
            "ccauth: warning: --managed-dir {} does not exist; no managed settings are read from it",
            dir.display()
        );
    }
    request.gather().map_err(|e| match &e {
        GatherError::EnvFileMissing(_) => anyhow::anyhow!("--env-file {e}"),
        GatherError::EnvFileUnreadable(_) => anyhow::anyhow!("--env-file: {e}"),
        GatherError::ProjectDir { .. } => anyhow::anyhow!("--project-dir {e}"),
        GatherError::CurrentDir(_) => anyhow::Error::new(e),
    })
}

/// `--list-rules`, rendered by [`output::rule_list`].
pub(crate) fn list_rules(
    format: output::ReportFormat,
    metas: &[&'static ccauth::lint::RuleMeta],
) -> anyhow::Result<ExitStatus> {
    // Rendered first, so a closed pipe surfaces as the io::Error main treats as success.
    let text = output::rule_list(format, metas)?;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// Whether human output is coloured.
pub(crate) fn use_color(choice: crate::cli::ColorChoice) -> bool {
    use crate::cli::ColorChoice;
    use std::io::IsTerminal;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
