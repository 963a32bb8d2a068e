//! GitHub Actions files (workflows and composite actions) read into a [`FileModel`]: each step's
//! effective environment (workflow, job and step `env`, literal `$GITHUB_ENV` writes of earlier
//! steps), the steps that run Claude Code, and how `claude-code-action` and ccauth's own Action
//! map their inputs.

use super::model::{
    apply_script_event, Binding, ClaudeStep, Env, FileModel, Interpolation, Runner, ScriptEffect,
    Settings, System,
};
use super::shell;
use super::value::{secrets_in, Value};
use super::yaml::{Node, Pos, Sources};
use super::RepoFacts;
use crate::claude::command::ClaudeInvocation;
use crate::claude::sources::{vars, SECRET_VARS};

/// Inputs of `claude-code-action` and `claude-code-base-action` that carry a credential, and the
/// variable each is copied to (their action.yml: `ANTHROPIC_API_KEY: ${{ inputs.anthropic_api_key }}`).
pub const ACTION_CREDENTIAL_INPUTS: [(&str, &str); 2] = [
    ("anthropic_api_key", vars::API_KEY),
    ("claude_code_oauth_token", vars::OAUTH_TOKEN),
];

/// The provider switches of those actions: `use_bedrock: true` sets the variable to `1`, anything
/// else to `''` (always set, so a job's own switch is overridden).
const ACTION_SWITCHES: [(&str, &str); 3] = [
    ("use_bedrock", vars::USE_BEDROCK),
    ("use_vertex", vars::USE_VERTEX),
    ("use_foundry", vars::USE_FOUNDRY),
];

/// Actions that export secrets from a secret manager into the job's environment.
const SECRET_LOADERS: &[&str] = &[
    "hashicorp/vault-action",
    "1password/load-secrets-action",
    "aws-actions/aws-secretsmanager-get-secrets",
    "azure/get-keyvault-secrets",
    "google-github-actions/get-secretmanager-secrets",
    "dopplerhq/secrets-fetch-action",
    "bitwarden/sm-action",
    "infisical/secrets-action",
];

/// ccauth's own Action: its credential inputs and the variable each stands for.
pub const CCAUTH_CREDENTIAL_INPUTS: [(&str, &str); 3] = [
    ("oauth-token", vars::OAUTH_TOKEN),
    ("api-key", vars::API_KEY),
    ("auth-token", vars::AUTH_TOKEN),
];

/// Reads a workflow or composite action.
/// `local` are the composite actions of this repository the workflow uses (`./path`), read
/// already: their steps run with the calling step's environment.
pub fn read(
    model: &mut FileModel,
    doc: &Node,
    sources: &Sources<'_>,
    repo: &RepoFacts,
    local: &[(String, &Node)],
) {
    let mut reader = Reader {
        model,
        sources,
        repo,
        local,
        call_site: None,
        triggers: Vec::new(),
        env_from_actions: false,
    };
    match reader.model.system {
        System::GithubAction => {
            if let Some(steps) = doc.get("runs").and_then(|r| r.get("steps")) {
                reader.steps("the action", &Env::new(), "", steps);
            }
        }
        _ => reader.workflow(doc),
    }
}

struct Reader<'a> {
    model: &'a mut FileModel,
    sources: &'a Sources<'a>,
    repo: &'a RepoFacts,
    local: &'a [(String, &'a Node)],
    /// While a local action's steps are read: the `uses:` of the step that called it. What the
    /// action's file itself says is reported when that file is linted.
    call_site: Option<Pos>,
    /// The workflow's triggers (`pull_request`, `push`, …).
    triggers: Vec<String>,
    /// An earlier step of the job ran a secret-loading action.
    env_from_actions: bool,
}

impl<'a> Reader<'a> {
    fn workflow(&mut self, doc: &Node) {
        self.triggers = triggers(doc.get("on"));
        let workflow_env = self.env_block(doc.get("env"), "the workflow's env", &Env::new());
        let Some(jobs) = doc.get("jobs") else {
            return;
        };
        for (id, _, job) in jobs.pairs() {
            if let Some(secrets) = job.get("secrets") {
                // A reusable workflow call: `secrets: inherit`, or named secrets passed on.
                self.assign_all(secrets);
            }
            if let Some(with) = job.get("with") {
                self.assign_all(with);
            }
            let label = format!("job `{id}`");
            let env = self.env_block(job.get("env"), &format!("job `{id}`'s env"), &workflow_env);
            let guard = job
                .get("if")
                .and_then(Node::as_str)
                .unwrap_or("")
                .to_owned();
            if let Some(steps) = job.get("steps") {
                self.steps(&label, &env, &guard, steps);
            }
        }
    }

