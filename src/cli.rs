//! Command-line types (clap derive) and nothing else: parsing apart from the work.

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};

use ccauth::claude::sources::SourceId;
use ccauth::claude::Mode;
use ccauth::export::{Dialect, Kind};
use ccauth::oauth::token::TokenFormat;
use ccauth::output::verify::VerifyFormat;
use ccauth::output::ReportFormat;

/// `--version`: ccauth's own version and the Claude Code release the model was checked against.
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (model checked against Claude Code ",
    ccauth::claude_code_version!(),
    ")"
);

/// Declares a clap mirror of a library enum (same variants, the doc comments `--help` shows) and
/// its conversion: the library has no clap types.
macro_rules! mirror {
    ($(#[$m:meta])* $name:ident => $target:ident { $($(#[$vm:meta])* $v:ident),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
        pub enum $name {
            $($(#[$vm])* $v),*
        }

        impl From<$name> for $target {
            fn from(arg: $name) -> Self {
                match arg {
                    $($name::$v => $target::$v),*
                }
            }
        }
    };
}

mirror!(
    /// `lint-env` and `lint-workflows` `--format`.
    FormatArg => ReportFormat {
        /// Readable text: what will be sent, then the findings.
        Human,
        /// Versioned JSON (schema 1), documented in docs/json-schema.md.
        Json,
        /// SARIF 2.1.0, for code scanning.
        Sarif,
        /// GitHub Actions workflow commands (annotations) plus a step summary table.
        Github,
        /// A GitLab Code Quality report.
        Gitlab,
    }
);

mirror!(
    /// `verify --format`.
    VerifyFormatArg => VerifyFormat {
        /// A verdict, its cause and fix, and what was sent, for people.
        Human,
        /// One JSON object (docs/json-schema.md, "verify").
        Json,
        /// A workflow-command annotation, and a line in $GITHUB_STEP_SUMMARY.
        Github,
    }
);

mirror!(
    /// `export-env --format`.
    DialectArg => Dialect {
        /// POSIX sh (`export`/`unset`), for `eval "$(…)"` in bash, dash, zsh, ksh.
        Sh,
        /// fish (`set -gx`/`set -e`), for `… | source`.
        Fish,
        /// Appended to `$GITHUB_ENV` (multi-line `NAME<<DELIMITER` form), after `::add-mask::`.
        Github,
        /// A GitLab `artifacts:reports:dotenv` file: single-line `NAME=value`.
        Gitlab,
        /// A dotenv file (`NAME='value'`), as `lint-env --env-file` and most tools read it.
        Dotenv,
        /// JSON for other tools; values redacted unless `--reveal`.
        Json,
    }
);

mirror!(
    /// `export-env --kind`.
    KindArg => Kind {
        /// An OAuth token (`sk-ant-oat01-…`, from `setup-token`): `CLAUDE_CODE_OAUTH_TOKEN`.
        OauthToken,
        /// A Console API key (`sk-ant-api03-…`): `ANTHROPIC_API_KEY`.
        ApiKey,
        /// A bearer token for a gateway: `ANTHROPIC_AUTH_TOKEN`.
        AuthToken,
    }
);

mirror!(
    /// `setup-token --format`.
    TokenFormatArg => TokenFormat {
        /// The token alone on one line.
        Text,
        /// `{token, scope, expires_in, expires_at, created_at}` (times in RFC 3339).
        Json,
    }
);

/// Get Claude Code authenticated in CI, correctly and safely.
#[derive(Debug, Parser)]
#[command(name = "ccauth", version = LONG_VERSION, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint the environment and settings Claude Code will read: which credential wins, what it
    /// shadows, what is malformed, what bare mode will not read.
    #[command(name = "lint-env")]
    LintEnv(Box<LintEnvArgs>),
    /// Print (or write) the exports that make one credential the one Claude Code sends, clearing
    /// what would shadow it, in sh, fish, $GITHUB_ENV, GitLab dotenv, dotenv or JSON.
    #[command(name = "export-env")]
    ExportEnv(Box<ExportEnvArgs>),
    /// Prove the credential Claude Code will use works: lint, then one live request (or a real
    /// claude run), classified with its cause and fix.
    #[command(name = "verify")]
    Verify(Box<VerifyArgs>),
    /// Mint the one-year, inference-only CLAUDE_CODE_OAUTH_TOKEN with OAuth 2.0 + PKCE, without a
    /// TUI: a loopback browser redirect, or paste-the-code for SSH, containers and CI.
    #[command(name = "setup-token")]
    SetupToken(Box<SetupTokenArgs>),
    /// Lint CI files statically (GitHub workflows, composite actions, .gitlab-ci.yml and its
    /// local includes): each step that runs Claude Code, which credential it would send, and what
    /// is shadowed, empty, misplaced or committed.
    #[command(name = "lint-workflows")]
    LintWorkflows(Box<LintWorkflowsArgs>),
    /// Print a shell completion script to stdout.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `lint-env` options.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ccauth lint-env\n  ccauth lint-env --expect CLAUDE_CODE_OAUTH_TOKEN -- claude --bare -p \"review\"\n  ccauth lint-env --format github --env-file ci.env --clean-env"
)]
pub struct LintEnvArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Run the apiKeyHelper Claude Code would use (never printing its output) and report failures.
    #[arg(long)]
    pub run_helper: bool,

    /// With --run-helper: also run an apiKeyHelper from the repository's own settings (project or
    /// local), which is the pull request's code on a pull request.
    #[arg(long, requires = "run_helper")]
    pub trust_project_helpers: bool,

    /// How long --run-helper waits before killing the helper (30 or 30s, 2m; at most 10m).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_helper_timeout)]
    pub helper_timeout: std::time::Duration,

    /// The credential source you intend Claude Code to use; anything else is an error.
    #[arg(long, value_enum, value_name = "SOURCE")]
    pub expect: Option<SourceArg>,

    /// Suppress a rule (repeatable); suppressed findings are still counted.
    #[arg(long, value_name = "RULE", value_parser = PossibleValuesParser::new(ccauth::lint::rule_ids()))]
    pub ignore: Vec<String>,

    #[command(flatten)]
    pub report: ReportArgs,

    /// List every rule with its severity and summary, then exit.
    #[arg(long)]
    pub list_rules: bool,

    #[command(flatten)]
    pub policy: PolicyArgs,

    /// Write the report to this file instead of stdout (atomically; never through a symbolic
    /// link or into a device, FIFO or directory).
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,

    /// Also append step outputs (credential-source, provider, errors, warnings, expires-at) as
    /// name=value lines to this file, e.g. $GITHUB_OUTPUT.
    #[arg(long, value_name = "PATH")]
    pub outputs: Option<PathBuf>,

    /// The claude command line the pipeline will run; --bare, -p/--print and --settings are
    /// read from it.
    #[arg(last = true, value_name = "CLAUDE_COMMAND")]
    pub command: Vec<String>,
}

