//! `ccauth verify`: resolve and lint like lint-env, then probe the credential live and map the
//! verdict to an exit code.

use anyhow::Context as _;
use std::time::Duration;

use crate::cli::VerifyArgs;
use ccauth::claude::resolve::resolve;
use ccauth::claude::snapshot::Snapshot;
use ccauth::exit::ExitStatus;
use ccauth::lint;
use ccauth::output::verify as render;
use ccauth::verify::{self, Options};

/// Used when neither `--timeout` nor `API_TIMEOUT_MS` says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// Runs `verify`.
pub fn exec(args: VerifyArgs) -> anyhow::Result<ExitStatus> {
    let snapshot = Snapshot::load(super::gather(&super::model_request(
        &args.model_args,
        &args.command,
    )?)?);
    let resolution = resolve(&snapshot);
    let config = super::load_config(&args.policy.config, &snapshot.project_dir)?;
    let cx = lint::Context {
        snapshot: &snapshot,
        resolution: &resolution,
        expect: args.expect.map(|e| e.0).or(config.expect),
        helper_run: None,
        // verify judges the expiry itself, after the probe.
        expiry: None,
        ci: lint::Ci::of(render::VerifyFormat::from(args.format).ci(), &snapshot),
    };
    let mut lint_report = lint::run(&cx, &args.ignore);
    config.apply(&mut lint_report, &snapshot.project_dir);
    let options = Options {
        probe: args.probe.into(),
        model: args.model.clone(),
        claude: args.claude_path.clone(),
        timeout: timeout(&args, &snapshot)?,
        retries: args.retries,
        expires_at: ccauth::claude::expiry::recorded(args.policy.expires_at, &snapshot)?,
        warn_days: config.warn_days(args.policy.warn_days),
        no_lint: args.no_lint,
        trust_project_helpers: args.trust_project_helpers,
        trust_project_endpoint: args.trust_project_endpoint,
        helper_timeout: args.helper_timeout,
        // The expiry window fails the run when warnings are denied, on the command line or in
        // ccauth.toml, or when token-expiry is raised to an error there.
        deny_warnings: args.deny == Some(crate::cli::DenyLevel::Warnings)
            || config.deny_warnings
            || config.severity.get("token-expiry") == Some(&ccauth::lint::Severity::Error),
    };
    let report = verify::run(&snapshot, &resolution, &lint_report, &options);
    let summary = ccauth::output::step_summary_path();
    super::emit(args.output_file.as_deref(), |out| {
        render::render(args.format.into(), &report, summary.as_deref(), out)
    })?;
    if let Some(path) = &args.outputs {
        let expires_at = report.expiry.as_ref().map(|e| e.expires_at.clone());
        ccauth::output::append_step_outputs(
            path,
            &[
                (
                    "credential-source",
                    ccauth::output::sent_sources(&resolution),
                ),
                ("provider", resolution.provider.id().to_owned()),
                ("errors", report.lint.errors.to_string()),
                ("warnings", report.lint.warnings.to_string()),
                ("verify-result", report.verdict.class.id().to_owned()),
                ("expires-at", expires_at.unwrap_or_default()),
            ],
        )
        .context("--outputs")?;
    }
    Ok(report.exit())
}

/// `--timeout`, else `API_TIMEOUT_MS` as the model sees it, else 20 s.
fn timeout(args: &VerifyArgs, s: &Snapshot) -> anyhow::Result<Duration> {
    if let Some(t) = args.timeout {
        return Ok(t);
    }
    let Some(raw) = s.value("API_TIMEOUT_MS") else {
        return Ok(DEFAULT_TIMEOUT);
    };
    match raw.parse::<u64>() {
        Ok(ms) if ms > 0 => Ok(Duration::from_millis(ms.min(3_600_000))),
        _ => anyhow::bail!(
            "API_TIMEOUT_MS is {raw:?}, not a whole number of milliseconds; fix it or pass --timeout"
        ),
    }
}