    /// Reads a list of steps in order, carrying `$GITHUB_ENV` writes forward.
    fn steps(&mut self, job: &str, base: &Env, job_guard: &str, steps: &Node) {
        // Variables written to $GITHUB_ENV by earlier steps: above workflow and job `env`, below
        // a step's own `env`.
        let mut github_env = Env::new();
        self.env_from_actions = false;
        for (index, step) in steps.items().into_iter().enumerate() {
            let name = step
                .get("name")
                .or_else(|| step.get("id"))
                .and_then(Node::as_str)
                .map_or_else(|| format!("#{}", index + 1), |n| format!("`{n}`"));
            let label = format!("{job}, step {name}");
            if !self
                .model
                .budget
                .spend(base.len() + github_env.len(), "step environments")
            {
                return;
            }
            let mut env = base.clone();
            env.extend(github_env.clone());
            let env = self.env_block(step.get("env"), "the step's env", &env);
            let step_guard = step.get("if").and_then(Node::as_str).unwrap_or("");
            let guards = format!("{job_guard}\n{step_guard}");
            let ctx = StepCtx {
                label: &label,
                env: &env,
                guards: &guards,
            };
            if let Some(run) = step.get("run") {
                let shell = step.get("shell").and_then(Node::as_str).unwrap_or("bash");
                self.run_step(&ctx, run, shell, &mut github_env);
            } else if let Some((uses_key, uses)) = step.entry("uses") {
                let with = step.get("with");
                self.uses_step(
                    &ctx,
                    uses_key.pos,
                    uses.as_str().unwrap_or(""),
                    with,
                    &mut github_env,
                );
            }
        }
    }

    /// `env:` entries over `base`; credential variables are recorded as assignments.
    fn env_block(&mut self, block: Option<&Node>, via: &str, base: &Env) -> Env {
        let entries = block.map_or(0, |b| b.pairs().count());
        if !self.model.budget.spend(base.len() + entries, "env: blocks") {
            return Env::new();
        }
        let mut env = base.clone();
        let Some(block) = block else {
            return env;
        };
        for (name, key, value) in block.pairs() {
            let value = Value::github(value.as_str().unwrap_or(""));
            self.assign(name, &value, key.pos);
            env.insert(name.to_owned(), Binding::new(value, key.pos, via));
        }
        env
    }

    /// Records a credential assignment, unless it is in a local action (reported when that file
    /// is linted).
    fn assign(&mut self, target: &str, value: &Value, pos: Pos) {
        if self.call_site.is_none() {
            self.model.assign(target, value, pos);
        }
    }

    fn assign_all(&mut self, map: &Node) {
        for (name, key, value) in map.pairs() {
            let value = Value::github(value.as_str().unwrap_or(""));
            self.assign(name, &value, key.pos);
        }
    }

    fn run_step(&mut self, ctx: &StepCtx<'_>, run: &Node, shell_name: &str, github_env: &mut Env) {
        let Some(script) = run.as_str() else {
            return;
        };
        self.interpolations(run, script);
        if shell_name.starts_with("python") {
            return;
        }
        let mut env = ctx.env.clone();
        for located in shell::events(script) {
            let pos = self.sources.script_pos(run, located.line, located.column);
            let effect = apply_script_event(&mut env, located.event, pos, &mut |t, v, p| {
                self.assign(t, v, p);
            });
            match effect {
                ScriptEffect::None => {}
                ScriptEffect::GithubEnv(name, value) => {
                    self.assign(&name, &value, pos);
                    github_env.insert(name, Binding::new(value, pos, "$GITHUB_ENV"));
                }
                ScriptEffect::Claude(for_it, invocation) => {
                    self.push_step(ctx, pos, Runner::Script, for_it, &invocation);
                }
            }
        }
    }

    fn uses_step(
        &mut self,
        ctx: &StepCtx<'_>,
        pos: Pos,
        uses: &str,
        with: Option<&Node>,
        github_env: &mut Env,
    ) {
        let empty = Node {
            pos,
            kind: super::yaml::Kind::Null,
        };
        let with = with.unwrap_or(&empty);
        if is_claude_code_action(uses) {
            self.claude_code_action(ctx, pos, uses, with);
        } else if self.is_own_action(uses) {
            self.own_action(with, github_env);
        } else if let Some(steps) = self.local_steps(uses) {
            self.local_action(ctx, pos, uses, with, steps);
        } else {
            self.assign_all(with);
            if SECRET_LOADERS.contains(&action_name(uses).as_str()) {
                self.env_from_actions = true;
            }
        }
    }

