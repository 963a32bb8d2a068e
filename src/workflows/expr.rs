//! GitHub Actions expressions (`${{ … }}`) read statically: parsed into a small syntax tree and
//! evaluated over an abstract value, the set of things the expression can produce. A value is
//! what can reach an input or variable (`secrets.A == '' && secrets.B || ''` yields secret B or
//! `''`; secret A is only compared); a condition is judged for one scenario (a fork's pull
//! request) by giving the contexts that scenario's values.
//!
//! The operators are GitHub's: `a || b` is `a` when `a` is truthy, else `b`; `a && b` is `a` when
//! `a` is falsy, else `b`; `==` and `!=` compare strings case-insensitively; `''`, `false`, `0`
//! and `null` are falsy.

/// How deep parentheses, `!` and calls may nest before the expression is read as unknown.
const MAX_DEPTH: usize = 48;
/// How many possibilities a value keeps before it is read as unknown.
const MAX_POSSIBLE: usize = 16;

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    /// A context path, `secrets.KEY` or `github.event.pull_request.head.repo.fork`, as written
    /// (`secrets['KEY']` is `secrets.KEY`); `*` filters are kept as a segment.
    Path(Vec<String>),
    Not(Box<Expr>),
    Binary(Op, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
    /// `*` in `steps.*.outputs`: any.
    Star,
    /// A property of a computed value (`fromJSON(x).key`): unknown, but its operand's secrets
    /// flow.
    Property(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// One thing an expression can produce.
#[derive(Debug, Clone, PartialEq)]
pub enum Possible {
    /// A known string (numbers and `null` are kept as GitHub prints them).
    Str(String),
    Bool(bool),
    /// The value of a secret: its text when configured, `''` when not (a fork's pull request).
    Secret(String),
    /// Anything else (`inputs.x`, `github.event.comment.body`), with the secrets it carries.
    Unknown(Vec<String>),
}

impl Possible {
    /// `Some(truthy)` when known.
    fn truthy(&self) -> Option<bool> {
        match self {
            Self::Str(s) => Some(!s.is_empty() && s != "0"),
            Self::Bool(b) => Some(*b),
            Self::Secret(_) | Self::Unknown(_) => None,
        }
    }

    fn secrets(&self) -> Vec<String> {
        match self {
            Self::Secret(s) => vec![s.clone()],
            Self::Unknown(s) => s.clone(),
            Self::Str(_) | Self::Bool(_) => Vec::new(),
        }
    }

    fn text(&self) -> Option<String> {
        match self {
            Self::Str(s) => Some(s.clone()),
            Self::Bool(b) => Some(b.to_string()),
            Self::Secret(_) | Self::Unknown(_) => None,
        }
    }
}

/// What an expression can produce: one or more possibilities.
#[derive(Debug, Clone, PartialEq)]
pub struct Abstract(pub Vec<Possible>);

impl Abstract {
    fn one(p: Possible) -> Self {
        Self(vec![p])
    }

    fn unknown(secrets: Vec<String>) -> Self {
        Self::one(Possible::Unknown(secrets))
    }

    fn boolean() -> Self {
        Self::unknown(Vec::new())
    }

    /// Every secret any possibility carries, in order, once each.
    pub fn secrets(&self) -> Vec<String> {
        secrets_of(std::slice::from_ref(self))
    }

    /// `Some(truthy)` when every possibility agrees.
    pub fn truthy(&self) -> Option<bool> {
        let first = self.0.first()?.truthy()?;
        self.0
            .iter()
            .all(|p| p.truthy() == Some(first))
            .then_some(first)
    }

    /// The one known text, when there is exactly one.
    fn known_text(&self) -> Option<String> {
        match self.0.as_slice() {
            [one] => one.text(),
            _ => None,
        }
    }

    fn union(mut self, other: Self) -> Self {
        for p in other.0 {
            if !self.0.contains(&p) {
                self.0.push(p);
            }
        }
        if self.0.len() > MAX_POSSIBLE {
            return Self::unknown(self.secrets());
        }
        self
    }

    /// The possibilities that can be truthy (a secret or unknown value stays as it is).
    fn truthy_part(&self) -> Self {
        Self(
            self.0
                .iter()
                .filter(|p| p.truthy() != Some(false))
                .cloned()
                .collect(),
        )
    }

    /// The possibilities that can be falsy: a secret or unknown value then is `''`.
    fn falsy_part(&self) -> Self {
        let mut out = Vec::new();
        for p in &self.0 {
            let falsy = match p.truthy() {
                Some(false) => p.clone(),
                Some(true) => continue,
                None => Possible::Str(String::new()),
            };
            if !out.contains(&falsy) {
                out.push(falsy);
            }
        }
        Self(out)
    }
}

/// Every secret any of `values` carries, in order, once each.
pub fn secrets_of(values: &[Abstract]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in values
        .iter()
        .flat_map(|v| v.0.iter().flat_map(Possible::secrets))
    {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Evaluates one expression (the text inside `${{ }}`), with `context` giving each context
/// path its value; `None` when the text does not parse.
pub fn evaluate(text: &str, context: &dyn Fn(&[String]) -> Abstract) -> Option<Abstract> {
    let mut parser = Parser {
        tokens: tokenize(text)?,
        at: 0,
        depth: 0,
    };
    let expr = parser.or()?;
    if parser.at != parser.tokens.len() {
        return None;
    }
    Some(eval(&expr, context))
}

/// The value of an expression for inputs and variables: `secrets.X` is that secret, every
/// other context unknown. Unparsable text is unknown, carrying every secret it names.
pub fn value_of(text: &str) -> Abstract {
    evaluate(text, &|path| match path {
        [ctx, name] if ctx.eq_ignore_ascii_case("secrets") => {
            Abstract::one(Possible::Secret(name.clone()))
        }
        _ => Abstract::boolean(),
    })
    .unwrap_or_else(|| Abstract::unknown(super::value::secrets_in(&format!("${{{{{text}}}}}"))))
}

/// The `context.NAME` values (of the given contexts: `secrets`, `env`, `inputs`) whose text can
/// reach the result of `text`, written `context.NAME`, in order: one only compared or tested
/// (`secrets.KEY != ''`) does not. `None` when the text does not parse.
pub fn reaching(text: &str, contexts: &[&str]) -> Option<Vec<String>> {
    let value = evaluate(text, &|path| match path {
        [ctx, name] if contexts.iter().any(|c| ctx.eq_ignore_ascii_case(c)) => Abstract::one(
            Possible::Secret(format!("{}.{name}", ctx.to_ascii_lowercase())),
        ),
        _ => Abstract::boolean(),
    })?;
    Some(secrets_of(&[value]))
}

fn eval(expr: &Expr, cx: &dyn Fn(&[String]) -> Abstract) -> Abstract {
    match expr {
        Expr::Str(s) => Abstract::one(Possible::Str(s.clone())),
        Expr::Num(n) => Abstract::one(Possible::Str(number_text(*n))),
        Expr::Bool(b) => Abstract::one(Possible::Bool(*b)),
        Expr::Null => Abstract::one(Possible::Str(String::new())),
        Expr::Path(p) => cx(p),
        Expr::Not(e) => match eval(e, cx).truthy() {
            Some(t) => Abstract::one(Possible::Bool(!t)),
            None => Abstract::boolean(),
        },
        Expr::Binary(Op::Or, a, b) => {
            let a = eval(a, cx);
            match a.truthy() {
                Some(true) => a,
                Some(false) => eval(b, cx),
                None => a.truthy_part().union(eval(b, cx)),
            }
        }
        Expr::Binary(Op::And, a, b) => {
            let a = eval(a, cx);
            match a.truthy() {
                Some(false) => a,
                Some(true) => eval(b, cx),
                None => a.falsy_part().union(eval(b, cx)),
            }
        }
        Expr::Binary(op, a, b) => compare(*op, &eval(a, cx), &eval(b, cx)),
        Expr::Call(name, args) => call(name, args, cx),
        Expr::Property(e) => Abstract::unknown(eval(e, cx).secrets()),
        Expr::Star => Abstract::boolean(),
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// `==`, `!=` and the orderings: known only when both sides are one known text.
fn compare(op: Op, a: &Abstract, b: &Abstract) -> Abstract {
    let (Some(x), Some(y)) = (a.known_text(), b.known_text()) else {
        return Abstract::boolean();
    };
    let result = match op {
        Op::Eq => x.eq_ignore_ascii_case(&y),
        Op::Ne => !x.eq_ignore_ascii_case(&y),
        _ => match (x.parse::<f64>(), y.parse::<f64>()) {
            (Ok(x), Ok(y)) => match op {
                Op::Lt => x < y,
                Op::Le => x <= y,
                Op::Gt => x > y,
                _ => x >= y,
            },
            _ => return Abstract::boolean(),
        },
    };
    Abstract::one(Possible::Bool(result))
}

fn call(name: &str, args: &[Expr], cx: &dyn Fn(&[String]) -> Abstract) -> Abstract {
    let values: Vec<Abstract> = args.iter().map(|a| eval(a, cx)).collect();
    // The operands' one known text each, when every operand has one.
    let texts: Option<Vec<String>> = values.iter().map(Abstract::known_text).collect();
    let all_secrets = || secrets_of(&values);
    match name.to_ascii_lowercase().as_str() {
        // The status functions of an `if:`: a step runs when the earlier ones succeeded.
        "success" | "always" => Abstract::one(Possible::Bool(true)),
        "failure" | "cancelled" => Abstract::one(Possible::Bool(false)),
        "contains" | "startswith" | "endswith" => match texts.as_deref() {
            Some([hay, needle]) => {
                let (hay, needle) = (hay.to_lowercase(), needle.to_lowercase());
                let r = match name.to_ascii_lowercase().as_str() {
                    "contains" => hay.contains(&needle),
                    "startswith" => hay.starts_with(&needle),
                    _ => hay.ends_with(&needle),
                };
                Abstract::one(Possible::Bool(r))
            }
            _ => Abstract::boolean(),
        },
        "format" => match texts {
            Some(t) if !t.is_empty() => Abstract::one(Possible::Str(format_text(&t))),
            _ => Abstract::unknown(all_secrets()),
        },
        // case(pred1, value1, pred2, value2, …, default): one of the values.
        "case" => {
            let mut out: Option<Abstract> = None;
            for (i, v) in values.iter().enumerate() {
                let is_value = i % 2 == 1 || i + 1 == values.len();
                if is_value {
                    out = Some(match out {
                        Some(o) => o.union(v.clone()),
                        None => v.clone(),
                    });
                }
            }
            out.unwrap_or_else(Abstract::boolean)
        }
        "hashfiles" => Abstract::boolean(),
        // toJSON, fromJSON, join and the rest: their operands' secrets flow into the result.
        _ => Abstract::unknown(all_secrets()),
    }
}

/// `format('{0}-{1}', a, b)` with known operands; `{{` and `}}` are literal braces.
fn format_text(parts: &[String]) -> String {
    let (fmt, args) = (&parts[0], &parts[1..]);
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let index: String = chars.by_ref().take_while(|c| *c != '}').collect();
                if let Some(a) = index.trim().parse::<usize>().ok().and_then(|i| args.get(i)) {
                    out.push_str(a);
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Str(String),
    Num(f64),
    Ident(String),
    Punct(&'static str),
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            let mut s = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return None,
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        s.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(c) => {
                        s.push(*c);
                        i += 1;
                    }
                }
            }
            out.push(Token::Str(s));
        } else if c.is_ascii_digit()
            || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            let start = i;
            i += 1;
            while chars
                .get(i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '.')
            {
                i += 1;
            }
            let s: String = chars[start..i].iter().collect();
            out.push(Token::Num(s.parse().ok()?));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
        } else {
            let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let punct = ["==", "!=", "<=", ">=", "&&", "||"]
                .into_iter()
                .find(|p| two == *p);
            if let Some(p) = punct {
                out.push(Token::Punct(p));
                i += 2;
            } else {
                let p = ["(", ")", "[", "]", ".", ",", "!", "<", ">", "*"]
                    .into_iter()
                    .find(|p| p.starts_with(c))?;
                out.push(Token::Punct(p));
                i += 1;
            }
        }
    }
    Some(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek_punct(&self, p: &str) -> bool {
        matches!(self.tokens.get(self.at), Some(Token::Punct(q)) if *q == p)
    }

    fn eat(&mut self, p: &str) -> bool {
        let yes = self.peek_punct(p);
        if yes {
            self.at += 1;
        }
        yes
    }

    fn binary(&mut self, ops: &[(&str, Op)], next: fn(&mut Self) -> Option<Expr>) -> Option<Expr> {
        let mut left = next(self)?;
        'outer: loop {
            for (p, op) in ops {
                if self.eat(p) {
                    let right = next(self)?;
                    left = Expr::Binary(*op, Box::new(left), Box::new(right));
                    continue 'outer;
                }
            }
            return Some(left);
        }
    }

    fn or(&mut self) -> Option<Expr> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let e = self.binary(&[("||", Op::Or)], Self::and);
        self.depth -= 1;
        e
    }

    fn and(&mut self) -> Option<Expr> {
        self.binary(&[("&&", Op::And)], Self::equality)
    }

    fn equality(&mut self) -> Option<Expr> {
        self.binary(&[("==", Op::Eq), ("!=", Op::Ne)], Self::ordering)
    }

    fn ordering(&mut self) -> Option<Expr> {
        self.binary(
            &[("<=", Op::Le), (">=", Op::Ge), ("<", Op::Lt), (">", Op::Gt)],
            Self::unary,
        )
    }

    fn unary(&mut self) -> Option<Expr> {
        if self.eat("!") {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return None;
            }
            let e = self.unary();
            self.depth -= 1;
            return Some(Expr::Not(Box::new(e?)));
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Option<Expr> {
        let mut e = self.primary()?;
        loop {
            if self.eat(".") {
                let segment = match self.tokens.get(self.at)? {
                    Token::Ident(s) => s.clone(),
                    Token::Punct("*") => "*".to_owned(),
                    _ => return None,
                };
                self.at += 1;
                e = match e {
                    Expr::Path(mut p) => {
                        p.push(segment);
                        Expr::Path(p)
                    }
                    other => Expr::Property(Box::new(other)),
                };
            } else if self.eat("[") {
                let index = self.or()?;
                if !self.eat("]") {
                    return None;
                }
                e = match (e, index) {
                    (Expr::Path(mut p), Expr::Str(s)) => {
                        p.push(s);
                        Expr::Path(p)
                    }
                    (Expr::Path(mut p), Expr::Star) => {
                        p.push("*".to_owned());
                        Expr::Path(p)
                    }
                    (other, _) => Expr::Property(Box::new(other)),
                };
            } else {
                return Some(e);
            }
        }
    }

    fn primary(&mut self) -> Option<Expr> {
        let token = self.tokens.get(self.at)?.clone();
        self.at += 1;
        match token {
            Token::Str(s) => Some(Expr::Str(s)),
            Token::Num(n) => Some(Expr::Num(n)),
            Token::Punct("(") => {
                let e = self.or()?;
                self.eat(")").then_some(e)
            }
            Token::Punct("*") => Some(Expr::Star),
            Token::Ident(name) => match name.to_ascii_lowercase().as_str() {
                "true" => Some(Expr::Bool(true)),
                "false" => Some(Expr::Bool(false)),
                "null" => Some(Expr::Null),
                _ if self.peek_punct("(") => {
                    self.at += 1;
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return None;
                    }
                    let mut args = Vec::new();
                    if !self.eat(")") {
                        loop {
                            args.push(self.or()?);
                            if self.eat(")") {
                                break;
                            }
                            if !self.eat(",") {
                                return None;
                            }
                        }
                    }
                    self.depth -= 1;
                    Some(Expr::Call(name, args))
                }
                _ => Some(Expr::Path(vec![name])),
            },
            Token::Punct(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(text: &str) -> Vec<String> {
        value_of(text).secrets()
    }

    #[test]
    fn values_carry_only_what_can_reach_them() {
        // The OAuth secret is tested, never passed.
        assert_eq!(
            secrets("secrets.CLAUDE_CODE_OAUTH_TOKEN == '' && secrets.ANTHROPIC_API_KEY || ''"),
            ["ANTHROPIC_API_KEY"]
        );
        assert_eq!(secrets("secrets.A || secrets.B"), ["A", "B"]);
        assert_eq!(secrets("secrets.A != ''"), Vec::<String>::new());
        assert_eq!(secrets("!secrets.A"), Vec::<String>::new());
        assert_eq!(secrets("format('Bearer {0}', secrets['X'])"), ["X"]);
        assert_eq!(
            secrets("case(github.event_name == 'push', secrets.A, secrets.B)"),
            ["A", "B"]
        );
        assert_eq!(secrets("contains(secrets.A, 'sk-')"), Vec::<String>::new());
        assert_eq!(secrets("fromJSON(secrets.ALL).key"), ["ALL"]);
        assert_eq!(
            value_of("secrets.A || ''").0,
            [Possible::Secret("A".into()), Possible::Str(String::new())]
        );
        assert_eq!(
            value_of("format('{0}-{{x}}', 'a')").0,
            [Possible::Str("a-{x}".into())]
        );
        assert_eq!(
            value_of("true && 'x' || 'y'").0,
            [Possible::Str("x".into())]
        );
        assert_eq!(
            value_of("false && 'x' || 'y'").0,
            [Possible::Str("y".into())]
        );
        // Unparsable text keeps every secret it names.
        assert_eq!(secrets("secrets.A ==="), ["A"]);
        let deep = format!("{}secrets.A{}", "(".repeat(500), ")".repeat(500));
        assert_eq!(secrets(&deep), ["A"], "deep nesting is bounded");
    }

    #[test]
    fn reaching_names_what_a_pasted_expression_prints() {
        let all = ["secrets", "env", "inputs"];
        assert_eq!(reaching("secrets.A != ''", &all), Some(Vec::new()));
        assert_eq!(
            reaching("secrets.A == '' && secrets.B || ''", &all),
            Some(vec!["secrets.B".to_owned()])
        );
        assert_eq!(
            reaching("inputs.key || env.ANTHROPIC_API_KEY", &all),
            Some(vec![
                "inputs.key".to_owned(),
                "env.ANTHROPIC_API_KEY".to_owned()
            ])
        );
        assert_eq!(
            reaching("inputs.key", &["secrets"]),
            Some(Vec::new()),
            "contexts not asked for are not named"
        );
        assert_eq!(reaching("secrets.A ===", &all), None);
    }

    #[test]
    fn conditions_for_a_scenario() {
        let fork = |path: &[String]| {
            let p: Vec<String> = path.iter().map(|s| s.to_ascii_lowercase()).collect();
            match p.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                ["github", "event_name"] => Abstract::one(Possible::Str("pull_request".into())),
                ["github", "repository"] => Abstract::one(Possible::Str("base/repo".into())),
                ["github", "event", "pull_request", "head", "repo", "full_name"] => {
                    Abstract::one(Possible::Str("fork/repo".into()))
                }
                ["github", "event", "pull_request", "head", "repo", "fork"] => {
                    Abstract::one(Possible::Bool(true))
                }
                _ => Abstract::boolean(),
            }
        };
        let runs = |c: &str| evaluate(c, &fork).and_then(|a| a.truthy());
        assert_eq!(
            runs("github.event.pull_request.head.repo.full_name == github.repository"),
            Some(false)
        );
        assert_eq!(
            runs("!github.event.pull_request.head.repo.fork"),
            Some(false)
        );
        assert_eq!(
            runs("github.event_name == 'pull_request' && contains(github.event.pull_request.title, 'x')"),
            None,
            "selecting pull requests does not exclude forks"
        );
        assert_eq!(runs("github.event_name == 'push'"), Some(false));
        assert_eq!(runs("github.event_name != 'pull_request'"), Some(false));
        assert_eq!(
            runs("github.event_name == 'push' || github.event_name == 'pull_request'"),
            Some(true)
        );
        assert_eq!(
            runs("success() && github.event.pull_request.head.repo.fork == false"),
            Some(false)
        );
        assert_eq!(runs("always()"), Some(true));
        assert_eq!(runs("github.event_name == 'PULL_REQUEST'"), Some(true));
        assert!(evaluate("a ==", &fork).is_none());
    }
}
