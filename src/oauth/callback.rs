//! The loopback way back: a listener on 127.0.0.1 (a free port) that waits for
//! `/callback?code=…&state=…`, answers a wrong state with 400 and keeps waiting, and ends on one
//! good callback (redirecting the browser to the success page) or on `error=`.

use std::time::{Duration, Instant};

use tiny_http::{Header, Response, Server};

use super::{same_secret, OauthError, SUCCESS_URL};

/// What one request to the listener carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// A code with the expected state.
    Code(String),
    /// The server refused: `error=` (and maybe `error_description=`).
    Denied {
        error: String,
        description: Option<String>,
    },
    /// A callback whose state is not this login's.
    StateMismatch,
    /// A callback without a code or state.
    Incomplete,
    /// Not the callback path at all (a favicon, a probe).
    NotCallback,
}

/// Reads a request target (`/callback?…`) against the expected state. Pure, for tests.
pub fn parse_callback(target: &str, expected_state: &str) -> Callback {
    let Ok(url) = reqwest::Url::parse(&format!("http://localhost{target}")) else {
        return Callback::NotCallback;
    };
    if url.path() != "/callback" {
        return Callback::NotCallback;
    }
    let get = |key: &str| {
        url.query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    };
    // Seen as an attack, not just a bug: any local process or web page probing ports could end
    // the login with text of its choosing. An error counts only with this login's state (RFC
    // 6749 4.1.2.1 sends it back with errors too).
    if let Some(error) = get("error") {
        return match get("state") {
            Some(state) if same_secret(&state, expected_state) => Callback::Denied {
                error,
                description: get("error_description"),
            },
            _ => Callback::StateMismatch,
        };
    }
    match (get("code"), get("state")) {
        (Some(code), Some(state)) if !code.is_empty() => {
            if !same_secret(&state, expected_state) {
                Callback::StateMismatch
            } else if super::plausible_code(&code) {
                Callback::Code(code)
            } else {
                // Found by fuzzing: a query can decode to NULs or control characters.
                Callback::Incomplete
            }
        }
        _ => Callback::Incomplete,
    }
}

/// The loopback listener: one port on 127.0.0.1 and, where IPv6 exists, on ::1 too. The
/// redirect URI says `localhost`, which a browser may resolve to either; holding both means no
/// other local process can take the ::1 side and receive the code.
pub struct Listener {
    servers: Vec<Server>,
    port: u16,
}

impl Listener {
    /// Listens on a port the system picks, on 127.0.0.1 and on ::1 at the same port.
    pub fn bind() -> Result<Self, OauthError> {
        // Another process may already hold [::1]:port for the port picked on 127.0.0.1: try
        // a few ports before giving up on having both.
        for _ in 0..16 {
            let v4 = Server::http("127.0.0.1:0")
                .map_err(|e| OauthError::Io(format!("cannot listen on 127.0.0.1: {e}")))?;
            let port = v4
                .server_addr()
                .to_ip()
                .map(|a| a.port())
                .ok_or_else(|| OauthError::Io("the listener has no IP address".into()))?;
            match Server::http(format!("[::1]:{port}")) {
                Ok(v6) => {
                    return Ok(Self {
                        servers: vec![v4, v6],
                        port,
                    })
                }
                // No IPv6 loopback on this machine: nobody can take ::1 either.
                Err(_) if Server::http("[::1]:0").is_err() => {
                    return Ok(Self {
                        servers: vec![v4],
                        port,
                    })
                }
                Err(_) => continue,
            }
        }
        Err(OauthError::Io(
            "cannot listen on the same port on 127.0.0.1 and ::1 (something holds each port \
             ccauth tried on ::1)"
                .into(),
        ))
    }

    /// The addresses listened on.
    pub fn addresses(&self) -> Vec<std::net::SocketAddr> {
        self.servers
            .iter()
            .filter_map(|s| s.server_addr().to_ip())
            .collect()
    }