/// `lint-workflows` options.
#[derive(Debug, Args)]
pub struct LintWorkflowsArgs {
    /// Files or directories to lint [default: .github/workflows/*.yml|yaml, every
    /// action.yml|yaml and .gitlab-ci.yml under the current directory]. A directory means every
    /// .yml/.yaml file under it.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,

    /// Suppress a rule (repeatable); suppressed findings are still counted.
    #[arg(long, value_name = "RULE", value_parser = PossibleValuesParser::new(ccauth::workflows::rule_ids()))]
    pub ignore: Vec<String>,

    #[command(flatten)]
    pub report: ReportArgs,

    /// List every workflow rule with its severity and summary, then exit.
    #[arg(long)]
    pub list_rules: bool,

    #[command(flatten)]
    pub config: ConfigArgs,

    /// Write the report to this file instead of stdout (atomically; never through a symbolic
    /// link or into a device, FIFO or directory).
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,

    /// Also append step outputs (files, steps, errors, warnings) as name=value lines to this
    /// file, e.g. $GITHUB_OUTPUT.
    #[arg(long, value_name = "PATH")]
    pub outputs: Option<PathBuf>,
}

/// What lint-env and lint-workflows share about their verdict and their human output.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Also fail (exit 1) on warnings.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<DenyLevel>,

    /// When to colour human output [auto: only on a terminal, and not when NO_COLOR is set].
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// The token's expiry and the repository's ccauth.toml (shared by `lint-env` and `verify`).
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// When the OAuth token expires (RFC 3339) [default: CLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT].
    #[arg(long, value_name = "TIME", value_parser = parse_expires_at)]
    pub expires_at: Option<std::time::SystemTime>,

    /// Warn when the token expires within this many days [default: 30, or warn-days in
    /// ccauth.toml].
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=3650))]
    pub warn_days: Option<u32>,

    #[command(flatten)]
    pub config: ConfigArgs,
}

