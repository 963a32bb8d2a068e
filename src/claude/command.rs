//! What the `claude` command line a pipeline will run tells about auth: bare mode, print mode
//! and `--settings`.

/// The auth-relevant parts of a `claude …` invocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaudeInvocation {
    /// `--bare` appears before `--`.
    pub bare: bool,
    /// `-p` / `--print` appears before `--`.
    pub print: bool,
    /// The value of the last `--settings` (a file path or inline JSON).
    pub settings: Option<String>,
}

impl ClaudeInvocation {
    /// Reads the arguments of a `claude` command line (the program name included or not).
    /// Claude Code stops reading options at `--`, and so does this.
    pub fn parse<S: AsRef<str>>(args: &[S]) -> Self {
        let mut out = Self::default();
        let mut iter = args.iter().map(AsRef::as_ref);
        while let Some(arg) = iter.next() {
            match arg {
                "--" => break,
                "--bare" => out.bare = true,
                "-p" | "--print" => out.print = true,
                "--settings" => out.settings = iter.next().map(str::to_owned),
                _ => {
                    if let Some(v) = arg.strip_prefix("--settings=") {
                        out.settings = Some(v.to_owned());
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bare_print_and_settings() {
        let cases: &[(&[&str], ClaudeInvocation)] = &[
            (
                &["claude", "-p", "hi"],
                ClaudeInvocation {
                    print: true,
                    ..Default::default()
                },
            ),
            (
                &["claude", "--bare", "--print", "x", "--settings", "ci.json"],
                ClaudeInvocation {
                    bare: true,
                    print: true,
                    settings: Some("ci.json".into()),
                },
            ),
            (
                &["claude", "--settings={\"a\":1}"],
                ClaudeInvocation {
                    settings: Some("{\"a\":1}".into()),
                    ..Default::default()
                },
            ),
            (
                &["claude", "-p", "--", "--bare"],
                ClaudeInvocation {
                    print: true,
                    ..Default::default()
                },
            ),
            (&["claude", "--settings"], ClaudeInvocation::default()),
            (&[], ClaudeInvocation::default()),
        ];
        for (args, want) in cases {
            assert_eq!(&ClaudeInvocation::parse(args), want, "{args:?}");
        }
    }
}
