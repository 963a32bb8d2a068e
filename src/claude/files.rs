//! Reading the files Claude Code reads: bounded, never panicking, and turning every problem into
//! an [`Problem`] that names the file (and line and column where there is one).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use jsonc_parser::ast;
use jsonc_parser::common::Ranged as _;
use serde::Serialize;
use serde_json::Value;

use super::{Location, Origin, Problem};

/// Larger files are rejected: settings and dotenv files are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Reads a UTF-8 text file. `Ok(None)` when it does not exist, which is normal. Only regular
/// files are read (a symlink to one is fine): a FIFO, a device or `/proc/self/fd/*` committed in
/// a repository would otherwise block or read ccauth's own streams. Larger than
/// [`MAX_FILE_BYTES`] is a problem, found before anything is allocated.
pub fn read_text(path: &Path) -> Result<Option<String>, Problem> {
    use crate::fsio::ReadError;
    crate::fsio::read_text(path, MAX_FILE_BYTES, None).map_err(|e| {
        let message = match &e {
            ReadError::NotRegular { kind, .. } => format!(
                "{} is {kind}, not a regular file; ccauth does not read it",
                path.display()
            ),
            ReadError::TooLarge { len, limit, .. } => format!(
                "{} is {len} bytes, larger than the {limit} byte limit for a settings or env file",
                path.display()
            ),
            ReadError::Grew { limit, .. } => format!(
                "{} grew past the {limit} byte limit while being read",
                path.display()
            ),
            ReadError::Binary { .. } => format!(
                "{} looks binary (it contains NUL bytes); expected text",
                path.display()
            ),
            ReadError::Io { .. } | ReadError::Outside { .. } | ReadError::NotUtf8 { .. } => {
                e.to_string()
            }
        };
        Problem::new(Location::file(path), message)
    })
}

/// A JSON document that parsed, with the position of every key and array element.
#[derive(Debug, Clone)]
pub struct JsonDoc {
    pub path: Option<PathBuf>,
    pub text: String,
    pub value: Value,
    /// Byte offset of each key (and array element) by JSON pointer (`/env/ANTHROPIC_API_KEY`),
    /// from a parser that keeps positions. A repeated key points at its last occurrence, the
    /// one whose value counts.
    positions: BTreeMap<String, usize>,
}

impl JsonDoc {
    fn new(path: Option<PathBuf>, text: String, value: Value) -> Self {
        let positions = positions(&text);
        Self {
            path,
            text,
            value,
            positions,
        }
    }

    /// The location of the key (or array element) at a JSON `pointer` (see [`pointer`]), or the
    /// file alone when there is no such key.
    pub fn locate(&self, pointer: &str) -> Location {
        let Some(path) = &self.path else {
            return Location::CommandLine {
                argument: "--settings".into(),
            };
        };
        match self.positions.get(pointer) {
            Some(offset) => {
                let (line, column) = line_col(&self.text, *offset);
                Location::at(path, line, column)
            }
            None => Location::file(path),
        }
    }

    /// Where the document came from, for messages.
    pub fn label(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "--settings (inline JSON)".into(),
        }
    }
}

/// A JSON pointer (RFC 6901) for a path of keys: `pointer(["env", "X"])` is `/env/X`.
pub fn pointer<'a>(keys: impl IntoIterator<Item = &'a str>) -> String {
    keys.into_iter()
        .map(|k| format!("/{}", k.replace('~', "~0").replace('/', "~1")))
        .collect()
}

/// The byte offset of every key and array element, by JSON pointer.
fn positions(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default());
    if let Ok(jsonc_parser::ParseResult {
        value: Some(value), ..
    }) = parsed
    {
        record_positions(&value, "", &mut out);
    }
    out
}