    /// The redirect URI to register in the authorize request.
    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}/callback", self.port)
    }

    /// Waits until a good callback or `error=` arrives, or the deadline passes.
    pub fn wait(
        &self,
        expected_state: &str,
        deadline: Instant,
        started: Instant,
    ) -> Result<String, OauthError> {
        loop {
            let now = Instant::now();
            if now >= deadline {
                return Err(OauthError::Timeout {
                    waited: round(deadline - started),
                    what: "the browser never came back to the loopback callback",
                });
            }
            let slice = (deadline - now).min(Duration::from_millis(100));
            let mut received = None;
            for server in &self.servers {
                match server.recv_timeout(slice) {
                    Ok(Some(r)) => {
                        received = Some(r);
                        break;
                    }
                    Ok(None) => {}
                    Err(e) => return Err(OauthError::Io(format!("loopback listener failed: {e}"))),
                }
            }
            let Some(request) = received else { continue };
            match parse_callback(request.url(), expected_state) {
                Callback::Code(code) => {
                    let location = Header::from_bytes("Location", SUCCESS_URL)
                        .map_err(|()| OauthError::Io("bad header".into()))?;
                    let _ = request.respond(Response::empty(302).with_header(location));
                    return Ok(code);
                }
                Callback::Denied { error, description } => {
                    let _ = request.respond(page(400, "Authorization failed. You can close this tab; ccauth says why in the terminal."));
                    return Err(OauthError::Denied { error, description });
                }
                Callback::StateMismatch => {
                    let _ = request.respond(page(400, "This callback does not belong to the login ccauth started (state mismatch). Still waiting for the right one."));
                }
                Callback::Incomplete => {
                    let _ = request.respond(page(
                        400,
                        "The callback has no code or state. Still waiting.",
                    ));
                }
                Callback::NotCallback => {
                    let _ = request.respond(page(404, "Not found."));
                }
            }
        }
    }
}

fn page(status: u16, text: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(text).with_status_code(status)
}

/// Whole seconds, for messages.
pub fn round(d: Duration) -> Duration {
    Duration::from_secs(d.as_secs_f64().round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listens_on_both_loopback_addresses_at_one_port() {
        let listener = Listener::bind().unwrap();
        let addrs = listener.addresses();
        assert!(addrs.iter().all(|a| a.port() == listener.port));
        assert!(addrs
            .iter()
            .any(|a| a.ip().is_ipv4() && a.ip().is_loopback()));
        if std::net::TcpListener::bind("[::1]:0").is_ok() {
            assert!(addrs.iter().any(|a| a.ip().is_ipv6()), "{addrs:?}");
            // Taken: another process cannot listen there.
            assert!(std::net::TcpListener::bind(format!("[::1]:{}", listener.port)).is_err());
        }
    }

    #[test]
    fn fuzz_crash_inputs_yield_no_code() {
        let input = include_bytes!(
            "../../fuzz/regressions/callback/crash-3629e505b17bb63ce0abd5e95943b1b75ff26288"
        );
        let target = String::from_utf8_lossy(input);
        let got = parse_callback(&target, "expected-state-0123456789");
        assert!(!matches!(got, Callback::Code(_)), "{got:?}");
    }

    #[test]
    fn callback_table() {
        let s = "expected-state";
        let cases = [
            (
                "/callback?code=abc&state=expected-state",
                Callback::Code("abc".into()),
            ),
            (
                "/callback?state=expected-state&code=a%2Bb",
                Callback::Code("a+b".into()),
            ),
            ("/callback?code=abc&state=other", Callback::StateMismatch),
            ("/callback?code=abc", Callback::Incomplete),
            ("/callback?code=&state=expected-state", Callback::Incomplete),
            (
                "/callback?error=access_denied&error_description=User+said+no&state=expected-state",
                Callback::Denied {
                    error: "access_denied".into(),
                    description: Some("User said no".into()),
                },
            ),
            (
                "/callback?state=expected-state&error=server_error",
                Callback::Denied {
                    error: "server_error".into(),
                    description: None,
                },
            ),
            // An error without this login's state is ignored like a wrong code.
            (
                "/callback?error=access_denied&error_description=Run+evil&state=x",
                Callback::StateMismatch,
            ),
            ("/callback?error=server_error", Callback::StateMismatch),
            // Found by fuzzing: a code that decodes to NULs or control characters.
            (
                "/callback?code=ab%00%00&state=expected-state",
                Callback::Incomplete,
            ),
            (
                "/callback?code=a%C2%85b&state=expected-state",
                Callback::Incomplete,
            ),
            ("/favicon.ico", Callback::NotCallback),
            (
                "/callbackx?code=a&state=expected-state",
                Callback::NotCallback,
            ),
        ];
        for (target, want) in cases {
            assert_eq!(parse_callback(target, s), want, "{target}");
        }
    }
}
