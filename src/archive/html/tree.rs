//! The parser's output: a small arena of nodes linked by indices, filled in
//! by html5ever through [`TreeSink`]. Only what the converter reads is kept
//! (element names, attributes, text); comments, doctypes and processing
//! instructions become inert nodes. Every operation is iterative.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::buffer_queue::BufferQueue;
use html5ever::interface::{
    ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink, create_element,
};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{Attribute, LocalName, Namespace, QualName, TokenizerResult, local_name, ns};

/// Index of a node in [`Tree::nodes`].
pub(crate) type Id = usize;

/// The root: the document node. A fragment's content hangs below its
/// `html` element, the document node's only child.
pub(crate) const DOCUMENT: Id = 0;

#[derive(Debug)]
pub(crate) enum Data {
    Document,
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
    },
    /// Decoded, unsanitized text, exactly as the parser produced it.
    Text(String),
    /// A comment, doctype or processing instruction: never read.
    Other,
}

#[derive(Debug)]
pub(crate) struct Node {
    pub data: Data,
    pub parent: Option<Id>,
    pub first_child: Option<Id>,
    pub last_child: Option<Id>,
    pub prev: Option<Id>,
    pub next: Option<Id>,
}

#[derive(Debug)]
pub(crate) struct Tree {
    pub nodes: Vec<Node>,
    /// Returned by `elem_name` for a node that is no element (the parser
    /// never asks, but the trait has to answer something).
    no_name: QualName,
}

impl Tree {
    fn new() -> Self {
        Tree {
            nodes: vec![Node::new(Data::Document)],
            no_name: QualName::new(None, ns!(), LocalName::from("")),
        }
    }

    fn push(&mut self, data: Data) -> Id {
        self.nodes.push(Node::new(data));
        self.nodes.len() - 1
    }

    /// The children of `id`, first to last.
    pub fn children(&self, id: Id) -> Children<'_> {
        Children {
            tree: self,
            next: self.nodes[id].first_child,
        }
    }

    /// The local name of an HTML element, or `None` for anything else
    /// (text, comments, SVG and MathML elements).
    pub fn html_name(&self, id: Id) -> Option<&LocalName> {
        match &self.nodes[id].data {
            Data::Element { name, .. } if name.ns == ns!(html) => Some(&name.local),
            _ => None,
        }
    }

    pub fn is_element(&self, id: Id) -> bool {
        matches!(self.nodes[id].data, Data::Element { .. })
    }

    /// The value of attribute `name` (no namespace) of element `id`.
    pub fn attr(&self, id: Id, name: &str) -> Option<&str> {
        match &self.nodes[id].data {
            Data::Element { attrs, .. } => attrs
                .iter()
                .find(|a| a.name.ns == ns!() && &*a.name.local == name)
                .map(|a| &*a.value),
            _ => None,
        }
    }

    pub fn text(&self, id: Id) -> Option<&str> {
        match &self.nodes[id].data {
            Data::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The next node after `id` in document order that is not inside `id`,
    /// stopping at (never leaving) `root`.
    pub fn next_after(&self, mut id: Id, root: Id) -> Option<Id> {
        loop {
            if id == root {
                return None;
            }
            if let Some(n) = self.nodes[id].next {
                return Some(n);
            }
            id = self.nodes[id].parent?;
        }
    }

    /// Every node below `root` in document order, without recursion.
    pub fn descendants(&self, root: Id) -> Descendants<'_> {
        Descendants {
            tree: self,
            root,
            next: self.nodes[root].first_child,
        }
    }

    /// The node where a parsed fragment's content starts.
    pub fn fragment_root(&self) -> Id {
        self.children(DOCUMENT)
            .find(|&c| self.is_element(c))
            .unwrap_or(DOCUMENT)
    }

    fn detach(&mut self, id: Id) {
        let Node {
            parent, prev, next, ..
        } = self.nodes[id];
        if let Some(p) = prev {
            self.nodes[p].next = next;
        } else if let Some(parent) = parent {
            self.nodes[parent].first_child = next;
        }
        if let Some(n) = next {
            self.nodes[n].prev = prev;
        } else if let Some(parent) = parent {
            self.nodes[parent].last_child = prev;
        }
        let node = &mut self.nodes[id];
        node.parent = None;
        node.prev = None;
        node.next = None;
    }

    fn append_child(&mut self, parent: Id, child: Id) {
        self.detach(child);
        let last = self.nodes[parent].last_child;
        self.nodes[child].parent = Some(parent);
        self.nodes[child].prev = last;
        match last {
            Some(l) => self.nodes[l].next = Some(child),
            None => self.nodes[parent].first_child = Some(child),
        }
        self.nodes[parent].last_child = Some(child);
    }

    fn insert_before(&mut self, sibling: Id, child: Id) {
        self.detach(child);
        let Some(parent) = self.nodes[sibling].parent else {
            return;
        };
        let prev = self.nodes[sibling].prev;
        self.nodes[child].parent = Some(parent);
        self.nodes[child].prev = prev;
        self.nodes[child].next = Some(sibling);
        self.nodes[sibling].prev = Some(child);
        match prev {
            Some(p) => self.nodes[p].next = Some(child),
            None => self.nodes[parent].first_child = Some(child),
        }
    }

    /// Appends text to the text node `at`, when it is one.
    fn extend_text(&mut self, at: Option<Id>, text: &str) -> bool {
        match at.map(|i| &mut self.nodes[i].data) {
            Some(Data::Text(t)) => {
                t.push_str(text);
                true
            }
            _ => false,
        }
    }
}

