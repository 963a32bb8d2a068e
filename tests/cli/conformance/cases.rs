//! Conformance cases: each plants credentials with unique values, so the value that reaches the
//! mock names its source and origin. Fixed cases cover the reference; `random` adds seeded ones.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

/// Settings levels and the files they live in (relative to the case root).
pub const LEVELS: &[(&str, &str)] = &[
    ("global", "home/.claude.json"),
    ("user", "home/.claude/settings.json"),
    ("project", "project/.claude/settings.json"),
    ("local", "project/.claude/settings.local.json"),
    ("cli", "project/ci-settings.json"),
    ("managed", "managed/managed-settings.json"),
];

/// The JSON `origin` of a settings level.
pub fn origin_of(level: &str) -> &'static str {
    match level {
        "global" => "global-config",
        "user" => "settings:user",
        "project" => "settings:project",
        "local" => "settings:local",
        "cli" => "settings:cli",
        "managed" => "settings:managed",
        _ => "process",
    }
}

/// One scenario for both the real CLI and ccauth.
#[derive(Debug, Clone, Default)]
pub struct Case {
    pub name: String,
    pub env: Vec<(String, String)>,
    /// Settings objects by level name.
    pub settings: BTreeMap<&'static str, Map<String, Value>>,
    /// Other files (relative path, content).
    pub files: Vec<(String, String)>,
    /// File descriptors to open for claude: (fd, content).
    pub fds: Vec<(u32, String)>,
    /// claude arguments besides `-p hi --max-turns 1`.
    pub args: Vec<String>,
    /// Wire value → (source, origin): how to name what reached the mock.
    pub values: Vec<(String, String, String)>,
    /// Run claude interactively (in tmux) instead of `-p`.
    pub interactive: bool,
}

impl Case {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    fn register(&mut self, wire: &str, source: &str, origin: &str) {
        self.values
            .push((wire.to_owned(), source.to_owned(), origin.to_owned()));
    }

    fn level_map(&mut self, level: &'static str) -> &mut Map<String, Value> {
        if level == "cli" && !self.args.iter().any(|a| a == "--settings") {
            self.args
                .extend(["--settings".to_owned(), "ci-settings.json".to_owned()]);
        }
        self.settings.entry(level).or_default()
    }

    /// A plain variable, not a credential (a switch, a region).
    pub fn set(mut self, var: &str, value: &str) -> Self {
        self.env.push((var.to_owned(), value.to_owned()));
        self
    }

    /// A plain variable in a settings `env` block.
    pub fn set_in(mut self, level: &'static str, var: &str, value: &str) -> Self {
        let env = self
            .level_map(level)
            .entry("env")
            .or_insert_with(|| json!({}));
        env[var] = json!(value);
        self
    }

    /// A credential variable with `raw` as its value, in the process env (`level` "process") or a
    /// settings `env` block; its trimmed value names `var` at that origin.
    pub fn cred(mut self, level: &'static str, var: &str, raw: &str) -> Self {
        let wire = raw.trim().to_owned();
        if !wire.is_empty() {
            self.register(&wire, var, origin_of(level));
        }
        if level == "process" {
            self.env.push((var.to_owned(), raw.to_owned()));
            self
        } else {
            self.set_in(level, var, raw)
        }
    }

    /// A credential with a value derived from its variable and origin.
    pub fn key(self, level: &'static str, var: &str) -> Self {
        let value = unique(var, level);
        self.cred(level, var, &value)
    }

    /// An `apiKeyHelper` at `level` printing a unique value (or failing with exit 3).
    pub fn helper(mut self, level: &'static str, ok: bool) -> Self {
        let out = unique("helper", level);
        let command = if ok {
            format!("printf %s {out}")
        } else {
            "exit 3".to_owned()
        };
        self.register(if ok { &out } else { "" }, "apiKeyHelper", origin_of(level));
        self.level_map(level)
            .insert("apiKeyHelper".into(), json!(command));
        self
    }