/// Which ccauth.toml to read (lint-env, verify, lint-workflows).
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Read this ccauth.toml [default: ccauth.toml or .config/ccauth.toml in the project dir].
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Read no ccauth.toml.
    #[arg(long)]
    pub no_config: bool,
}

/// What to model: the environment, directories and claude invocation (shared by `lint-env` and
/// `export-env`).
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Add variables from a dotenv file (KEY=value, export, quotes, KEY<<EOF heredocs); repeatable,
    /// later files win.
    #[arg(long = "env-file", value_name = "PATH")]
    pub env_files: Vec<PathBuf>,

    /// Add or override one variable; repeatable, wins over --env-file.
    #[arg(long = "env", value_name = "NAME=VALUE")]
    pub env: Vec<String>,

    /// Start from an empty environment instead of this process's (to lint the environment a
    /// later job will have, built from --env-file and --env).
    #[arg(long)]
    pub clean_env: bool,

    /// The directory claude will run in (project settings, .mcp.json) [default: current dir].
    #[arg(long, value_name = "DIR")]
    pub project_dir: Option<PathBuf>,

    /// The managed-settings directory [default: /etc/claude-code on Linux].
    #[arg(long, value_name = "DIR")]
    pub managed_dir: Option<PathBuf>,

    /// The hosted-session credential directory [default: /home/claude/.claude/remote].
    #[arg(long, value_name = "DIR")]
    pub remote_dir: Option<PathBuf>,

    /// The --settings claude will get: a file (relative to the project dir) or inline JSON.
    #[arg(long, value_name = "FILE_OR_JSON")]
    pub settings: Option<String>,

    /// Claude will run with --bare.
    #[arg(long)]
    pub bare: bool,

    /// How claude will run [default: print; from the command after -- when one is given].
    #[arg(long, value_enum)]
    pub mode: Option<ModeArg>,

    /// The claude command line as one string of shell words (instead of after --), for
    /// configuration that holds it as text (the Action's claude-args).
    #[arg(long, value_name = "COMMAND")]
    pub claude_command: Option<String>,
}

/// `export-env` options.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("input").required(true).multiple(false))]
#[command(
    after_help = "Examples:\n  eval \"$(ccauth export-env --from-env CLAUDE_TOKEN)\"\n  ccauth setup-token | ccauth export-env --stdin --format github\n  ccauth export-env --from-env CLAUDE_TOKEN --format gitlab --output claude.env\n  ccauth export-env --from-file key.txt --kind api-key --format fish | source"
)]
pub struct ExportEnvArgs {
    /// Read the credential from this environment variable (e.g. a CI secret).
    #[arg(long, value_name = "NAME", group = "input", value_parser = parse_var_name)]
    pub from_env: Option<String>,

    /// Read the credential from standard input (at most 64 KiB).
    #[arg(long, group = "input")]
    pub stdin: bool,

    /// Read the credential from a file (at most 64 KiB).
    #[arg(long, value_name = "PATH", group = "input")]
    pub from_file: Option<PathBuf>,

    /// The kind of credential, and so its variable [default: from its prefix].
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    /// The output dialect.
    #[arg(long, value_enum, default_value_t = DialectArg::Sh)]
    pub format: DialectArg,

    /// Keep the variables that would shadow or accompany the credential (default: clear them).
    #[arg(long)]
    pub keep_others: bool,