impl Node {
    fn new(data: Data) -> Self {
        Node {
            data,
            parent: None,
            first_child: None,
            last_child: None,
            prev: None,
            next: None,
        }
    }
}

pub(crate) struct Children<'a> {
    tree: &'a Tree,
    next: Option<Id>,
}

impl Iterator for Children<'_> {
    type Item = Id;
    fn next(&mut self) -> Option<Id> {
        let id = self.next?;
        self.next = self.tree.nodes[id].next;
        Some(id)
    }
}

pub(crate) struct Descendants<'a> {
    tree: &'a Tree,
    root: Id,
    next: Option<Id>,
}

impl Iterator for Descendants<'_> {
    type Item = Id;
    fn next(&mut self) -> Option<Id> {
        let id = self.next?;
        self.next = match self.tree.nodes[id].first_child {
            Some(c) => Some(c),
            None => self.tree.next_after(id, self.root),
        };
        Some(id)
    }
}

/// Deepest nesting of ordinary elements handed to the parser. The tree
/// builder's scope checks walk its whole stack of open elements, so
/// without a cap a few MB of nested `div`s would parse in quadratic time.
/// Like browsers, which cap the depth of the tree too, lektyr keeps the
/// content past the cap and only loses the deeper elements themselves.
pub(crate) const MAX_DEPTH: usize = 256;

/// Parses `html` as the content of a `body` element, scripting off (so
/// `noscript` content is parsed as markup, and dropped by the converter).
pub(crate) fn parse_fragment(html: &str) -> Tree {
    let opts = TreeBuilderOpts {
        scripting_enabled: false,
        ..TreeBuilderOpts::default()
    };
    let sink = Sink::default();
    let context = create_element(
        &sink,
        QualName::new(None, ns!(html), local_name!("body")),
        Vec::new(),
    );
    let builder = TreeBuilder::new_for_fragment(sink, context, None, opts);
    let state = builder.tokenizer_state_for_context_elem(false);
    let guard = DepthGuard {
        builder,
        open: Cell::new(0),
        dropped: RefCell::new(Vec::new()),
    };
    let tokenizer = Tokenizer::new(
        guard,
        TokenizerOpts {
            initial_state: Some(state),
            ..TokenizerOpts::default()
        },
    );
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while let TokenizerResult::Script(_) = tokenizer.feed(&input) {}
    tokenizer.end();
    tokenizer.sink.builder.sink.finish()
}

