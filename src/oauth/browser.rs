//! How the authorization comes back (a loopback redirect or a paste), and opening a browser.

use std::process::{Command, Stdio};

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

/// Opens `url` with `$BROWSER` (`%s` is replaced by the URL, else it is appended) or the
/// platform's opener. Does not wait for the browser.
pub fn open_browser(url: &str) -> Result<(), String> {
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