    /// Emit even when something an export cannot change (a settings file, bare mode, a helper)
    /// keeps the credential from being the one sent; the warning is still printed.
    #[arg(long)]
    pub force: bool,

    /// Also export ANTHROPIC_BASE_URL (a gateway).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Also send this header (builds ANTHROPIC_CUSTOM_HEADERS); repeatable.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,

    /// With --format github: the file to append to [default: $GITHUB_ENV].
    #[arg(long, value_name = "PATH")]
    pub github_env: Option<PathBuf>,

    /// Write the output to this file instead of stdout (created or replaced atomically, mode
    /// 0600); for --format gitlab, the dotenv report file.
    #[arg(long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// With --format json: include the secret values (redacted otherwise).
    #[arg(long)]
    pub reveal: bool,

    /// Also append the step output credential-source (the exported variable) as a name=value
    /// line to this file, e.g. $GITHUB_OUTPUT.
    #[arg(long, value_name = "PATH")]
    pub outputs: Option<PathBuf>,

    #[command(flatten)]
    pub model: ModelArgs,

    /// Catches a value given as an argument, to refuse it without echoing it.
    #[arg(hide = true, value_name = "VALUE")]
    pub stray: Vec<String>,

    /// The claude command line the pipeline will run (bare mode, --settings).
    #[arg(last = true, value_name = "CLAUDE_COMMAND")]
    pub command: Vec<String>,
}

/// A variable name: letters, digits and `_`, not starting with a digit.
fn parse_var_name(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(s.to_owned())
    } else {
        Err("a variable name has letters, digits and _ and does not start with a digit (the argument is not shown)".into())
    }
}

/// `verify` options.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ccauth verify\n  ccauth verify --format github --warn-days 30\n  ccauth verify --probe claude -- claude --bare -p \"review\"\n  ccauth verify --probe message --model claude-haiku-4-5 --retries 4"
)]
pub struct VerifyArgs {
    /// What to check with: models (free, GET /v1/models), message (a one-token request, for
    /// gateways without /v1/models), claude (the real CLI, one prompt: costs one small request).
    #[arg(long, value_enum, default_value_t = ProbeArg::Models)]
    pub probe: ProbeArg,

    /// With --probe message: the model to ask.
    #[arg(long, value_name = "MODEL", default_value = ccauth::verify::DEFAULT_MODEL)]
    pub model: String,

    /// With --probe claude: the claude executable [default: claude on PATH].
    #[arg(long = "claude", value_name = "PATH")]
    pub claude_path: Option<PathBuf>,

    /// Per attempt: 20 or 20s, 2m [default: API_TIMEOUT_MS when set, else 20s].
    #[arg(long, value_name = "DURATION", value_parser = parse_request_timeout)]
    pub timeout: Option<std::time::Duration>,

    /// Retries after a transient answer (rate limit, overload, server error, network).
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,

    #[command(flatten)]
    pub policy: PolicyArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormatArg::Human)]
    pub format: VerifyFormatArg,

    /// Probe even when the lint finds errors.
    #[arg(long)]
    pub no_lint: bool,

    /// With `warnings`: the `expiring` class (a recorded expiry inside the window) fails (exit 1).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<DenyLevel>,

    /// Write the report to this file instead of stdout (atomically; never through a symbolic
    /// link or into a device, FIFO or directory).
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,

    /// Also append step outputs (credential-source, provider, errors, warnings, verify-result,
    /// expires-at) as name=value lines to this file, e.g. $GITHUB_OUTPUT.
    #[arg(long, value_name = "PATH")]
    pub outputs: Option<PathBuf>,

    /// The credential source you intend Claude Code to use; anything else is a lint error.
    #[arg(long, value_enum, value_name = "SOURCE")]
    pub expect: Option<SourceArg>,

    /// Suppress a lint rule (repeatable).
    #[arg(long, value_name = "RULE", value_parser = PossibleValuesParser::new(ccauth::lint::rule_ids()))]
    pub ignore: Vec<String>,

    /// Also run an apiKeyHelper from the repository's own settings (project or local) to get
    /// the key to send: that is the pull request's code on a pull request.
    #[arg(long)]
    pub trust_project_helpers: bool,

    /// Send the credential even where the repository's own settings point it (ANTHROPIC_BASE_URL,
    /// a proxy or a CA bundle set in .claude/settings*.json): on a pull request, the PR chose it.
    #[arg(long)]
    pub trust_project_endpoint: bool,

    /// How long the apiKeyHelper may take (30 or 30s; at most 10m).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_helper_timeout)]
    pub helper_timeout: std::time::Duration,

    #[command(flatten)]
    pub model_args: ModelArgs,

    /// The claude command line the pipeline will run (bare mode, --settings).
    #[arg(last = true, value_name = "CLAUDE_COMMAND")]
    pub command: Vec<String>,
}