    /// A stored `/login` with the given scopes, valid for years (no refresh is attempted).
    pub fn stored(mut self, scopes: &[&str]) -> Self {
        let token = unique("stored", "file");
        self.register(&token, "credentials-file", "file");
        let doc = json!({"claudeAiOauth": {
            "accessToken": token,
            "refreshToken": "sk-ant-ort01-conformance-refresh",
            "expiresAt": 4_102_444_800_000_i64,
            "scopes": scopes,
            "subscriptionType": "max",
        }});
        self.files
            .push(("home/.claude/.credentials.json".into(), doc.to_string()));
        self
    }

    /// `primaryApiKey` in `~/.claude.json`.
    pub fn primary(mut self) -> Self {
        let key = unique("primary", "global");
        self.register(&key, "primaryApiKey", "global-config");
        self.level_map("global")
            .insert("primaryApiKey".into(), json!(key));
        self
    }

    /// A credential read from an inherited file descriptor.
    pub fn fd(mut self, var: &str, fd: u32) -> Self {
        let value = unique(var, "fd");
        self.register(&value, var, "fd");
        self.env.push((var.to_owned(), fd.to_string()));
        self.fds.push((fd, value));
        self
    }

    /// `ANTHROPIC_CUSTOM_HEADERS` with an `x-api-key` and/or an `Authorization` header.
    pub fn custom(mut self, key: bool, auth: bool) -> Self {
        let mut lines = vec!["X-Conformance: 1".to_owned()];
        if key {
            let v = unique("custom-key", "process");
            self.register(&v, "ANTHROPIC_CUSTOM_HEADERS", "process");
            lines.push(format!("x-api-key: {v}"));
        }
        if auth {
            let v = unique("custom-auth", "process");
            self.register(&v, "ANTHROPIC_CUSTOM_HEADERS", "process");
            lines.push(format!("Authorization: Bearer {v}"));
        }
        self.env
            .push(("ANTHROPIC_CUSTOM_HEADERS".into(), lines.join("\n")));
        self
    }

    /// A file at `rel` (under the case root); `$ROOT` in env values expands to the root.
    pub fn file(mut self, rel: &str, content: &Value) -> Self {
        self.files.push((rel.to_owned(), content.to_string()));
        self
    }

    /// Names a value planted by hand (with [`Case::file`]).
    pub fn names(mut self, wire: &str, source: &str, origin: &str) -> Self {
        self.register(wire, source, origin);
        self
    }

    /// A hosted-session file: `.oauth_token` (OAuth) or `.api_key`.
    pub fn remote(mut self, oauth: bool) -> Self {
        let (name, value) = if oauth {
            (".oauth_token", unique("remote-oauth", "file"))
        } else {
            (".api_key", unique("remote-key", "file"))
        };
        self.register(&value, "remote-file", "file");
        self.files
            .push((format!("remote/{name}"), format!("{value}\n")));
        self
    }

    /// Runs the interactive UI instead of `-p`.
    pub fn interactive(mut self) -> Self {
        self.interactive = true;
        self
    }

    /// Records an answer to the "Detected a custom API key" dialog for `var`'s value at `level`.
    pub fn answered(mut self, level: &'static str, var: &str, approved: bool) -> Self {
        let value = unique(var, level);
        let tail: String = value
            .chars()
            .rev()
            .take(20)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let list = if approved { "approved" } else { "rejected" };
        let global = self.level_map("global");
        let responses = global
            .entry("customApiKeyResponses")
            .or_insert_with(|| json!({"approved": [], "rejected": []}));
        if let Some(a) = responses[list].as_array_mut() {
            a.push(json!(tail));
        }
        self
    }

    pub fn arg(mut self, a: &str) -> Self {
        self.args.push(a.to_owned());
        self
    }

    /// The (source, origin) a wire value names.
    pub fn name_of(&self, wire: &str) -> Option<(String, String)> {
        self.values
            .iter()
            .find(|(v, _, _)| v == wire)
            .map(|(_, s, o)| (s.clone(), o.clone()))
    }
}

/// A unique, recognisable credential value.
fn unique(what: &str, level: &str) -> String {
    let prefix = match what {
        "ANTHROPIC_API_KEY" | "primary" | "helper" | "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR" => {
            "sk-ant-api03-"
        }
        "CLAUDE_CODE_OAUTH_TOKEN" | "stored" | "CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR" => {
            "sk-ant-oat01-"
        }
        _ => "",
    };
    format!(
        "{prefix}conformance-{}-{level}",
        what.to_ascii_lowercase().replace('_', "-")
    )
}

