//! The recorded expiry of an OAuth token (`--expires-at`, or the `NAME_EXPIRES_AT` variable
//! `setup-token --gh-secret` stores beside the token), judged against a warning window, offline.

use std::time::{Duration, SystemTime};

use serde::Serialize;

/// The variable `setup-token --gh-secret CLAUDE_CODE_OAUTH_TOKEN` stores the expiry in.
pub const EXPIRES_AT_VAR: &str = "CLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT";

const DAY: u64 = 86_400;

/// Where the token stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// More than the warning window left.
    Valid,
    /// Inside the warning window.
    ExpiresSoon,
    /// Past its expiry.
    Expired,
}

/// The expiry and how it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expiry {
    /// RFC 3339, UTC.
    pub expires_at: String,
    /// Whole days left (negative once expired).
    pub days_left: i64,
    pub warn_days: u32,
    pub standing: Standing,
    /// Where the date came from (`--expires-at` or the variable).
    pub from: String,
}

impl Expiry {
    /// Judges `at` against `now` with a window of `warn_days`.
    pub fn judge(at: SystemTime, now: SystemTime, warn_days: u32, from: &str) -> Self {
        let days_left = match at.duration_since(now) {
            Ok(left) => i64::try_from(left.as_secs() / DAY).unwrap_or(i64::MAX),
            Err(past) => {
                -i64::try_from(past.duration().as_secs().div_ceil(DAY)).unwrap_or(i64::MAX)
            }
        };
        let standing = if at <= now {
            Standing::Expired
        } else if at.duration_since(now).unwrap_or_default()
            < Duration::from_secs(u64::from(warn_days) * DAY)
        {
            Standing::ExpiresSoon
        } else {
            Standing::Valid
        };
        Self {
            expires_at: crate::time::rfc3339(at),
            days_left,
            warn_days,
            standing,
            from: from.to_owned(),
        }
    }

    /// One line for people.
    pub fn sentence(&self) -> String {
        match self.standing {
            Standing::Valid => format!(
                "the token expires {} ({} days left)",
                self.expires_at, self.days_left
            ),
            Standing::ExpiresSoon => format!(
                "the token expires {}, in {} days (inside the {}-day window): mint a new one with `ccauth setup-token` and replace the secret",
                self.expires_at, self.days_left, self.warn_days
            ),
            Standing::Expired => format!(
                "the token expired {} (according to {}): mint a new one with `ccauth setup-token` and replace the secret",
                self.expires_at, self.from
            ),
        }
    }
}

/// The recorded expiry: `--expires-at` when given, else `CLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT` as
/// the model sees it; an unreadable value names where it came from.
pub fn recorded(
    flag: Option<SystemTime>,
    s: &super::snapshot::Snapshot,
) -> anyhow::Result<Option<(SystemTime, String)>> {
    if let Some(at) = flag {
        return Ok(Some((at, "--expires-at".into())));
    }
    let Some(raw) = s.value(EXPIRES_AT_VAR) else {
        return Ok(None);
    };
    let at =
        crate::time::parse_rfc3339(raw).map_err(|e| anyhow::anyhow!("{EXPIRES_AT_VAR}: {e}"))?;
    Ok(Some((at, EXPIRES_AT_VAR.into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> SystemTime {
        crate::time::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn standing_by_days_left() {
        let now = at("2026-11-26T12:00:00Z");
        let table = [
            ("2027-11-26T12:00:00Z", Standing::Valid, 365),
            ("2026-12-26T12:00:00Z", Standing::Valid, 30),
            ("2026-12-26T11:59:59Z", Standing::ExpiresSoon, 29),
            ("2026-11-26T12:00:01Z", Standing::ExpiresSoon, 0),
            ("2026-11-26T12:00:00Z", Standing::Expired, 0),
            ("2026-11-25T12:00:00Z", Standing::Expired, -1),
            ("2026-11-25T11:00:00Z", Standing::Expired, -2),
        ];
        for (when, standing, days) in table {
            let e = Expiry::judge(at(when), now, 30, "--expires-at");
            assert_eq!((e.standing, e.days_left), (standing, days), "{when}");
            let words = match standing {
                Standing::Valid => "days left",
                Standing::ExpiresSoon => "inside the 30-day window",
                Standing::Expired => "according to --expires-at",
            };
            assert!(e.sentence().contains(words), "{when}: {}", e.sentence());
        }
    }
}
