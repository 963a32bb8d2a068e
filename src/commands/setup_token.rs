//! `ccauth setup-token`: run the PKCE flow the chosen way, then print or store the token.

use std::io::{self, Write};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use crate::cli::{SetupTokenArgs, TokenFormat};
use crate::exit::ExitStatus;
use crate::oauth::callback::Listener;
use crate::oauth::deliver::{self, GhTarget};
use crate::oauth::token::{self, Minted};
use crate::oauth::{self, paste, Endpoints, OauthError, MANUAL_REDIRECT_URI};

/// How the authorization comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// A loopback redirect to a listener on 127.0.0.1.
    Browser,
    /// The user pastes `code#state`.
    Paste,
}

/// Picks the way back: explicit flags first, else paste in CI, over SSH or without a display.
pub fn choose_way(browser: bool, no_browser: bool, var: impl Fn(&str) -> Option<String>) -> Way {
    let set = |name: &str| var(name).is_some_and(|v| !v.trim().is_empty());
    if browser {
        return Way::Browser;
    }
    if no_browser || var("CI").is_some_and(|v| crate::claude::values::is_truthy(&v)) {
        return Way::Paste;
    }
    if set("SSH_CONNECTION") || set("SSH_TTY") || set("SSH_CLIENT") {
        return Way::Paste;
    }
    if set("BROWSER") {
        return Way::Browser;
    }
    if cfg!(target_os = "linux") && !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
        return Way::Paste;
    }
    Way::Browser
}

/// Runs `setup-token`.
pub fn exec(args: SetupTokenArgs) -> anyhow::Result<ExitStatus> {
    let endpoints = Endpoints {
        authorize_url: args.authorize_url.clone(),
        token_url: args.token_url.clone(),
        client_id: args.client_id.clone(),
    };
    let client = crate::http::client()?;
    let way = choose_way(args.browser, args.no_browser, |k| std::env::var(k).ok());
    let started = Instant::now();
    let deadline = started + args.timeout;
    let minted = match login(way, &endpoints, &client, &args, started, deadline) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("ccauth setup-token: {e}");
            return Ok(ExitStatus::FlowFailed);
        }
    };
    deliver(&args, &minted)
}

fn login(
    way: Way,
    endpoints: &Endpoints,
    client: &reqwest::blocking::Client,
    args: &SetupTokenArgs,
    started: Instant,
    deadline: Instant,
) -> Result<Minted, OauthError> {
    let wait = humantime::format_duration(args.timeout);
    let (auth, code) = match way {
        Way::Browser => {
            let listener = Listener::bind()?;
            let auth = oauth::start(endpoints, &listener.redirect_uri())?;
            eprintln!("Opening a browser to log in with your Claude account. If none opens, open this URL:\n\n{}\n", auth.url);
            if let Err(why) = open_browser(&auth.url) {
                eprintln!("(could not open a browser: {why})");
            }
            eprintln!(
                "Waiting up to {wait} for the browser to come back to {} ...",
                auth.redirect_uri
            );
            let code = listener.wait(&auth.state, deadline, started)?;
            (auth, code)
        }
        Way::Paste => {
            let auth = oauth::start(endpoints, MANUAL_REDIRECT_URI)?;
            eprintln!("Open this URL in a browser on any machine and log in with your Claude account:\n\n{}\n", auth.url);
            eprintln!("Then paste the code the page shows (code#state) here and press Enter (waiting up to {wait}):");
            let code = paste::read_code(&auth.state, deadline, started)?;
            (auth, code)
        }
    };
    eprintln!("Exchanging the code for a token ...");
    token::exchange(client, endpoints, &auth, &code, deadline, started)
}