fn record_positions(value: &ast::Value<'_>, at: &str, out: &mut BTreeMap<String, usize>) {
    match value {
        ast::Value::Object(object) => {
            for prop in &object.properties {
                let here = format!("{at}{}", pointer([prop.name.as_str()]));
                out.insert(here.clone(), prop.range.start);
                record_positions(&prop.value, &here, out);
            }
        }
        ast::Value::Array(array) => {
            for (i, element) in array.elements.iter().enumerate() {
                let here = format!("{at}/{i}");
                out.insert(here.clone(), element.start());
                record_positions(element, &here, out);
            }
        }
        ast::Value::StringLit(_)
        | ast::Value::NumberLit(_)
        | ast::Value::BooleanLit(_)
        | ast::Value::NullKeyword(_) => {}
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Reads and parses a JSON object file. `Ok(None)` when the file does not exist.
pub fn read_json_object(path: &Path) -> Result<Option<JsonDoc>, Problem> {
    let Some(text) = read_text(path)? else {
        return Ok(None);
    };
    parse_json_object(Some(path.to_path_buf()), text).map(Some)
}

/// Parses JSON text that must be an object; `path` is `None` for inline `--settings` JSON.
pub fn parse_json_object(path: Option<PathBuf>, text: String) -> Result<JsonDoc, Problem> {
    let location = |line: usize, column: usize| match &path {
        Some(p) => Location::at(
            p,
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(column).unwrap_or(u32::MAX),
        ),
        None => Location::CommandLine {
            argument: "--settings".into(),
        },
    };
    let label = path.as_ref().map_or_else(
        || "--settings (inline JSON)".to_owned(),
        |p| p.display().to_string(),
    );
    // Claude Code treats an empty settings file as no settings.
    if text.trim().is_empty() {
        return Ok(JsonDoc::new(path, text, Value::Object(Default::default())));
    }
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        // serde_json's message names the problem and position, never the document's content.
        let what = e.to_string();
        let what = what.split(" at line ").next().unwrap_or(&what).to_owned();
        Problem::new(
            location(e.line(), e.column()),
            format!("{label} is not valid JSON: {what}; Claude Code ignores this file"),
        )
    })?;
    if !value.is_object() {
        return Err(Problem::new(
            location(1, 1),
            format!("{label} must contain a JSON object; Claude Code ignores this file"),
        ));
    }
    Ok(JsonDoc::new(path, text, value))
}

/// A settings layer: one file (or inline JSON) at one level of the order.
#[derive(Debug, Clone)]
pub struct SettingsFile {
    pub origin: Origin,
    pub doc: JsonDoc,
    /// Set when the repository owns the file (a pull request can write it), with the reason.
    pub owner: Option<super::ownership::Ownership>,
}

impl SettingsFile {
    /// The `env` block's entries as Claude Code would apply them (values made strings), plus
    /// problems with entries it cannot use.
    pub fn env_entries(&self) -> (Vec<(String, String, Location)>, Vec<Problem>) {
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        match self.doc.value.get("env") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (key, value) in map {
                    let location = self.doc.locate(&pointer(["env", key.as_str()]));
                    let text = match value {
                        Value::String(s) => s.clone(),
                        // Assigning to process.env turns scalars into their string form.
                        Value::Bool(b) => b.to_string(),
                        Value::Number(n) => n.to_string(),
                        _ => {
                            problems.push(Problem::new(
                                location,
                                format!(
                                    "{}: env.{key} must be a string; it is ignored",
                                    self.doc.label()
                                ),
                            ));
                            continue;
                        }
                    };
                    entries.push((key.clone(), text, location));
                }
            }
            Some(_) => problems.push(Problem::new(
                self.doc.locate(&pointer(["env"])),
                format!(
                    "{}: \"env\" must be an object; it is ignored",
                    self.doc.label()
                ),
            )),
        }
        (entries, problems)
    }

    /// A top-level string setting (e.g. `apiKeyHelper`) with its location.
    pub fn string_setting(&self, key: &str) -> Option<(String, Location)> {
        let value = self.doc.value.get(key)?.as_str()?;
        Some((value.to_owned(), self.doc.locate(&pointer([key]))))
    }

    /// The settings whose value is a command Claude Code runs to get credentials, with where
    /// each is set.
    pub fn credential_commands(&self) -> impl Iterator<Item = (&'static str, Location)> + '_ {
        CREDENTIAL_COMMAND_KEYS
            .iter()
            .filter_map(|key| self.string_setting(key).map(|(_, at)| (*key, at)))
    }
}

/// Settings keys whose value is a command Claude Code runs for credentials.
pub const CREDENTIAL_COMMAND_KEYS: &[&str] = &[
    "apiKeyHelper",
    "awsAuthRefresh",
    "awsCredentialExport",
    "gcpAuthRefresh",
];

/// What `.credentials.json` says about a stored `/login`, without its token values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredLogin {
    pub path: PathBuf,
    pub has_access_token: bool,
    pub has_refresh_token: bool,
    /// `None` when the file records no scopes.
    pub scopes: Option<Vec<String>>,
    /// Milliseconds since the epoch.
    pub expires_at: Option<i64>,
    pub subscription: Option<String>,
    /// Unix permission bits, where the platform has them.
    pub mode: Option<u32>,
}

impl StoredLogin {
    /// Reads `<config dir>/.credentials.json`; `Ok(None)` when there is none.
    pub fn read(path: &Path) -> Result<Option<Self>, Problem> {
        let Some(doc) = read_json_object(path)? else {
            return Ok(None);
        };
        Ok(Some(Self::from_doc(&doc, path, file_mode(path))))
    }

    /// Parses the text of a `.credentials.json` (for tests and fuzzing: no file is read).
    pub fn parse(text: &str, path: &Path) -> Result<Self, Problem> {
        let doc = parse_json_object(Some(path.to_path_buf()), text.to_owned())?;
        Ok(Self::from_doc(&doc, path, None))
    }

