//! `anthropics/claude-code-action` and `claude-code-base-action` per release: which release a
//! `uses:` ref names, and what that release does with its inputs. One table of releases and one
//! of behaviours, each behaviour keyed by the first release that has it (read from the action's
//! `action.yml` and TypeScript at each tag); nothing else in the code names a release.

use std::fmt;

/// A release of the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Release {
    /// The `@beta` / `v0.x` line, before v1.0.0.
    Beta,
    /// `v1.0.N`.
    V1(u32),
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Beta => f.write_str("beta"),
            Self::V1(n) => write!(f, "v1.0.{n}"),
        }
    }
}

/// The newest release the model knows (moving refs such as `@v1` and `@main` get it).
pub const NEWEST: Release = Release::V1(200);

/// What changes between releases, as far as credentials go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// `ANTHROPIC_API_KEY: ${{ inputs.anthropic_api_key || env.ANTHROPIC_API_KEY }}` (the same for
    /// the OAuth token): the step's environment is the fallback. Before, the input replaces it.
    EnvFallback,
    /// The workload identity federation inputs (`anthropic_federation_rule_id`, …).
    WorkloadIdentity,
    /// The `use_foundry` input.
    UseFoundry,
    /// The `claude_env` input (removed in v1.0.0: an unexpected, ignored input after).
    ClaudeEnv,
}

/// Each behaviour and the releases that have it: from the first (inclusive) to the last, when it
/// was removed. claude-code-base-action never falls back to the environment.
const BEHAVIOURS: &[(Behaviour, Release, Option<Release>)] = &[
    (Behaviour::EnvFallback, Release::V1(146), None),
    (Behaviour::WorkloadIdentity, Release::V1(130), None),
    (Behaviour::UseFoundry, Release::V1(19), None),
    (Behaviour::ClaudeEnv, Release::Beta, Some(Release::Beta)),
];

/// The Claude Code each release installs: the first release that pins each CLI version, from
/// the action's `action.yml` (a release between two rows installs the earlier row's version or a
/// later one before the next row's).
pub const CLI_PINS: &[(Release, &str)] = &[
    (Release::Beta, "1.0.67"),
    (Release::V1(0), "1.0.90"),
    (Release::V1(2), "1.0.94"),
    (Release::V1(7), "1.0.111"),
    (Release::V1(9), "1.0.124"),
    (Release::V1(18), "2.0.45"),
    (Release::V1(19), "2.0.49"),
    (Release::V1(24), "2.0.65"),
    (Release::V1(50), "2.1.31"),
    (Release::V1(55), "2.1.48"),
    (Release::V1(58), "2.1.53"),
    (Release::V1(73), "2.1.78"),
    (Release::V1(76), "2.1.81"),
    (Release::V1(100), "2.1.113"),
    (Release::V1(134), "2.1.152"),
    (Release::V1(146), "2.1.175"),
    (Release::V1(164), "2.1.200"),
    (Release::V1(167), "2.1.203"),
    (Release::V1(171), "2.1.207"),
    (Release::V1(176), "2.1.212"),
    (Release::V1(191), "2.1.228"),
    (Release::V1(200), "2.1.240"),
];

/// Which of the two actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `anthropics/claude-code-action`.
    Main,
    /// `anthropics/claude-code-base-action`.
    Base,
}

/// How the release was found from the ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum From {
    /// A version tag (`@v1.0.88`).
    Tag,
    /// A commit pin with a version comment (`@<sha> # v1.0.133`).
    Comment,
    /// A moving ref (`@v1`, `@main`): the newest known release.
    Moving,
    /// A commit or branch ccauth cannot date: the newest known release, with a note.
    Unknown,
    /// A release newer than the newest known: modelled as the newest.
    Newer(String),
}

/// A step's action and release, as read from its `uses:` (and the line's comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub action: Action,
    pub release: Release,
    pub from: From,
    /// The ref as written (`v1`, `main`, a SHA).
    pub git_ref: String,
}

impl Version {
    /// Reads `owner/name@ref`, with `comment` the text after `#` on the `uses:` line.
    pub fn read(uses: &str, comment: Option<&str>) -> Self {
        let (name, git_ref) = uses.split_once('@').unwrap_or((uses, ""));
        let action = if name
            .to_ascii_lowercase()
            .ends_with("claude-code-base-action")
        {
            Action::Base
        } else {
            Action::Main
        };
        let (release, from) = release_of(git_ref, comment);
        Self {
            action,
            release,
            from,
            git_ref: git_ref.to_owned(),
        }
    }

    /// True when the release has `behaviour`.
    pub fn has(&self, behaviour: Behaviour) -> bool {
        if behaviour == Behaviour::EnvFallback && self.action == Action::Base {
            return false;
        }
        BEHAVIOURS.iter().any(|(b, first, last)| {
            *b == behaviour && self.release >= *first && last.is_none_or(|l| self.release <= l)
        })
    }

