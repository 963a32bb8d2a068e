//! The one HTTP client: rustls, a user agent, no redirects, timeouts, and the proxy and extra CA
//! settings a corporate CI runner has (`HTTPS_PROXY`/`NO_PROXY`, `SSL_CERT_FILE`,
//! `NODE_EXTRA_CA_CERTS`).

use std::time::Duration;

use anyhow::Context as _;
use reqwest::blocking::Client;

/// Connecting may take at most this long; each request has its own overall deadline on top.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A request without a deadline of its own ends after this long.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Builds the client every network call of ccauth goes through.
pub fn client() -> anyhow::Result<Client> {
    let mut builder = Client::builder()
        .user_agent(concat!("ccauth/", env!("CARGO_PKG_VERSION")))
        // A token endpoint that redirects is misconfigured or hostile: never follow.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT);
    for var in ["SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS"] {
        let Some(path) = std::env::var_os(var).filter(|v| !v.is_empty()) else {
            continue;
        };
        let pem = std::fs::read(&path)
            .with_context(|| format!("{var}: reading {}", path.to_string_lossy()))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .with_context(|| format!("{var}: {} is not a PEM bundle", path.to_string_lossy()))?;
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    builder.build().context("building the HTTP client")
}
