//! `.gitlab-ci.yml` (with its local includes) read into a [`FileModel`]: global and job
//! `variables`, `extends:` and `default:` applied, then `before_script` and `script` lines read
//! like a shell would. Project and group CI/CD variables are not in the files, so only what the
//! files declare is judged.

use super::model::{
    apply_script_event, Binding, Budget, ClaudeStep, Env, FileModel, Runner, ScriptEffect, Settings,
};
use super::shell;
use super::value::Value;
use super::yaml::{Kind, Node, Sources};

/// Top-level keys that are not jobs.
const RESERVED: &[&str] = &[
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "spec",
    "pages:deploy",
];

/// How deep `!reference` may nest (GitLab's own limit).
const MAX_REFERENCE_DEPTH: usize = 10;

/// How deep `extends:` may chain (GitLab's own limit is 11 levels).
const MAX_EXTENDS_DEPTH: usize = 11;

/// The `include:` entries of a document that name files of this repository (`local:` or a bare
/// path), as written.
pub fn local_includes(doc: &Node) -> Vec<String> {
    let Some(include) = doc.get("include") else {
        return Vec::new();
    };
    include
        .items()
        .into_iter()
        .filter_map(|item| match item.as_str() {
            Some(path) if !path.contains("://") => Some(path.to_owned()),
            Some(_) => None,
            None => item.get("local").and_then(Node::as_str).map(str::to_owned),
        })
        .collect()
}

/// Reads the merged configuration: `docs` are the included files first, the main file last
/// (its keys win, as in GitLab).
pub fn read(model: &mut FileModel, docs: &[&Node], sources: &Sources<'_>) {
    let budget = model.budget.clone();
    let mut top: Vec<(String, Node)> = Vec::new();
    for doc in docs {
        for (name, _, value) in doc.pairs() {
            match top.iter_mut().find(|(k, _)| k == name) {
                Some((_, old)) => *old = deep_merge(old, value, &budget),
                None => top.push((name.to_owned(), value.clone())),
            }
        }
    }
    let mut resolved = Resolved::default();
    let get = |name: &str| top.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let mut reader = Reader { model, sources };
    let global = reader.variables(get("variables"), "the global variables", &Env::new());
    let default_before = get("default")
        .and_then(|d| d.get("before_script"))
        .or_else(|| get("before_script"))
        .cloned();
    for (name, job) in &top {
        if RESERVED.contains(&name.as_str()) || name.starts_with('.') {
            // Hidden jobs (templates) are read through the jobs that extend them.
            continue;
        }
        if budget.overflow().is_some() {
            return;
        }
        let job = resolve_extends(job, &top, 0, &mut resolved, &budget);
        if job.get("script").is_none() {
            continue;
        }
        let label = format!("job `{name}`");
        let env = reader.variables(
            job.get("variables"),
            &format!("{label}'s variables"),
            &global,
        );
        let before = job.get("before_script").cloned().or(default_before.clone());
        let mut env = env;
        for block in [before.as_ref(), job.get("script")].into_iter().flatten() {
            let lines = script_lines(block, &top, 0, &budget);
            reader.script(&label, &lines, &mut env);
        }
    }
}

struct Reader<'a> {
    model: &'a mut FileModel,
    sources: &'a Sources<'a>,
}