/// Sits between the tokenizer and the tree builder and drops the start
/// and end tags of ordinary elements nested deeper than [`MAX_DEPTH`].
/// Depth is counted over the tags that the tree builder never closes on
/// its own (so a sloppy `<p>` or `<li>` without its end tag cannot inflate
/// it); tags with special parsing rules (raw text, tables, forms, lists
/// items, void elements…) are always passed on, so the tokenizer's state
/// changes for `script`, `style` and the like still happen.
struct DepthGuard {
    builder: TreeBuilder<Id, Sink>,
    open: Cell<usize>,
    /// Tags dropped and not yet closed, by name.
    dropped: RefCell<Vec<(LocalName, usize)>>,
}

impl TokenSink for DepthGuard {
    type Handle = Id;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<Id> {
        if let Token::TagToken(tag) = &token
            && is_counted(&tag.name)
        {
            let mut dropped = self.dropped.borrow_mut();
            let slot = dropped.iter().position(|(n, _)| *n == tag.name);
            match tag.kind {
                TagKind::StartTag if self.open.get() >= MAX_DEPTH => {
                    match slot {
                        Some(i) => dropped[i].1 += 1,
                        None => dropped.push((tag.name.clone(), 1)),
                    }
                    return TokenSinkResult::Continue;
                }
                TagKind::StartTag => self.open.set(self.open.get() + 1),
                TagKind::EndTag => match slot {
                    Some(i) if dropped[i].1 > 0 => {
                        dropped[i].1 -= 1;
                        return TokenSinkResult::Continue;
                    }
                    _ => self.open.set(self.open.get().saturating_sub(1)),
                },
            }
        }
        self.builder.process_token(token, line)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Whether a tag counts towards the depth cap (and may be dropped past
/// it): every element but those the parser treats specially.
fn is_counted(name: &LocalName) -> bool {
    !matches!(
        &**name,
        "html"
            | "head"
            | "body"
            | "frameset"
            | "frame"
            | "p"
            | "li"
            | "dd"
            | "dt"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "listing"
            | "plaintext"
            | "a"
            | "nobr"
            | "button"
            | "form"
            | "select"
            | "option"
            | "optgroup"
            | "textarea"
            | "input"
            | "table"
            | "caption"
            | "colgroup"
            | "col"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "script"
            | "style"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "area"
            | "base"
            | "br"
            | "embed"
            | "hr"
            | "img"
            | "image"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "rb"
            | "rp"
            | "rt"
            | "rtc"
            | "ruby"
            | "marquee"
            | "object"
            | "applet"
            | "search"
            | "selectedcontent"
    )
}

/// The tree under construction. html5ever's sink methods take `&self`.
#[derive(Debug)]
struct Sink {
    tree: RefCell<Tree>,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            tree: RefCell::new(Tree::new()),
        }
    }
}

/// An element's name, borrowed from the tree while the parser looks at it.
#[derive(Debug)]
pub(crate) struct Name<'a>(Ref<'a, QualName>);

impl ElemName for Name<'_> {
    fn ns(&self) -> &Namespace {
        &self.0.ns
    }
    fn local_name(&self) -> &LocalName {
        &self.0.local
    }
}

impl TreeSink for Sink {
    type Handle = Id;
    type Output = Tree;
    type ElemName<'a> = Name<'a>;

    fn finish(self) -> Tree {
        self.tree.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Id {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a Id) -> Name<'a> {
        Name(Ref::map(self.tree.borrow(), |t| {
            match &t.nodes[*target].data {
                Data::Element { name, .. } => name,
                _ => &t.no_name,
            }
        }))
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _flags: ElementFlags) -> Id {
        // Template contents are not kept apart: templates are dropped whole.
        self.tree.borrow_mut().push(Data::Element { name, attrs })
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.tree.borrow_mut().push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.tree.borrow_mut().push(Data::Other)
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        let mut tree = self.tree.borrow_mut();
        match child {
            NodeOrText::AppendNode(node) => tree.append_child(*parent, node),
            NodeOrText::AppendText(text) => {
                let last = tree.nodes[*parent].last_child;
                if !tree.extend_text(last, &text) {
                    let node = tree.push(Data::Text(text.to_string()));
                    tree.append_child(*parent, node);
                }
            }
        }
    }

