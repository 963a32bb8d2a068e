//! Which settings files the repository being linted owns. A pull request can write any file in
//! the checkout, so a settings file counts as the repository's own when Claude Code reads it from
//! the project's `.claude/` directory, or when its path (as named, or after symlinks) lies inside
//! the project directory or the git work tree around it, whichever flag or variable named it
//! (`--settings ci/helper.json`, `CLAUDE_CONFIG_DIR=./.ci-claude`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Origin;

/// Why a settings file counts as the repository's own (for messages and JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Ownership {
    /// `<project>/.claude/settings.json` or `settings.local.json`.
    ProjectSettings,
    /// A file named some other way that lies inside the project directory.
    InsideProject { root: PathBuf },
    /// A file named some other way that lies inside the git work tree the project is in.
    InsideWorkTree { root: PathBuf },
}

impl fmt::Display for Ownership {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ProjectSettings => f.write_str("it is the project's .claude settings"),
            Self::InsideProject { root } => write!(
                f,
                "it lies inside the project directory {}, which a pull request can write",
                root.display()
            ),
            Self::InsideWorkTree { root } => write!(
                f,
                "it lies inside the git work tree {}, which a pull request can write",
                root.display()
            ),
        }
    }
}

impl Ownership {
    /// Nothing for the project's `.claude` files (their name says it), else a parenthesis that
    /// says why the file counts as the repository's though it was named another way.
    pub fn aside(&self) -> String {
        match self {
            Self::ProjectSettings => String::new(),
            other => format!(" (the file counts as the repository's own: {other})"),
        }
    }
}

/// The directories whose files a pull request can write: the project directory and the git work
/// tree around it, each as given (absolute) and after symlinks.
#[derive(Debug, Clone, Default)]
pub struct RepositoryRoots {
    project: Vec<PathBuf>,
    work_tree: Vec<PathBuf>,
}

impl RepositoryRoots {
    /// Finds the roots for a project directory: the first ancestor holding `.git` (a directory or
    /// a worktree's file) is the work tree.
    pub fn of(project_dir: &Path) -> Self {
        let project = both_forms(project_dir);
        let work_tree = project
            .iter()
            .filter_map(|p| p.ancestors().find(|d| d.join(".git").exists()))
            .map(Path::to_path_buf)
            .collect::<Vec<_>>();
        let mut work_tree: Vec<PathBuf> = work_tree.iter().flat_map(|p| both_forms(p)).collect();
        work_tree.dedup();
        Self { project, work_tree }
    }

    /// Whether Claude Code's file of `origin` at `path` is the repository's own, and why.
    pub fn owner(&self, origin: Origin, path: &Path) -> Option<Ownership> {
        if matches!(origin, Origin::SettingsProject | Origin::SettingsLocal) {
            return Some(Ownership::ProjectSettings);
        }
        let forms = both_forms(path);
        let inside = |roots: &[PathBuf]| {
            roots
                .iter()
                .find(|root| forms.iter().any(|f| f.starts_with(root)))
                .cloned()
        };
        if let Some(root) = inside(&self.project) {
            return Some(Ownership::InsideProject { root });
        }
        inside(&self.work_tree).map(|root| Ownership::InsideWorkTree { root })
    }
}

/// A path made absolute without touching the file system, and its canonical form when it exists:
/// a symlink from outside into the checkout, or one inside it pointing out, both count.
fn both_forms(path: &Path) -> Vec<PathBuf> {
    let mut out = Vec::with_capacity(2);
    if let Ok(abs) = std::path::absolute(path) {
        out.push(normalize(&abs));
    }
    // A missing file has no canonical form; its parent may (a link to a directory).
    let canonical = std::fs::canonicalize(path).ok().or_else(|| {
        let parent = std::fs::canonicalize(path.parent()?).ok()?;
        Some(parent.join(path.file_name()?))
    });
    if let Some(c) = canonical {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Removes `.` and folds `..` lexically, so `project/../project/x` is seen inside `project`.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_files_are_owned_whatever_their_path() {
        let roots = RepositoryRoots::default();
        assert_eq!(
            roots.owner(Origin::SettingsLocal, Path::new("/nowhere/x.json")),
            Some(Ownership::ProjectSettings)
        );
    }

    #[test]
    fn a_cli_file_inside_the_project_or_work_tree_is_owned() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("sub/ci")).unwrap();
        std::fs::create_dir_all(tmp.path().join("outside")).unwrap();
        let roots = RepositoryRoots::of(&repo.join("sub"));
        let inside = roots.owner(Origin::SettingsCli, &repo.join("sub/ci/s.json"));
        assert!(
            matches!(inside, Some(Ownership::InsideProject { .. })),
            "{inside:?}"
        );
        let tree = roots.owner(Origin::SettingsUser, &repo.join("other/settings.json"));
        assert!(
            matches!(tree, Some(Ownership::InsideWorkTree { .. })),
            "{tree:?}"
        );
        let dotted = roots.owner(
            Origin::SettingsCli,
            &repo.join("sub/../sub/ci/../ci/s.json"),
        );
        assert!(dotted.is_some());
        assert_eq!(
            roots.owner(Origin::SettingsCli, &tmp.path().join("outside/s.json")),
            None
        );
    }

    #[test]
    fn symlinks_count_in_both_directions() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&repo).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(repo.join("real.json"), "{}").unwrap();
        std::fs::write(outside.join("real.json"), "{}").unwrap();
        std::os::unix::fs::symlink(repo.join("real.json"), outside.join("in.json")).unwrap();
        std::os::unix::fs::symlink(&repo, outside.join("dir")).unwrap();
        let roots = RepositoryRoots::of(&repo);
        for p in [outside.join("in.json"), outside.join("dir/settings.json")] {
            assert!(
                roots.owner(Origin::SettingsUser, &p).is_some(),
                "{}",
                p.display()
            );
        }
        assert_eq!(
            roots.owner(Origin::SettingsUser, &outside.join("real.json")),
            None
        );
    }
}
