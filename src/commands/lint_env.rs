//! `ccauth lint-env`: gather inputs, resolve, lint, render, map to an exit code.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context as _};

use crate::claude::command::ClaudeInvocation;
use crate::claude::helper::run_helper;
use crate::claude::resolve::{resolve, CredValue};
use crate::claude::snapshot::{default_managed_dir, EnvDef, Inputs, Snapshot, DEFAULT_REMOTE_DIR};
use crate::claude::{dotenv, files, Location, Mode, Origin};
use crate::cli::{ColorChoice, DenyLevel, LintEnvArgs};
use crate::exit::ExitStatus;
use crate::lint::{self, Severity};
use crate::output::{self, RenderInput};

/// Runs `lint-env`.
pub fn exec(args: LintEnvArgs) -> anyhow::Result<ExitStatus> {
    if args.list_rules {
        let mut out = io::stdout().lock();
        for rule in lint::RULES {
            let m = rule.meta();
            writeln!(out, "{:<36} {:<8} {}", m.id, m.severity.id(), m.summary)?;
        }
        return Ok(ExitStatus::Success);
    }
    let inputs = inputs(&args)?;
    let snapshot = Snapshot::load(inputs);
    let resolution = resolve(&snapshot);
    let helper_run = match (&resolution.helper, args.run_helper) {
        (Some(helper), true) => {
            let CredValue::Helper(command) = &helper.value else {
                bail!("internal: the helper credential has no command")
            };
            let env: Vec<(String, String)> = snapshot
                .env
                .iter()
                .map(|(k, e)| (k.clone(), e.current.raw.clone()))
                .collect();
            Some(run_helper(
                command,
                &snapshot.project_dir,
                &env,
                Duration::from_secs(args.helper_timeout),
            ))
        }
        _ => None,
    };
    let cx = lint::Context {
        snapshot: &snapshot,
        resolution: &resolution,
        expect: args.expect,
        helper_run: helper_run.as_ref(),
    };
    let report = lint::run(&cx, &args.ignore);
    let input = RenderInput {
        resolution: &resolution,
        report: &report,
        project_dir: &snapshot.project_dir,
        color: use_color(args.color),
        step_summary: std::env::var_os("GITHUB_STEP_SUMMARY")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from),
    };
    output::render(args.format, &input, &mut io::stdout().lock())?;
    let failing = report.count(Severity::Error) > 0
        || (args.deny == Some(DenyLevel::Warnings) && report.count(Severity::Warning) > 0);
    Ok(if failing {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
        }
    }
}

/// Builds the model's inputs from the arguments and this process's environment.
fn inputs(args: &LintEnvArgs) -> anyhow::Result<Inputs> {
    let mut env = Vec::new();
    if !args.clean_env {
        for (name, value) in std::env::vars_os() {
            let name = name.to_string_lossy().into_owned();
            env.push(EnvDef {
                location: Location::Env { name: name.clone() },
                name,
                raw: value.to_string_lossy().into_owned(),
                origin: Origin::Process,
            });
        }
    }
    let mut problems = Vec::new();
    for path in &args.env_files {
        let text = files::read_text(path)
            .map_err(|p| anyhow::anyhow!("--env-file: {}", p.message))?
            .with_context(|| format!("--env-file {}: no such file", path.display()))?;
        let (entries, errors) = dotenv::parse(&text);
        for e in entries {
            env.push(EnvDef {
                name: e.key,
                raw: e.value,
                origin: Origin::Process,
                location: Location::at(path, e.line, 1),
            });
        }
        problems.extend(errors.into_iter().map(|e| files::InputProblem {
            location: Location::at(path, e.line, e.column),
            message: format!("{}: {}; the line is skipped", path.display(), e.message),
        }));
    }
    for pair in &args.env {
        let (name, value) = crate::cli::parse_env_pair(pair).map_err(anyhow::Error::msg)?;
        env.push(EnvDef {
            origin: Origin::Process,
            location: Location::CommandLine {
                argument: format!("--env {name}"),
            },
            name,
            raw: value,
        });
    }
    let invocation = ClaudeInvocation::parse(&args.command);
    let bare_flag = if args.bare {
        Some(Location::CommandLine {
            argument: "--bare".into(),
        })
    } else if invocation.bare {
        Some(Location::CommandLine {
            argument: "-- claude --bare".into(),
        })
    } else {
        None
    };
    let mode = args
        .mode
        .unwrap_or(if args.command.is_empty() || invocation.print {
            Mode::Print
        } else {
            Mode::Interactive
        });
    let project_dir = match &args.project_dir {
        Some(dir) => dir.clone(),
        None => std::env::current_dir().context("reading the current directory")?,
    };
    if !project_dir.is_dir() {
        bail!("--project-dir {}: not a directory", project_dir.display());
    }
    Ok(Inputs {
        env,
        project_dir,
        managed_dir: args.managed_dir.clone().unwrap_or_else(default_managed_dir),
        remote_dir: args
            .remote_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_REMOTE_DIR)),
        cli_settings: args.settings.clone().or(invocation.settings),
        bare_flag,
        mode,
        problems,
    })
}
