//! Cloud providers: which switch wins, what each needs, and which cloud credentials are visible
//! from the environment and files (without calling any cloud).

use std::fmt;
use std::path::PathBuf;

use super::snapshot::Snapshot;
use super::sources::vars;
use super::{Location, Origin, Problem};

/// Where requests go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// The first-party Anthropic API.
    Anthropic,
    /// Amazon Bedrock.
    Bedrock,
    /// Google Vertex AI.
    Vertex,
    /// Microsoft Foundry.
    Foundry,
}

impl Provider {
    /// The name used in output.
    pub fn id(self) -> &'static str {
        match self {
            Self::Anthropic => "anthropic",
            Self::Bedrock => "bedrock",
            Self::Vertex => "vertex",
            Self::Foundry => "foundry",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The provider switches in Claude Code's order: the first true one wins (seen).
pub const SWITCHES: &[(&str, Provider)] = &[
    (vars::USE_BEDROCK, Provider::Bedrock),
    (vars::USE_FOUNDRY, Provider::Foundry),
    (vars::USE_VERTEX, Provider::Vertex),
];

/// Every switch that is on, in precedence order.
pub fn enabled_switches(s: &Snapshot) -> Vec<(&'static str, Provider)> {
    SWITCHES
        .iter()
        .copied()
        .filter(|(name, _)| s.truthy(name))
        .collect()
}

/// The provider Claude Code will use.
pub fn select(s: &Snapshot) -> Provider {
    enabled_switches(s)
        .first()
        .map_or(Provider::Anthropic, |(_, p)| *p)
}

/// The cloud credentials discovery found (files present, `az` on PATH, variables) for the
/// selected provider: read once, in [`Snapshot::load`], so resolution and the rules never touch
/// the filesystem, and a first-party run (the common case) looks for none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CloudFacts {
    /// What the AWS SDK chain would find (Bedrock).
    pub aws: Option<CloudCredential>,
    /// Google Application Default Credentials (Vertex AI).
    pub google: Option<CloudCredential>,
    /// What `DefaultAzureCredential` would find (Foundry).
    pub azure: Option<CloudCredential>,
    /// Credential files named by a variable (`AWS_WEB_IDENTITY_TOKEN_FILE`,
    /// `GOOGLE_APPLICATION_CREDENTIALS`, ...) that are missing, unreadable or do not parse: the
    /// variable, and the problem at the variable's definition.
    pub file_problems: Vec<(&'static str, Problem)>,
}

/// What a credential file must hold.
#[derive(Debug, Clone, Copy)]
enum FileKind {
    /// A token: any non-blank text.
    Token,
    /// An INI-style AWS file: readable is enough.
    Text,
    /// A Google credentials JSON object with a `type`.
    GoogleJson,
    /// A PEM certificate (and key).
    Pem,
}

/// The credential files each provider's SDK reads when a variable names them.
const CREDENTIAL_FILES: &[(Provider, &str, FileKind)] = &[
    (
        Provider::Bedrock,
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        FileKind::Token,
    ),
    (
        Provider::Bedrock,
        "AWS_SHARED_CREDENTIALS_FILE",
        FileKind::Text,
    ),
    (Provider::Bedrock, "AWS_CONFIG_FILE", FileKind::Text),
    (
        Provider::Vertex,
        "GOOGLE_APPLICATION_CREDENTIALS",
        FileKind::GoogleJson,
    ),
    (
        Provider::Foundry,
        "AZURE_FEDERATED_TOKEN_FILE",
        FileKind::Token,
    ),
    (
        Provider::Foundry,
        "AZURE_CLIENT_CERTIFICATE_PATH",
        FileKind::Pem,
    ),
];

/// Every named credential file of `provider` (and the federation identity token file), each
/// checked the same way: it exists, it can be read, it holds what it must.
fn file_problems(s: &Snapshot, provider: Provider) -> Vec<(&'static str, Problem)> {
    let federation =
        federation(s)
            .is_some()
            .then_some((provider, vars::IDENTITY_TOKEN_FILE, FileKind::Token));
    CREDENTIAL_FILES
        .iter()
        .copied()
        .filter(|(p, _, _)| *p == provider)
        .chain(federation)
        .filter_map(|(_, var, kind)| {
            let def = s.var(var).filter(|d| !d.raw.trim().is_empty())?;
            let path = s.project_dir.join(def.raw.trim());
            let message = file_problem(&path, kind)?;
            Some((
                var,
                Problem::new(
                    def.location.clone(),
                    format!("{var} names {}: {message}", path.display()),
                ),
            ))
        })
        .collect()
}

/// Why the file cannot serve, if it cannot.
fn file_problem(path: &std::path::Path, kind: FileKind) -> Option<String> {
    let text = match super::files::read_text(path) {
        Ok(Some(text)) => text,
        Ok(None) => return Some("it does not exist".into()),
        Err(p) => return Some(p.message),
    };
    match kind {
        FileKind::Text => None,
        FileKind::Token => text.trim().is_empty().then(|| "it is empty".into()),
        FileKind::Pem => (!text.contains("-----BEGIN")).then(|| "it holds no PEM block".into()),
        FileKind::GoogleJson => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(v) if v.get("type").and_then(|t| t.as_str()).is_some() => None,
            Ok(_) => Some("it is JSON but not a Google credentials file (no \"type\")".into()),
            Err(e) => Some(format!(
                "it is not valid JSON ({})",
                e.to_string().split(" at line ").next().unwrap_or("")
            )),
        },
    }
}

impl CloudFacts {
    /// Looks for the selected provider's credentials in the environment and files of `s`.
    pub fn discover(s: &Snapshot) -> Self {
        let mut facts = Self::default();
        let provider = select(s);
        facts.file_problems = file_problems(s, provider);
        match provider {
            Provider::Anthropic => {}
            Provider::Bedrock => facts.aws = aws_credentials(s),
            Provider::Vertex => facts.google = google_adc(s),
            Provider::Foundry => facts.azure = azure_credential(s),
        }
        facts
    }
}

/// A cloud credential that ccauth can see; the cloud itself is never called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudCredential {
    pub origin: Origin,
    pub location: Location,
    /// What it is, safe to print.
    pub describe: String,
}

