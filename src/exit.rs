//! The documented exit codes of `ccauth`.

/// Every exit code ccauth uses (README, "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitStatus {
    /// Success: no error findings (and no warnings under `--deny warnings`).
    Success = 0,
    /// Findings: at least one error (or warning under `--deny warnings`).
    Findings = 1,
    /// Usage or input error: a bad flag, a missing `--env-file`, unwritable output.
    Usage = 2,
    /// `setup-token`: no token: the login was refused or timed out, or the token endpoint failed.
    FlowFailed = 3,
    /// `setup-token`: the token was minted and printed, but `--output` or `--gh-secret` failed.
    NotStored = 4,
    /// A bug in ccauth (a panic): a one-line, scrubbed message on stderr instead of Rust's 101.
    Internal = 70,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        Self::from(s as u8)
    }
}
