//! `ccauth export-env`: read the credential, plan the exports over the model, check them by
//! resolving again, render the dialect, write it all at once.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::cli::ExportEnvArgs;
use ccauth::claude::snapshot::Snapshot;
use ccauth::claude::sources::vars;
use ccauth::exit::ExitStatus;
use ccauth::export::{self, dialect, Dialect, Export, ExportError, Intent};
use ccauth::redact::{redact, scrub};

/// The largest credential read from stdin or a file.
const MAX_INPUT_BYTES: u64 = 64 * 1024;

/// Runs `export-env`.
pub fn exec(args: ExportEnvArgs) -> anyhow::Result<ExitStatus> {
    if !args.stray.is_empty() {
        bail!(
            "export-env never takes the credential as an argument (it would show in `ps` and in \
             shell history); use --from-env NAME, --stdin or --from-file PATH. The argument is \
             not shown."
        );
    }
    if args.output.is_some() && Dialect::from(args.format) == Dialect::Github {
        bail!("--output does not go with --format github, which appends to $GITHUB_ENV (or --github-env PATH)");
    }
    let raw = read_credential(&args)?;
    ccauth::redact::remember(&raw);
    let outcome = build(&args, &raw);
    let emission = match outcome {
        Ok(e) => e,
        Err(e) => {
            ccauth::say!("ccauth: error: {}", scrub(&e.to_string()));
            return Ok(match e {
                ExportError::Usage(_) | ExportError::Unrepresentable(_) => ExitStatus::Usage,
                ExportError::WrongKind(_) | ExportError::CannotFix(_) => ExitStatus::Findings,
            });
        }
    };
    write(&args, &emission)?;
    if let (Some(path), Ok((kind, _))) = (
        &args.outputs,
        export::classify(&raw, args.kind.map(Into::into)),
    ) {
        let source = ccauth::claude::sources::SourceId::of_variable(kind.variable())
            .map_or_else(|| kind.variable().to_owned(), |s| s.id().to_owned());
        ccauth::output::append_step_outputs(path, &[("credential-source", source)])
            .context("--outputs")?;
    }
    Ok(ExitStatus::Success)
}

/// Everything up to the text to write; an error means nothing is written.
fn build(args: &ExportEnvArgs, raw: &str) -> Result<dialect::Emission, ExportError> {
    let (kind, value) = export::classify(raw, args.kind.map(Into::into))?;
    let intent = Intent {
        kind,
        value,
        base_url: args.base_url.clone(),
        headers: args.headers.clone(),
        keep_others: args.keep_others,
    };
    for problem in ccauth::claude::values::value_problems(
        kind.variable(),
        &intent.value,
        intent.base_url.is_some(),
    ) {
        ccauth::say!(
            "ccauth: warning[malformed-credential]: {} ({}) looks malformed: {problem}",
            kind.variable(),
            redact(&intent.value)
        );
    }
    let model = |e: anyhow::Error| ExportError::Usage(format!("{e:#}"));
    let request = super::model_request(&args.model, &args.command).map_err(model)?;
    let before = Snapshot::load(super::gather(&request).map_err(model)?);
    let plan = export::plan(&before, &intent)?;
    let after = export::apply(&before, &plan);
    if let Err(e) = export::verify(&after, kind, &intent.value) {
        if !args.force {
            return Err(e);
        }
        ccauth::say!(
            "ccauth: warning: {} (emitting anyway: --force)",
            scrub(&e.to_string())
        );
    }
    let emission = dialect::render(&plan, args.format.into(), args.reveal)?;
    ccauth::say!("ccauth: {}", summary(&plan));
    Ok(emission)
}

/// One line for stderr: what is set and cleared, values redacted.
fn summary(plan: &export::Plan) -> String {
    let mut set = Vec::new();
    let mut cleared = Vec::new();
    for e in &plan.exports {
        match e {
            Export::Set { name, value } if *name == vars::CUSTOM_HEADERS => {
                set.push(format!("{name} ({} header(s))", value.lines().count()));
            }
            Export::Set { name, value } => set.push(format!("{name} ({})", redact(value))),
            Export::Clear { name } => cleared.push(name.clone()),
        }
    }
    let mut line = format!("exporting {}", set.join(", "));
    if !cleared.is_empty() {
        line.push_str(&format!("; clearing {}", cleared.join(", ")));
    }
    line
}

