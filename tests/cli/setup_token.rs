//! `setup-token` end to end through the built binary, against an in-test authorization server
//! on loopback that checks every parameter, PKCE included.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Output, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine as _;
use sha2::{Digest, Sha256};
use tiny_http::{Header, Response, Server};

use crate::harness::{canary, World};

/// How the token endpoint behaves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TokenMode {
    Ok,
    InvalidGrant,
    FailThenOk,
    FailAlways,
    Hang,
    Garbage,
    Forbidden,
    /// `expires_in` as given (a float, a number past u64).
    ExpiresIn(&'static str),
    /// An access token carrying a line break and an assignment.
    InjectedToken,
    /// A 200 answer of several megabytes.
    HugeBody,
}

/// How the authorize endpoint behaves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AuthorizeMode {
    Ok,
    Deny,
    WrongState,
}

#[derive(Default)]
struct Log {
    /// code → (challenge, redirect_uri, state)
    issued: BTreeMap<String, (String, String, String)>,
    token_calls: usize,
    /// Problems the token endpoint found in a request.
    violations: Vec<String>,
}

struct AuthServer {
    base: String,
    token: String,
    log: Arc<Mutex<Log>>,
    server: Arc<Server>,
}

impl AuthServer {
    fn start(authorize: AuthorizeMode, token_mode: TokenMode) -> Self {
        let server = Arc::new(Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let token = canary("sk-ant-oat01-", "minted");
        let log = Arc::new(Mutex::new(Log::default()));
        let (s, l, t) = (Arc::clone(&server), Arc::clone(&log), token.clone());
        thread::spawn(move || {
            for req in s.incoming_requests() {
                let (l, t) = (Arc::clone(&l), t.clone());
                // One thread per request, so a hanging answer does not block the next one.
                thread::spawn(move || handle(req, authorize, token_mode, &l, &t));
            }
        });
        Self {
            base: format!("http://127.0.0.1:{port}"),
            token,
            log,
            server,
        }
    }

    fn token_calls(&self) -> usize {
        self.log.lock().unwrap().token_calls
    }

    fn violations(&self) -> Vec<String> {
        self.log.lock().unwrap().violations.clone()
    }
}

impl Drop for AuthServer {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn query(url: &str) -> BTreeMap<String, String> {
    reqwest::Url::parse(&format!("http://x{url}"))
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

fn handle(
    mut req: tiny_http::Request,
    authorize: AuthorizeMode,
    token_mode: TokenMode,
    log: &Mutex<Log>,
    token: &str,
) {
    let url = req.url().to_owned();
    if url.starts_with("/authorize") {
        let q = query(&url);
        let mut problems = Vec::new();
        for (k, v) in [
            ("code", "true"),
            ("response_type", "code"),
            ("scope", "user:inference"),
            ("code_challenge_method", "S256"),
            ("client_id", "test-client"),
        ] {
            if q.get(k).map(String::as_str) != Some(v) {
                problems.push(format!("authorize: {k}={:?}", q.get(k)));
            }
        }
        let redirect = q.get("redirect_uri").cloned().unwrap_or_default();
        let state = q.get("state").cloned().unwrap_or_default();
        let code = format!("code-{}", state.len() + log.lock().unwrap().issued.len());
        {
            let mut l = log.lock().unwrap();
            l.violations.extend(problems);
            l.issued.insert(
                code.clone(),
                (
                    q.get("code_challenge").cloned().unwrap_or_default(),
                    redirect.clone(),
                    state.clone(),
                ),
            );
        }
        let location = match authorize {
            AuthorizeMode::Ok => format!("{redirect}?code={code}&state={state}"),
            AuthorizeMode::Deny => format!("{redirect}?error=access_denied&error_description=The+user+denied+access&state={state}"),
            AuthorizeMode::WrongState => format!("{redirect}?code={code}&state=not-{state}"),
        };
        let _ = req.respond(
            Response::empty(302).with_header(Header::from_bytes("Location", location).unwrap()),
        );
        return;
    }
    let mut body = String::new();
    let _ = req.as_reader().read_to_string(&mut body);
    let call = {
        let mut l = log.lock().unwrap();
        l.token_calls += 1;
        l.token_calls
    };
    let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    {
        let mut l = log.lock().unwrap();
        let code = json["code"].as_str().unwrap_or_default();
        let mut problems = Vec::new();
        match l.issued.get(code) {
            None => problems.push(format!("token: unknown code {code}")),
            Some((challenge, redirect, state)) => {
                let verifier = json["code_verifier"].as_str().unwrap_or_default();
                let computed = base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(Sha256::digest(verifier.as_bytes()));
                if &computed != challenge {
                    problems
                        .push("token: base64url(sha256(code_verifier)) != code_challenge".into());
                }
                if json["redirect_uri"].as_str() != Some(redirect.as_str()) {
                    problems.push(format!(
                        "token: redirect_uri {:?} != {redirect}",
                        json["redirect_uri"]
                    ));
                }
                if json["state"].as_str() != Some(state.as_str()) {
                    problems.push("token: state differs".into());
                }
            }
        }
        if json["grant_type"] != "authorization_code" {
            problems.push(format!("token: grant_type {:?}", json["grant_type"]));
        }
        if json["client_id"] != "test-client" {
            problems.push(format!("token: client_id {:?}", json["client_id"]));
        }
        if json["expires_in"] != 31_536_000 {
            problems.push(format!("token: expires_in {:?}", json["expires_in"]));
        }
        l.violations.extend(problems);
    }
    let json_header = Header::from_bytes("content-type", "application/json").unwrap();
    let ok = format!(
        r#"{{"token_type":"Bearer","access_token":"{token}","expires_in":31536000,"scope":"user:inference"}}"#
    );
    let (status, text) = match (token_mode, call) {
        (TokenMode::Ok, _) | (TokenMode::FailThenOk, 2..) => (200, ok),
        (TokenMode::InvalidGrant, _) => (
            400,
            r#"{"error":"invalid_grant","error_description":"Invalid code"}"#.into(),
        ),
        (TokenMode::FailThenOk, _) | (TokenMode::FailAlways, _) => {
            (500, r#"{"error":"server_error"}"#.into())
        }
        (TokenMode::Forbidden, _) => (403, r#"{"error":"forbidden"}"#.into()),
        (TokenMode::Garbage, _) => (200, format!("<html>not json {token}</html>")),
        (TokenMode::Hang, _) => {
            thread::sleep(Duration::from_secs(30));
            (200, ok)
        }
        (TokenMode::ExpiresIn(e), _) => (
            200,
            format!(r#"{{"access_token":"{token}","expires_in":{e},"scope":"user:inference"}}"#),
        ),
        (TokenMode::InjectedToken, _) => (
            200,
            format!(r#"{{"access_token":"{token}\nEVIL=1","scope":"user:inference"}}"#),
        ),
        (TokenMode::HugeBody, _) => (
            200,
            format!(
                r#"{{"access_token":"{token}","pad":"{}"}}"#,
                "x".repeat(4 << 20)
            ),
        ),
    };
    let _ = req.respond(
        Response::from_string(text)
            .with_status_code(status)
            .with_header(json_header),
    );
}

/// A `BROWSER` that follows the authorize redirect once (to the loopback callback) and records
/// the callback's HTTP status; it never follows the success redirect off this machine.
fn browser_script(w: &mut World) -> String {
    w.file(
        "bin/browser.sh",
        "#!/bin/sh\nloc=$(curl -s -o /dev/null -w '%{redirect_url}' \"$1\")\ncurl -s -o /dev/null -w '%{http_code}' \"$loc\" > \"$ROOT/callback-status\"\n",
    );
    let path = w.path("bin/browser.sh");
    chmod_x(&path);
    path.display().to_string()
}

fn chmod_x(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn setup_token(w: &World, server: &AuthServer, args: &[&str]) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("ccauth"));
    cmd.env_clear()
        .env("HOME", w.path("home"))
        .env("PATH", format!("{}:/usr/bin:/bin", w.path("bin").display()))
        .env(
            "CCAUTH_OAUTH_AUTHORIZE_URL",
            format!("{}/authorize", server.base),
        )
        .env("CCAUTH_OAUTH_TOKEN_URL", format!("{}/token", server.base))
        .arg("setup-token")
        .args(["--client-id", "test-client"])
        .args(args);
    cmd
}

/// The token must never reach stderr.
fn assert_no_leak(out: &Output, token: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let body = &token["sk-ant-oat01-".len()..token.len() - 4];
    assert!(
        !stderr.contains(body),
        "the token leaked into stderr:\n{stderr}"
    );
}

/// Runs `setup-token --browser --timeout 20s <extra>` in `w` with the curl browser; a later
/// `--timeout` in `extra` wins.
fn browse(w: &mut World, server: &AuthServer, extra: &[&str]) -> Output {
    let browser = browser_script(w);
    let out = setup_token(
        w,
        server,
        &[&["--browser", "--timeout", "20s"], extra].concat(),
    )
    .env("BROWSER", &browser)
    .env("ROOT", w.root.path())
    .output()
    .unwrap();
    assert_no_leak(&out, &server.token);
    out
}

fn run_browser(
    authorize: AuthorizeMode,
    token_mode: TokenMode,
    extra: &[&str],
) -> (World, AuthServer, Output) {
    let mut w = World::new();
    let server = AuthServer::start(authorize, token_mode);
    let out = browse(&mut w, &server, extra);
    (w, server, out)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn loopback_flow_end_to_end() {
    let (w, server, out) = run_browser(AuthorizeMode::Ok, TokenMode::Ok, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{}\n", server.token)
    );
    assert_eq!(server.violations(), Vec::<String>::new());
    assert_eq!(server.token_calls(), 1);
    assert_eq!(
        std::fs::read_to_string(w.path("callback-status")).unwrap(),
        "302"
    );
    assert!(
        stderr(&out).contains("Token valid for 365 days"),
        "{}",
        stderr(&out)
    );
    // Regression (issue 20): the expiry was inside prose; recipes store it from its own line.
    let expires = stderr(&out)
        .lines()
        .find_map(|l| l.strip_prefix("CLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT="))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no expiry line: {}", stderr(&out)));
    let at = ccauth::time::parse_rfc3339(&expires).expect("RFC 3339");
    let days = at
        .duration_since(std::time::SystemTime::now())
        .unwrap()
        .as_secs()
        / 86_400;
    assert!((364..=365).contains(&days), "{expires}");
}

/// Runs the paste path: reads the URL from stderr, logs in at the test server as a user would,
/// and types `pasted(code, state)` on stdin.
fn run_paste(
    token_mode: TokenMode,
    pasted: fn(&str, &str) -> String,
    extra: &[&str],
) -> (World, AuthServer, Output) {
    let w = World::new();
    let server = AuthServer::start(AuthorizeMode::Ok, token_mode);
    let mut child = setup_token(
        &w,
        &server,
        &[&["--no-browser", "--timeout", "20s"], extra].concat(),
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let (tx, rx) = mpsc::channel();
    let err = child.stderr.take().unwrap();
    let reader = thread::spawn(move || {
        let mut all = String::new();
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line.clone());
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let url = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the URL is printed on stderr");
        if line.starts_with(&server.base) {
            break line;
        }
    };
    let client = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let resp = client.get(&url).send().unwrap();
    let location = resp.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("https://platform.claude.com/oauth/code/callback?"),
        "{location}"
    );
    let q: BTreeMap<String, String> = reqwest::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(pasted(&q["code"], &q["state"]).as_bytes())
        .unwrap();
    drop(stdin);
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let status = child.wait().unwrap();
    let stderr_text = reader.join().unwrap();
    let out = Output {
        status,
        stdout: stdout.into_bytes(),
        stderr: stderr_text.into_bytes(),
    };
    assert_no_leak(&out, &server.token);
    (w, server, out)
}

#[test]
fn paste_flow_end_to_end_with_a_wrapped_paste() {
    // The terminal broke the pasted text over two lines; whitespace is stripped.
    let (_w, server, out) = run_paste(
        TokenMode::Ok,
        |code, state| format!("  {code}#{}\n{}  \n", &state[..10], &state[10..]),
        &["--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.violations(), Vec::<String>::new());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["token"], server.token.as_str());
    assert_eq!(doc["scope"], "user:inference");
    assert_eq!(doc["expires_in"], 31_536_000);
    let created = humantime::parse_rfc3339(doc["created_at"].as_str().unwrap()).unwrap();
    let expires = humantime::parse_rfc3339(doc["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(
        expires.duration_since(created).unwrap(),
        Duration::from_secs(31_536_000)
    );
}

#[test]
fn paste_with_a_wrong_state_is_refused() {
    let (_w, server, out) = run_paste(
        TokenMode::Ok,
        |code, _| format!("{code}#{}\n", "x".repeat(43)),
        &[],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("state does not match"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.token_calls(), 0);
    assert!(out.stdout.is_empty());
}

#[test]
fn loopback_with_a_wrong_state_answers_400_and_keeps_waiting() {
    let started = Instant::now();
    let (w, server, out) = run_browser(
        AuthorizeMode::WrongState,
        TokenMode::Ok,
        &["--timeout", "3s"],
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "it kept waiting after the bad callback"
    );
    assert_eq!(
        std::fs::read_to_string(w.path("callback-status")).unwrap(),
        "400"
    );
    assert!(
        stderr(&out).contains("gave up after 3s"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.token_calls(), 0);
}

#[test]
fn loopback_access_denied_is_explained() {
    let (_w, server, out) = run_browser(AuthorizeMode::Deny, TokenMode::Ok, &[]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("refused: access_denied (The user denied access)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(server.token_calls(), 0);
}

#[test]
fn token_endpoint_failures_are_explained() {
    let cases = [
        (TokenMode::InvalidGrant, "invalid_grant", 1),
        (
            TokenMode::FailAlways,
            "unavailable (HTTP 500, also after one retry)",
            2,
        ),
        (
            TokenMode::Garbage,
            "unexpected answer from the token endpoint (HTTP 200)",
            1,
        ),
        (TokenMode::Forbidden, "Pro, Max, Team or Enterprise", 1),
    ];
    for (mode, message, calls) in cases {
        let (_w, server, out) = run_browser(AuthorizeMode::Ok, mode, &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(3), "{err}");
        assert!(err.contains(message), "{message}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(server.token_calls(), calls, "{message}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn absurd_expiry_still_delivers_the_token() {
    // Regression (issue 10): expires_in 1e15 or past u64 panicked after the mint, losing the token.
    for e in ["1e15", "18446744073709551615", "18446744073709551616"] {
        let (_w, server, out) = run_browser(
            AuthorizeMode::Ok,
            TokenMode::ExpiresIn(e),
            &["--format", "json"],
        );
        assert_eq!(out.status.code(), Some(0), "{e}: {}", stderr(&out));
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(doc["token"], server.token.as_str(), "{e}");
        assert_eq!(doc["expires_at"], "9999-12-31T23:59:59Z", "{e}");
    }
}

#[test]
fn a_token_that_could_inject_or_a_huge_answer_is_refused() {
    for mode in [TokenMode::InjectedToken, TokenMode::HugeBody] {
        let (_w, _server, out) = run_browser(AuthorizeMode::Ok, mode, &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(3), "{err}");
        assert!(
            out.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            err.contains("unexpected answer from the token endpoint"),
            "{err}"
        );
        assert!(!err.lines().any(|l| l.starts_with("EVIL")), "{err}");
    }
}

#[test]
fn one_retry_after_a_server_error() {
    let (_w, server, out) = run_browser(AuthorizeMode::Ok, TokenMode::FailThenOk, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(server.token_calls(), 2);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), server.token);
}

#[test]
fn a_hanging_token_endpoint_hits_the_timeout() {
    let started = Instant::now();
    let (_w, _server, out) = run_browser(AuthorizeMode::Ok, TokenMode::Hang, &["--timeout", "4s"]);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("gave up after 4s: the token endpoint did not answer"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_callback_that_never_arrives_times_out() {
    let w = World::new();
    let server = AuthServer::start(AuthorizeMode::Ok, TokenMode::Ok);
    let out = setup_token(&w, &server, &["--browser", "--timeout", "2s"])
        .env("BROWSER", "true")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("gave up after 2s: the browser never came back"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains(&format!("{}/authorize?", server.base)),
        "the URL is printed to copy"
    );
}

/// A fake `gh` that records each call (but `auth status`, which exits `auth`) and exits `exit`.
fn fake_gh_with(w: &mut World, auth: i32, exit: i32) {
    w.file(
        "bin/gh",
        &format!(
            "#!/bin/sh\nif [ \"$1\" = auth ]; then [ {auth} -eq 0 ] || echo 'You are not logged into any GitHub hosts.' >&2; exit {auth}; fi\nn=$(ls \"$ROOT\"/gh-call-*.args 2>/dev/null | wc -l)\nprintf '%s\\n' \"$@\" > \"$ROOT/gh-call-$n.args\"\ncat > \"$ROOT/gh-call-$n.stdin\"\n[ {exit} -eq 0 ] || echo 'HTTP 403: Resource not accessible by integration' >&2\nexit {exit}\n"
        ),
    );
    chmod_x(&w.path("bin/gh"));
}

fn fake_gh(w: &mut World, exit: i32) {
    fake_gh_with(w, 0, exit);
}

#[test]
fn gh_secret_gets_the_token_on_stdin_and_the_expiry_as_a_variable() {
    let mut w = World::new();
    fake_gh(&mut w, 0);
    let server = AuthServer::start(AuthorizeMode::Ok, TokenMode::Ok);
    let out = browse(
        &mut w,
        &server,
        &["--gh-secret", "CLAUDE_CODE_OAUTH_TOKEN", "--repo", "o/r"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "stored, so not printed");
    let read = |name: &str| std::fs::read_to_string(w.path(name)).unwrap();
    assert_eq!(
        read("gh-call-0.args"),
        "secret\nset\nCLAUDE_CODE_OAUTH_TOKEN\n--repo\no/r\n"
    );
    assert_eq!(
        read("gh-call-0.stdin"),
        server.token,
        "the token came on stdin"
    );
    let var_args = read("gh-call-1.args");
    assert!(
        var_args.starts_with("variable\nset\nCLAUDE_CODE_OAUTH_TOKEN_EXPIRES_AT\n--body\n"),
        "{var_args}"
    );
    assert!(var_args.ends_with("--repo\no/r\n"));
    let expiry = var_args.lines().nth(4).unwrap();
    assert!(humantime::parse_rfc3339(expiry).is_ok(), "{expiry}");
    for f in ["gh-call-0.args", "gh-call-1.args"] {
        assert!(
            !read(f).contains(&server.token),
            "the token is never in argv"
        );
    }
}

#[test]
fn gh_failing_after_the_login_keeps_the_token() {
    let mut w = World::new();
    fake_gh(&mut w, 1);
    let server = AuthServer::start(AuthorizeMode::Ok, TokenMode::Ok);
    let out = browse(&mut w, &server, &["--gh-secret", "CLAUDE_CODE_OAUTH_TOKEN"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{}\n", server.token),
        "printed so it is not lost"
    );
    assert!(
        err.contains("gh secret set failed (exit 1): HTTP 403"),
        "{err}"
    );
}

/// What can fail after the login is checked before the browser opens: no gh, gh not logged in,
/// an --output that exists or cannot be written. Nothing reaches the authorization server.
#[test]
fn destinations_are_checked_before_the_login() {
    // (case, fake gh's (auth status, other) exit codes, arguments, words in the error)
    type Case<'a> = (&'a str, Option<(i32, i32)>, Vec<String>, &'a str);
    let cases: Vec<Case<'_>> = vec![
        (
            "no gh",
            None,
            vec!["--gh-secret".into(), "T".into()],
            "needs gh (the GitHub CLI) on PATH",
        ),
        (
            "gh logged out",
            Some((1, 0)),
            vec!["--gh-secret".into(), "T".into()],
            "gh is not authenticated",
        ),
        (
            "output exists",
            None,
            vec!["--output".into(), "$ROOT/exists.txt".into()],
            "exists; pass --force",
        ),
        (
            "output dir missing",
            None,
            vec!["--output".into(), "$ROOT/no/such/dir/t.txt".into()],
            "does not exist",
        ),
    ];
    for (name, gh, args, words) in cases {
        let mut w = World::new();
        if let Some((auth, exit)) = gh {
            fake_gh_with(&mut w, auth, exit);
        }
        w.file("exists.txt", "old");
        let server = AuthServer::start(AuthorizeMode::Ok, TokenMode::Ok);
        let args: Vec<String> = args.iter().map(|a| w.expand(a)).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = browse(&mut w, &server, &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(words), "{name}: {err}");
        assert!(out.stdout.is_empty(), "{name}");
        assert_eq!(server.token_calls(), 0, "{name}: the login went ahead");
    }
}

#[test]
fn output_file_is_0600_and_not_overwritten_without_force() {
    use std::os::unix::fs::PermissionsExt;
    let mut w = World::new();
    let server = AuthServer::start(AuthorizeMode::Ok, TokenMode::Ok);
    let file = w.path("out/token.json");
    std::fs::create_dir_all(w.path("out")).unwrap();
    let file_arg = file.to_str().unwrap().to_owned();
    let mut run = |extra: &[&str]| {
        browse(
            &mut w,
            &server,
            &[&["--format", "json", "--output", &file_arg], extra].concat(),
        )
    };
    let out = run(&[]);
    assert_no_leak(&out, &server.token);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(doc["token"], server.token.as_str());
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let again = run(&[]);
    assert_eq!(again.status.code(), Some(2), "refused before the login");
    assert!(
        stderr(&again).contains("exists; pass --force"),
        "{}",
        stderr(&again)
    );
    assert!(again.stdout.is_empty());
    assert_eq!(run(&["--force"]).status.code(), Some(0));
}

#[test]
fn output_refuses_special_files_and_links_before_the_login() {
    // Regression (issue 18, item 7): `--output /dev/null --force` as root replaced the machine's
    // /dev/null with a 0600 file holding the token.
    let mut w = World::new();
    let server = AuthServer::start(AuthorizeMode::Ok, TokenMode::Ok);
    for (what, path) in crate::export_env::special_destinations(&w) {
        let before = crate::export_env::type_of(&path);
        let out = browse(
            &mut w,
            &server,
            &["--output", path.to_str().unwrap(), "--force"],
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(
            err.contains("not a regular file") || err.contains("symbolic link"),
            "{what}: {err}"
        );
        assert_eq!(
            crate::export_env::type_of(&path),
            before,
            "{what} was replaced"
        );
    }
    assert_eq!(server.token_calls(), 0, "the login went ahead");
}

#[test]
fn plain_http_to_a_non_loopback_host_is_refused_before_the_login() {
    let w = World::new();
    for (flag, url) in [
        ("--token-url", "http://auth.example.test/v1/oauth/token"),
        ("--authorize-url", "http://10.0.0.1/authorize"),
        ("--token-url", "ftp://127.0.0.1/token"),
    ] {
        let out = w
            .ccauth(&["setup-token", "--no-browser", "--timeout", "5s", flag, url])
            .write_stdin("")
            .output()
            .expect("run");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{flag} {url}: {err}");
        assert!(err.contains(&format!("{flag} must use https")), "{err}");
        assert!(!err.contains("Open this URL"), "the login started: {err}");
    }
    for url in [
        "http://127.0.0.1:9/x",
        "http://localhost:9/x",
        "http://[::1]:9/x",
        "https://h.test/x",
    ] {
        assert!(
            ccauth::oauth::require_https("--token-url", url).is_ok(),
            "{url}"
        );
    }
}

#[test]
fn an_endless_paste_line_is_cut_not_buffered() {
    // Regression (issue 10): a pasted line had no limit (a 2 GB paste took 3.9 GB of memory).
    // A 1 GiB line under a 600 MB address-space limit aborted; now it is cut at 16 KiB and
    // refused at once.
    let w = World::new();
    let server = AuthServer::start(AuthorizeMode::Ok, TokenMode::Ok);
    let big = w.path("home/paste");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let mut cmd = std::process::Command::new("prlimit");
    cmd.args(["--as=600000000", "--"])
        .arg(env!("CARGO_BIN_EXE_ccauth"))
        .args(["setup-token", "--no-browser", "--timeout", "20s"])
        .arg("--authorize-url")
        .arg(format!("{}/authorize", server.base))
        .arg("--token-url")
        .arg(format!("{}/token", server.base))
        .env_clear()
        .env("HOME", w.path("home"))
        .env("PATH", "/usr/bin:/bin")
        .stdin(std::fs::File::open(&big).unwrap());
    let started = std::time::Instant::now();
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(!stderr(&out).contains("gave up"), "{}", stderr(&out));
    assert_eq!(server.token_calls(), 0);
}

/// Every failure path of the flow: no 8-character piece of the token the server would mint
/// reaches stdout or stderr (the garbage answer even carries it in its body).
#[test]
fn no_failure_path_shows_the_token() {
    let cases = [
        (AuthorizeMode::Deny, TokenMode::Ok),
        (AuthorizeMode::Ok, TokenMode::InvalidGrant),
        (AuthorizeMode::Ok, TokenMode::FailAlways),
        (AuthorizeMode::Ok, TokenMode::Garbage),
        (AuthorizeMode::Ok, TokenMode::Forbidden),
        (AuthorizeMode::Ok, TokenMode::InjectedToken),
        (AuthorizeMode::Ok, TokenMode::HugeBody),
    ];
    for (authorize, token_mode) in cases {
        let (_w, server, out) = run_browser(authorize, token_mode, &[]);
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        let body: Vec<char> = server.token["sk-ant-oat01-".len()..].chars().collect();
        for w in body[..body.len() - 4].windows(8) {
            let piece: String = w.iter().collect();
            assert!(!all.contains(&piece), "leaked …{piece}… in:\n{all}");
        }
    }
}

#[test]
fn a_gh_leaving_a_background_child_does_not_lose_the_token() {
    // Regression (issue 10): a gh that left a child holding stdout hung setup-token with no
    // limit, and the minted token was lost.
    let mut w = World::new();
    w.file(
        "bin/gh",
        "#!/bin/sh\ncat > /dev/null\nsleep 100000 &\necho done\nexit 0\n",
    );
    chmod_x(&w.path("bin/gh"));
    let server = AuthServer::start(AuthorizeMode::Ok, TokenMode::Ok);
    let started = std::time::Instant::now();
    let out = browse(&mut w, &server, &["--gh-secret", "CLAUDE_CODE_OAUTH_TOKEN"]);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
