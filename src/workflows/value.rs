//! What a CI file puts in a variable or input: a literal, a secret (`${{ secrets.X }}`, or a
//! GitLab `$X` reference to a CI/CD variable), or an expression whose value is unknown.

/// A value as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text written in the file; `''` is empty, which Claude Code treats as unset.
    Literal(String),
    /// Exactly one secret (GitHub) or CI/CD variable (GitLab): present when configured, empty on
    /// a fork's pull request.
    Secret(String),
    /// Anything else computed at run time (`${{ inputs.key }}`, `$(vault read …)`,
    /// `${{ secrets.A || secrets.B }}`): maybe present, maybe empty. The secrets it mentions are
    /// kept for the rules about secret names.
    Expression { secrets: Vec<String> },
}

impl Value {
    /// Reads a GitHub Actions value (`env:` entry, input, `$GITHUB_ENV` line): `${{ … }}` is
    /// evaluated by GitHub; `$VAR` is plain text there.
    pub fn github(text: &str) -> Self {
        if !text.contains("${{") {
            return Self::Literal(text.to_owned());
        }
        // Each `${{ … }}` evaluated for what can reach the value; the text around them is kept.
        let mut parts: Vec<super::expr::Abstract> = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        let mut known = true;
        while let Some(start) = rest.find("${{") {
            literal.push_str(&rest[..start]);
            let after = &rest[start + 3..];
            let Some(end) = after.find("}}") else {
                return Self::Expression {
                    secrets: secrets_in(text),
                };
            };
            let value = super::expr::value_of(&after[..end]);
            match value.0.as_slice() {
                [super::expr::Possible::Str(s)] => literal.push_str(s),
                _ => known = false,
            }
            parts.push(value);
            rest = &after[end + 2..];
        }
        literal.push_str(rest);
        if known {
            return Self::Literal(literal);
        }
        let secrets = super::expr::secrets_of(&parts);
        // One expression that is a secret, or that secret or empty (`secrets.A || ''`): the
        // value a secret has.
        if let ([one], Some(_)) = (parts.as_slice(), whole_expression(text)) {
            use super::expr::Possible;
            let secret = one.0.iter().find_map(|p| match p {
                Possible::Secret(s) => Some(s.clone()),
                _ => None,
            });
            let only_that = one
                .0
                .iter()
                .all(|p| matches!(p, Possible::Secret(_)) || *p == Possible::Str(String::new()));
            if let (Some(name), true, 1) = (secret, only_that, secrets.len()) {
                return Self::Secret(name);
            }
            if one.0.iter().all(|p| *p == Possible::Str(String::new())) {
                return Self::Literal(String::new());
            }
        }
        Self::Expression { secrets }
    }

    /// Reads a GitLab CI value, or a value from a shell command line: `$NAME` and `${NAME}`
    /// expand (a lone reference is a CI/CD variable, the GitLab secret); `$(…)` is computed.
    pub fn shell(text: &str) -> Self {
        if text.contains("${{") {
            return Self::github(text);
        }
        if !text.contains('$') {
            return Self::Literal(text.to_owned());
        }
        match lone_reference(text) {
            Some(name) => Self::Secret(name.to_owned()),
            None => Self::Expression {
                secrets: Vec::new(),
            },
        }
    }

    /// True when the value is certainly present: a non-blank literal or a secret (the rules take
    /// a configured secret as present; `workflow-fork-empty-secret` covers when it is not).
    pub fn is_present(&self) -> bool {
        match self {
            Self::Literal(t) => !t.trim().is_empty(),
            Self::Secret(_) => true,
            Self::Expression { .. } => false,
        }
    }

    /// True when the value may be present at run time (anything but an empty literal).
    pub fn may_be_present(&self) -> bool {
        match self {
            Self::Literal(t) => !t.trim().is_empty(),
            Self::Secret(_) | Self::Expression { .. } => true,
        }
    }

    /// The secrets the value reads.
    pub fn secrets(&self) -> Vec<&str> {
        match self {
            Self::Secret(name) => vec![name.as_str()],
            Self::Expression { secrets } => secrets.iter().map(String::as_str).collect(),
            Self::Literal(_) => Vec::new(),
        }
    }

    /// How the value reads in a message, never the value of a literal: `secret X`, `an
    /// expression`, `a literal (sk-ant-…3xQa)`, `''`.
    pub fn describe(&self) -> String {
        match self {
            Self::Literal(t) if t.trim().is_empty() => "''".to_owned(),
            Self::Literal(t) => format!("a literal ({})", crate::redact::redact(t.trim())),
            Self::Secret(name) => format!("secret {name}"),
            Self::Expression { secrets } if secrets.is_empty() => "an expression".to_owned(),
            Self::Expression { secrets } => {
                format!("an expression of secret {}", secrets.join(", secret "))
            }
        }
    }