/// The credential from `--from-env`, `--stdin` or `--from-file`.
fn read_credential(args: &ExportEnvArgs) -> anyhow::Result<String> {
    if let Some(name) = &args.from_env {
        // A secret pasted in place of the name must not be echoed: the name is shown only when
        // it looks like one (upper case, digits, _).
        let shown = if name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            name.clone()
        } else {
            "the variable (its name is not shown: it does not look like one)".to_owned()
        };
        let value =
            std::env::var_os(name).with_context(|| format!("--from-env: {shown} is not set"))?;
        return value
            .into_string()
            .map_err(|_| anyhow::anyhow!("--from-env: {shown} is not valid UTF-8"));
    }
    if args.stdin {
        return read_bounded(io::stdin().lock(), "standard input");
    }
    if let Some(path) = &args.from_file {
        use ccauth::fsio::ReadError;
        return match ccauth::fsio::read_text(path, MAX_INPUT_BYTES, None) {
            Ok(Some(text)) => Ok(text),
            Ok(None) => bail!("--from-file {}: No such file or directory", path.display()),
            Err(ReadError::NotRegular { .. }) => {
                bail!("--from-file {}: not a regular file", path.display())
            }
            Err(ReadError::TooLarge { .. } | ReadError::Grew { .. }) => bail!(
                "the credential from {} is larger than {MAX_INPUT_BYTES} bytes",
                path.display()
            ),
            Err(ReadError::NotUtf8 { .. } | ReadError::Binary { .. }) => {
                bail!("the credential from {} is not valid UTF-8", path.display())
            }
            Err(e) => Err(anyhow::Error::new(e).context(format!("--from-file {}", path.display()))),
        };
    }
    bail!("give the credential with --from-env NAME, --stdin or --from-file PATH")
}

fn read_bounded(reader: impl Read, what: &str) -> anyhow::Result<String> {
    use ccauth::fsio::ReadLimit;
    match ccauth::fsio::read_stream(reader, MAX_INPUT_BYTES)
        .with_context(|| format!("reading the credential from {what}"))?
    {
        Ok(text) => Ok(text),
        Err(ReadLimit::TooLarge) => {
            bail!("the credential from {what} is larger than {MAX_INPUT_BYTES} bytes")
        }
        Err(ReadLimit::NotUtf8) => bail!("the credential from {what} is not valid UTF-8"),
    }
}

/// Writes the emission: the `$GITHUB_ENV` text first appended in one write, the rest to stdout
/// or `--output`.
fn write(args: &ExportEnvArgs, emission: &dialect::Emission) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    if let Some(text) = &emission.env_file {
        let path = github_env_path(args)?;
        // The masks go first, so the runner hides the value before anything could show it.
        stdout.write_all(emission.stdout.as_bytes())?;
        stdout.flush()?;
        append(&path, text)?;
        return Ok(());
    }
    match &args.output {
        Some(path) => {
            let warning = ccauth::oauth::deliver::write_file(path, &emission.stdout, true)?;
            // A GitLab dotenv report lives in the job's directory, which is always a work tree:
            // nothing to warn about there.
            if let (Some(warning), false) = (warning, Dialect::from(args.format) == Dialect::Gitlab)
            {
                ccauth::say!("ccauth: warning: {warning}");
            }
        }
        None => {
            stdout.write_all(emission.stdout.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(())
}

fn github_env_path(args: &ExportEnvArgs) -> anyhow::Result<PathBuf> {
    args.github_env
        .clone()
        .or_else(|| {
            std::env::var_os("GITHUB_ENV")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .context("--format github appends to $GITHUB_ENV, which is not set; give --github-env PATH")
}

fn append(path: &Path, text: &str) -> anyhow::Result<()> {
    // Starts on a line of its own: a previous step's `printf 'FOO=bar'` would otherwise make the
    // runner reject the file and lose both variables.
    ccauth::fsio::append(path, text.as_bytes()).context("$GITHUB_ENV")
}