    /// The steps of a local composite action the workflow uses.
    fn local_steps(&self, uses: &str) -> Option<&'a Node> {
        if self.call_site.is_some() {
            return None;
        }
        let uses = uses.trim_end_matches('/');
        let local: &'a [(String, &'a Node)] = self.local;
        local
            .iter()
            .find(|(r, _)| r == uses)
            .and_then(|(_, doc)| doc.get("runs")?.get("steps"))
    }

    /// A local composite action's steps, with the calling step's environment (its own `env`
    /// included); `$GITHUB_ENV` they write stays with them.
    fn local_action(&mut self, ctx: &StepCtx<'_>, at: Pos, uses: &str, with: &Node, steps: &Node) {
        self.assign_all(with);
        let saved = self.env_from_actions;
        // Findings point at the calling step: the fix is in the workflow.
        self.call_site = Some(at);
        let label = format!("{}, in {}", ctx.label, uses.trim_end_matches('/'));
        self.steps(&label, ctx.env, ctx.guards, steps);
        self.call_site = None;
        self.env_from_actions = saved;
    }

    fn claude_code_action(&mut self, ctx: &StepCtx<'_>, pos: Pos, uses: &str, with: &Node) {
        let mut env = ctx.env.clone();
        self.assign_all(with);
        let input = |name: &str| with.entry(name);
        for (name, var) in ACTION_CREDENTIAL_INPUTS {
            let b = match input(name) {
                Some((key, v)) => Binding::new(
                    Value::github(v.as_str().unwrap_or("")),
                    key.pos,
                    &format!("input {name}"),
                ),
                None => Binding::new(
                    Value::Literal(String::new()),
                    pos,
                    &format!("input {name} (not given)"),
                ),
            };
            env.insert(var.to_owned(), b);
        }
        // Workload identity federation (the action's anthropic_federation_rule_id and
        // anthropic_organization_id, since v1.0.130): the action exchanges the job's OIDC token
        // for the credential itself. Modelled as the identity token Claude Code's federation
        // source reads, with the value the workflow gives the rule id.
        if let (Some((key, rule)), Some(_)) = (
            input("anthropic_federation_rule_id"),
            input("anthropic_organization_id"),
        ) {
            let value = Value::github(rule.as_str().unwrap_or(""));
            if value.may_be_present() {
                env.insert(
                    vars::IDENTITY_TOKEN.to_owned(),
                    Binding::new(
                        Value::Expression {
                            secrets: Vec::new(),
                        },
                        key.pos,
                        "workload identity federation (input anthropic_federation_rule_id)",
                    ),
                );
            }
        }
        for (name, var) in ACTION_SWITCHES {
            let (value, at) = match input(name) {
                Some((key, v)) => match Value::github(v.as_str().unwrap_or("")) {
                    Value::Literal(t) if t == "true" => (Value::Literal("1".into()), key.pos),
                    Value::Literal(_) => (Value::Literal(String::new()), key.pos),
                    other => (other, key.pos),
                },
                None => (Value::Literal(String::new()), pos),
            };
            env.insert(
                var.to_owned(),
                Binding::new(value, at, &format!("input {name}")),
            );
        }
        // `claude_env` (older versions): `NAME: value` lines for Claude Code's environment.
        if let Some((key, v)) = input("claude_env") {
            for line in v.as_str().unwrap_or("").lines() {
                if let Some((name, value)) = line.split_once(':') {
                    let name = name.trim();
                    let value = Value::github(value.trim().trim_matches(['"', '\'']));
                    self.assign(name, &value, key.pos);
                    env.insert(
                        name.to_owned(),
                        Binding::new(value, key.pos, "input claude_env"),
                    );
                }
            }
        }
        let args = input("claude_args")
            .and_then(|(_, v)| v.as_str())
            .and_then(shlex::split)
            .unwrap_or_default();
        let mut invocation = ClaudeInvocation::parse(&args);
        if let Some((_, v)) = input("settings") {
            let text = v.as_str().unwrap_or("").trim();
            if !text.is_empty() {
                invocation.settings = Some(text.to_owned());
            }
        }
        let runner = Runner::ClaudeCodeAction(uses.to_owned());
        self.push_step(ctx, pos, runner, env, &invocation);
    }

    /// ccauth's Action: `command: export-env` makes the given credential the one later steps
    /// get and clears the other first-party variables through `$GITHUB_ENV`.
    fn own_action(&mut self, with: &Node, github_env: &mut Env) {
        self.assign_all(with);
        let command = with
            .get("command")
            .and_then(Node::as_str)
            .unwrap_or("lint-env");
        if command != "export-env" {
            return;
        }
        let given = CCAUTH_CREDENTIAL_INPUTS
            .iter()
            .find_map(|(name, var)| with.entry(name).map(|(k, v)| (k, v, *var)));
        let Some((key, value, var)) = given else {
            return;
        };
        for (_, other) in CCAUTH_CREDENTIAL_INPUTS {
            let value = if other == var {
                Value::github(value.as_str().unwrap_or(""))
            } else {
                Value::Literal(String::new())
            };
            github_env.insert(
                other.to_owned(),
                Binding::new(value, key.pos, "ccauth export-env ($GITHUB_ENV)"),
            );
        }
    }

    fn is_own_action(&self, uses: &str) -> bool {
        action_name(uses) == "ccauth/ccauth" || (uses == "./" && self.repo.own_action_at_root)
    }

    fn push_step(
        &mut self,
        ctx: &StepCtx<'_>,
        pos: Pos,
        runner: Runner,
        env: Env,
        invocation: &ClaudeInvocation,
    ) {
        let settings = Settings::of(invocation.settings.as_deref(), "${{");
        let empty_secret_triggers = self.unguarded_triggers(ctx.guards);
        self.model.steps.push(ClaudeStep {
            label: ctx.label.to_owned(),
            pos: self.call_site.unwrap_or(pos),
            runner,
            env,
            bare_flag: invocation.bare.then_some(pos),
            settings,
            empty_secret_triggers,
            env_from_actions: self.env_from_actions,
        });
    }

    /// The triggers that give this step empty secrets and are not guarded against.
    fn unguarded_triggers(&self, guards: &str) -> Vec<String> {
        if self.model.system != System::GithubWorkflow {
            return Vec::new();
        }
        // A check that the credential is there covers every case.
        let checks_credential = SECRET_VARS
            .iter()
            .any(|v| guards.contains(&format!("env.{v}")));
        if checks_credential {
            return Vec::new();
        }
        let mut out = Vec::new();
        let has = |t: &str| self.triggers.iter().any(|x| x == t);
        // A head-repository check, or a condition on the event itself (`github.event_name ==
        // 'push'`), keeps forks' pull requests out.
        let fork_guard = guards.contains("head.repo") || guards.contains("event_name");
        if has("pull_request") && !fork_guard {
            out.push("pull_request".to_owned());
        }
        let dependabot_runs = has("pull_request") || has("push");
        if self.repo.dependabot && dependabot_runs && !guards.contains("dependabot") {
            out.push("dependabot".to_owned());
        }
        out
    }

    /// Records `${{ secrets.X }}` and `${{ env.X }}` written into a script.
    fn interpolations(&mut self, run: &Node, script: &str) {
        if self.call_site.is_some() {
            return;
        }
        for (idx, line) in script.lines().enumerate() {
            if !line.contains("${{") {
                continue;
            }
            let mut found: Vec<String> = secrets_in(line)
                .into_iter()
                .map(|s| format!("secrets.{s}"))
                .collect();
            found.extend(
                SECRET_VARS
                    .iter()
                    .filter(|v| line.contains(&format!("env.{v}")))
                    .map(|v| format!("env.{v}")),
            );
            for expression in found {
                let line_pos = self.sources.script_pos(run, idx, 1);
                let pos = self.sources.find_on_line(line_pos, &expression);
                self.model
                    .interpolations
                    .push(Interpolation { expression, pos });
            }
        }
    }
}