const K: &str = "ANTHROPIC_API_KEY";
const A: &str = "ANTHROPIC_AUTH_TOKEN";
const T: &str = "CLAUDE_CODE_OAUTH_TOKEN";
const KFD: &str = "CLAUDE_CODE_API_KEY_FILE_DESCRIPTOR";
const TFD: &str = "CLAUDE_CODE_OAUTH_TOKEN_FILE_DESCRIPTOR";
const INFERENCE: &[&str] = &["user:inference", "user:profile"];

/// The first-party sources, each a way to add it to a case.
type Add = fn(Case) -> Case;
const SOURCES: &[(&str, Add)] = &[
    ("K", |c| c.key("process", K)),
    ("A", |c| c.key("process", A)),
    ("T", |c| c.key("process", T)),
    ("Kfd", |c| c.fd(KFD, 3)),
    ("Tfd", |c| c.fd(TFD, 4)),
    ("H", |c| c.helper("user", true)),
    ("S", |c| c.stored(INFERENCE)),
    ("P", Case::primary),
    ("CustomKey", |c| c.custom(true, false)),
    ("CustomAuth", |c| c.custom(false, true)),
];

/// The fixed cases.
pub fn fixed() -> Vec<Case> {
    let mut cases = vec![Case::new("nothing")];
    // Every source alone, and every pair.
    for (i, (a, add_a)) in SOURCES.iter().enumerate() {
        cases.push(add_a(Case::new(format!("{a} alone"))));
        for (b, add_b) in &SOURCES[i + 1..] {
            // Two custom-header sources are one variable: combine them in one case instead.
            if a.starts_with("Custom") && b.starts_with("Custom") {
                cases.push(Case::new("CustomKey + CustomAuth").custom(true, true));
                continue;
            }
            cases.push(add_b(add_a(Case::new(format!("{a} + {b}")))));
        }
    }
    cases.extend(values_cases());
    cases.extend(settings_cases());
    cases.extend(bare_cases());
    cases.extend(provider_cases());
    cases.push(
        Case::new("hosted session: OAuth only")
            .set("CLAUDE_CODE_REMOTE", "1")
            .key("process", K)
            .key("process", T),
    );
    cases.push(Case::new("stored login without inference scope").stored(&["user:profile"]));
    cases.push(
        Case::new("T with CLAUDE_CODE_OAUTH_SCOPES lacking inference")
            .key("process", T)
            .set("CLAUDE_CODE_OAUTH_SCOPES", "user:profile"),
    );
    cases.push(
        Case::new("failing helper still wins over T")
            .helper("user", false)
            .key("process", T),
    );
    cases.extend(interactive_cases());
    cases.extend(config_dir_cases());
    cases.extend(remote_cases());
    cases.extend(provider_cross());
    cases.extend(hosted_session_cross());
    cases
}

/// The provider set-ups a request can be made in (a provider without its skip switch needs a
/// cloud credential: a Bedrock bearer token, a Foundry key).
const PROVIDERS: &[(&str, Add)] = &[
    ("first-party", |c| c),
    ("bedrock bearer", |c| {
        c.set("CLAUDE_CODE_USE_BEDROCK", "1")
            .set("AWS_REGION", "us-west-2")
            .key("process", "AWS_BEARER_TOKEN_BEDROCK")
    }),
    ("bedrock skip", |c| {
        c.set("CLAUDE_CODE_USE_BEDROCK", "1")
            .set("AWS_REGION", "us-west-2")
            .set("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1")
    }),
    ("vertex skip", |c| {
        c.set("CLAUDE_CODE_USE_VERTEX", "1")
            .set("ANTHROPIC_VERTEX_PROJECT_ID", "conformance")
            .set("CLOUD_ML_REGION", "us-east5")
            .set("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1")
    }),
    ("foundry key", |c| {
        c.set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .key("process", "ANTHROPIC_FOUNDRY_API_KEY")
    }),
    ("foundry skip", |c| {
        c.set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .set("CLAUDE_CODE_SKIP_FOUNDRY_AUTH", "1")
    }),
];