    /// The Claude Code version the release installs (the nearest pin at or before it).
    pub fn cli(&self) -> &'static str {
        CLI_PINS
            .iter()
            .rev()
            .find(|(r, _)| *r <= self.release)
            .map_or(CLI_PINS[0].1, |(_, v)| v)
    }

    /// `v1.0.200 (the newest ccauth knows, for @v1)`: the release modelled and why.
    pub fn describe(&self) -> String {
        let r = self.release;
        let git_ref = crate::text::printable(&self.git_ref);
        match &self.from {
            From::Tag => format!("{r}"),
            From::Comment => format!("{r} (from the comment beside the commit pin)"),
            From::Moving => format!("{r} (the newest release ccauth knows, for @{git_ref})"),
            From::Unknown => format!(
                "{r} (the newest release ccauth knows: @{git_ref} names no release it knows)"
            ),
            From::Newer(v) => format!(
                "{r} (the newest release ccauth knows; {} is newer)",
                crate::text::printable(v)
            ),
        }
    }
}

fn release_of(git_ref: &str, comment: Option<&str>) -> (Release, From) {
    let r = git_ref.trim().to_ascii_lowercase();
    if r == "beta" || r.starts_with("v0") {
        return (Release::Beta, From::Tag);
    }
    if let Some(n) = v1_patch(&r) {
        return known(n, From::Tag, git_ref);
    }
    if matches!(r.as_str(), "v1" | "v1.0" | "main" | "master" | "") {
        return (NEWEST, From::Moving);
    }
    let is_sha = r.len() >= 7 && r.chars().all(|c| c.is_ascii_hexdigit());
    if is_sha {
        let tagged = comment
            .and_then(|c| c.split_whitespace().next())
            .map(|c| c.trim_start_matches(['#', ' ']).to_ascii_lowercase());
        match tagged.as_deref() {
            Some("beta") => return (Release::Beta, From::Comment),
            Some(t) => {
                if let Some(n) = v1_patch(t) {
                    return known(n, From::Comment, t);
                }
                if t == "v1" || t == "v1.0" {
                    return (NEWEST, From::Comment);
                }
            }
            None => {}
        }
    }
    (NEWEST, From::Unknown)
}

fn known(n: u32, from: From, written: &str) -> (Release, From) {
    match NEWEST {
        Release::V1(newest) if n > newest => (NEWEST, From::Newer(written.to_owned())),
        _ => (Release::V1(n), from),
    }
}

/// `v1.0.N` (or `1.0.N`) to N.
fn v1_patch(text: &str) -> Option<u32> {
    let t = text.strip_prefix('v').unwrap_or(text);
    t.strip_prefix("1.0.")?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(uses: &str) -> Version {
        Version::read(uses, None)
    }

    #[test]
    fn refs_name_releases() {
        let a = "anthropics/claude-code-action@";
        assert_eq!(v(&format!("{a}v1")).release, NEWEST);
        assert_eq!(v(&format!("{a}v1")).from, From::Moving);
        assert_eq!(v(&format!("{a}main")).release, NEWEST);
        assert_eq!(v(&format!("{a}v1.0.88")).release, Release::V1(88));
        assert_eq!(v(&format!("{a}beta")).release, Release::Beta);
        assert_eq!(v(&format!("{a}v0.0.63")).release, Release::Beta);
        let sha = format!("{a}{}", "a".repeat(40));
        let pinned = Version::read(&sha, Some(" v1.0.133"));
        assert_eq!(
            (pinned.release, pinned.from),
            (Release::V1(133), From::Comment)
        );
        let bare = Version::read(&sha, None);
        assert_eq!((bare.release, bare.from), (NEWEST, From::Unknown));
        let newer = v(&format!("{a}v1.0.224"));
        assert_eq!(newer.release, NEWEST);
        assert!(matches!(newer.from, From::Newer(_)));
        assert!(newer.describe().contains("v1.0.224 is newer"));
        assert_eq!(
            v("anthropics/claude-code-base-action@v1.0.150").action,
            Action::Base
        );
    }

    #[test]
    fn behaviours_start_at_their_release() {
        let at = |n: u32| Version::read(&format!("anthropics/claude-code-action@v1.0.{n}"), None);
        for (behaviour, first) in [
            (Behaviour::EnvFallback, 146),
            (Behaviour::WorkloadIdentity, 130),
            (Behaviour::UseFoundry, 19),
        ] {
            assert!(
                !at(first - 1).has(behaviour),
                "{behaviour:?} before v1.0.{first}"
            );
            assert!(at(first).has(behaviour), "{behaviour:?} at v1.0.{first}");
            assert!(!v("anthropics/claude-code-action@beta").has(behaviour));
        }
        assert!(v("anthropics/claude-code-action@beta").has(Behaviour::ClaudeEnv));
        assert!(
            !at(0).has(Behaviour::ClaudeEnv),
            "claude_env is gone in v1.0.0"
        );
        assert!(
            !v("anthropics/claude-code-base-action@v1.0.200").has(Behaviour::EnvFallback),
            "the base action's inputs always replace the environment"
        );
    }

    #[test]
    fn releases_pin_their_cli() {
        let at = |n: u32| Version::read(&format!("anthropics/claude-code-action@v1.0.{n}"), None);
        assert_eq!(at(0).cli(), "1.0.90");
        assert_eq!(at(19).cli(), "2.0.49");
        assert_eq!(at(50).cli(), "2.1.31");
        assert_eq!(at(146).cli(), "2.1.175");
        assert_eq!(at(199).cli(), "2.1.228");
        assert_eq!(at(200).cli(), "2.1.240");
        assert_eq!(v("anthropics/claude-code-action@beta").cli(), "1.0.67");
        let ordered = CLI_PINS.windows(2).all(|w| w[0].0 < w[1].0);
        assert!(ordered, "the table is in release order");
    }
}
