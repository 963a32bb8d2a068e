//! The documented exit codes of `ccauth`.

/// Every exit code ccauth uses (README, "Exit codes"). Two subcommands give 3 its own meaning,
/// so the code is a method, not the discriminant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Success: no error findings (and no warnings under `--deny warnings`); `verify`: it works.
    Success,
    /// Findings: at least one error (or warning under `--deny warnings`); `verify`: the
    /// credential or configuration is wrong, and retrying will not help.
    Findings,
    /// Usage or input error: a bad flag, a missing `--env-file`, unwritable output.
    Usage,
    /// `setup-token`: no token: the login was refused or timed out, or the token endpoint failed.
    FlowFailed,
    /// `verify`: could not decide (network, rate limit, overload, server error after retries);
    /// the job may be retried.
    Undecided,
    /// `setup-token`: the token was minted and printed, but `--output` or `--gh-secret` failed.
    NotStored,
    /// A bug in ccauth (a panic): a one-line, scrubbed message on stderr instead of Rust's 101.
    Internal,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Findings => 1,
            Self::Usage => 2,
            Self::FlowFailed | Self::Undecided => 3,
            Self::NotStored => 4,
            Self::Internal => 70,
        }
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        Self::from(s.code())
    }
}
