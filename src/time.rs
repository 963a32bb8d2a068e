//! Time arithmetic and formatting that never panic: values from files and servers can be absurd
//! (an `expiresAt` in the year 10000, an `expires_in` of 1e15).

use std::time::{Duration, SystemTime};

/// The last second RFC 3339 can write (9999-12-31T23:59:59Z).
pub fn latest() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(253_402_300_799)
}

/// `t + d`, saturating at [`latest`].
pub fn add(t: SystemTime, d: Duration) -> SystemTime {
    t.checked_add(d).map_or(latest(), |t| t.min(latest()))
}

/// Milliseconds since the epoch as a time (negative: the epoch), saturating at [`latest`].
pub fn from_epoch_millis(ms: i64) -> SystemTime {
    add(
        SystemTime::UNIX_EPOCH,
        Duration::from_millis(u64::try_from(ms).unwrap_or(0)),
    )
}

/// A time in RFC 3339, to the second; outside 1970..=9999 it is clamped, never a panic.
pub fn rfc3339(t: SystemTime) -> String {
    let t = t.clamp(SystemTime::UNIX_EPOCH, latest());
    humantime::format_rfc3339_seconds(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absurd_values_saturate() {
        assert_eq!(
            rfc3339(from_epoch_millis(253_402_300_800_000)),
            "9999-12-31T23:59:59Z"
        );
        assert_eq!(rfc3339(from_epoch_millis(i64::MAX)), "9999-12-31T23:59:59Z");
        assert_eq!(rfc3339(from_epoch_millis(-5)), "1970-01-01T00:00:00Z");
        assert_eq!(
            rfc3339(add(SystemTime::now(), Duration::from_secs(u64::MAX))),
            "9999-12-31T23:59:59Z"
        );
        assert_eq!(
            rfc3339(from_epoch_millis(4_102_444_800_000)),
            "2100-01-01T00:00:00Z"
        );
    }
}