/// `--probe` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProbeArg {
    /// GET /v1/models?limit=1 (free).
    Models,
    /// A one-token POST /v1/messages.
    Message,
    /// The real claude CLI, one prompt.
    Claude,
}

impl From<ProbeArg> for ccauth::verify::Probe {
    fn from(p: ProbeArg) -> Self {
        match p {
            ProbeArg::Models => Self::Models,
            ProbeArg::Message => Self::Message,
            ProbeArg::Claude => Self::Claude,
        }
    }
}

fn parse_expires_at(s: &str) -> Result<std::time::SystemTime, String> {
    ccauth::time::parse_rfc3339(s)
}

/// `setup-token` options.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
#[command(
    after_help = "Examples:\n  ccauth setup-token | gh secret set CLAUDE_CODE_OAUTH_TOKEN\n  ccauth setup-token --no-browser --gh-secret CLAUDE_CODE_OAUTH_TOKEN --repo owner/repo\n  ccauth setup-token --format json --output ~/.config/claude-token.json"
)]
pub struct SetupTokenArgs {
    /// Come back through a loopback redirect: listen on 127.0.0.1 and open a browser
    /// [default when a display is available and not over SSH or in CI].
    #[arg(long, conflicts_with = "no_browser")]
    pub browser: bool,

    /// Print the URL and read the pasted code#state from stdin [default over SSH, in CI, or
    /// without a display].
    #[arg(long)]
    pub no_browser: bool,

    /// Give up after this long (90 or 90s, 10m, 1h).
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_timeout)]
    pub timeout: std::time::Duration,

    /// What goes to stdout (and to --output): the token alone, or JSON with its expiry.
    #[arg(long, value_enum, default_value_t = TokenFormatArg::Text)]
    pub format: TokenFormatArg,

    /// Also write the output to this file (mode 0600, atomically); then stdout stays empty.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace an existing --output file.
    #[arg(long, requires = "output")]
    pub force: bool,

    /// Store the token as this GitHub Actions secret with `gh secret set` (token on stdin), and
    /// its expiry as the variable NAME_EXPIRES_AT; then stdout stays empty.
    #[arg(long, value_name = "NAME", value_parser = parse_secret_name)]
    pub gh_secret: Option<String>,

    /// With --gh-secret: the repository (default: gh's current repository).
    #[arg(
        long,
        value_name = "OWNER/REPO",
        requires = "gh_secret",
        conflicts_with = "org"
    )]
    pub repo: Option<String>,

    /// With --gh-secret: a deployment environment secret instead of a repository secret.
    #[arg(
        long = "env",
        value_name = "ENVIRONMENT",
        requires = "gh_secret",
        conflicts_with = "org"
    )]
    pub gh_env: Option<String>,

    /// With --gh-secret: an organisation secret instead of a repository secret.
    #[arg(long, value_name = "ORG", requires = "gh_secret")]
    pub org: Option<String>,

    /// The authorization endpoint.
    #[arg(long, value_name = "URL", env = "CCAUTH_OAUTH_AUTHORIZE_URL", default_value = ccauth::oauth::DEFAULT_AUTHORIZE_URL)]
    pub authorize_url: String,

    /// The token endpoint.
    #[arg(long, value_name = "URL", env = "CCAUTH_OAUTH_TOKEN_URL", default_value = ccauth::oauth::DEFAULT_TOKEN_URL)]
    pub token_url: String,

    /// The OAuth client id.
    #[arg(long, value_name = "ID", env = "CCAUTH_OAUTH_CLIENT_ID", default_value = ccauth::oauth::DEFAULT_CLIENT_ID)]
    pub client_id: String,
}