    fn from_doc(doc: &JsonDoc, path: &Path, mode: Option<u32>) -> Self {
        let oauth = doc.value.get("claudeAiOauth");
        let field = |k: &str| oauth.and_then(|o| o.get(k));
        let has = |k: &str| {
            field(k)
                .and_then(Value::as_str)
                .is_some_and(|s| !s.trim().is_empty())
        };
        Self {
            path: path.to_path_buf(),
            has_access_token: has("accessToken"),
            has_refresh_token: has("refreshToken"),
            scopes: field("scopes").and_then(Value::as_array).map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            }),
            expires_at: field("expiresAt").and_then(Value::as_i64),
            subscription: field("subscriptionType")
                .and_then(Value::as_str)
                .map(str::to_owned),
            mode,
        }
    }

    /// `stored /login, max plan, access token expires 2027-…`: what it is, safe to print.
    pub fn describe(&self) -> String {
        let mut d = String::from("stored /login");
        if let Some(plan) = &self.subscription {
            d.push_str(&format!(", {plan} plan"));
        }
        let expiry = self.expires_at.map(crate::time::from_epoch_millis);
        if let Some(at) = expiry {
            let when = crate::time::rfc3339(at);
            if at < std::time::SystemTime::now() {
                let refresh = if self.has_refresh_token {
                    "refreshed on first use"
                } else {
                    "no refresh token: log in again"
                };
                d.push_str(&format!(", access token expired {when} ({refresh})"));
            } else {
                d.push_str(&format!(", access token expires {when}"));
            }
        }
        d
    }

    /// The stored access token itself (read again from the file, remembered by the redactor), for
    /// `verify`, which has to send it; `Ok(None)` when the file no longer holds one.
    pub fn access_token(&self) -> Result<Option<String>, Problem> {
        let Some(doc) = read_json_object(&self.path)? else {
            return Ok(None);
        };
        let token = doc
            .value
            .pointer("/claudeAiOauth/accessToken")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        if let Some(t) = &token {
            crate::redact::remember(t);
        }
        Ok(token)
    }

    /// True when the access token's recorded expiry has passed.
    pub fn is_expired(&self) -> bool {
        self.expires_at
            .is_some_and(|ms| crate::time::from_epoch_millis(ms) < std::time::SystemTime::now())
    }

    /// True when the stored login can be used for inference.
    pub fn has_inference_scope(&self) -> bool {
        self.scopes
            .as_ref()
            .is_some_and(|s| s.iter().any(|x| x == INFERENCE_SCOPE))
    }
}

/// The OAuth scope Claude Code needs to send a request with an OAuth credential.
pub const INFERENCE_SCOPE: &str = "user:inference";

