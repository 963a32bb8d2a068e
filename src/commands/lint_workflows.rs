//! `ccauth lint-workflows`: find (or take) CI files, lint them, apply ignores, render, map to an
//! exit code (2 when a file could not be linted, after the others are reported).

use anyhow::Context as _;
use std::path::PathBuf;

use crate::cli::LintWorkflowsArgs;
use ccauth::exit::ExitStatus;
use ccauth::lint::{Report, Severity};
use ccauth::output::{self, RenderInput};
use ccauth::workflows::{self, Target};

/// Runs `lint-workflows`.
pub fn exec(args: LintWorkflowsArgs) -> anyhow::Result<ExitStatus> {
    if args.list_rules {
        return super::list_rules(args.format.into(), &workflows::rule_metas());
    }
    let root = std::env::current_dir()?;
    let (paths, capped) = files_to_lint(&args.paths);
    if paths.is_empty() {
        ccauth::say!(
            "ccauth: no CI files found (looked for .github/workflows/*.yml|yaml, action.yml|yaml \
             and .gitlab-ci.yml under {}, or the .yml/.yaml files of the directories given)",
            root.display()
        );
    }
    let config = super::load_config(&args.config, &root)?;
    let mut outcome = workflows::lint(&root, &paths);
    outcome.problems.extend(capped);
    for p in &outcome.problems {
        ccauth::say!("ccauth: error: {p}");
    }
    let mut report = Report::default();
    for f in outcome.findings {
        let ignored = args.ignore.iter().any(|i| i == f.rule.id);
        report.add(f, ignored);
    }
    for f in outcome.inline_suppressed {
        report.add(f, true);
    }
    config.apply(&mut report, &root);
    let input = RenderInput {
        subject: output::Subject::Workflows {
            files: &outcome.files,
            problems: &outcome.problems,
        },
        rules: workflows::rule_metas(),
        report: &report,
        project_dir: &root,
        repo_root: output::repository_root(args.format.into(), |k| std::env::var(k).ok(), &root),
        color: super::use_color(args.report.color),
        env_anchor: ".github/workflows".to_owned(),
        step_summary: output::step_summary_path(),
    };
    super::emit(args.output_file.as_deref(), |out| {
        output::render(args.format.into(), &input, out)
    })?;
    if let Some(path) = &args.outputs {
        let steps: usize = outcome.files.iter().map(|f| f.steps.len()).sum();
        output::append_step_outputs(
            path,
            &[
                ("files", outcome.files.len().to_string()),
                ("steps", steps.to_string()),
                ("errors", report.count(Severity::Error).to_string()),
                ("warnings", report.count(Severity::Warning).to_string()),
            ],
        )
        .context("--outputs")?;
    }
    if !outcome.problems.is_empty() {
        return Ok(ExitStatus::Usage);
    }
    Ok(super::verdict(&report, args.report.deny, &config))
}

/// The given files, the files found in the given directories, or the files found in the current
/// directory when nothing is given. Found files must stay inside the repository.
/// The files to lint, in the order given, and a problem for each search a cap cut short (named
/// by the directory searched).
fn files_to_lint(given: &[PathBuf]) -> (Vec<Target>, Vec<ccauth::claude::Problem>) {
    let found = |path: PathBuf| Target {
        path: path.strip_prefix("./").map(PathBuf::from).unwrap_or(path),
        confined: true,
    };
    let mut targets = Vec::new();
    let mut capped = Vec::new();
    let mut add = |dir: &std::path::Path, d: workflows::Discovered, targets: &mut Vec<Target>| {
        if let Some(what) = d.capped {
            capped.push(ccauth::claude::Problem::unread(
                dir,
                format!(
                    "{what}; the files past it were not linted (name them, or lint a smaller \
                     directory)"
                ),
            ));
        }
        targets.extend(d.files.into_iter().map(found));
    };
    if given.is_empty() {
        let here = std::path::Path::new(".");
        add(here, workflows::discover(here), &mut targets);
    }
    for p in given {
        if p.is_dir() {
            add(p, workflows::discover_yaml(p), &mut targets);
        } else {
            targets.push(Target {
                path: p.clone(),
                confined: false,
            });
        }
    }
    (targets, capped)
}