/// A duration: bare seconds (`30`) or with a unit (`30s`, `10m`, `1h`), more than 0.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let d = if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse::<u64>()
            .map(std::time::Duration::from_secs)
            .map_err(|e| e.to_string())?
    } else {
        humantime::parse_duration(s).map_err(|e| format!("{e} (try 30, 30s, 10m or 1h)"))?
    };
    if d.is_zero() {
        return Err("the duration must be more than 0".into());
    }
    Ok(d)
}

fn at_most(s: &str, max_secs: u64, max: &str) -> Result<std::time::Duration, String> {
    let d = parse_duration(s)?;
    if d > std::time::Duration::from_secs(max_secs) {
        return Err(format!("at most {max}"));
    }
    Ok(d)
}

fn parse_timeout(s: &str) -> Result<std::time::Duration, String> {
    at_most(s, 24 * 3600, "24h")
}

fn parse_helper_timeout(s: &str) -> Result<std::time::Duration, String> {
    at_most(s, 600, "10m")
}

fn parse_request_timeout(s: &str) -> Result<std::time::Duration, String> {
    at_most(s, 3600, "1h")
}

/// GitHub secret names: letters, digits and `_`, not starting with a digit or `GITHUB_`.
fn parse_secret_name(s: &str) -> Result<String, String> {
    let ok = !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && !s.to_ascii_uppercase().starts_with("GITHUB_")
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(s.to_owned())
    } else {
        Err("a GitHub secret name has letters, digits and _, and starts neither with a digit nor GITHUB_".into())
    }
}

/// `--mode` values: the model's [`Mode`], kept free of clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// `claude -p`: the CI mode; an API key needs no approval.
    Print,
    /// The interactive UI: an API key must have been approved once.
    Interactive,
}

impl From<ModeArg> for Mode {
    fn from(m: ModeArg) -> Self {
        match m {
            ModeArg::Print => Mode::Print,
            ModeArg::Interactive => Mode::Interactive,
        }
    }
}

/// An `--expect` value: a credential source by its id (the model's [`SourceId`] stays free of
/// clap; the two hosted-session files share the id `remote-file`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceArg(pub SourceId);

/// Every source as an `--expect` value, in the model's order, one per id: the `.api_key` file
/// answers to `remote-file` through `.oauth_token` (compared with [`SourceId::same_as`]).
static SOURCE_ARGS: [SourceArg; SourceId::ALL.len() - 1] = {
    let mut out = [SourceArg(SourceId::ApiKey); SourceId::ALL.len() - 1];
    let (mut i, mut j) = (0, 0);
    while i < SourceId::ALL.len() {
        if !matches!(SourceId::ALL[i], SourceId::RemoteApiKey) {
            out[j] = SourceArg(SourceId::ALL[i]);
            j += 1;
        }
        i += 1;
    }
    out
};

impl ValueEnum for SourceArg {
    fn value_variants<'a>() -> &'a [Self] {
        &SOURCE_ARGS
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.id()))
    }
}

/// `--deny` levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DenyLevel {
    /// Warnings make the exit code 1.
    Warnings,
}

/// `--color` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Splits a `--env NAME=VALUE` argument. Validated here rather than by clap, whose error would
/// echo the argument, which may be a secret pasted without its name.
pub fn parse_env_pair(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| "--env expects NAME=VALUE, and this argument has no '=' (it is not shown: it may be a secret)".to_owned())?;
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err("--env expects NAME=VALUE with a NAME of letters, digits and _ (the argument is not shown: it may be a secret)".to_owned());
    }
    Ok((name.to_owned(), value.to_owned()))
}

#[cfg(test)]
mod tests {