fn env_cred(s: &Snapshot, name: &str, describe: &str) -> Option<CloudCredential> {
    s.value(name)?;
    let def = s.var(name)?;
    Some(CloudCredential {
        origin: def.origin,
        location: def.location.clone(),
        describe: describe.to_owned(),
    })
}

fn file_cred(path: PathBuf, describe: &str) -> Option<CloudCredential> {
    path.is_file().then(|| CloudCredential {
        origin: Origin::File,
        location: Location::file(&path),
        describe: format!("{describe} ({})", path.display()),
    })
}

fn home_file(s: &Snapshot, rel: &str) -> Option<PathBuf> {
    s.home.as_ref().map(|h| h.join(rel))
}

/// AWS credentials the SDK chain would find, other than an EC2 instance role.
fn aws_credentials(s: &Snapshot) -> Option<CloudCredential> {
    if s.value("AWS_ACCESS_KEY_ID").is_some() && s.value("AWS_SECRET_ACCESS_KEY").is_some() {
        return env_cred(
            s,
            "AWS_ACCESS_KEY_ID",
            "AWS access keys from the environment",
        );
    }
    if s.value("AWS_ROLE_ARN").is_some() {
        if let Some(c) = env_cred(s, "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS web identity (OIDC)") {
            return Some(c);
        }
    }
    for var in [
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    ] {
        if let Some(c) = env_cred(s, var, "AWS container credentials") {
            return Some(c);
        }
    }
    let helper = s.settings.iter().rev().find_map(|f| {
        f.string_setting("awsCredentialExport")
            .map(|(_, loc)| (f.origin, loc))
    });
    if let Some((origin, location)) = helper {
        return Some(CloudCredential {
            origin,
            location,
            describe: "the awsCredentialExport settings command".into(),
        });
    }
    let shared = s
        .value("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| home_file(s, ".aws/credentials"));
    let config = s
        .value("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| home_file(s, ".aws/config"));
    shared
        .and_then(|p| file_cred(p, "AWS shared credentials file"))
        .or_else(|| config.and_then(|p| file_cred(p, "AWS config file")))
}

/// Google Application Default Credentials other than a metadata server.
fn google_adc(s: &Snapshot) -> Option<CloudCredential> {
    if let Some(path) = s.value("GOOGLE_APPLICATION_CREDENTIALS") {
        // The file itself is checked with the other named credential files (file_problems).
        let describe = format!("GOOGLE_APPLICATION_CREDENTIALS ({path})");
        return env_cred(s, "GOOGLE_APPLICATION_CREDENTIALS", &describe);
    }
    let dir = s
        .value("CLOUDSDK_CONFIG")
        .map(PathBuf::from)
        .or_else(|| home_file(s, ".config/gcloud"))?;
    file_cred(
        dir.join("application_default_credentials.json"),
        "gcloud application default credentials",
    )
}

/// Azure credentials `DefaultAzureCredential` would find.
fn azure_credential(s: &Snapshot) -> Option<CloudCredential> {
    let has_secret = [
        "AZURE_CLIENT_SECRET",
        "AZURE_CLIENT_CERTIFICATE_PATH",
        "AZURE_FEDERATED_TOKEN_FILE",
    ]
    .iter()
    .any(|v| s.value(v).is_some());
    if s.value("AZURE_TENANT_ID").is_some() && has_secret {
        return env_cred(
            s,
            "AZURE_CLIENT_ID",
            "Azure service principal from the environment",
        );
    }
    for var in ["IDENTITY_ENDPOINT", "MSI_ENDPOINT"] {
        if let Some(c) = env_cred(s, var, "Azure managed identity") {
            return Some(c);
        }
    }
    let path = s.value("PATH")?;
    let az = which::which_in("az", Some(path), &s.project_dir).ok()?;
    Some(CloudCredential {
        origin: Origin::File,
        location: Location::file(&az),
        describe: format!("the Azure CLI ({})", az.display()),
    })
}

/// True when a Foundry endpoint is configured.
pub fn foundry_endpoint(s: &Snapshot) -> bool {
    s.value(vars::FOUNDRY_BASE_URL).is_some() || s.value(vars::FOUNDRY_RESOURCE).is_some()
}

/// Workload identity federation: `Some(complete)` when configured at all.
pub fn federation(s: &Snapshot) -> Option<bool> {
    let rule = s.value(vars::FEDERATION_RULE_ID).is_some();
    let org = s.value(vars::ORGANIZATION_ID).is_some();
    let token =
        s.value(vars::IDENTITY_TOKEN).is_some() || s.value(vars::IDENTITY_TOKEN_FILE).is_some();
    (rule || token).then_some(rule && org && token)
}

crate::serialize_by_id!(Provider);
