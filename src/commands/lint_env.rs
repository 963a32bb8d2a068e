//! `ccauth lint-env`: gather inputs, resolve, lint, render, map to an exit code.

use anyhow::Context as _;

use crate::cli::LintEnvArgs;
use ccauth::claude::helper::run_helper_for;
use ccauth::claude::resolve::resolve;
use ccauth::claude::snapshot::Snapshot;
use ccauth::exit::ExitStatus;
use ccauth::lint::{self, Severity};
use ccauth::output::{self, RenderInput};

/// Runs `lint-env`.
pub fn exec(args: LintEnvArgs) -> anyhow::Result<ExitStatus> {
    if args.list_rules {
        return super::list_rules(args.format.into(), &lint::rule_metas());
    }
    let snapshot = Snapshot::load(super::gather(&super::model_request(
        &args.model,
        &args.command,
    )?)?);
    let config = super::load_config(&args.policy.config, &snapshot.project_dir)?;
    let warn_days = config.warn_days(args.policy.warn_days);
    let resolution = resolve(&snapshot);
    let helper_run = match (&resolution.helper, args.run_helper) {
        // Running the repository's own helper on a pull request runs the pull request's code
        // with every secret in the environment: only when explicitly trusted.
        (Some(helper), true)
            if snapshot
                .repository_file(helper.origin, &helper.location)
                .is_some()
                && !args.trust_project_helpers =>
        {
            Some(ccauth::claude::helper::HelperRun::Untrusted)
        }
        (Some(helper), true) => run_helper_for(
            helper,
            &snapshot.project_dir,
            &snapshot.effective_env(),
            args.helper_timeout,
        ),
        _ => None,
    };
    let expiry =
        ccauth::claude::expiry::recorded(args.policy.expires_at, &snapshot)?.map(|(at, from)| {
            ccauth::claude::expiry::Expiry::judge(
                at,
                std::time::SystemTime::now(),
                warn_days,
                &from,
            )
        });
    let cx = lint::Context {
        snapshot: &snapshot,
        resolution: &resolution,
        expect: args.expect.map(|e| e.0).or(config.expect),
        helper_run: helper_run.as_ref(),
        expiry: expiry.as_ref(),
        ci: lint::Ci::of(output::ReportFormat::from(args.format).ci(), &snapshot),
    };
    let mut report = lint::run(&cx, &args.ignore);
    config.apply(&mut report, &snapshot.project_dir);
    let endpoint = ccauth::claude::endpoint::Endpoint::of(&snapshot, resolution.provider);
    let input = RenderInput {
        subject: output::Subject::Environment {
            resolution: &resolution,
            endpoint: &endpoint,
        },
        rules: lint::rule_metas(),
        report: &report,
        project_dir: &snapshot.project_dir,
        repo_root: output::repository_root(
            args.format.into(),
            |k| snapshot.value(k).map(str::to_owned),
            &snapshot.project_dir,
        ),
        color: super::use_color(args.report.color),
        env_anchor: output::environment_anchor(|k| std::env::var(k).ok()),
        step_summary: output::step_summary_path(),
    };
    super::emit(args.output_file.as_deref(), |out| {
        output::render(args.format.into(), &input, out)
    })?;
    if let Some(path) = &args.outputs {
        let expires_at = expiry
            .as_ref()
            .map(|e| e.expires_at.clone())
            .unwrap_or_default();
        output::append_step_outputs(
            path,
            &[
                ("credential-source", output::sent_sources(&resolution)),
                ("provider", resolution.provider.id().to_owned()),
                ("errors", report.count(Severity::Error).to_string()),
                ("warnings", report.count(Severity::Warning).to_string()),
                ("expires-at", expires_at),
            ],
        )
        .context("--outputs")?;
    }
    Ok(super::verdict(&report, args.report.deny, &config))
}
