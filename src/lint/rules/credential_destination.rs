//! `credential-destination`: where the credential goes, whenever something other than the
//! default decides it: the provider's base URL, a proxy, an extra CA bundle. From the
//! repository's own settings (a pull request can write them) it is an error; from anywhere else a
//! note; plain http to another machine a warning.

use crate::claude::endpoint::{self, Endpoint};
use crate::claude::snapshot::{EnvDef, Snapshot};
use crate::http::PROXY_VARS as PROXIES;
use crate::lint::{Context, Finding, Severity};

declare_rule!(
    guard CredentialDestination,
    "credential-destination",
    Severity::Error,
    "Settings the repository owns (project or local, or a --settings file or CLAUDE_CONFIG_DIR inside the checkout) choose where the credential goes (a base URL, proxy or CA bundle); set elsewhere it is a note, plain http to another host a warning.",
);

/// What a routing variable does, in words.
enum Route {
    Destination,
    Proxy,
    TrustedCa,
}

/// Claude Code (Node) reads extra CAs from this variable only (SSL_CERT_FILE is not Node's).
const CAS: [&str; 1] = ["NODE_EXTRA_CA_CERTS"];

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let r = cx.resolution;
    // With nothing to send, nothing goes anywhere.
    if r.headers.is_empty() && !r.skip_auth {
        return;
    }
    let s = cx.snapshot;
    let e = Endpoint::of(s, r.provider);
    let routes = e
        .variable
        .map(|v| (v, Route::Destination))
        .into_iter()
        .chain(PROXIES.iter().map(|v| (*v, Route::Proxy)))
        .chain(CAS.iter().map(|v| (*v, Route::TrustedCa)));
    for (var, route) in routes {
        if let Some(def) = endpoint::set(s, var) {
            out.push(finding(s, def, &route, &e));
        }
    }
    if e.is_plain_http_remote() {
        let var = e.variable.unwrap_or("ANTHROPIC_BASE_URL");
        let at = endpoint::set(s, var)
            .map_or(crate::claude::Location::Environment, |d| d.location.clone());
        out.push(
            META.finding(
                at,
                format!(
                    "{var} (from {}) is plain http to {}: the credential crosses the network unencrypted",
                    e.origin,
                    host(&e.url)
                ),
                "Use https, or a gateway on this machine (http to localhost is fine).",
            )
            .with_severity(Severity::Warning),
        );
    }
}

fn finding(s: &Snapshot, def: &EnvDef, route: &Route, e: &Endpoint) -> Finding {
    let what = match route {
        Route::Destination => format!("sends the job's credential to {}", host(&e.url)),
        Route::Proxy => format!(
            "routes the requests, credential included, through the proxy {}",
            host(&def.raw)
        ),
        Route::TrustedCa => {
            "adds certificate authorities TLS trusts, so whoever holds them can read the traffic"
                .to_owned()
        }
    };
    if let Some((_, owner)) = s.repository_file(def.origin, &def.location) {
        return META.finding(
            def.location.clone(),
            format!(
                "{} is set by the repository's own settings ({}) and {what}: a pull request can change where the credential goes{}",
                def.name,
                def.origin,
                owner.aside()
            ),
            "Set it in the runner's environment or in user or managed settings, and remove it from \
             the repository's file; `ccauth verify` refuses to send there without \
             --trust-project-endpoint.",
        );
    }
    META.finding(
        def.location.clone(),
        format!("{} (from {}) {what}", def.name, def.origin),
        "Expected with a gateway or a corporate proxy; otherwise unset it.",
    )
    .with_severity(Severity::Note)
}

/// `scheme://host[:port]` of a URL, never its user, password, path or query; the start of the
/// text when it is not a URL.
fn host(text: &str) -> String {
    match reqwest::Url::parse(text.trim()) {
        Ok(u) => match (u.host_str(), u.port()) {
            (Some(h), Some(p)) => format!("{}://{h}:{p}", u.scheme()),
            (Some(h), None) => format!("{}://{h}", u.scheme()),
            _ => u.scheme().to_owned(),
        },
        Err(_) => "(not a URL)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn hosts_never_carry_userinfo_or_paths() {
        assert_eq!(
            host("http://user:pass@proxy.corp:3128/x?y=1"),
            "http://proxy.corp:3128"
        );
        assert_eq!(host("https://gw.example/anthropic"), "https://gw.example");
        assert_eq!(host("proxy.corp:3128 "), "proxy.corp");
        assert_eq!(host("not a url"), "(not a URL)");
    }
}