    fn append_based_on_parent_node(&self, element: &Id, prev_element: &Id, child: NodeOrText<Id>) {
        let has_parent = self.tree.borrow().nodes[*element].parent.is_some();
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Id) -> Id {
        *target
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Id, new_node: NodeOrText<Id>) {
        let mut tree = self.tree.borrow_mut();
        match new_node {
            NodeOrText::AppendNode(node) => tree.insert_before(*sibling, node),
            NodeOrText::AppendText(text) => {
                let prev = tree.nodes[*sibling].prev;
                if !tree.extend_text(prev, &text) {
                    let node = tree.push(Data::Text(text.to_string()));
                    tree.insert_before(*sibling, node);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &Id, attrs: Vec<Attribute>) {
        let mut tree = self.tree.borrow_mut();
        if let Data::Element { attrs: have, .. } = &mut tree.nodes[*target].data {
            for attr in attrs {
                if !have.iter().any(|a| a.name == attr.name) {
                    have.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        self.tree.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let mut tree = self.tree.borrow_mut();
        while let Some(child) = tree.nodes[*node].first_child {
            tree.append_child(*new_parent, child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(tree: &Tree) -> String {
        let root = tree.fragment_root();
        let mut out = String::new();
        for id in tree.descendants(root) {
            match &tree.nodes[id].data {
                Data::Element { name, .. } => {
                    out.push('<');
                    out.push_str(&name.local);
                    out.push('>');
                }
                Data::Text(t) => out.push_str(t),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn fragment_content_is_under_the_root() {
        let tree = parse_fragment("<p>a <b>b</b></p>c");
        assert_eq!(outline(&tree), "<p>a <b>bc");
    }

    #[test]
    fn misnested_formatting_is_repaired() {
        // The adoption agency moves and clones nodes: exercises detach,
        // reparenting and insertion before a sibling.
        let tree = parse_fragment("<b>1<p>2</b>3</p>");
        assert_eq!(outline(&tree), "<b>1<p><b>23");
        let tree = parse_fragment("<table><tr><td>x</td></tr>loose</table>");
        assert_eq!(outline(&tree), "loose<table><tbody><tr><td>x");
    }

    #[test]
    fn attributes_and_text_merge() {
        let tree = parse_fragment("<img src=a alt='b &amp; c'>x&amp;y<!-- c -->z");
        let root = tree.fragment_root();
        let img = tree.children(root).next().unwrap_or(root);
        assert_eq!(tree.attr(img, "alt"), Some("b & c"));
        assert_eq!(tree.attr(img, "title"), None);
        let texts: Vec<_> = tree.children(root).filter_map(|c| tree.text(c)).collect();
        assert_eq!(texts, ["x&y", "z"]);
    }

    #[test]
    fn nesting_is_capped_and_content_kept() {
        let n = 20_000;
        let html = "<div>".repeat(n) + "deep" + &"</div>".repeat(n) + "<p>after</p>";
        let tree = parse_fragment(&html);
        let root = tree.fragment_root();
        // The capped divs, the text, then the paragraph and its text.
        assert_eq!(tree.descendants(root).count(), MAX_DEPTH + 3);
        assert_eq!(outline(&tree).trim_start_matches("<div>"), "deep<p>after");
        // Tags with rules of their own still work past the cap.
        let html = "<span>".repeat(MAX_DEPTH + 5) + "</span><script>x<b>y</b></script><b>z</b>";
        let tree = parse_fragment(&html);
        assert!(
            outline(&tree).ends_with("<span><script>x<b>y</b>z"),
            "{}",
            outline(&tree)
        );
    }
}