    /// The value handed to the resolver: literals as written, anything else as a stand-in that
    /// counts as present (the rules check [`Value::is_present`] before blaming it).
    pub fn model_value(&self) -> String {
        match self {
            Self::Literal(t) => t.clone(),
            Self::Secret(_) | Self::Expression { .. } => "ccauth-declared-value".to_owned(),
        }
    }
}

/// The text inside `${{ … }}` when the whole value is one expression.
pub(crate) fn whole_expression(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("${{")?.strip_suffix("}}")?;
    (!inner.contains("}}")).then_some(inner.trim())
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Every `secrets.NAME` / `secrets['NAME']` inside `${{ … }}` expressions of `text`, in order.
pub fn secrets_in(text: &str) -> Vec<String> {
    context_names(text, "secrets")
}

/// Every `<context>.NAME` / `<context>['NAME']` inside `${{ … }}` expressions of `text`, in order
/// and once each (`secrets`, a composite action's `inputs`).
pub fn context_names(text: &str, context: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (start, _) in text.match_indices("${{") {
        let rest = &text[start + 3..];
        let expr = rest.find("}}").map_or(rest, |end| &rest[..end]);
        for (i, _) in expr.match_indices(context) {
            let before_ok = expr[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !is_name_char(c) && c != '.');
            let after = &expr[i + context.len()..];
            let name: String = if let Some(r) = after.strip_prefix('.') {
                r.chars().take_while(|c| is_name_char(*c)).collect()
            } else if let Some(r) = after.strip_prefix('[') {
                r.trim_start_matches(['\'', '"'])
                    .chars()
                    .take_while(|c| is_name_char(*c))
                    .collect()
            } else {
                String::new()
            };
            if before_ok && !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// `$NAME` or `${NAME}` and nothing else.
fn lone_reference(text: &str) -> Option<&str> {
    let rest = text.trim().strip_prefix('$')?;
    let name = rest
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .unwrap_or(rest);
    (!name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit()))
    .then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_values() {
        let secret = |n: &str| Value::Secret(n.to_owned());
        let cases: &[(&str, Value)] = &[
            (
                "${{ secrets.ANTHROPIC_API_KEY }}",
                secret("ANTHROPIC_API_KEY"),
            ),
            ("${{secrets.KEY}}", secret("KEY")),
            ("${{ secrets['MY-KEY'] }}", secret("MY-KEY")),
            ("", Value::Literal(String::new())),
            ("$HOME", Value::Literal("$HOME".into())),
            (
                "${{ secrets.A || secrets.B }}",
                Value::Expression {
                    secrets: vec!["A".into(), "B".into()],
                },
            ),
            (
                "${{ inputs.key }}",
                Value::Expression {
                    secrets: Vec::new(),
                },
            ),
            (
                "x-${{ secrets.A }}",
                Value::Expression {
                    secrets: vec!["A".into()],
                },
            ),
            (
                "${{ secrets.A != '' }}",
                Value::Expression {
                    secrets: Vec::new(),
                },
            ),
            (
                "${{ secrets.CLAUDE_CODE_OAUTH_TOKEN == '' && secrets.ANTHROPIC_API_KEY || '' }}",
                secret("ANTHROPIC_API_KEY"),
            ),
            ("${{ secrets.A || '' }}", secret("A")),
            ("${{ 'x' }}-y", Value::Literal("x-y".into())),
            (
                "${{ mysecrets.A }}",
                Value::Expression {
                    secrets: Vec::new(),
                },
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&Value::github(text), want, "{text}");
        }
    }

    #[test]
    fn shell_values() {
        assert_eq!(
            Value::shell("$CLAUDE_KEY"),
            Value::Secret("CLAUDE_KEY".into())
        );
        assert_eq!(
            Value::shell("${CLAUDE_KEY}"),
            Value::Secret("CLAUDE_KEY".into())
        );
        assert_eq!(
            Value::shell("$(vault read x)"),
            Value::Expression {
                secrets: Vec::new()
            }
        );
        assert_eq!(Value::shell("abc"), Value::Literal("abc".into()));
        assert!(!Value::Literal(" ".into()).may_be_present());
        assert!(Value::Secret("X".into()).is_present());
        assert!(!Value::shell("$1").is_present());
        let describe = |v: Value| v.describe();
        assert_eq!(describe(Value::Literal(" ".into())), "''");
        assert_eq!(describe(Value::Literal("abc".into())), "a literal (…)");
        assert_eq!(describe(Value::Secret("K".into())), "secret K");
        assert_eq!(
            describe(Value::Expression {
                secrets: Vec::new()
            }),
            "an expression"
        );
        assert_eq!(
            describe(Value::Expression {
                secrets: vec!["A".into(), "B".into()]
            }),
            "an expression of secret A, secret B"
        );
    }
}