    #[test]
    fn mirrors_name_their_variants_as_the_library_does() {
        let name = |v: Option<clap::builder::PossibleValue>| {
            v.map(|v| v.get_name().to_owned()).unwrap_or_default()
        };
        for (arg, lib) in FormatArg::value_variants().iter().zip(ReportFormat::ALL) {
            assert_eq!(name(arg.to_possible_value()), lib.id());
            assert_eq!(ReportFormat::from(*arg), lib);
        }
        assert_eq!(FormatArg::value_variants().len(), ReportFormat::ALL.len());
        for (arg, lib) in VerifyFormatArg::value_variants()
            .iter()
            .zip(VerifyFormat::ALL)
        {
            assert_eq!(name(arg.to_possible_value()), lib.id());
        }
        assert_eq!(
            VerifyFormatArg::value_variants().len(),
            VerifyFormat::ALL.len()
        );
    }
    use super::*;

    #[test]
    fn parses_from_an_iterator() {
        let cli = Cli::try_parse_from([
            "ccauth",
            "lint-env",
            "--env",
            "A=1=2",
            "--ignore",
            "no-credential",
            "--expect",
            "CLAUDE_CODE_OAUTH_TOKEN",
            "--",
            "claude",
            "--bare",
            "-p",
            "x",
        ])
        .unwrap();
        let Command::LintEnv(a) = cli.command else {
            panic!()
        };
        assert_eq!(
            parse_env_pair(&a.model.env[0]),
            Ok(("A".to_owned(), "1=2".to_owned()))
        );
        assert_eq!(a.ignore, vec!["no-credential"]);
        assert_eq!(a.expect, Some(SourceArg(SourceId::OauthToken)));
        assert_eq!(a.command, vec!["claude", "--bare", "-p", "x"]);
    }

    #[test]
    fn rejects_bad_values() {
        for args in [
            &["ccauth", "setup-token", "--timeout", "0s"][..],
            &["ccauth", "setup-token", "--timeout", "soon"],
            &["ccauth", "setup-token", "--gh-secret", "GITHUB_TOKEN"],
            &["ccauth", "setup-token", "--gh-secret", "1X"],
            &["ccauth", "setup-token", "--repo", "o/r"],
            &["ccauth", "setup-token", "--force"],
            &["ccauth", "setup-token", "--browser", "--no-browser"],
            &[
                "ccauth",
                "setup-token",
                "--gh-secret",
                "X",
                "--repo",
                "o/r",
                "--org",
                "o",
            ],
            &[
                "ccauth",
                "setup-token",
                "--gh-secret",
                "X",
                "--env",
                "e",
                "--org",
                "o",
            ],
            &["ccauth", "lint-env", "--ignore", "no-such-rule"],
            &["ccauth", "lint-env", "--expect", "nope"],
            &["ccauth", "lint-env", "--helper-timeout", "0"],
            &["ccauth", "lint-env", "--helper-timeout", "11m"],
            &["ccauth", "verify", "--timeout", "0"],
            &["ccauth", "verify", "--retries", "11"],
            &["ccauth", "verify", "--expires-at", "tomorrow"],
            &["ccauth", "verify", "--probe", "guess"],
        ] {
            assert!(Cli::try_parse_from(args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn durations_take_bare_seconds_and_units() {
        use std::time::Duration;
        for (text, secs) in [
            ("30", 30),
            ("30s", 30),
            ("10m", 600),
            ("1h", 3600),
            (" 20 ", 20),
        ] {
            assert_eq!(
                parse_duration(text),
                Ok(Duration::from_secs(secs)),
                "{text}"
            );
        }
        for bad in ["", "0", "0s", "-1", "soon", "1.5"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
        let cli = Cli::try_parse_from(["ccauth", "setup-token", "--timeout", "30"]).unwrap();
        let Command::SetupToken(a) = cli.command else {
            panic!()
        };
        assert_eq!(a.timeout, Duration::from_secs(30));
    }

    #[test]
    fn env_pairs_are_checked_without_echoing() {
        for bad in [
            "NOEQUALS-hunter2",
            "1BAD=hunter2",
            "=hunter2",
            "A-B=hunter2",
        ] {
            let err = parse_env_pair(bad).unwrap_err();
            assert!(!err.contains("hunter2"), "{err}");
        }
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
