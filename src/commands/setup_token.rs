//! `ccauth setup-token`: run the PKCE flow the chosen way, then print or store the token.

use std::io::{self, Write};

use crate::cli::SetupTokenArgs;
use ccauth::exit::ExitStatus;
use ccauth::oauth::browser::choose_way;
use ccauth::oauth::deliver::{self, GhTarget};
use ccauth::oauth::token::{rfc3339, Minted};
use ccauth::oauth::{self, Endpoints};

/// Runs `setup-token`.
pub fn exec(args: SetupTokenArgs) -> anyhow::Result<ExitStatus> {
    let endpoints = Endpoints {
        authorize_url: args.authorize_url.clone(),
        token_url: args.token_url.clone(),
        client_id: args.client_id.clone(),
    };
    oauth::require_https("--authorize-url", &endpoints.authorize_url)?;
    oauth::require_https("--token-url", &endpoints.token_url)?;
    // What can fail after the login is checked before it: a token minted and then refused by
    // its destination would end up on stdout, which in CI is the job log.
    if let Some(path) = &args.output {
        // The library names the path; the flag is the command's word.
        deliver::check_output(path, args.force).map_err(|e| anyhow::anyhow!("--output {e:#}"))?;
    }
    if args.gh_secret.is_some() {
        deliver::check_gh().map_err(|e| {
            let e = format!("{e:#}");
            if e.starts_with("needs gh") {
                anyhow::anyhow!("--gh-secret {e} (or drop --gh-secret)")
            } else {
                anyhow::anyhow!("--gh-secret: {e}")
            }
        })?;
    }
    let client = ccauth::http::client()?;
    let way = choose_way(args.browser, args.no_browser, |k| std::env::var(k).ok());
    match oauth::login(
        way,
        &endpoints,
        &client,
        args.timeout,
        &mut ccauth::redact::Scrubbing(io::stderr()),
    ) {
        Ok(minted) => deliver(&args, &minted),
        Err(e) => {
            ccauth::say!("ccauth setup-token: {e}");
            Ok(ExitStatus::FlowFailed)
        }
    }
}

/// Stores the token where asked; prints it unless every destination took it.
fn deliver(args: &SetupTokenArgs, m: &Minted) -> anyhow::Result<ExitStatus> {
    let output = m.render(args.format.into());
    let expires_at = rfc3339(m.expires_at());
    let mut stored = true;
    if let Some(path) = &args.output {
        match deliver::write_file(path, &output, args.force) {
            Ok(warning) => {
                ccauth::say!("Wrote the token to {} (mode 0600).", path.display());
                if let Some(w) = warning {
                    ccauth::say!("warning: {w}");
                }
            }
            Err(e) => {
                ccauth::say!("ccauth setup-token: --output: {e:#}");
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
            Ok(()) => ccauth::say!(
                "Stored the GitHub secret {name} and the variable {name}_EXPIRES_AT={expires_at}."
            ),
            Err(e) => {
                ccauth::say!("ccauth setup-token: --gh-secret: {e:#}");
                stored = false;
            }
        }
    }
    let has_destination = args.output.is_some() || args.gh_secret.is_some();
    if !has_destination || !stored {
        if has_destination {
            ccauth::say!("The token is printed on stdout so it is not lost.");
        }
        io::stdout().write_all(output.as_bytes())?;
        io::stdout().flush()?;
    }
    ccauth::say!(
        "Token valid for {} days; scope {}. Use it as CLAUDE_CODE_OAUTH_TOKEN (not ANTHROPIC_API_KEY), and mint a new one before it expires.",
        m.expires_in / 86_400,
        m.scope
    );
    // On a line of its own, so a recipe can store it as CLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT (the
    // rotation jobs read it) without parsing prose.
    ccauth::say!("CLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT={expires_at}");
    Ok(if stored {
        ExitStatus::Success
    } else {
        ExitStatus::NotStored
    })
}