/// What a step's reading needs to know about the step.
struct StepCtx<'a> {
    label: &'a str,
    env: &'a Env,
    /// The job's and step's `if:` conditions.
    guards: &'a str,
}

/// The `on:` triggers: a name, a list of names, or a mapping.
fn triggers(on: Option<&Node>) -> Vec<String> {
    let Some(on) = on else {
        return Vec::new();
    };
    if let Some(one) = on.as_str() {
        return vec![one.to_owned()];
    }
    let from_map: Vec<String> = on.pairs().map(|(k, _, _)| k.to_owned()).collect();
    if !from_map.is_empty() {
        return from_map;
    }
    on.items()
        .into_iter()
        .filter_map(|n| n.as_str().map(str::to_owned))
        .collect()
}

/// The action a `uses:` names, without its ref, lowercased (GitHub names are case-insensitive).
fn action_name(uses: &str) -> String {
    uses.split('@').next().unwrap_or("").to_ascii_lowercase()
}

/// `anthropics/claude-code-action@…` or `anthropics/claude-code-base-action@…`.
pub fn is_claude_code_action(uses: &str) -> bool {
    let name = action_name(uses);
    name == "anthropics/claude-code-action" || name == "anthropics/claude-code-base-action"
}

/// A variable or input that carries a Claude Code credential.
pub fn is_credential_target(name: &str) -> bool {
    SECRET_VARS.contains(&name)
        || ACTION_CREDENTIAL_INPUTS.iter().any(|(i, _)| *i == name)
        || CCAUTH_CREDENTIAL_INPUTS.iter().any(|(i, _)| *i == name)
}
