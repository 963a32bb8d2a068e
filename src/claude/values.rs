//! How Claude Code reads a variable's value: trimming, empty-means-unset, and truthiness.

/// The value Claude Code uses: trimmed, and `None` when empty or blank (a missing CI secret).
pub fn credential_value(raw: &str) -> Option<&str> {
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then_some(trimmed)
}

/// True when the raw value is set but empty or whitespace only.
pub fn is_blank(raw: &str) -> bool {
    raw.trim().is_empty()
}

/// True when the value has whitespace or line breaks around it that Claude Code strips.
pub fn is_padded(raw: &str) -> bool {
    !is_blank(raw) && raw.trim() != raw
}

/// Claude Code's boolean switches: only `1`, `true`, `yes`, `on` (any case, trimmed) are true.
pub fn is_truthy(raw: &str) -> bool {
    let v = raw.trim();
    ["1", "true", "yes", "on"]
        .iter()
        .any(|t| v.eq_ignore_ascii_case(t))
}

/// Every problem of a trimmed value, as message fragments.
pub fn value_problems(name: &str, value: &str, gateway: bool) -> Vec<&'static str> {
    let mut problems = Vec::new();
    let quoted = value.len() >= 2
        && ((value.starts_with('"') && value.ends_with('"'))
            || (value.starts_with('\'') && value.ends_with('\'')));
    if quoted {
        problems.push("it is wrapped in quotes, which are sent as part of it");
    }
    if value.chars().any(char::is_whitespace) {
        problems.push("it contains whitespace, which is sent as is");
    }
    if value.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        problems.push("it contains control characters");
    }
    use super::sources::vars;
    use super::token::TokenKind;
    let anthropic_only = name == vars::API_KEY || name == vars::OAUTH_TOKEN;
    let kind = TokenKind::of(value.trim_matches(|c| c == '"' || c == '\''));
    if anthropic_only && !gateway && matches!(kind, TokenKind::Unknown | TokenKind::OtherAnthropic)
    {
        problems.push("it does not start with a known sk-ant- prefix");
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimming_and_empty_means_unset() {
        let cases: &[(&str, Option<&str>)] = &[
            ("k", Some("k")),
            ("  k  ", Some("k")),
            ("k\n", Some("k")),
            ("\tk\r\n", Some("k")),
            ("k k", Some("k k")),
            ("", None),
            ("   ", None),
            ("\n", None),
        ];
        for (raw, want) in cases {
            assert_eq!(credential_value(raw), *want, "{raw:?}");
        }
        assert!(is_padded(" k"));
        assert!(is_padded("k\n"));
        assert!(!is_padded("k"));
        assert!(!is_padded("  "));
        assert!(is_blank(" \n"));
    }

    #[test]
    fn truthiness() {
        for yes in ["1", "true", "TRUE", "Yes", "on", " on ", "tRuE\n"] {
            assert!(is_truthy(yes), "{yes:?}");
        }
        for no in ["0", "false", "2", "y", "", " ", "enabled", "no", "off"] {
            assert!(!is_truthy(no), "{no:?}");
        }
    }
}