/// Opens `url` with `$BROWSER` (`%s` is replaced by the URL, else it is appended) or the
/// platform's opener. Does not wait for the browser.
fn open_browser(url: &str) -> Result<(), String> {
    let mut argv: Vec<String> = match std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty())
    {
        Some(b) => {
            let first = b.split(':').next().unwrap_or_default().to_owned();
            let mut words = shlex::split(&first)
                .ok_or_else(|| "BROWSER does not parse as a command".to_owned())?;
            if words.iter().any(|w| w.contains("%s")) {
                words.iter_mut().for_each(|w| *w = w.replace("%s", url));
            } else {
                words.push(url.to_owned());
            }
            words
        }
        None if cfg!(target_os = "macos") => vec!["open".into(), url.into()],
        None if cfg!(windows) => vec![
            "cmd".into(),
            "/C".into(),
            "start".into(),
            String::new(),
            url.into(),
        ],
        None => vec!["xdg-open".into(), url.into()],
    };
    if argv.is_empty() {
        return Err("BROWSER is empty".into());
    }
    let program = argv.remove(0);
    Command::new(&program)
        .args(&argv)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| format!("{program}: {e}"))
}

fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

fn render(format: TokenFormat, m: &Minted) -> String {
    match format {
        TokenFormat::Text => format!("{}\n", m.token),
        TokenFormat::Json => {
            let doc = serde_json::json!({
                "token": m.token,
                "scope": m.scope,
                "expires_in": m.expires_in,
                "expires_at": rfc3339(m.expires_at()),
                "created_at": rfc3339(m.created_at),
            });
            format!("{doc}\n")
        }
    }
}

/// Stores the token where asked; prints it unless every destination took it.
fn deliver(args: &SetupTokenArgs, m: &Minted) -> anyhow::Result<ExitStatus> {
    let output = render(args.format, m);
    let expires_at = rfc3339(m.expires_at());
    let mut stored = true;
    if let Some(path) = &args.output {
        match deliver::write_file(path, &output, args.force) {
            Ok(warning) => {
                eprintln!("Wrote the token to {} (mode 0600).", path.display());
                if let Some(w) = warning {
                    eprintln!("warning: {w}");
                }
            }
            Err(e) => {
                eprintln!("ccauth setup-token: --output: {e:#}");
                stored = false;
            }
        }
    }
    if let Some(name) = &args.gh_secret {
        let target = GhTarget {
            name: name.clone(),
            repo: args.repo.clone(),
            env: args.gh_env.clone(),
            org: args.org.clone(),
        };
        match deliver::gh_secret(&target, &m.token, &expires_at) {
            Ok(()) => eprintln!(
                "Stored the GitHub secret {name} and the variable {name}_EXPIRES_AT={expires_at}."
            ),
            Err(e) => {
                eprintln!("ccauth setup-token: --gh-secret: {e:#}");
                stored = false;
            }
        }
    }
    let has_destination = args.output.is_some() || args.gh_secret.is_some();
    if !has_destination || !stored {
        if has_destination {
            eprintln!("The token is printed on stdout so it is not lost.");
        }
        io::stdout().write_all(output.as_bytes())?;
        io::stdout().flush()?;
    }
    eprintln!(
        "Token valid for {} days, until {expires_at}; scope {}. Use it as CLAUDE_CODE_OAUTH_TOKEN (not ANTHROPIC_API_KEY), and mint a new one before then.",
        m.expires_in / 86_400,
        m.scope
    );
    Ok(if stored {
        ExitStatus::Success
    } else {
        ExitStatus::NotStored
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn way_table() {
        type Env = &'static [(&'static str, &'static str)];
        let cases: &[(bool, bool, Env, Way)] = &[
            (true, false, &[("CI", "true")], Way::Browser),
            (false, true, &[("DISPLAY", ":0")], Way::Paste),
            (
                false,
                false,
                &[("CI", "true"), ("DISPLAY", ":0")],
                Way::Paste,
            ),
            (
                false,
                false,
                &[("SSH_CONNECTION", "1 2 3 4"), ("DISPLAY", ":0")],
                Way::Paste,
            ),
            (false, false, &[("BROWSER", "firefox")], Way::Browser),
            (
                false,
                false,
                &[("CI", "false"), ("BROWSER", "firefox")],
                Way::Browser,
            ),
        ];
        for (browser, no_browser, env, want) in cases {
            let got = choose_way(*browser, *no_browser, |k| {
                env.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            });
            assert_eq!(got, *want, "{env:?}");
        }
        if cfg!(target_os = "linux") {
            assert_eq!(choose_way(false, false, |_| None), Way::Paste);
            assert_eq!(
                choose_way(false, false, |k| (k == "DISPLAY").then(|| ":0".to_owned())),
                Way::Browser
            );
        }
    }
}
