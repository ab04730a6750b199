//! The table's files, and where a value stands in them.
//!
//! `syscalls.toml` is the one hand-edited file; it names the files generated beside it
//! (`include = ["syscalls.ioctls.toml"]`), which codegen reads with it. A problem names
//! its place as a path into the table (`syscall.foo.args[1].type`); [`Sources::locate`]
//! turns the path into a file, line and column through the TOML parser's spans, so a
//! message points at the very field, whatever the file's layout.
use std::ops::Range;
use toml_edit::{ArrayOfTables, ImDocument, InlineTable, Item, Table, Value};

/// One step of a path into the table: a key, or an index into an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(k: &str) -> Seg {
        Seg::Key(k.to_string())
    }
}
impl From<&String> for Seg {
    fn from(k: &String) -> Seg {
        Seg::Key(k.clone())
    }
}
impl From<usize> for Seg {
    fn from(i: usize) -> Seg {
        Seg::Index(i)
    }
}

/// What a problem points at: the value at `path`, or (`key`) the key naming it (an
/// unknown field, an unused table's name).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct At {
    pub path: Vec<Seg>,
    pub key: bool,
    /// The first key of this name below `path` (serde names an unknown field, not where
    /// it stands).
    pub find: Option<String>,
}

impl At {
    /// The key of the last step instead of its value.
    pub fn key(mut self) -> At {
        self.key = true;
        self
    }

    /// The first key named `name` at or below this path.
    pub fn find(mut self, name: &str) -> At {
        self.find = Some(name.to_string());
        self
    }

    /// This path, one step further.
    pub fn then(&self, seg: impl Into<Seg>) -> At {
        let mut a = self.clone();
        a.path.push(seg.into());
        a
    }
}

/// `at!["syscall", name, "args", i]`: a path into the table.
macro_rules! at {
    ($($seg:expr),* $(,)?) => {
        $crate::source::At {
            path: vec![$($crate::source::Seg::from($seg)),*],
            key: false,
            find: None,
        }
    };
}
pub(crate) use at;

/// A file, its line and column (1-based; column in characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

/// One file of the table, with the parser's view of it (spans included).
pub struct SourceFile {
    pub name: String,
    doc: ImDocument<String>,
}