impl Reader<'_> {
    /// `variables:` over `base`: `NAME: value` or `NAME: {value: …}`.
    fn variables(&mut self, block: Option<&Node>, via: &str, base: &Env) -> Env {
        let entries = block.map_or(0, |b| b.pairs().count());
        if !self.model.budget.spend(base.len() + entries, "variables:") {
            return Env::new();
        }
        let mut env = base.clone();
        for (name, key, node) in block
            .map(|b| b.pairs().collect::<Vec<_>>())
            .unwrap_or_default()
        {
            let text = node
                .as_str()
                .or_else(|| node.get("value").and_then(Node::as_str))
                .unwrap_or("");
            let value = Value::shell(text);
            self.model.assign(name, &value, key.pos);
            env.insert(name.to_owned(), Binding::new(value, key.pos, via));
        }
        env
    }

    /// The lines of a `script:` (or `before_script:`), in one shell: exports carry forward.
    fn script(&mut self, label: &str, lines: &[&Node], env: &mut Env) {
        for item in lines.iter().copied() {
            let Some(text) = item.as_str() else {
                continue;
            };
            for located in shell::events(text) {
                let pos = self.sources.script_pos(item, located.line, located.column);
                let effect = apply_script_event(env, located.event, pos, &mut |t, v, p| {
                    self.model.assign(t, v, p);
                });
                // `$GITHUB_ENV` means nothing in GitLab.
                if let ScriptEffect::Claude(for_it, invocation) = effect {
                    if !self
                        .model
                        .budget
                        .spend(for_it.len(), "the environments of claude commands")
                    {
                        return;
                    }
                    self.model.steps.push(ClaudeStep {
                        label: label.to_owned(),
                        pos,
                        runner: Runner::Script,
                        env: for_it,
                        bare_flag: invocation.bare.then_some(pos),
                        settings: Settings::of(invocation.settings.as_deref(), "$"),
                        empty_secret_triggers: Vec::new(),
                        unfollowed_guard: None,
                        env_from_actions: false,
                        federated_login: None,
                    });
                }
            }
        }
    }
}

/// The items of a script, with `!reference [.job, key]` items replaced by the lines they name
/// (nested references followed up to GitLab's depth of 10).
fn script_lines<'a>(
    block: &'a Node,
    top: &'a [(String, Node)],
    depth: usize,
    budget: &Budget,
) -> Vec<&'a Node> {
    let mut out = Vec::new();
    for item in block.items() {
        if !budget.spend(1, "!reference") {
            break;
        }
        match &item.kind {
            Kind::Reference(path) if depth < MAX_REFERENCE_DEPTH => {
                let target = path.split_first().and_then(|(first, rest)| {
                    let start = top.iter().find(|(k, _)| k == first).map(|(_, v)| v)?;
                    rest.iter().try_fold(start, |node, key| node.get(key))
                });
                if let Some(target) = target {
                    out.extend(script_lines(target, top, depth + 1, budget));
                }
            }
            _ => out.push(item),
        }
    }
    out
}

/// Templates with their own `extends:` applied, by name and depth: a template extended by many
/// jobs (or many times by one) is resolved once.
type Resolved = std::collections::HashMap<(String, usize), Node>;

/// A job with its `extends:` applied: each parent (in order) under the job's own keys.
fn resolve_extends(
    job: &Node,
    top: &[(String, Node)],
    depth: usize,
    resolved: &mut Resolved,
    budget: &Budget,
) -> Node {
    let parents: Vec<&str> = job
        .get("extends")
        .map(|e| e.items().into_iter().filter_map(Node::as_str).collect())
        .unwrap_or_default();
    if parents.is_empty() || depth >= MAX_EXTENDS_DEPTH {
        return job.clone();
    }
    let mut base: Option<Node> = None;
    for parent in parents {
        if !budget.spend(1, "extends:") {
            break;
        }
        let key = (parent.to_owned(), depth + 1);
        let parent_node = match resolved.get(&key) {
            Some(done) => done.clone(),
            None => {
                let Some((_, p)) = top.iter().find(|(k, _)| k == parent) else {
                    continue;
                };
                let done = resolve_extends(p, top, depth + 1, resolved, budget);
                resolved.insert(key, done.clone());
                done
            }
        };
        base = Some(match base {
            Some(b) => deep_merge(&b, &parent_node, budget),
            None => parent_node,
        });
    }
    match base {
        Some(b) => deep_merge(&b, job, budget),
        None => job.clone(),
    }
}

/// `over` merged into `base`: mappings merge key by key (recursively), anything else replaces.
fn deep_merge(base: &Node, over: &Node, budget: &Budget) -> Node {
    if !budget.spend(1, "extends: and include merges") {
        return over.clone();
    }
    match (&base.kind, &over.kind) {
        (Kind::Map(b), Kind::Map(o)) => {
            let mut out = b.clone();
            for (k, v) in o {
                match out.iter_mut().find(|(ok, _)| ok.as_str() == k.as_str()) {
                    Some((ok, ov)) => {
                        *ov = deep_merge(ov, v, budget);
                        *ok = k.clone();
                    }
                    None => out.push((k.clone(), v.clone())),
                }
            }
            Node {
                pos: over.pos,
                kind: Kind::Map(out),
            }
        }
        _ => over.clone(),
    }
}
