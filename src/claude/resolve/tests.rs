//! Table-driven tests of the resolver against every behaviour of the reference, sections 1-8.
//! Each case builds real files in a temporary HOME, project and managed directory.

use std::fs;

use super::*;
use crate::claude::snapshot::{EnvDef, Inputs, Snapshot};

/// One scenario: the environment, files (relative to a temp root holding `home/`, `project/`,
/// `managed/`, `remote/`), and what must go out.
struct Case {
    name: &'static str,
    env: &'static [(&'static str, &'static str)],
    files: &'static [(&'static str, &'static str)],
    cli_settings: Option<&'static str>,
    bare: bool,
    mode: Mode,
    provider: &'static str,
    /// `SOURCE@origin`, with `?` appended when uncertain, or `-`.
    key: &'static str,
    auth: &'static str,
    /// Every ignored entry as `SOURCE@origin:reason`, in any order.
    ignored: &'static [&'static str],
}

const BASE: Case = Case {
    name: "",
    env: &[],
    files: &[],
    cli_settings: None,
    bare: false,
    mode: Mode::Print,
    provider: "anthropic",
    key: "-",
    auth: "-",
    ignored: &[],
};

const STORED: (&str, &str) = (
    "home/.claude/.credentials.json",
    r#"{"claudeAiOauth":{"accessToken":"x","refreshToken":"y","expiresAt":1,"scopes":["user:inference","user:profile"]}}"#,
);
const STORED_NO_SCOPE: (&str, &str) = (
    "home/.claude/.credentials.json",
    r#"{"claudeAiOauth":{"accessToken":"x","scopes":["user:profile"]}}"#,
);

/// A user settings file (a macro so the tuple stays a promotable constant).
macro_rules! user_env {
    ($json:expr) => {
        ("home/.claude/settings.json", $json)
    };
}

fn run(case: &Case) -> Resolution {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    for dir in ["home", "project", "managed", "remote"] {
        fs::create_dir_all(r.join(dir)).unwrap();
    }
    for (rel, text) in case.files {
        let path = r.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text.replace("$ROOT", &r.display().to_string())).unwrap();
    }
    let mut env = vec![def("HOME", &r.join("home").display().to_string())];
    for (k, v) in case.env {
        env.push(def(k, &v.replace("$ROOT", &r.display().to_string())));
    }
    let inputs = Inputs {
        env,
        project_dir: r.join("project"),
        managed_dir: r.join("managed"),
        remote_dir: r.join("remote"),
        cli_settings: case.cli_settings.map(str::to_owned),
        bare_flag: case.bare.then(|| Location::CommandLine {
            argument: "--bare".into(),
        }),
        mode: case.mode,
        problems: Vec::new(),
    };
    let snapshot = Snapshot::load(inputs);
    assert!(
        snapshot.problems.is_empty(),
        "{}: {:?}",
        case.name,
        snapshot.problems
    );
    resolve(&snapshot)
}

fn def(name: &str, raw: &str) -> EnvDef {
    EnvDef {
        name: name.into(),
        raw: raw.into(),
        origin: Origin::Process,
        location: Location::Env { name: name.into() },
    }
}

fn show(h: &Option<Header>) -> String {
    h.as_ref().map_or("-".into(), |h| {
        format!(
            "{}@{}{}",
            h.source(),
            h.candidate.origin,
            if h.uncertain { "?" } else { "" }
        )
    })
}

fn show_ignored(i: &Ignored) -> String {
    let reason = serde_json::to_value(&i.reason).unwrap();
    format!(
        "{}@{}:{}",
        i.source(),
        i.candidate.origin,
        reason["reason"].as_str().unwrap()
    )
}

fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for case in cases {
        let r = run(case);
        let mut got_ignored: Vec<String> = r.ignored.iter().map(show_ignored).collect();
        got_ignored.sort();
        let mut want_ignored: Vec<String> = case.ignored.iter().map(|s| s.to_string()).collect();
        want_ignored.sort();
        let got = (
            r.provider.id(),
            show(&r.headers.x_api_key),
            show(&r.headers.authorization),
            got_ignored,
        );
        let want = (
            case.provider,
            case.key.to_owned(),
            case.auth.to_owned(),
            want_ignored,
        );
        if got != want {
            failures.push(format!("{}:\n   got {got:?}\n  want {want:?}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const K: (&str, &str) = ("ANTHROPIC_API_KEY", "sk-ant-api03-kkkkkkkkkkkkkkkkkkkk");
const A: (&str, &str) = ("ANTHROPIC_AUTH_TOKEN", "gateway-token-aaaaaaaaaaaa");
const T: (&str, &str) = (
    "CLAUDE_CODE_OAUTH_TOKEN",
    "sk-ant-oat01-tttttttttttttttttttt",
);
const KFD: (&str, &str) = ("CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR", "3");
const TFD: (&str, &str) = ("CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR", "4");
const H_USER: (&str, &str) = (
    "home/.claude/settings.json",
    r#"{"apiKeyHelper": "echo helper-key"}"#,
);

#[test]
fn section_1_values() {
    check(&[
        Case {
            name: "padded key is used",
            env: &[("ANTHROPIC_API_KEY", "  k-value  ")],
            key: "ANTHROPIC_API_KEY@process",
            ..BASE
        },
        Case {
            name: "newline key is used",
            env: &[("ANTHROPIC_API_KEY", "k-value\n")],
            key: "ANTHROPIC_API_KEY@process",
            ..BASE
        },
        Case {
            name: "inner space kept, no prefix check",
            env: &[("CLAUDE_CODE_OAUTH_TOKEN", "a b")],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "empty key is unset",
            env: &[("ANTHROPIC_API_KEY", ""), T],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ignored: &["ANTHROPIC_API_KEY@process:empty"],
            ..BASE
        },
        Case {
            name: "blank key is unset",
            env: &[("ANTHROPIC_API_KEY", " \n\t"), T],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ignored: &["ANTHROPIC_API_KEY@process:empty"],
            ..BASE
        },
        Case {
            name: "empty oauth token",
            env: &[("CLAUDE_CODE_OAUTH_TOKEN", "")],
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:empty"],
            ..BASE
        },
        Case {
            name: "switch 1",
            env: &[("CLAUDE_CODE_USE_BEDROCK", "1")],
            provider: "bedrock",
            ..BASE
        },
        Case {
            name: "switch TRUE",
            env: &[("CLAUDE_CODE_USE_BEDROCK", "TRUE")],
            provider: "bedrock",
            ..BASE
        },
        Case {
            name: "switch yes",
            env: &[("CLAUDE_CODE_USE_BEDROCK", "yes")],
            provider: "bedrock",
            ..BASE
        },
        Case {
            name: "switch ' On '",
            env: &[("CLAUDE_CODE_USE_BEDROCK", " On ")],
            provider: "bedrock",
            ..BASE
        },
        Case {
            name: "switch 0",
            env: &[("CLAUDE_CODE_USE_BEDROCK", "0")],
            ..BASE
        },
        Case {
            name: "switch false",
            env: &[("CLAUDE_CODE_USE_BEDROCK", "false")],
            ..BASE
        },
        Case {
            name: "switch 2",
            env: &[("CLAUDE_CODE_USE_BEDROCK", "2")],
            ..BASE
        },
        Case {
            name: "switch y",
            env: &[("CLAUDE_CODE_USE_BEDROCK", "y")],
            ..BASE
        },
        Case {
            name: "switch empty",
            env: &[("CLAUDE_CODE_USE_BEDROCK", "")],
            ..BASE
        },
    ]);
}

#[test]
fn section_2_settings_levels() {
    const GLOBAL_K: (&str, &str) = (
        "home/.claude.json",
        r#"{"env":{"ANTHROPIC_API_KEY":"global-key-1234567890"}}"#,
    );
    const USER_K: (&str, &str) = (
        "home/.claude/settings.json",
        r#"{"env":{"ANTHROPIC_API_KEY":"user-key-1234567890"}}"#,
    );
    const PROJECT_K: (&str, &str) = (
        "project/.claude/settings.json",
        r#"{"env":{"ANTHROPIC_API_KEY":"project-key-1234567890"}}"#,
    );
    const LOCAL_K: (&str, &str) = (
        "project/.claude/settings.local.json",
        r#"{"env":{"ANTHROPIC_API_KEY":"local-key-1234567890"}}"#,
    );
    const CLI_K: (&str, &str) = (
        "project/ci.json",
        r#"{"env":{"ANTHROPIC_API_KEY":"cli-key-1234567890"}}"#,
    );
    const MANAGED_K: (&str, &str) = (
        "managed/managed-settings.json",
        r#"{"env":{"ANTHROPIC_API_KEY":"managed-key-1234567890"}}"#,
    );
    const DROPIN_K: (&str, &str) = (
        "managed/managed-settings.d/10-ci.json",
        r#"{"env":{"ANTHROPIC_API_KEY":"dropin-key-1234567890"}}"#,
    );
    check(&[
        Case {
            name: "global config env beats process",
            env: &[K],
            files: &[GLOBAL_K],
            key: "ANTHROPIC_API_KEY@global-config",
            ..BASE
        },
        Case {
            name: "user env beats process",
            env: &[K],
            files: &[USER_K],
            key: "ANTHROPIC_API_KEY@settings:user",
            ..BASE
        },
        Case {
            name: "user beats global",
            files: &[GLOBAL_K, USER_K],
            key: "ANTHROPIC_API_KEY@settings:user",
            ..BASE
        },
        Case {
            name: "project beats user",
            files: &[USER_K, PROJECT_K],
            key: "ANTHROPIC_API_KEY@settings:project",
            ..BASE
        },
        Case {
            name: "local beats project",
            files: &[PROJECT_K, LOCAL_K],
            key: "ANTHROPIC_API_KEY@settings:local",
            ..BASE
        },
        Case {
            name: "cli beats local",
            files: &[LOCAL_K, CLI_K],
            cli_settings: Some("ci.json"),
            key: "ANTHROPIC_API_KEY@settings:cli",
            ..BASE
        },
        Case {
            name: "inline cli json",
            cli_settings: Some(r#"{"env":{"ANTHROPIC_API_KEY":"inline-key-123456789"}}"#),
            key: "ANTHROPIC_API_KEY@settings:cli",
            ..BASE
        },
        Case {
            name: "managed beats cli",
            files: &[CLI_K, MANAGED_K],
            cli_settings: Some("ci.json"),
            key: "ANTHROPIC_API_KEY@settings:managed",
            ..BASE
        },
        Case {
            name: "managed drop-in",
            files: &[DROPIN_K],
            key: "ANTHROPIC_API_KEY@settings:managed",
            ..BASE
        },
        Case {
            name: "settings env key shadows exported oauth token",
            env: &[T],
            files: &[PROJECT_K],
            key: "ANTHROPIC_API_KEY@settings:project",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:shadowed-by"],
            ..BASE
        },
        Case {
            name: "project settings cannot set the oauth token",
            files: &[(
                "project/.claude/settings.json",
                r#"{"env":{"CLAUDE_CODE_OAUTH_TOKEN":"sk-ant-oat01-pppppppppppp"}}"#,
            )],
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@settings:project:repository-settings-cannot-set"],
            ..BASE
        },
        Case {
            name: "local settings cannot set the oauth token",
            env: &[T],
            files: &[(
                "project/.claude/settings.local.json",
                r#"{"env":{"CLAUDE_CODE_OAUTH_TOKEN":"sk-ant-oat01-llllllllllll"}}"#,
            )],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@settings:local:repository-settings-cannot-set"],
            ..BASE
        },
        Case {
            name: "user settings can set the oauth token",
            files: &[user_env!(
                r#"{"env":{"CLAUDE_CODE_OAUTH_TOKEN":"sk-ant-oat01-uuuuuuuuuuuu"}}"#
            )],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@settings:user",
            ..BASE
        },
        Case {
            name: "global config can set the oauth token",
            files: &[(
                "home/.claude.json",
                r#"{"env":{"CLAUDE_CODE_OAUTH_TOKEN":"sk-ant-oat01-gggggggggggg"}}"#,
            )],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@global-config",
            ..BASE
        },
        Case {
            name: "managed settings can set the oauth token",
            files: &[(
                "managed/managed-settings.json",
                r#"{"env":{"CLAUDE_CODE_OAUTH_TOKEN":"sk-ant-oat01-mmmmmmmmmmmm"}}"#,
            )],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@settings:managed",
            ..BASE
        },
        Case {
            name: "project settings can turn on bedrock",
            files: &[(
                "project/.claude/settings.json",
                r#"{"env":{"CLAUDE_CODE_USE_BEDROCK":"1"}}"#,
            )],
            provider: "bedrock",
            ..BASE
        },
        Case {
            name: "project settings can set the auth token",
            files: &[(
                "project/.claude/settings.json",
                r#"{"env":{"ANTHROPIC_AUTH_TOKEN":"proj-auth-123456789"}}"#,
            )],
            auth: "ANTHROPIC_AUTH_TOKEN@settings:project",
            ..BASE
        },
        Case {
            name: "empty settings value unsets the exported key",
            env: &[K, T],
            files: &[user_env!(r#"{"env":{"ANTHROPIC_API_KEY":""}}"#)],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ignored: &["ANTHROPIC_API_KEY@settings:user:empty"],
            ..BASE
        },
        Case {
            name: "CLAUDE_CONFIG_DIR moves settings and ignores ~/.claude",
            env: &[("CLAUDE_CONFIG_DIR", "$ROOT/cfg")],
            files: &[
                USER_K,
                (
                    "cfg/settings.json",
                    r#"{"env":{"ANTHROPIC_AUTH_TOKEN":"cfg-auth-123456789"}}"#,
                ),
                STORED,
            ],
            auth: "ANTHROPIC_AUTH_TOKEN@settings:user",
            ..BASE
        },
        Case {
            name: "CLAUDE_CONFIG_DIR moves the credentials file",
            env: &[("CLAUDE_CONFIG_DIR", "$ROOT/cfg")],
            files: &[("cfg/.credentials.json", STORED.1)],
            auth: "credentials-file@file",
            ..BASE
        },
        Case {
            name: "helper: project beats user",
            files: &[
                H_USER,
                (
                    "project/.claude/settings.json",
                    r#"{"apiKeyHelper": "echo p"}"#,
                ),
            ],
            key: "apiKeyHelper@settings:project",
            auth: "apiKeyHelper@settings:project",
            ignored: &["apiKeyHelper@settings:user:outranked-by"],
            ..BASE
        },
        Case {
            name: "helper: managed beats cli beats local",
            files: &[
                (
                    "project/.claude/settings.local.json",
                    r#"{"apiKeyHelper": "echo l"}"#,
                ),
                ("project/ci.json", r#"{"apiKeyHelper": "echo c"}"#),
                (
                    "managed/managed-settings.json",
                    r#"{"apiKeyHelper": "echo m"}"#,
                ),
            ],
            cli_settings: Some("ci.json"),
            key: "apiKeyHelper@settings:managed",
            auth: "apiKeyHelper@settings:managed",
            ignored: &[
                "apiKeyHelper@settings:local:outranked-by",
                "apiKeyHelper@settings:cli:outranked-by",
            ],
            ..BASE
        },
    ]);
}

#[test]
fn section_4_seen_combinations() {
    check(&[
        Case {
            name: "nothing",
            ..BASE
        },
        Case {
            name: "K alone",
            env: &[K],
            key: "ANTHROPIC_API_KEY@process",
            ..BASE
        },
        Case {
            name: "T alone",
            env: &[T],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "A alone",
            env: &[A],
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "K + T: the key silently shadows the token",
            env: &[K, T],
            key: "ANTHROPIC_API_KEY@process",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:shadowed-by"],
            ..BASE
        },
        Case {
            name: "A + K: both",
            env: &[A, K],
            key: "ANTHROPIC_API_KEY@process",
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "A + T: Bearer A",
            env: &[A, T],
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:shadowed-by"],
            ..BASE
        },
        Case {
            name: "H alone: both headers",
            files: &[H_USER],
            key: "apiKeyHelper@settings:user",
            auth: "apiKeyHelper@settings:user",
            ..BASE
        },
        Case {
            name: "K + H",
            env: &[K],
            files: &[H_USER],
            key: "ANTHROPIC_API_KEY@process",
            auth: "apiKeyHelper@settings:user",
            ..BASE
        },
        Case {
            name: "A + H",
            env: &[A],
            files: &[H_USER],
            key: "apiKeyHelper@settings:user",
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "A + K + H: helper unused",
            env: &[A, K],
            files: &[H_USER],
            key: "ANTHROPIC_API_KEY@process",
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ignored: &["apiKeyHelper@settings:user:shadowed-by"],
            ..BASE
        },
        Case {
            name: "T + H: helper only",
            env: &[T],
            files: &[H_USER],
            key: "apiKeyHelper@settings:user",
            auth: "apiKeyHelper@settings:user",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:shadowed-by"],
            ..BASE
        },
        Case {
            name: "S + H: helper only",
            files: &[H_USER, STORED],
            key: "apiKeyHelper@settings:user",
            auth: "apiKeyHelper@settings:user",
            ignored: &["credentials-file@file:shadowed-by"],
            ..BASE
        },
        Case {
            name: "T + S: Bearer T",
            env: &[T],
            files: &[STORED],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ignored: &["credentials-file@file:shadowed-by"],
            ..BASE
        },
        Case {
            name: "S alone",
            files: &[STORED],
            auth: "credentials-file@file",
            ..BASE
        },
        Case {
            name: "API-key fd + T",
            env: &[KFD, T],
            key: "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR@fd",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:shadowed-by"],
            ..BASE
        },
        Case {
            name: "K + API-key fd",
            env: &[K, KFD],
            key: "ANTHROPIC_API_KEY@process",
            ignored: &["CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR@fd:shadowed-by"],
            ..BASE
        },
        Case {
            name: "OAuth fd alone",
            env: &[TFD],
            auth: "CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR@fd",
            ..BASE
        },
        Case {
            name: "T + OAuth fd: env token first",
            env: &[T, TFD],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR@fd:shadowed-by"],
            ..BASE
        },
        Case {
            name: "OAuth fd + remote file + S",
            env: &[TFD],
            files: &[
                ("remote/.oauth_token", "sk-ant-oat01-rrrrrrrrrrrrrr\n"),
                STORED,
            ],
            auth: "CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR@fd",
            ignored: &[
                "remote-file@file:shadowed-by",
                "credentials-file@file:shadowed-by",
            ],
            ..BASE
        },
        Case {
            name: "remote file before credentials file",
            files: &[
                ("remote/.oauth_token", "sk-ant-oat01-rrrrrrrrrrrrrr\n"),
                STORED,
            ],
            auth: "remote-file@file",
            ignored: &["credentials-file@file:shadowed-by"],
            ..BASE
        },
        Case {
            name: "a blank remote file is no credential",
            files: &[("remote/.oauth_token", "  \n"), STORED],
            auth: "credentials-file@file",
            ..BASE
        },
        Case {
            name: "stored login without inference scope",
            files: &[STORED_NO_SCOPE],
            ignored: &["credentials-file@file:missing-scope"],
            ..BASE
        },
        Case {
            name: "CLAUDE_CODE_OAUTH_SCOPES without inference",
            env: &[T, ("CLAUDE_CODE_OAUTH_SCOPES", "user:profile")],
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:missing-scope"],
            ..BASE
        },
        Case {
            name: "CLAUDE_CODE_OAUTH_SCOPES with inference",
            env: &[
                T,
                ("CLAUDE_CODE_OAUTH_SCOPES", "user:profile user:inference"),
            ],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "primaryApiKey alone",
            files: &[(
                "home/.claude.json",
                r#"{"primaryApiKey":"sk-ant-api03-pppppppppppp"}"#,
            )],
            key: "primaryApiKey@global-config",
            ..BASE
        },
        Case {
            name: "primaryApiKey after OAuth",
            env: &[T],
            files: &[(
                "home/.claude.json",
                r#"{"primaryApiKey":"sk-ant-api03-pppppppppppp"}"#,
            )],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ignored: &["primaryApiKey@global-config:shadowed-by"],
            ..BASE
        },
        Case {
            name: "custom x-api-key replaces K",
            env: &[
                K,
                ("ANTHROPIC_CUSTOM_HEADERS", "X-Api-Key: custom-key-123456"),
            ],
            key: "ANTHROPIC_CUSTOM_HEADERS@process",
            ignored: &["ANTHROPIC_API_KEY@process:replaced-by-custom-header"],
            ..BASE
        },
        Case {
            name: "custom authorization loses to A",
            env: &[
                A,
                (
                    "ANTHROPIC_CUSTOM_HEADERS",
                    "Authorization: Bearer custom-123456",
                ),
            ],
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ignored: &["ANTHROPIC_CUSTOM_HEADERS@process:shadowed-by"],
            ..BASE
        },
        Case {
            name: "custom authorization loses to the helper",
            env: &[(
                "ANTHROPIC_CUSTOM_HEADERS",
                "Authorization: Bearer custom-123456",
            )],
            files: &[H_USER],
            key: "apiKeyHelper@settings:user",
            auth: "apiKeyHelper@settings:user",
            ignored: &["ANTHROPIC_CUSTOM_HEADERS@process:shadowed-by"],
            ..BASE
        },
        Case {
            name: "custom authorization beats the OAuth token",
            env: &[
                T,
                (
                    "ANTHROPIC_CUSTOM_HEADERS",
                    "authorization: Bearer custom-123456",
                ),
            ],
            auth: "ANTHROPIC_CUSTOM_HEADERS@process",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:replaced-by-custom-header"],
            ..BASE
        },
        Case {
            name: "custom authorization beats the stored login",
            env: &[(
                "ANTHROPIC_CUSTOM_HEADERS",
                "Authorization: Bearer custom-123456",
            )],
            files: &[STORED],
            auth: "ANTHROPIC_CUSTOM_HEADERS@process",
            ignored: &["credentials-file@file:replaced-by-custom-header"],
            ..BASE
        },
        Case {
            name: "custom x-api-key + T: both",
            env: &[
                T,
                (
                    "ANTHROPIC_CUSTOM_HEADERS",
                    "x-api-key: custom-key-123456\nX-Other: 1",
                ),
            ],
            key: "ANTHROPIC_CUSTOM_HEADERS@process",
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "custom x-api-key alone is sent (seen)",
            env: &[("ANTHROPIC_CUSTOM_HEADERS", "x-api-key: custom-key-123456")],
            key: "ANTHROPIC_CUSTOM_HEADERS@process",
            ..BASE
        },
        Case {
            name: "custom Authorization alone is sent (seen)",
            env: &[(
                "ANTHROPIC_CUSTOM_HEADERS",
                "Authorization: Bearer custom-123456",
            )],
            auth: "ANTHROPIC_CUSTOM_HEADERS@process",
            ..BASE
        },
        Case {
            name: "A + primaryApiKey: both headers (seen)",
            env: &[A],
            files: &[(
                "home/.claude.json",
                r#"{"primaryApiKey":"sk-ant-api03-pppppppppppp"}"#,
            )],
            key: "primaryApiKey@global-config",
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "K + primaryApiKey: K",
            env: &[K],
            files: &[(
                "home/.claude.json",
                r#"{"primaryApiKey":"sk-ant-api03-pppppppppppp"}"#,
            )],
            key: "ANTHROPIC_API_KEY@process",
            ignored: &["primaryApiKey@global-config:shadowed-by"],
            ..BASE
        },
        Case {
            name: "hosted session: OAuth only",
            env: &[("CLAUDE_CODE_REMOTE", "true"), K, A, T],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ignored: &[
                "ANTHROPIC_API_KEY@process:remote-session-uses-oauth",
                "ANTHROPIC_AUTH_TOKEN@process:remote-session-uses-oauth",
            ],
            ..BASE
        },
        Case {
            name: "hosted session: stored login beats helper",
            env: &[("CLAUDE_CODE_REMOTE", "1")],
            files: &[H_USER, STORED],
            auth: "credentials-file@file",
            ignored: &["apiKeyHelper@settings:user:remote-session-uses-oauth"],
            ..BASE
        },
        Case {
            name: "hosted session: a stored login without inference is no OAuth credential (seen)",
            env: &[("CLAUDE_CODE_REMOTE", "1")],
            files: &[H_USER, STORED_NO_SCOPE],
            key: "apiKeyHelper@settings:user",
            auth: "apiKeyHelper@settings:user",
            ignored: &["credentials-file@file:shadowed-by"],
            ..BASE
        },
        Case {
            name: "hosted session: a token whose CLAUDE_CODE_OAUTH_SCOPES lack inference is no OAuth credential (conformance)",
            env: &[
                ("CLAUDE_CODE_REMOTE", "1"),
                ("CLAUDE_CODE_OAUTH_SCOPES", "user:profile"),
                K,
                T,
            ],
            key: "ANTHROPIC_API_KEY@process",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:shadowed-by"],
            ..BASE
        },
        Case {
            name: "hosted session without OAuth: normal rules",
            env: &[("CLAUDE_CODE_REMOTE", "1"), K],
            key: "ANTHROPIC_API_KEY@process",
            ..BASE
        },
        Case {
            name: "hosted session in bare mode: normal bare rules",
            env: &[("CLAUDE_CODE_REMOTE", "1"), K, T],
            bare: true,
            key: "ANTHROPIC_API_KEY@process",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:bare-mode"],
            ..BASE
        },
    ]);
}

#[test]
fn section_5_interactive_approval() {
    // The last 20 characters of K: "kkkkkkkkkkkkkkkkkkkk".
    const APPROVED: (&str, &str) = (
        "home/.claude.json",
        r#"{"customApiKeyResponses":{"approved":["kkkkkkkkkkkkkkkkkkkk"],"rejected":[]}}"#,
    );
    const REJECTED: (&str, &str) = (
        "home/.claude.json",
        r#"{"customApiKeyResponses":{"approved":[],"rejected":["kkkkkkkkkkkkkkkkkkkk"]}}"#,
    );
    check(&[
        Case {
            name: "unapproved key is ignored, token used",
            env: &[K, T],
            mode: Mode::Interactive,
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ignored: &["ANTHROPIC_API_KEY@process:not-approved"],
            ..BASE
        },
        Case {
            name: "approved key is used",
            env: &[K],
            files: &[APPROVED],
            mode: Mode::Interactive,
            key: "ANTHROPIC_API_KEY@process",
            ..BASE
        },
        Case {
            name: "approval compares the trimmed key",
            env: &[("ANTHROPIC_API_KEY", " sk-ant-api03-kkkkkkkkkkkkkkkkkkkk\n")],
            files: &[APPROVED],
            mode: Mode::Interactive,
            key: "ANTHROPIC_API_KEY@process",
            ..BASE
        },
        Case {
            name: "rejected key is ignored, stored login used",
            env: &[K],
            files: &[REJECTED, STORED],
            mode: Mode::Interactive,
            auth: "credentials-file@file",
            ignored: &["ANTHROPIC_API_KEY@process:rejected"],
            ..BASE
        },
        Case {
            name: "print mode needs no approval",
            env: &[K],
            files: &[REJECTED],
            key: "ANTHROPIC_API_KEY@process",
            ..BASE
        },
    ]);
}

#[test]
fn section_6_bare_mode() {
    const CLI_H: (&str, &str) = ("project/ci.json", r#"{"apiKeyHelper": "echo cli"}"#);
    check(&[
        Case {
            name: "bare ignores the oauth token",
            env: &[T],
            bare: true,
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:bare-mode"],
            ..BASE
        },
        Case {
            name: "bare ignores the oauth fd",
            env: &[TFD],
            bare: true,
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR@fd:bare-mode"],
            ..BASE
        },
        Case {
            name: "bare ignores the stored login",
            files: &[STORED],
            bare: true,
            ignored: &["credentials-file@file:bare-mode"],
            ..BASE
        },
        Case {
            name: "bare ignores the api-key fd",
            env: &[KFD],
            bare: true,
            ignored: &["CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR@fd:bare-mode"],
            ..BASE
        },
        Case {
            name: "bare ignores remote files",
            files: &[("remote/.oauth_token", "sk-ant-oat01-rrrrrrrrrrrrrr")],
            bare: true,
            ignored: &["remote-file@file:bare-mode"],
            ..BASE
        },
        Case {
            name: "bare reads K",
            env: &[K, T],
            bare: true,
            key: "ANTHROPIC_API_KEY@process",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:bare-mode"],
            ..BASE
        },
        Case {
            name: "bare reads A",
            env: &[A],
            bare: true,
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "bare reads settings env",
            files: &[user_env!(
                r#"{"env":{"ANTHROPIC_API_KEY":"user-key-1234567890"}}"#
            )],
            bare: true,
            key: "ANTHROPIC_API_KEY@settings:user",
            ..BASE
        },
        Case {
            name: "bare ignores the user helper",
            files: &[H_USER],
            bare: true,
            ignored: &["apiKeyHelper@settings:user:bare-mode"],
            ..BASE
        },
        Case {
            name: "bare reads the --settings helper",
            files: &[CLI_H],
            cli_settings: Some("ci.json"),
            bare: true,
            key: "apiKeyHelper@settings:cli",
            auth: "apiKeyHelper@settings:cli",
            ..BASE
        },
        Case {
            name: "bare: --settings helper even when managed outranks it",
            files: &[
                CLI_H,
                (
                    "managed/managed-settings.json",
                    r#"{"apiKeyHelper": "echo m"}"#,
                ),
            ],
            cli_settings: Some("ci.json"),
            bare: true,
            key: "apiKeyHelper@settings:cli",
            auth: "apiKeyHelper@settings:cli",
            ignored: &["apiKeyHelper@settings:managed:bare-mode"],
            ..BASE
        },
        Case {
            name: "bare: A + --settings helper races on x-api-key",
            env: &[A],
            files: &[CLI_H],
            cli_settings: Some("ci.json"),
            bare: true,
            key: "apiKeyHelper@settings:cli?",
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "not bare: A + helper is stable",
            env: &[A],
            files: &[H_USER],
            key: "apiKeyHelper@settings:user",
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "CLAUDE_CODE_SIMPLE turns bare on",
            env: &[T, ("CLAUDE_CODE_SIMPLE", "true")],
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:bare-mode"],
            ..BASE
        },
        Case {
            name: "CLAUDE_CODE_SIMPLE from settings env turns bare on",
            env: &[T],
            files: &[user_env!(r#"{"env":{"CLAUDE_CODE_SIMPLE":"1"}}"#)],
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:bare-mode"],
            ..BASE
        },
        Case {
            name: "CLAUDE_CODE_SIMPLE=0 is off",
            env: &[T, ("CLAUDE_CODE_SIMPLE", "0")],
            auth: "CLAUDE_CODE_OAUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "bare ignores primaryApiKey",
            files: &[(
                "home/.claude.json",
                r#"{"primaryApiKey":"sk-ant-api03-pppppppppppp"}"#,
            )],
            bare: true,
            ignored: &["primaryApiKey@global-config:bare-mode"],
            ..BASE
        },
    ]);
}

#[test]
fn section_7_providers() {
    const BEDROCK: (&str, &str) = ("CLAUDE_CODE_USE_BEDROCK", "1");
    const VERTEX: (&str, &str) = ("CLAUDE_CODE_USE_VERTEX", "1");
    const FOUNDRY: (&str, &str) = ("CLAUDE_CODE_USE_FOUNDRY", "1");
    const AWS_KEYS: [(&str, &str); 2] = [
        ("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
    ];
    check(&[
        Case {
            name: "bedrock + vertex: bedrock",
            env: &[BEDROCK, VERTEX],
            provider: "bedrock",
            ..BASE
        },
        Case {
            name: "vertex + foundry: foundry",
            env: &[VERTEX, FOUNDRY],
            provider: "foundry",
            ..BASE
        },
        Case {
            name: "bedrock bearer only; key and helper unused",
            env: &[
                BEDROCK,
                ("AWS_BEARER_TOKEN_BEDROCK", "bedrock-key-123456789"),
                K,
            ],
            files: &[H_USER],
            provider: "bedrock",
            auth: "AWS_BEARER_TOKEN_BEDROCK@process",
            ignored: &[
                "ANTHROPIC_API_KEY@process:shadowed-by",
                "apiKeyHelper@settings:user:shadowed-by",
            ],
            ..BASE
        },
        Case {
            name: "bedrock never sends oauth",
            env: &[BEDROCK, T, AWS_KEYS[0], AWS_KEYS[1]],
            files: &[STORED],
            provider: "bedrock",
            auth: "aws-sdk@process",
            ignored: &[
                "CLAUDE_CODE_OAUTH_TOKEN@process:provider",
                "credentials-file@file:provider",
            ],
            ..BASE
        },
        Case {
            name: "bedrock without credentials sends nothing",
            env: &[BEDROCK],
            provider: "bedrock",
            ..BASE
        },
        Case {
            name: "bedrock with shared credentials file",
            env: &[BEDROCK],
            files: &[("home/.aws/credentials", "[default]\naws_access_key_id=x\n")],
            provider: "bedrock",
            auth: "aws-sdk@file",
            ..BASE
        },
        Case {
            name: "bedrock skip: A as Bearer, K along",
            env: &[BEDROCK, ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1"), A, K],
            provider: "bedrock",
            key: "ANTHROPIC_API_KEY@process",
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "bedrock skip: K alone is not sent",
            env: &[BEDROCK, ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1"), K],
            provider: "bedrock",
            ignored: &["ANTHROPIC_API_KEY@process:needs-authorization"],
            ..BASE
        },
        Case {
            name: "bedrock skip: helper as Bearer only",
            env: &[BEDROCK, ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1")],
            files: &[H_USER],
            provider: "bedrock",
            auth: "apiKeyHelper@settings:user",
            ..BASE
        },
        Case {
            name: "bedrock skip: custom Authorization, K along",
            env: &[
                BEDROCK,
                ("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1"),
                K,
                (
                    "ANTHROPIC_CUSTOM_HEADERS",
                    "Authorization: Bearer gw-123456",
                ),
            ],
            provider: "bedrock",
            key: "ANTHROPIC_API_KEY@process",
            auth: "ANTHROPIC_CUSTOM_HEADERS@process",
            ..BASE
        },
        Case {
            name: "vertex without project id sends nothing",
            env: &[VERTEX, K],
            provider: "vertex",
            ignored: &["ANTHROPIC_API_KEY@process:provider-incomplete"],
            ..BASE
        },
        Case {
            name: "vertex skip: A and K",
            env: &[
                VERTEX,
                ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
                ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1"),
                A,
                K,
            ],
            provider: "vertex",
            key: "ANTHROPIC_API_KEY@process",
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ..BASE
        },
        Case {
            name: "vertex skip: helper as Bearer",
            env: &[
                VERTEX,
                ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
                ("CLAUDE_CODE_SKIP_VERTEX_AUTH", "true"),
            ],
            files: &[H_USER],
            provider: "vertex",
            auth: "apiKeyHelper@settings:user",
            ..BASE
        },
        Case {
            // The variable naming the file is the credential's origin (the file is checked
            // by cloud-provider-incomplete).
            name: "vertex with ADC file",
            env: &[
                VERTEX,
                ("ANTHROPIC_VERTEX_PROJECT_ID", "p"),
                ("GOOGLE_APPLICATION_CREDENTIALS", "$ROOT/adc.json"),
                T,
            ],
            files: &[("adc.json", "{}")],
            provider: "vertex",
            auth: "google-adc@process",
            ignored: &["CLAUDE_CODE_OAUTH_TOKEN@process:provider"],
            ..BASE
        },
        Case {
            name: "foundry key beats K and helper",
            env: &[
                FOUNDRY,
                ("ANTHROPIC_FOUNDRY_RESOURCE", "r"),
                ("ANTHROPIC_FOUNDRY_API_KEY", "foundry-key-123456789"),
                K,
            ],
            files: &[H_USER],
            provider: "foundry",
            key: "ANTHROPIC_FOUNDRY_API_KEY@process",
            ignored: &[
                "ANTHROPIC_API_KEY@process:shadowed-by",
                "apiKeyHelper@settings:user:shadowed-by",
            ],
            ..BASE
        },
        Case {
            name: "foundry skip placeholder",
            env: &[
                FOUNDRY,
                ("ANTHROPIC_FOUNDRY_BASE_URL", "https://x"),
                ("CLAUDE_CODE_SKIP_FOUNDRY_AUTH", "1"),
            ],
            provider: "foundry",
            auth: "CLAUDE_CODE_SKIP_FOUNDRY_AUTH@process",
            ..BASE
        },
        Case {
            name: "foundry skip: auth token first, no API key (seen)",
            env: &[
                FOUNDRY,
                ("ANTHROPIC_FOUNDRY_BASE_URL", "https://x"),
                ("CLAUDE_CODE_SKIP_FOUNDRY_AUTH", "1"),
                A,
                K,
            ],
            files: &[H_USER],
            provider: "foundry",
            auth: "ANTHROPIC_AUTH_TOKEN@process",
            ignored: &[
                "ANTHROPIC_API_KEY@process:provider",
                "apiKeyHelper@settings:user:shadowed-by",
            ],
            ..BASE
        },
        Case {
            name: "foundry skip: a custom Authorization before the placeholder (seen)",
            env: &[
                FOUNDRY,
                ("ANTHROPIC_FOUNDRY_BASE_URL", "https://x"),
                ("CLAUDE_CODE_SKIP_FOUNDRY_AUTH", "1"),
                (
                    "ANTHROPIC_CUSTOM_HEADERS",
                    "Authorization: Bearer custom-123456",
                ),
            ],
            provider: "foundry",
            auth: "ANTHROPIC_CUSTOM_HEADERS@process",
            ..BASE
        },
        Case {
            name: "foundry key: a custom Authorization is not sent (seen)",
            env: &[
                FOUNDRY,
                ("ANTHROPIC_FOUNDRY_RESOURCE", "r"),
                ("ANTHROPIC_FOUNDRY_API_KEY", "foundry-key-123456789"),
                (
                    "ANTHROPIC_CUSTOM_HEADERS",
                    "Authorization: Bearer custom-123456",
                ),
            ],
            provider: "foundry",
            key: "ANTHROPIC_FOUNDRY_API_KEY@process",
            ignored: &["ANTHROPIC_CUSTOM_HEADERS@process:shadowed-by"],
            ..BASE
        },
        Case {
            name: "foundry without endpoint sends nothing",
            env: &[
                FOUNDRY,
                ("ANTHROPIC_FOUNDRY_API_KEY", "foundry-key-123456789"),
            ],
            provider: "foundry",
            ignored: &["ANTHROPIC_FOUNDRY_API_KEY@process:provider-incomplete"],
            ..BASE
        },
        Case {
            name: "foundry with a service principal",
            env: &[
                FOUNDRY,
                ("ANTHROPIC_FOUNDRY_RESOURCE", "r"),
                ("AZURE_CLIENT_ID", "c"),
                ("AZURE_TENANT_ID", "t"),
                ("AZURE_CLIENT_SECRET", "s"),
            ],
            provider: "foundry",
            auth: "azure-credential@process",
            ..BASE
        },
        Case {
            name: "bedrock key without the bedrock switch",
            env: &[("AWS_BEARER_TOKEN_BEDROCK", "bedrock-key-123456789"), K],
            key: "ANTHROPIC_API_KEY@process",
            ignored: &["AWS_BEARER_TOKEN_BEDROCK@process:provider-not-selected"],
            ..BASE
        },
        Case {
            name: "federation, complete",
            env: &[
                ("ANTHROPIC_FEDERATION_RULE_ID", "r"),
                ("ANTHROPIC_ORGANIZATION_ID", "o"),
                ("ANTHROPIC_IDENTITY_TOKEN", "jwt-123456789"),
            ],
            auth: "oidc-federation@process?",
            ..BASE
        },
        Case {
            name: "federation, no identity token",
            env: &[
                ("ANTHROPIC_FEDERATION_RULE_ID", "r"),
                ("ANTHROPIC_ORGANIZATION_ID", "o"),
            ],
            ..BASE
        },
    ]);
}

#[test]
fn section_8_wire_not_auth_status() {
    // `claude auth status` reports oauth_token for K + T; the wire carries K. ccauth models the wire.
    let r = run(&Case {
        name: "K + T",
        env: &[K, T],
        ..BASE
    });
    assert_eq!(
        r.headers.x_api_key.as_ref().map(|h| h.source()),
        Some(SourceId::ApiKey)
    );
    assert!(r.headers.authorization.is_none());
    // Bare mode with an auth token: auth status says "not logged in", the wire carries A.
    let r = run(&Case {
        name: "bare A",
        env: &[A],
        bare: true,
        ..BASE
    });
    assert_eq!(
        r.headers.authorization.as_ref().map(|h| h.source()),
        Some(SourceId::AuthToken)
    );
}

#[test]
fn custom_authorization_keeps_the_oauth_beta() {
    // Seen: a custom Authorization replacing an OAuth credential goes out with the OAuth beta.
    let r = run(&Case {
        name: "T + custom Authorization",
        env: &[
            T,
            (
                "ANTHROPIC_CUSTOM_HEADERS",
                "Authorization: Bearer custom-123456",
            ),
        ],
        ..BASE
    });
    let auth = r.headers.authorization.as_ref().unwrap();
    assert_eq!(auth.source(), SourceId::CustomHeaders);
    assert!(auth.oauth_beta);
    let r = run(&Case {
        name: "custom alone",
        env: &[("ANTHROPIC_CUSTOM_HEADERS", "Authorization: Bearer c-123456")],
        ..BASE
    });
    assert!(!r.headers.authorization.as_ref().unwrap().oauth_beta);
}

#[test]
fn redacted_values_never_hold_the_secret() {
    let r = run(&Case {
        name: "K + T",
        env: &[K, T],
        ..BASE
    });
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("kkkkkkkk"), "{json}");
    assert!(!json.contains("tttttttt"), "{json}");
}
