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
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        Self::from(s as u8)
    }
}