impl SourceFile {
    /// Parses `text` as TOML; a syntax error names its line and column.
    pub fn parse(name: &str, text: &str) -> Result<SourceFile, String> {
        let doc = ImDocument::parse(text.to_string()).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let (line, col) = line_col(text, at);
            format!(
                "{name}:{line}:{col}: {}",
                e.message().trim().replace('\n', ", ")
            )
        })?;
        Ok(SourceFile {
            name: name.to_string(),
            doc,
        })
    }

    fn location(&self, offset: usize) -> Location {
        let (line, col) = line_col(self.doc.raw(), offset);
        Location {
            file: self.name.clone(),
            line,
            col,
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// The files of one table, in reading order: syscalls.toml first.
pub struct Sources {
    pub files: Vec<SourceFile>,
}

enum Node<'a> {
    Table(&'a Table),
    Inline(&'a InlineTable),
    Array(&'a toml_edit::Array),
    Tables(&'a ArrayOfTables),
    Scalar(&'a Value),
}

impl<'a> Node<'a> {
    fn of_item(i: &'a Item) -> Option<Node<'a>> {
        match i {
            Item::None => None,
            Item::Table(t) => Some(Node::Table(t)),
            Item::ArrayOfTables(a) => Some(Node::Tables(a)),
            Item::Value(v) => Some(Node::of_value(v)),
        }
    }
    fn of_value(v: &'a Value) -> Node<'a> {
        match v {
            Value::Array(a) => Node::Array(a),
            Value::InlineTable(t) => Node::Inline(t),
            _ => Node::Scalar(v),
        }
    }
    fn span(&self) -> Option<Range<usize>> {
        match self {
            Node::Table(t) => t.span(),
            Node::Inline(t) => t.span(),
            Node::Array(a) => a.span(),
            Node::Tables(a) => a.span(),
            Node::Scalar(v) => v.span(),
        }
    }
    fn len(&self) -> Option<usize> {
        match self {
            Node::Array(a) => Some(a.len()),
            Node::Tables(a) => Some(a.len()),
            _ => None,
        }
    }
    /// The node one step down, with the span of the key that names it.
    fn step(&self, seg: &Seg) -> Option<(Node<'a>, Option<Range<usize>>)> {
        match (self, seg) {
            (Node::Table(t), Seg::Key(k)) => {
                let n = Node::of_item(t.get(k)?)?;
                Some((n, t.key(k).and_then(|k| k.span())))
            }
            (Node::Inline(t), Seg::Key(k)) => {
                let n = Node::of_value(t.get(k)?);
                Some((n, t.key(k).and_then(|k| k.span())))
            }
            (Node::Array(a), Seg::Index(i)) => Some((Node::of_value(a.get(*i)?), None)),
            (Node::Tables(a), Seg::Index(i)) => Some((Node::Table(a.get(*i)?), None)),
            _ => None,
        }
    }
}

/// How far a path got in one file.
struct Walk {
    depth: usize,
    span: Option<Range<usize>>,
    /// The path stopped at an index past an array of this length.
    array_len: Option<usize>,
}

fn walk(root: &Table, at: &At) -> Walk {
    let mut node = Node::Table(root);
    let mut span = None;
    for (d, seg) in at.path.iter().enumerate() {
        let Some((next, key_span)) = node.step(seg) else {
            return Walk {
                depth: d,
                span,
                array_len: node.len(),
            };
        };
        let last = d + 1 == at.path.len();
        // An implicit table (`syscall` in `[syscall.read]`) has no span of its own.
        span = if last && at.key && key_span.is_some() {
            key_span
        } else {
            next.span().or(key_span).or(span)
        };
        node = next;
    }
    if let Some(name) = &at.find {
        span = find_key(&node, name).or(span);
    }
    Walk {
        depth: at.path.len(),
        span,
        array_len: None,
    }
}

/// The span of the first key named `name` in `node` or below it, depth first.
fn find_key(node: &Node, name: &str) -> Option<Range<usize>> {
    let children: Vec<(Option<Range<usize>>, bool, Node)> = match node {
        Node::Table(t) => t
            .iter()
            .filter_map(|(k, _)| {
                let (n, ks) = node.step(&Seg::Key(k.to_string()))?;
                Some((ks, k == name, n))
            })
            .collect(),
        Node::Inline(t) => t
            .iter()
            .filter_map(|(k, _)| {
                let (n, ks) = node.step(&Seg::Key(k.to_string()))?;
                Some((ks, k == name, n))
            })
            .collect(),
        Node::Array(_) | Node::Tables(_) => (0..node.len().unwrap_or(0))
            .filter_map(|i| node.step(&Seg::Index(i)).map(|(n, _)| (None, false, n)))
            .collect(),
        Node::Scalar(_) => vec![],
    };
    for (ks, hit, n) in &children {
        if *hit {
            return ks.clone().or_else(|| n.span());
        }
        if let Some(s) = find_key(n, name) {
            return Some(s);
        }
    }
    None
}

impl Sources {
    /// Where `at` stands: the file that holds the path's deepest step, at the value (or
    /// key) there. Arrays continue from one file into the next (an included file's
    /// variants follow the hand-written ones), so an index past one file's array is
    /// looked for in the next file's.
    pub fn locate(&self, at: &At) -> Location {
        let mut at = at.clone();
        let mut best: Option<(usize, &SourceFile, Range<usize>)> = None;
        for f in &self.files {
            let w = walk(f.doc.as_table(), &at);
            if let Some(span) = w.span.clone() {
                if w.depth == at.path.len() {
                    return f.location(span.start);
                }
                if best.as_ref().is_none_or(|(d, _, _)| w.depth > *d) {
                    best = Some((w.depth, f, span));
                }
            }
            if let (Some(len), Some(Seg::Index(i))) = (w.array_len, at.path.get_mut(w.depth)) {
                *i = i.saturating_sub(len);
            }
        }
        match best {
            Some((_, f, span)) => f.location(span.start),
            None => Location {
                file: self
                    .files
                    .first()
                    .map_or_else(String::new, |f| f.name.clone()),
                line: 1,
                col: 1,
            },
        }
    }
}