/// The kinds of `ANTHROPIC_CUSTOM_HEADERS` (none, another header only, x-api-key,
/// Authorization).
const CUSTOM: &[(&str, Add)] = &[
    ("no custom header", |c| c),
    ("custom other", |c| c.custom(false, false)),
    ("custom x-api-key", |c| c.custom(true, false)),
    ("custom Authorization", |c| c.custom(false, true)),
];

/// The first-party credentials a case adds beside them.
const FIRST_PARTY: &[(&str, Add)] = &[
    ("K", |c| c.key("process", K)),
    ("A", |c| c.key("process", A)),
    ("T", |c| c.key("process", T)),
    ("H", |c| c.helper("cli", true)),
];

/// Issue 11: every provider set-up and skip switch, crossed with each kind of custom header and
/// each first-party credential, with and without bare mode.
fn provider_cross() -> Vec<Case> {
    let mut cases = Vec::new();
    for (p, add_p) in PROVIDERS {
        for (h, add_h) in CUSTOM {
            for (k, add_k) in FIRST_PARTY {
                for bare in [false, true] {
                    let name = format!(
                        "cross: {p} + {h} + {k}{}",
                        if bare { " (bare)" } else { "" }
                    );
                    let mut c = add_k(add_h(add_p(Case::new(name))));
                    if bare {
                        c = c.arg("--bare");
                    }
                    cases.push(c);
                }
            }
        }
    }
    cases
}

/// Issue 11: hosted sessions crossed with each OAuth source, with and without the inference
/// scope, beside an API key and a `--settings` helper that would otherwise be sent.
fn hosted_session_cross() -> Vec<Case> {
    let sources: &[(&str, Add)] = &[
        ("T", |c| c.key("process", T)),
        ("T from user settings", |c| c.key("user", T)),
        ("Tfd", |c| c.fd(TFD, 4)),
        ("remote OAuth file", |c| c.remote(true)),
        ("stored login", |c| c.stored(INFERENCE)),
        ("stored login without inference", |c| {
            c.stored(&["user:profile"])
        }),
        ("T with scopes lacking inference", |c| {
            c.key("process", T)
                .set("CLAUDE_CODE_OAUTH_SCOPES", "user:profile")
        }),
    ];
    let mut cases = Vec::new();
    for (name, add) in sources {
        for (other, add_other) in [("K", FIRST_PARTY[0].1), ("H", FIRST_PARTY[3].1)] {
            cases.push(add_other(add(Case::new(format!(
                "hosted session: {name} + {other}"
            ))
            .set("CLAUDE_CODE_REMOTE", "1"))));
        }
    }
    cases
}

/// Hosted-session files in /home/claude/.claude/remote.
fn remote_cases() -> Vec<Case> {
    let r = |name: &str| Case::new(format!("remote files: {name}"));
    vec![
        r("OAuth file alone").remote(true),
        r("OAuth file + stored login")
            .remote(true)
            .stored(INFERENCE),
        r("OAuth file + T").remote(true).key("process", T),
        r("OAuth file + K").remote(true).key("process", K),
        r("API-key file alone").remote(false),
        r("API-key file + K").remote(false).key("process", K),
        r("API-key file + T").remote(false).key("process", T),
        r("API-key file + helper")
            .remote(false)
            .helper("user", true),
        r("API-key file + API-key fd").remote(false).fd(KFD, 3),
        r("hosted session: OAuth file + K")
            .set("CLAUDE_CODE_REMOTE", "1")
            .remote(true)
            .key("process", K),
        r("bare: OAuth file").remote(true).arg("--bare"),
        // Issue 11: a stored login without user:inference does not make a hosted session.
        r("hosted session: stored login without inference + helper")
            .set("CLAUDE_CODE_REMOTE", "1")
            .stored(&["user:profile"])
            .helper("cli", true),
        r("hosted session: stored login without inference + K")
            .set("CLAUDE_CODE_REMOTE", "1")
            .stored(&["user:profile"])
            .key("process", K),
    ]
}

