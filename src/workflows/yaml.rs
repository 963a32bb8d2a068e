//! CI files as position-keeping trees: saphyr parses (YAML 1.2, anchors and aliases resolved
//! within an alias budget); this module turns its nodes into a small tree of strings, sequences
//! and mappings with 1-based line and column, and applies `<<` merge keys (YAML 1.1's, which
//! GitLab files rely on) the way GitLab and GitHub do.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// A 1-based position in a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// Which file of the model (0: the file linted; GitLab includes count up).
    pub file: u16,
    pub line: u32,
    pub column: u32,
}

/// One node of a CI file.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node starts (for a block scalar, its `|` or `>` indicator).
    pub pos: Pos,
    pub kind: Kind,
}

/// What a node holds. Scalars are kept as the strings CI systems see (`true`, `1`); null is `~`,
/// `null` or nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    /// The text, and whether it is a block scalar (`|` or `>`): its content starts on the next
    /// line.
    Str(String, bool),
    Seq(Vec<Node>),
    /// Keys in document order (merged keys after the node's own).
    Map(Vec<(Node, Node)>),
    /// GitLab's `!reference [.job, script]`: the path of the node it stands for.
    Reference(Vec<String>),
}

/// Malformed YAML: the parser's message at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// Parses the first document of `text`; saphyr's loader stops alias expansion at 100 000
/// nodes (a billion-laughs file is an error, not a hang). An empty file is a null node.
pub fn parse(text: &str, file: u16) -> Result<Node, SyntaxError> {
    let docs = MarkedYaml::load_from_str(text).map_err(|e| syntax_error(&e, file))?;
    let lines: Vec<&str> = text.lines().collect();
    Ok(docs.into_iter().next().map_or(
        Node {
            pos: Pos {
                file,
                line: 1,
                column: 1,
            },
            kind: Kind::Null,
        },
        |doc| convert(&doc, &lines, file),
    ))
}

