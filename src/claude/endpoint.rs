//! Where the credential goes: the base URL the selected provider sends requests to, and where
//! that URL was set (reference, sections 3 and 7). Shared by lint-env (shown in every format,
//! and judged by `credential-destination`) and verify (the URL it probes).

use serde::Serialize;

use super::provider::Provider;
use super::snapshot::{EnvDef, Snapshot};
use super::sources::vars;

/// Where requests go when `ANTHROPIC_BASE_URL` is not set.
pub const DEFAULT_BASE_URL: &str = "https://api.anthropic.com";

/// The base URL and where it came from (`default`, `process`, `settings:project`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// The URL as set: what requests go to.
    #[serde(skip)]
    pub url: String,
    /// The URL as it may be printed: without user, password or query.
    #[serde(rename = "url")]
    pub shown: String,
    pub origin: String,
    /// The variable that set it, when one did.
    #[serde(skip)]
    pub variable: Option<&'static str>,
}

impl Endpoint {
    /// The endpoint of `provider` in this snapshot (settings `env` included).
    pub fn of(s: &Snapshot, provider: Provider) -> Self {
        let (var, default) = match provider {
            Provider::Anthropic => (vars::BASE_URL, DEFAULT_BASE_URL.to_owned()),
            Provider::Bedrock => {
                let region =
                    first_value(s, &["AWS_REGION", "AWS_DEFAULT_REGION"]).unwrap_or("us-east-1");
                (
                    vars::BEDROCK_BASE_URL,
                    format!("https://bedrock-runtime.{region}.amazonaws.com"),
                )
            }
            Provider::Vertex => {
                let region = first_value(s, &["CLOUD_ML_REGION"]).unwrap_or("us-east5");
                (
                    vars::VERTEX_BASE_URL,
                    format!("https://{region}-aiplatform.googleapis.com"),
                )
            }
            Provider::Foundry => {
                let default = s.value(vars::FOUNDRY_RESOURCE).map_or_else(
                    || "(no ANTHROPIC_FOUNDRY_RESOURCE)".to_owned(),
                    |r| format!("https://{r}.services.ai.azure.com"),
                );
                (vars::FOUNDRY_BASE_URL, default)
            }
        };
        match set(s, var) {
            Some(def) => Self::new(
                def.raw.trim().trim_end_matches('/'),
                def.origin.id(),
                Some(var),
            ),
            None => Self::new(&default, "default", None),
        }
    }

    /// An endpoint from its URL, origin and variable.
    pub fn new(url: &str, origin: &str, variable: Option<&'static str>) -> Self {
        Self {
            url: url.to_owned(),
            shown: shown(url),
            origin: origin.to_owned(),
            variable,
        }
    }

    /// The parsed URL; `None` when it is not an http(s) URL with a host.
    pub fn parse(&self) -> Option<reqwest::Url> {
        let url = reqwest::Url::parse(&self.url).ok()?;
        (matches!(url.scheme(), "http" | "https") && url.host_str().is_some()).then_some(url)
    }

    /// A plain-http destination other than this machine: the credential crosses the network in
    /// clear.
    pub fn is_plain_http_remote(&self) -> bool {
        self.parse()
            .is_some_and(|u| u.scheme() == "http" && !is_loopback(u.host_str().unwrap_or("")))
    }
}

/// A URL without its user, password and query (they can hold secrets); text that is not a URL
/// is replaced by a placeholder.
pub fn shown(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            // A query is shown only when it is ccauth's own (`?limit=1`): a base URL's query may
            // carry a key.
            if u.query().is_some_and(|q| q != "limit=1") {
                u.set_query(None);
            }
            u.set_fragment(None);
            u.to_string().trim_end_matches('/').to_owned()
        }
        Err(_) if url.starts_with('(') => url.to_owned(),
        Err(_) => "(not a URL)".to_owned(),
    }
}

/// True for `localhost` and loopback addresses (`127.0.0.1`, `[::1]`).
pub fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The definition of a variable that is set and not blank.
pub fn set<'a>(s: &'a Snapshot, name: &str) -> Option<&'a EnvDef> {
    s.var(name).filter(|d| !d.raw.trim().is_empty())
}

fn first_value<'a>(s: &'a Snapshot, names: &[&str]) -> Option<&'a str> {
    names.iter().find_map(|n| s.value(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_remote() {
        let e = |u: &str| Endpoint::new(u, "process", Some(vars::BASE_URL));
        assert!(e("http://gateway.example:8080").is_plain_http_remote());
        for quiet in [
            "https://gateway.example",
            "http://127.0.0.1:9",
            "http://[::1]:9",
            "http://localhost",
            "not a url",
        ] {
            assert!(!e(quiet).is_plain_http_remote(), "{quiet}");
        }
        assert!(e("ftp://x").parse().is_none());
        assert!(e("not a url").parse().is_none());
        assert!(e("https://api.anthropic.com").parse().is_some());
    }

    #[test]
    fn the_shown_url_carries_no_secret() {
        let e = Endpoint::new(
            "https://u:hunter2hunter2@gw.example/a?key=hunter3",
            "process",
            None,
        );
        assert_eq!(e.shown, "https://gw.example/a");
        assert_eq!(
            Endpoint::new("hunter2hunter2", "process", None).shown,
            "(not a URL)"
        );
    }
}
