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

/// Parses an RFC 3339 time: `2027-11-26T15:00:00Z`, with fractions, or with an offset
/// (`+02:00`). The error says what is expected; the value is not a secret and may be shown.
pub fn parse_rfc3339(s: &str) -> Result<SystemTime, String> {
    let s = s.trim();
    let bad = || format!("{s:?} is not an RFC 3339 time (like 2027-11-26T15:00:00Z)");
    let (local, offset_secs) = split_offset(s).ok_or_else(bad)?;
    let t = humantime::parse_rfc3339_weak(local).map_err(|_| bad())?;
    let shifted = if offset_secs >= 0 {
        t.checked_sub(Duration::from_secs(offset_secs.unsigned_abs()))
    } else {
        t.checked_add(Duration::from_secs(offset_secs.unsigned_abs()))
    };
    shifted.ok_or_else(bad)
}

/// Splits `…Z` or `…±HH:MM` into the local time and the offset in seconds east of UTC.
fn split_offset(s: &str) -> Option<(&str, i64)> {
    if let Some(local) = s.strip_suffix('Z').or_else(|| s.strip_suffix('z')) {
        return Some((local, 0));
    }
    let cut = s.len().checked_sub(6)?;
    let (local, offset) = (s.get(..cut)?, s.get(cut..)?);
    let sign = match offset.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = offset[1..].split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    (local.contains('T') || local.contains(' ')).then_some(())?;
    (h < 24 && m < 60).then_some((local, sign * (h * 3600 + m * 60)))
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

    #[test]
    fn parses_utc_fractions_and_offsets() {
        assert_eq!(at("2027-01-01T02:00:00+02:00"), at("2027-01-01T00:00:00Z"));
        assert_eq!(at("2026-12-31T19:00:00-05:00"), at("2027-01-01T00:00:00Z"));
        assert_eq!(
            rfc3339(at("2027-01-01T00:00:00.250Z")),
            "2027-01-01T00:00:00Z"
        );
        assert_eq!(at("2027-01-01T05:30:00+05:30"), at("2027-01-01T00:00:00Z"));
        assert_eq!(at("2027-01-01T23:59:00+23:59"), at("2027-01-01T00:00:00Z"));
        for bad in [
            "",
            "tomorrow",
            "2027-01-01",
            "2027-01-01T00:00:00+25:00",
            "2027-01-01T00:00:00+24:00",
            "2027-01-01T00:00:00+00:60",
            "2027-13-01T00:00:00Z",
        ] {
            assert!(parse_rfc3339(bad).is_err(), "{bad:?}");
        }
    }

    fn at(s: &str) -> SystemTime {
        parse_rfc3339(s).unwrap()
    }
}