fn syntax_error(e: &saphyr::ScanError, file: u16) -> SyntaxError {
    let m = e.marker();
    SyntaxError {
        pos: Pos {
            file,
            line: to_u32(m.line()),
            column: to_u32(m.col() + 1),
        },
        message: e.info().to_owned(),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn convert(node: &MarkedYaml<'_>, lines: &[&str], file: u16) -> Node {
    let mut pos = Pos {
        file,
        line: to_u32(node.span.start.line()),
        column: to_u32(node.span.start.col() + 1),
    };
    let kind = match &node.data {
        YamlData::Value(s) => {
            let (block, at) = block_indicator(lines, pos);
            pos = at;
            scalar(s, block)
        }
        YamlData::Representation(text, _, _) => {
            let (block, at) = block_indicator(lines, pos);
            pos = at;
            Kind::Str(text.to_string(), block)
        }
        YamlData::Sequence(items) => {
            Kind::Seq(items.iter().map(|n| convert(n, lines, file)).collect())
        }
        YamlData::Mapping(map) => Kind::Map(merged(
            map.iter()
                .map(|(k, v)| (convert(k, lines, file), convert(v, lines, file)))
                .collect(),
        )),
        YamlData::Tagged(tag, inner) if tag.handle == "!" && tag.suffix == "reference" => {
            let path = match &inner.data {
                YamlData::Sequence(items) => items
                    .iter()
                    .filter_map(|n| convert(n, lines, file).as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            Kind::Reference(path)
        }
        YamlData::Tagged(_, inner) => return convert(inner, lines, file),
        YamlData::Alias(_) | YamlData::BadValue => Kind::Null,
    };
    Node { pos, kind }
}

fn scalar(s: &Scalar<'_>, block: bool) -> Kind {
    match s {
        Scalar::Null => Kind::Null,
        Scalar::Boolean(b) => Kind::Str(b.to_string(), false),
        Scalar::Integer(i) => Kind::Str(i.to_string(), false),
        Scalar::FloatingPoint(f) => Kind::Str(f.to_string(), false),
        Scalar::String(t) => Kind::Str(t.to_string(), block),
    }
}

/// Whether the scalar at `pos` is a block scalar, and the position of its `|` or `>`. The
/// parser marks most block scalars at the indicator but some (one holding a blank line) at
/// their first content line: then the indicator ends the nearest non-blank line above.
fn block_indicator(lines: &[&str], pos: Pos) -> (bool, Pos) {
    let line = |n: u32| lines.get(n.saturating_sub(1) as usize).copied();
    let first = line(pos.line).and_then(|l| l.chars().nth(pos.column.saturating_sub(1) as usize));
    if matches!(first, Some('|' | '>')) {
        return (true, pos);
    }
    let before = line(pos.line).map_or("", |l| {
        let end = l
            .char_indices()
            .nth(pos.column.saturating_sub(1) as usize)
            .map_or(l.len(), |(i, _)| i);
        &l[..end]
    });
    if !before.trim().is_empty() {
        return (false, pos);
    }
    let Some((n, text)) = (1..pos.line)
        .rev()
        .take(200)
        .filter_map(|n| line(n).map(|t| (n, t)))
        .find(|(_, t)| !t.trim().is_empty())
    else {
        return (false, pos);
    };
    let code = text.split(" #").next().unwrap_or(text).trim_end();
    let indicator = code.rsplit([' ', '\t']).next().filter(|w| {
        let mut c = w.chars();
        matches!(c.next(), Some('|' | '>')) && c.all(|c| c == '-' || c == '+' || c.is_ascii_digit())
    });
    match indicator {
        Some(w) if code.len() > w.len() || code == w => {
            let column = code.chars().count() - w.chars().count() + 1;
            (
                true,
                Pos {
                    file: pos.file,
                    line: n,
                    column: u32::try_from(column).unwrap_or(1),
                },
            )
        }
        _ => (false, pos),
    }
}

/// Applies `<<` merge keys: the mapping's own keys win, then each merged mapping in order.
fn merged(entries: Vec<(Node, Node)>) -> Vec<(Node, Node)> {
    if !entries.iter().any(|(k, _)| k.as_str() == Some("<<")) {
        return entries;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = entries
        .into_iter()
        .partition(|(k, _)| k.as_str() == Some("<<"));
    for (_, value) in merges {
        let sources = match value.kind {
            Kind::Seq(items) => items,
            other => vec![Node {
                pos: value.pos,
                kind: other,
            }],
        };
        for source in sources {
            if let Kind::Map(pairs) = source.kind {
                for (k, v) in pairs {
                    if !own.iter().any(|(o, _)| o.as_str() == k.as_str()) {
                        own.push((k, v));
                    }
                }
            }
        }
    }
    own
}

impl Node {
    /// The text of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value under `key` of a mapping.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        match &self.kind {
            Kind::Map(pairs) => pairs
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// The pairs of a mapping whose keys are scalars (empty for anything else).
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &Node, &Node)> {
        let pairs = match &self.kind {
            Kind::Map(p) => p.as_slice(),
            _ => &[],
        };
        pairs
            .iter()
            .filter_map(|(k, v)| k.as_str().map(|name| (name, k, v)))
    }

    /// The items of a sequence, or the node itself when it is a single item.
    pub fn items(&self) -> Vec<&Node> {
        match &self.kind {
            Kind::Seq(items) => items.iter().collect(),
            Kind::Null => Vec::new(),
            _ => vec![self],
        }
    }

    /// The position of the first line of a scalar's content: the next line for a block scalar.
    pub fn content_start(&self) -> Pos {
        match &self.kind {
            Kind::Str(_, true) => Pos {
                file: self.pos.file,
                line: self.pos.line.saturating_add(1),
                column: 1,
            },
            _ => self.pos,
        }
    }
}

/// The text of the files a model was read from, for positions inside scalars (script lines).
pub struct Sources<'a> {
    /// Lines of each file, by [`Pos::file`].
    pub files: Vec<Vec<&'a str>>,
}

impl Sources<'_> {
    fn line(&self, file: u16, line: u32) -> Option<&str> {
        let lines = self.files.get(usize::from(file))?;
        lines.get(line.checked_sub(1)? as usize).copied()
    }

    /// The file position of a line (0-based) and column (1-based) of a scalar's text: exact for
    /// block scalars (`|`), the scalar's own position otherwise.
    pub fn script_pos(&self, node: &Node, line: usize, column: usize) -> Pos {
        let start = node.content_start();
        if start == node.pos {
            return node.pos;
        }
        let file_line = start.line.saturating_add(u32::try_from(line).unwrap_or(0));
        let Some(text) = self.line(node.pos.file, file_line) else {
            return node.pos;
        };
        let indent = text.len() - text.trim_start().len();
        let block_indent = (start.line..)
            .take(1000)
            .map_while(|l| self.line(node.pos.file, l))
            .find(|l| !l.trim().is_empty())
            .map_or(0, |l| l.len() - l.trim_start().len());
        Pos {
            file: node.pos.file,
            line: file_line,
            column: u32::try_from(block_indent.min(indent) + column).unwrap_or(1),
        }
    }

    /// The comment at the end of `pos`'s line (after ` #`), when there is one: a commit pin's
    /// `# v1.0.133`.
    pub fn comment_on_line(&self, pos: Pos) -> Option<&str> {
        let text = self.line(pos.file, pos.line)?;
        let at = text.find(" #")?;
        Some(text[at + 2..].trim())
    }

    /// `pos` moved to where `needle` starts on its line, when it is there.
    pub fn find_on_line(&self, pos: Pos, needle: &str) -> Pos {
        let column = self.line(pos.file, pos.line).and_then(|text| {
            let at = text.find(needle)?;
            u32::try_from(text[..at].chars().count() + 1).ok()
        });
        Pos {
            column: column.unwrap_or(pos.column),
            ..pos
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_anchors_merges_and_errors() {
        let text = "a: &base\n  X: 1\n  Y: two\nb:\n  <<: *base\n  Y: own\nrun: |\n  echo hi\nflag: true\nempty:\n";
        let doc = parse(text, 0).unwrap();
        let b = doc.get("b").unwrap();
        let keys: Vec<&str> = b.pairs().map(|(k, _, _)| k).collect();
        assert_eq!(keys, ["Y", "X"]);
        assert_eq!(b.get("Y").unwrap().as_str(), Some("own"));
        assert_eq!(b.get("X").unwrap().as_str(), Some("1"));
        // A merged key keeps the position of its definition.
        assert_eq!(
            b.entry("X").unwrap().0.pos,
            Pos {
                file: 0,
                line: 2,
                column: 3
            }
        );
        let run = doc.get("run").unwrap();
        assert_eq!(run.as_str(), Some("echo hi\n"));
        assert_eq!(run.content_start().line, 8);
        assert_eq!(doc.get("flag").unwrap().as_str(), Some("true"));
        // A block scalar holding a blank line is marked by the parser at its content; its
        // position is still its indicator.
        let gap = parse("a: 1\nrun: |\n  one\n\n  two\n", 0).unwrap();
        let run = gap.get("run").unwrap();
        assert_eq!(run.content_start().line, 3);
        assert_eq!((run.pos.line, run.pos.column), (2, 6));
        assert_eq!(doc.get("empty").unwrap().kind, Kind::Null);
        assert_eq!(parse("", 0).unwrap().kind, Kind::Null);

        let reference = parse("s: !reference [.setup, script]\n", 0).unwrap();
        assert_eq!(
            reference.get("s").unwrap().kind,
            Kind::Reference(vec![".setup".into(), "script".into()])
        );

        let err = parse("a: [1, 2\nb: 3\n", 0).unwrap_err();
        assert!(err.pos.line >= 1, "{err:?}");
        assert!(
            parse("a: 1\na: 2\n", 0).is_err(),
            "duplicate keys are an error"
        );
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        assert!(parse(bomb, 0).is_err(), "an alias bomb stops at the budget");
    }
}