#[cfg(unix)]
fn file_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn file_mode(_path: &Path) -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_text_limits_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        assert_eq!(MAX_FILE_BYTES, 1_048_576);
        let limit = usize::try_from(MAX_FILE_BYTES).unwrap();
        std::fs::write(at("max"), "a".repeat(limit)).unwrap();
        assert_eq!(read_text(&at("max")).unwrap().map(|t| t.len()), Some(limit));
        std::fs::write(at("over"), "a".repeat(limit + 1)).unwrap();
        let err = read_text(&at("over")).unwrap_err();
        assert!(
            err.message
                .contains("1048577 bytes, larger than the 1048576 byte limit"),
            "{}",
            err.message
        );
        assert_eq!(read_text(&at("missing")).unwrap(), None);
        // A path through a file is an error, not "missing".
        std::fs::write(at("file"), "x").unwrap();
        let err = read_text(&at("file").join("below")).unwrap_err();
        assert!(err.message.starts_with("cannot read"), "{}", err.message);
        let err = read_text(dir.path()).unwrap_err();
        assert!(
            err.message.contains("is a directory, not a regular file"),
            "{}",
            err.message
        );
        std::fs::write(at("nul"), "a\0b").unwrap();
        assert!(read_text(&at("nul")).unwrap_err().message.contains("NUL"));
        std::fs::write(at("latin1"), [b'a', 0xe9]).unwrap();
        assert!(read_text(&at("latin1"))
            .unwrap_err()
            .message
            .contains("at byte 1"));
        std::os::unix::fs::symlink(at("max"), at("link")).unwrap();
        assert!(read_text(&at("link")).unwrap().is_some());
    }

    #[test]
    fn json_errors_carry_line_and_column_and_no_content() {
        let err = parse_json_object(
            Some("/p/settings.json".into()),
            "{\n  \"env\": {\"ANTHROPIC_API_KEY\": \"sk-ant-api03-secret\",}\n}".into(),
        )
        .unwrap_err();
        match &err.location {
            Location::File { line, column, .. } => {
                assert_eq!(*line, Some(2));
                assert!(column.is_some());
            }
            other => panic!("{other:?}"),
        }
        assert!(err.message.contains("/p/settings.json"));
        assert!(!err.message.contains("secret"));
    }

    #[test]
    fn non_objects_and_empty_files() {
        assert!(parse_json_object(Some("/x".into()), "[1]".into()).is_err());
        assert!(parse_json_object(Some("/x".into()), "  \n".into()).is_ok());
    }

    #[test]
    fn locate_uses_parser_positions_not_text_search() {
        // A text search for "env" then "ANTHROPIC_API_KEY" would stop at the string value "env"
        // on line 2 and then at the key on line 3; the parser knows the key is on line 5.
        let text = "{\n \"note\": \"env\",\n \"ANTHROPIC_API_KEY\": \"ANTHROPIC_API_KEY\",\n \"env\": {\n   \"A/B~C\": \"1\", \"ANTHROPIC_API_KEY\": \"x\"\n },\n \"list\": [1, {\"k\": 2}]\n}";
        let doc = parse_json_object(Some("/s.json".into()), text.into()).unwrap();
        let at = |keys: &[&str]| doc.locate(&pointer(keys.iter().copied()));
        assert_eq!(
            at(&["env", "ANTHROPIC_API_KEY"]),
            Location::at("/s.json", 5, 18)
        );
        assert_eq!(at(&["ANTHROPIC_API_KEY"]), Location::at("/s.json", 3, 2));
        assert_eq!(at(&["env", "A/B~C"]), Location::at("/s.json", 5, 4));
        assert_eq!(at(&["list", "1", "k"]), Location::at("/s.json", 7, 15));
        assert_eq!(at(&["missing"]), Location::file("/s.json"));
        assert_eq!(pointer(["a/b", "c~d"]), "/a~1b/c~0d");
        let inline = parse_json_object(None, "{}".into()).unwrap();
        assert_eq!(
            inline.locate(""),
            Location::CommandLine {
                argument: "--settings".into()
            }
        );
        // A repeated key counts (and is located) at its last occurrence, as serde_json reads it.
        let dup =
            parse_json_object(Some("/d.json".into()), "{\"a\": 1,\n\"a\": 2}".into()).unwrap();
        assert_eq!(dup.locate("/a"), Location::at("/d.json", 2, 1));
    }

    #[test]
    fn locate_finds_keys_after_an_anchor() {
        let doc = parse_json_object(
            Some("/s.json".into()),
            "{\n \"ANTHROPIC_API_KEY\": 1,\n \"env\": {\n   \"ANTHROPIC_API_KEY\": \"x\"\n }\n}"
                .into(),
        )
        .unwrap();
        assert_eq!(
            doc.locate(&pointer(["env", "ANTHROPIC_API_KEY"])),
            Location::at("/s.json", 4, 4)
        );
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }

    #[test]
    fn env_values_become_strings() {
        let file = SettingsFile {
            origin: Origin::SettingsUser,
            owner: None,
            doc: parse_json_object(
                Some("/s.json".into()),
                r#"{"env": {"A": "x", "B": true, "C": 1, "D": {"x": 1}}}"#.into(),
            )
            .unwrap(),
        };
        let (entries, problems) = file.env_entries();
        let kv: Vec<(&str, &str)> = entries
            .iter()
            .map(|(k, v, _)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(kv, vec![("A", "x"), ("B", "true"), ("C", "1")]);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("env.D"));
    }

    #[test]
    fn stored_login_descriptions() {
        let login = |expires_at, refresh| StoredLogin {
            path: "/c".into(),
            has_access_token: true,
            has_refresh_token: refresh,
            scopes: None,
            expires_at,
            subscription: Some("max".into()),
            mode: None,
        };
        assert_eq!(
            login(Some(4_102_444_800_000), true).describe(),
            "stored /login, max plan, access token expires 2100-01-01T00:00:00Z"
        );
        assert!(login(Some(1_000), true)
            .describe()
            .contains("expired 1970-01-01T00:00:01Z (refreshed on first use)"));
        assert!(login(Some(1_000), false)
            .describe()
            .contains("no refresh token: log in again"));
        assert_eq!(login(None, false).describe(), "stored /login, max plan");
    }

    #[test]
    fn read_text_rejects_directories_binary_and_large_files() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_text(dir.path())
            .unwrap_err()
            .message
            .contains("is a directory"));
        let bin = dir.path().join("bin");
        fs::write(&bin, b"a\0b").unwrap();
        assert!(read_text(&bin).unwrap_err().message.contains("binary"));
        let big = dir.path().join("big");
        fs::write(&big, vec![b'a'; (MAX_FILE_BYTES + 1) as usize]).unwrap();
        assert!(read_text(&big).unwrap_err().message.contains("limit"));
        assert_eq!(read_text(&dir.path().join("missing")).unwrap(), None);
    }
}
