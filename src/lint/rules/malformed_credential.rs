//! `malformed-credential`: a credential value that cannot be right: unknown prefix, inner
//! whitespace, surrounding quotes, control characters, a non-numeric fd, a bad custom header.

use crate::claude::snapshot::EnvDef;
use crate::claude::sources::{vars, FD_VARS, SECRET_VARS};
use crate::claude::values::credential_value;
use crate::lint::{Context, Finding, Severity};
use crate::redact::redact;

declare_rule!(
    MalformedCredential,
    "malformed-credential",
    Severity::Warning,
    "A credential value looks wrong: unknown prefix, inner whitespace, quotes, control characters, a non-numeric fd or a malformed custom header.",
);

fn check(cx: &Context<'_>, out: &mut Vec<Finding>) {
    let gateway = cx.snapshot.uses_gateway();
    for def in super::defined(cx, &SECRET_VARS) {
        let Some(value) = credential_value(&def.raw) else {
            continue;
        };
        let problems = crate::claude::values::value_problems(&def.name, value, gateway);
        if !problems.is_empty() {
            out.push(finding(def, &redact(value), &problems));
        }
    }
    for def in super::defined(cx, &FD_VARS) {
        let Some(value) = credential_value(&def.raw) else {
            continue;
        };
        if value.parse::<u32>().is_err() {
            out.push(finding(def, "…", &["it is not a file descriptor number"]));
        }
    }
    if let Some(def) = cx.snapshot.var(vars::CUSTOM_HEADERS) {
        let bad = def
            .raw
            .lines()
            .filter(|l| !l.trim().is_empty())
            .filter(|l| l.split_once(':').is_none_or(|(n, _)| n.trim().is_empty()))
            .count();
        if bad > 0 {
            out.push(finding(
                def,
                "…",
                &["a line is not of the form `Name: Value`"],
            ));
        }
    }
}

fn finding(def: &EnvDef, redacted: &str, problems: &[&str]) -> Finding {
    META.finding(
        def.location.clone(),
        format!(
            "{} ({redacted}) looks malformed: {}",
            def.name,
            problems.join("; ")
        ),
        "Copy the credential again from its source, without quotes or extra characters; Claude \
         Code sends whatever the variable holds, with no check of its own.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_table() {
        let key = "sk-ant-api03-abcdef";
        let cases: &[(&str, &str, bool, usize)] = &[
            (vars::API_KEY, key, false, 0),
            (vars::API_KEY, "\"sk-ant-api03-abcdef\"", false, 1),
            (vars::API_KEY, "sk-ant-api03 abcdef", false, 1),
            (vars::API_KEY, "sk-ant-api03-\u{1}x", false, 1),
            (vars::API_KEY, "gateway-token", false, 1),
            (vars::API_KEY, "gateway-token", true, 0),
            (vars::AUTH_TOKEN, "gateway-token", false, 0),
            (vars::OAUTH_TOKEN, "'oops token'", false, 3),
            // One quote is not a wrapping pair.
            (vars::API_KEY, "\"sk-ant-api03-abcdef", false, 0),
            (vars::API_KEY, "sk-ant-api03-abcdef'", false, 0),
            (vars::API_KEY, "'sk-ant-api03-abcdef\"", false, 0),
        ];
        for (name, value, gateway, n) in cases {
            assert_eq!(
                crate::claude::values::value_problems(name, value, *gateway).len(),
                *n,
                "{name}={value:?}"
            );
        }
    }
}