/// `CLAUDE_CONFIG_DIR` moves settings, the stored login and `.claude.json`; `~/.claude` is ignored.
fn config_dir_cases() -> Vec<Case> {
    let cfg = |name: &str| {
        Case::new(format!("CLAUDE_CONFIG_DIR: {name}")).set("CLAUDE_CONFIG_DIR", "$ROOT/cfg")
    };
    let login = |token: &str| json!({"claudeAiOauth": {"accessToken": token, "refreshToken": "sk-ant-ort01-x", "expiresAt": 4_102_444_800_000_i64, "scopes": INFERENCE}});
    vec![
        cfg("user settings move, ~/.claude is ignored")
            .file(
                "cfg/settings.json",
                &json!({"env": {K: "sk-ant-api03-cfg-user-key"}}),
            )
            .names("sk-ant-api03-cfg-user-key", K, "settings:user")
            .file(
                "home/.claude/settings.json",
                &json!({"env": {A: "home-user-auth-token"}}),
            )
            .names("home-user-auth-token", A, "settings:user"),
        cfg("the stored login moves")
            .file("cfg/.credentials.json", &login("sk-ant-oat01-cfg-stored"))
            .names("sk-ant-oat01-cfg-stored", "credentials-file", "file")
            .file(
                "home/.claude/.credentials.json",
                &login("sk-ant-oat01-home-stored"),
            )
            .names("sk-ant-oat01-home-stored", "credentials-file", "file:home"),
        cfg(".claude.json moves")
            .file(
                "cfg/.claude.json",
                &json!({"primaryApiKey": "sk-ant-api03-cfg-primary"}),
            )
            .names("sk-ant-api03-cfg-primary", "primaryApiKey", "global-config")
            .file(
                "home/.claude.json",
                &json!({"primaryApiKey": "sk-ant-api03-home-primary"}),
            )
            .names(
                "sk-ant-api03-home-primary",
                "primaryApiKey",
                "global-config:home",
            ),
    ]
}

/// Interactive mode, driven in tmux: an unanswered API-key dialog is declined (its default).
fn interactive_cases() -> Vec<Case> {
    let ui = |name: &str| Case::new(format!("interactive: {name}")).interactive();
    vec![
        ui("T").key("process", T),
        ui("K never approved + T")
            .key("process", K)
            .key("process", T),
        ui("K approved")
            .key("process", K)
            .answered("process", K, true),
        ui("K approved + T")
            .key("process", K)
            .key("process", T)
            .answered("process", K, true),
        ui("K rejected + stored login")
            .key("process", K)
            .answered("process", K, false)
            .stored(INFERENCE),
        ui("K from user settings never approved + T")
            .key("user", K)
            .key("process", T),
        ui("A + T").key("process", A).key("process", T),
        ui("helper").helper("user", true),
    ]
}

fn values_cases() -> Vec<Case> {
    vec![
        Case::new("K empty + T")
            .cred("process", K, "")
            .key("process", T),
        Case::new("K blank + T")
            .cred("process", K, "   ")
            .key("process", T),
        Case::new("T empty + S")
            .cred("process", T, "")
            .stored(INFERENCE),
        Case::new("A blank + K")
            .cred("process", A, " \t ")
            .key("process", K),
        Case::new("K padded").cred("process", K, "  sk-ant-api03-conformance-padded  "),
        Case::new("T with trailing newline").cred(
            "process",
            T,
            "sk-ant-oat01-conformance-newline\n",
        ),
        Case::new("K with inner space").cred("process", K, "sk-ant-api03-conformance inner"),
        Case::new("K without any known prefix").cred("process", K, "not-a-real-looking-key"),
    ]
}

fn settings_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (level, _) in LEVELS {
        cases.push(
            Case::new(format!("K in {level} settings beats exported K"))
                .key("process", K)
                .key(level, K),
        );
        cases.push(Case::new(format!("T in {level} settings, exported K unset")).key(level, T));
        cases.push(
            Case::new(format!("A in {level} settings + exported T"))
                .key(level, A)
                .key("process", T),
        );
        if *level != "global" {
            cases.push(Case::new(format!("helper in {level} settings")).helper(level, true));
        }
    }
    for pair in [
        ("user", "project"),
        ("project", "local"),
        ("local", "cli"),
        ("cli", "managed"),
        ("user", "managed"),
    ] {
        cases.push(
            Case::new(format!("helper in {} and {}", pair.0, pair.1))
                .helper(pair.0, true)
                .helper(pair.1, true),
        );
    }
    cases.push(
        Case::new("K in user and project settings")
            .key("user", K)
            .key("project", K),
    );
    cases.push(
        Case::new("empty K in user settings unsets exported K")
            .key("process", K)
            .cred("user", K, "")
            .key("process", T),
    );
    cases
}

