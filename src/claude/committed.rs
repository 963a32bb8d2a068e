//! Literal secrets in files committed with the repository (`.claude/settings.json`,
//! `.mcp.json`): an `sk-ant-` token anywhere, or a literal under a secret-looking key. Read by
//! the snapshot (which tells the redactor) and by the `secret-in-settings-file` rule.

use serde_json::Value;

use super::files::{pointer, JsonDoc};
use super::sources::{is_credential_var, vars};

/// Keys whose values are commands; only an `sk-ant-` token inside them is a finding.
const COMMAND_KEYS: &[&str] = &[
    "apiKeyHelper",
    "awsAuthRefresh",
    "awsCredentialExport",
    "gcpAuthRefresh",
    "command",
    "args",
];

/// Values shorter than this are placeholders, not secrets.
const MIN_SECRET_LEN: usize = 8;

/// A literal secret found in a document: the key it is under (if any), the value and its JSON
/// pointer.
pub type LiteralSecret = (Option<String>, String, String);

/// Every literal secret in `doc`, in document order.
pub fn literal_secrets(doc: &JsonDoc) -> Vec<LiteralSecret> {
    let mut found = Vec::new();
    walk(&doc.value, None, "", &mut found);
    found
}

/// Collects `(key, value, JSON pointer)` for every string that is a secret: an `sk-ant-` token
/// anywhere, or a literal value under a secret-looking key.
fn walk(value: &Value, key: Option<&str>, at: &str, found: &mut Vec<LiteralSecret>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                walk(v, Some(k), &format!("{at}{}", pointer([k.as_str()])), found);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, key, &format!("{at}/{i}"), found);
            }
        }
        Value::String(s) if is_secret(key, s) => {
            found.push((key.map(str::to_owned), s.clone(), at.to_owned()));
        }
        _ => {}
    }
}

/// A line of `ANTHROPIC_CUSTOM_HEADERS` that carries a credential: `Authorization`, `x-api-key`
/// or a secret-looking header name with a literal value.
fn header_line_is_secret(line: &str) -> bool {
    let Some((name, value)) = line.split_once(':') else {
        return false;
    };
    let name = name.trim().to_ascii_uppercase();
    let value = value.trim();
    let value = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .unwrap_or(value)
        .trim();
    let secret_name = ["AUTHORIZATION", "X-API-KEY"].contains(&name.as_str())
        || ["TOKEN", "SECRET", "KEY", "PASSWORD"]
            .iter()
            .any(|w| name.contains(w));
    secret_name && value.len() >= MIN_SECRET_LEN && !value.contains("${") && !value.starts_with('$')
}

fn is_secret(key: Option<&str>, value: &str) -> bool {
    let value = value.trim();
    if value.contains("sk-ant-") && value.len() >= "sk-ant-".len() + MIN_SECRET_LEN {
        return true;
    }
    let Some(key) = key else { return false };
    // Commands (a helper, an MCP server's command line) are code, not secrets.
    if COMMAND_KEYS.contains(&key) {
        return false;
    }
    // `${VAR}` is expanded from the environment at run time: that is the right way.
    if value.len() < MIN_SECRET_LEN || value.contains("${") || value.starts_with('$') {
        return false;
    }
    if key == vars::CUSTOM_HEADERS {
        return value.lines().any(header_line_is_secret);
    }
    let upper = key.to_ascii_uppercase();
    is_credential_var(key)
        || upper == "AUTHORIZATION"
        || ["API_KEY", "APIKEY", "TOKEN", "SECRET", "PASSWORD"]
            .iter()
            .any(|w| upper.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_counts_as_a_secret() {
        let cases = [
            (None, "echo sk-ant-api03-abcdefghij", true),
            (
                Some("apiKeyHelper"),
                "vault read -field=key secret/claude",
                false,
            ),
            (Some("ANTHROPIC_API_KEY"), "literal-value-123", true),
            (Some("GITHUB_TOKEN"), "ghp_abcdefghijkl", true),
            (Some("GITHUB_TOKEN"), "${GITHUB_TOKEN}", false),
            (Some("Authorization"), "Bearer abcdefghijk", true),
            (Some("ANTHROPIC_BASE_URL"), "https://gateway.example", false),
            (Some("ANTHROPIC_API_KEY"), "short", false),
            // The length limit is exact, and both spellings of an expansion are fine.
            (Some("GATEWAY_TOKEN"), "12345678", true),
            (Some("GATEWAY_TOKEN"), "1234567", false),
            (Some("GATEWAY_TOKEN"), "$GATEWAY_TOKEN", false),
            (Some("GATEWAY_TOKEN"), "prefix-${X}-suffix", false),
            (Some("model"), "claude-sonnet-4-5", false),
            (
                Some("ANTHROPIC_CUSTOM_HEADERS"),
                "X-Team: ci\nx-api-key: FAKEkey-abcdef",
                true,
            ),
            (
                Some("ANTHROPIC_CUSTOM_HEADERS"),
                "Authorization: Bearer ${T}",
                false,
            ),
            (
                Some("ANTHROPIC_CUSTOM_HEADERS"),
                "X-Team: continuous-integration",
                false,
            ),
        ];
        for (key, value, want) in cases {
            assert_eq!(is_secret(key, value), want, "{key:?}={value}");
        }
    }

    #[test]
    fn secrets_inside_arrays_are_found_with_their_position() {
        let doc = serde_json::json!({
            "servers": [{"env": {"API_TOKEN": "FAKE-abcdefgh"}}],
            "keys": ["sk-ant-api03-FAKEinarray0"]
        });
        let mut found = Vec::new();
        walk(&doc, None, "", &mut found);
        let at: Vec<&str> = found.iter().map(|(_, _, p)| p.as_str()).collect();
        assert_eq!(at, vec!["/keys/0", "/servers/0/env/API_TOKEN"]);
    }
}
