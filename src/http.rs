//! The one HTTP client: rustls, a user agent, no redirects, timeouts, and the proxy and extra CA
//! settings a corporate CI runner has (`HTTPS_PROXY`/`NO_PROXY`, `SSL_CERT_FILE`,
//! `NODE_EXTRA_CA_CERTS`), read from the environment the request is made for.

use std::io::Read;
use std::time::Duration;

use anyhow::Context as _;
use reqwest::blocking::{Client, Response};

/// Connecting may take at most this long; each request has its own overall deadline on top.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A request without a deadline of its own ends after this long.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The user agent every request carries.
pub const USER_AGENT: &str = concat!("ccauth/", env!("CARGO_PKG_VERSION"));

/// The variables naming extra CA bundles, in the order they are added.
pub const CA_VARS: [&str; 2] = ["SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS"];

/// What the client is built from: deadlines, and the environment its proxy and CA settings come
/// from (the process's for setup-token, the modelled one for verify).
#[derive(Debug, Clone)]
pub struct Settings {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    /// `(name, value)` of the proxy and CA variables that are set and not empty.
    pub env: Vec<(String, String)>,
}

/// The proxy variables, upper and lower case as curl accepts them.
pub const PROXY_VARS: [&str; 6] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// The hosts that bypass the proxy.
pub const NO_PROXY_VARS: [&str; 2] = ["NO_PROXY", "no_proxy"];

/// Every variable the client reads: proxies, proxy exceptions, CA bundles.
pub fn env_vars() -> impl Iterator<Item = &'static str> {
    PROXY_VARS.into_iter().chain(NO_PROXY_VARS).chain(CA_VARS)
}

impl Settings {
    /// Default deadlines and the variables `lookup` gives.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let env = env_vars()
            .filter_map(|k| {
                lookup(k)
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| (k.to_owned(), v))
            })
            .collect();
        Self {
            connect_timeout: CONNECT_TIMEOUT,
            timeout: REQUEST_TIMEOUT,
            env,
        }
    }

    /// The settings of this process's environment.
    pub fn from_process() -> Self {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// The first of `names` that is set.
    fn first(&self, names: &[&str]) -> Option<&str> {
        names
            .iter()
            .find_map(|n| self.env.iter().find(|(k, _)| k == n).map(|(_, v)| v.trim()))
    }
}

/// Builds the client every network call of ccauth goes through, from this process's environment.
pub fn client() -> anyhow::Result<Client> {
    client_with(&Settings::from_process())
}

/// Builds the client for `settings`.
pub fn client_with(settings: &Settings) -> anyhow::Result<Client> {
    let mut builder = Client::builder()
        .user_agent(USER_AGENT)
        // A token endpoint or an API that redirects is misconfigured or hostile: never follow.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(settings.connect_timeout.min(settings.timeout))
        .timeout(settings.timeout)
        // Proxies come from `settings` alone, so a modelled environment is honoured exactly.
        .no_proxy();
    for var in CA_VARS {
        let Some(path) = settings.first(&[var]) else {
            continue;
        };
        let pem = match crate::fsio::read_text(std::path::Path::new(path), 1024 * 1024, None) {
            Ok(Some(text)) => text,
            Ok(None) => anyhow::bail!("{var}: {path} does not exist"),
            Err(problem) => anyhow::bail!("{var}: {problem}"),
        };
        let certs = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
            .ok()
            .filter(|c| !c.is_empty())
            .with_context(|| format!("{var}: {path} holds no PEM certificate"))?;
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    let no_proxy = settings
        .first(&["NO_PROXY", "no_proxy"])
        .and_then(reqwest::NoProxy::from_string);
    let proxies = [
        (["HTTPS_PROXY", "https_proxy"], "https"),
        (["HTTP_PROXY", "http_proxy"], "http"),
        (["ALL_PROXY", "all_proxy"], "all"),
    ];
    for (names, scheme) in proxies {
        let Some(url) = settings.first(&names) else {
            continue;
        };
        let proxy = match scheme {
            "https" => reqwest::Proxy::https(url),
            "http" => reqwest::Proxy::http(url),
            _ => reqwest::Proxy::all(url),
        }
        .with_context(|| format!("{}: not a proxy URL", names[0]))?;
        builder = builder.proxy(proxy.no_proxy(no_proxy.clone()));
    }
    builder.build().context("building the HTTP client")
}

/// [`read_capped`] that gives up at `deadline`: the blocking client's timeout restarts with
/// every chunk, so a server dripping a byte at a time would otherwise hold the read forever. The
/// reading thread is left behind on timeout (it ends with the process, which is about to exit).
pub fn read_capped_until(
    response: Response,
    cap: usize,
    deadline: std::time::Instant,
) -> std::io::Result<(Vec<u8>, bool)> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(read_capped(response, cap));
    });
    let left = deadline.saturating_duration_since(std::time::Instant::now());
    rx.recv_timeout(left).unwrap_or_else(|_| {
        Err(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "the answer did not arrive in full before the timeout",
        ))
    })
}

/// Reads at most `cap` bytes of a response body; the rest is never read (an endless body ends
/// here). Returns the bytes and whether the body was cut.
pub fn read_capped(response: Response, cap: usize) -> std::io::Result<(Vec<u8>, bool)> {
    let mut body = Vec::new();
    let limit = u64::try_from(cap).unwrap_or(u64::MAX).saturating_add(1);
    response.take(limit).read_to_end(&mut body)?;
    let cut = body.len() > cap;
    body.truncate(cap);
    Ok((body, cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_keep_only_set_proxy_and_ca_variables() {
        let s = Settings::from_lookup(|k| match k {
            "https_proxy" => Some("http://proxy:3128".into()),
            "NO_PROXY" => Some(" ".into()),
            "HOME" => Some("/root".into()),
            _ => None,
        });
        assert_eq!(
            s.env,
            vec![("https_proxy".to_owned(), "http://proxy:3128".to_owned())]
        );
        assert_eq!(
            s.first(&["HTTPS_PROXY", "https_proxy"]),
            Some("http://proxy:3128")
        );
    }

    #[test]
    fn a_bad_ca_bundle_names_its_variable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not a certificate").unwrap();
        let s = Settings::from_lookup(|k| {
            (k == "NODE_EXTRA_CA_CERTS").then(|| path.display().to_string())
        });
        let err = format!("{:#}", client_with(&s).unwrap_err());
        assert!(err.contains("NODE_EXTRA_CA_CERTS"), "{err}");
    }
}