fn bare_cases() -> Vec<Case> {
    let bare = |name: &str| Case::new(format!("bare: {name}")).arg("--bare");
    vec![
        bare("T").key("process", T),
        bare("K + T").key("process", K).key("process", T),
        bare("A").key("process", A),
        bare("S").stored(INFERENCE),
        bare("Tfd").fd(TFD, 4),
        bare("Kfd").fd(KFD, 3),
        bare("user helper").helper("user", true),
        bare("--settings helper").helper("cli", true),
        bare("managed and --settings helper")
            .helper("managed", true)
            .helper("cli", true),
        bare("A + --settings helper (x-api-key races)")
            .key("process", A)
            .helper("cli", true),
        bare("K in user settings").key("user", K),
        bare("P").primary(),
        Case::new("CLAUDE_CODE_SIMPLE=1: T")
            .set("CLAUDE_CODE_SIMPLE", "1")
            .key("process", T),
        Case::new("CLAUDE_CODE_SIMPLE=true: K")
            .set("CLAUDE_CODE_SIMPLE", "true")
            .key("process", K),
        Case::new("CLAUDE_CODE_SIMPLE=0: T")
            .set("CLAUDE_CODE_SIMPLE", "0")
            .key("process", T),
        Case::new("CLAUDE_CODE_SIMPLE from user settings: T")
            .set_in("user", "CLAUDE_CODE_SIMPLE", "1")
            .key("process", T),
    ]
}

fn provider_cases() -> Vec<Case> {
    let bedrock = |name: &str, switch: &str| {
        Case::new(format!("bedrock: {name}"))
            .set("CLAUDE_CODE_USE_BEDROCK", switch)
            .set("AWS_REGION", "us-west-2")
    };
    let mut cases = vec![
        bedrock("bearer + K + T", "1")
            .key("process", "AWS_BEARER_TOKEN_BEDROCK")
            .key("process", K)
            .key("process", T),
        bedrock("bearer + helper", "1")
            .key("process", "AWS_BEARER_TOKEN_BEDROCK")
            .helper("user", true),
        bedrock("skip + A + K", "1")
            .set("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1")
            .key("process", A)
            .key("process", K),
        bedrock("skip + K alone", "1")
            .set("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1")
            .key("process", K),
        bedrock("skip + helper + K", "1")
            .set("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1")
            .helper("user", true)
            .key("process", K),
        bedrock("skip + T only", "1")
            .set("CLAUDE_CODE_SKIP_BEDROCK_AUTH", "1")
            .key("process", T),
        Case::new("vertex: skip + A + K")
            .set("CLAUDE_CODE_USE_VERTEX", "1")
            .set("ANTHROPIC_VERTEX_PROJECT_ID", "conformance")
            .set("CLOUD_ML_REGION", "us-east5")
            .set("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1")
            .key("process", A)
            .key("process", K),
        Case::new("vertex: skip + helper")
            .set("CLAUDE_CODE_USE_VERTEX", "1")
            .set("ANTHROPIC_VERTEX_PROJECT_ID", "conformance")
            .set("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1")
            .helper("user", true),
        Case::new("vertex: no project id")
            .set("CLAUDE_CODE_USE_VERTEX", "1")
            .set("CLAUDE_CODE_SKIP_VERTEX_AUTH", "1")
            .key("process", A),
        Case::new("foundry: key beats K")
            .set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .key("process", "ANTHROPIC_FOUNDRY_API_KEY")
            .key("process", K),
        Case::new("foundry: skip")
            .set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .set("CLAUDE_CODE_SKIP_FOUNDRY_AUTH", "1")
            .key("process", K),
        // Issue 11: what a Foundry key and the Foundry skip switch do with other credentials.
        Case::new("foundry: key + custom Authorization (not sent)")
            .set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .key("process", "ANTHROPIC_FOUNDRY_API_KEY")
            .custom(false, true),
        Case::new("foundry: key + custom x-api-key (replaces the key)")
            .set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .key("process", "ANTHROPIC_FOUNDRY_API_KEY")
            .custom(true, false),
        Case::new("foundry: skip + A")
            .set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .set("CLAUDE_CODE_SKIP_FOUNDRY_AUTH", "1")
            .key("process", A)
            .key("process", K),
        Case::new("foundry: skip + helper")
            .set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .set("CLAUDE_CODE_SKIP_FOUNDRY_AUTH", "1")
            .helper("user", true),
        Case::new("foundry: skip + A + helper")
            .set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .set("CLAUDE_CODE_SKIP_FOUNDRY_AUTH", "1")
            .key("process", A)
            .helper("user", true),
        Case::new("foundry: skip + custom Authorization")
            .set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .set("CLAUDE_CODE_SKIP_FOUNDRY_AUTH", "1")
            .custom(false, true),
        Case::new("foundry: skip + K + custom x-api-key")
            .set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .set("CLAUDE_CODE_SKIP_FOUNDRY_AUTH", "1")
            .key("process", K)
            .custom(true, false),
        Case::new("bedrock + vertex: bedrock wins")
            .set("CLAUDE_CODE_USE_BEDROCK", "1")
            .set("CLAUDE_CODE_USE_VERTEX", "1")
            .key("process", "AWS_BEARER_TOKEN_BEDROCK"),
        Case::new("vertex + foundry: foundry wins")
            .set("CLAUDE_CODE_USE_VERTEX", "1")
            .set("CLAUDE_CODE_USE_FOUNDRY", "1")
            .key("process", "ANTHROPIC_FOUNDRY_API_KEY"),
        bedrock("SigV4 from access keys", "1")
            .set("AWS_ACCESS_KEY_ID", "AKIACONFORMANCE0001")
            .set("AWS_SECRET_ACCESS_KEY", "conformance-secret"),
    ];
    for spelling in ["TRUE", "yes", "On", " 1 ", "0", "false", "2", "y", ""] {
        cases.push(
            bedrock(&format!("switch spelled {spelling:?}"), spelling)
                .key("process", "AWS_BEARER_TOKEN_BEDROCK")
                .key("process", K),
        );
    }
    cases
}

/// A small deterministic generator (xorshift64*), so a seed reproduces a run anywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// `n` random first-party combinations: sources at random origins, blank or padded values,
/// bare mode, helpers at random levels, hosted-session files.
pub fn random(seed: u64, n: usize) -> Vec<Case> {
    let mut rng = Rng::new(seed);
    let env_levels = [
        "process", "process", "process", "user", "project", "local", "cli", "managed", "global",
    ];
    let helper_levels = ["user", "project", "local", "cli", "managed"];
    (0..n)
        .map(|i| {
            let mut c = Case::new(format!("random #{i} (seed {seed})"));
            for var in [K, A, T] {
                if rng.chance(40) {
                    let level = env_levels[rng.below(env_levels.len())];
                    c = match rng.below(6) {
                        0 => c.cred(level, var, ""),
                        1 => {
                            let v = format!(" {} \n", unique(var, level));
                            c.cred(level, var, &v)
                        }
                        _ => c.key(level, var),
                    };
                }
            }
            if rng.chance(25) {
                c = c.helper(helper_levels[rng.below(helper_levels.len())], true);
            }
            if rng.chance(15) {
                c = c.fd(KFD, 3);
            }
            if rng.chance(15) {
                c = c.fd(TFD, 4);
            }
            if rng.chance(30) {
                c = c.stored(INFERENCE);
            }
            if rng.chance(15) {
                c = c.primary();
            }
            if rng.chance(10) {
                c = c.remote(true);
            }
            if rng.chance(10) {
                c = c.remote(false);
            }
            if rng.chance(20) {
                c = c.arg("--bare");
            }
            // Issue 11: providers, skip switches, custom headers and hosted sessions too.
            if rng.chance(20) {
                c = PROVIDERS[1 + rng.below(PROVIDERS.len() - 1)].1(c);
            }
            if rng.chance(25) {
                c = CUSTOM[1 + rng.below(CUSTOM.len() - 1)].1(c);
            }
            if rng.chance(10) {
                c = c.set("CLAUDE_CODE_REMOTE", "1");
            }
            c
        })
        .collect()
}
