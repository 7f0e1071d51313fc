//! Imported HTML: article bodies to blocks, titles and excerpts to plain
//! text, all through a real HTML5 parser (html5ever) into a small tree of
//! our own. Every function takes raw text from the archive and sanitizes
//! each piece of text it outputs exactly once, after entity decoding, so a
//! `&#27;` is stripped just like a raw escape character.

mod blocks;
mod filter;
mod repeat;
mod tree;

#[cfg(test)]
mod tests;

use std::cell::RefCell;

use html5ever::TokenizerResult;
use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::{RawData, Rcdata};
use html5ever::tokenizer::{Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

use crate::archive::model::Block;
use crate::archive::sanitize::{prose, sanitize};

use tree::{Data, Tree};

/// An HTML body → blocks. `base` resolves relative `src`/`href` (a page or
/// site URL), when known; like the body it is taken as written in the
/// archive and sanitized here.
pub fn to_blocks(html: &str, base: Option<&str>) -> Vec<Block> {
    let base = base.map(sanitize);
    let tree = tree::parse_fragment(html);
    blocks::convert(&tree, base.as_deref())
}

/// Inline HTML (a WordPress `title.rendered`, an excerpt) → one plain
/// string: tags dropped, entities decoded, whitespace collapsed like a
/// browser, block boundaries (p, br, li, div…) become "\n" with no blank
/// edges (and no blank lines), sanitized once.
pub fn to_text(html: &str) -> String {
    if !html.contains('<') {
        // No markup: at most character references, which need only the
        // tokenizer, and none at all needs no parser.
        let mut out = Plain::default();
        if html.contains('&') {
            out.text(&sanitize(&decode_raw(html)));
        } else {
            out.text(&sanitize(html));
        }
        return out.out;
    }
    let tree = tree::parse_fragment(html);
    text_of(&tree)
}

/// Plain text that may still hold character references (a JSON Feed
/// `title` like `Facebook &amp; Självförvaltning`) → decoded by the HTML5
/// rules, sanitized once. No tags are interpreted: `<b>` stays literal
/// text. Whitespace is kept as written, except that a tab becomes a space.
pub fn decode_entities(text: &str) -> String {
    let clean = if text.contains('&') {
        sanitize(&decode_raw(text)).into_owned()
    } else {
        sanitize(text).into_owned()
    };
    prose(clean)
}

/// Character references decoded the way they are in an element's text,
/// with nothing else interpreted: the tokenizer runs in the RCDATA state
/// (as for `textarea` content) with no open element, so no end tag can
/// close it and every `<` is text.
fn decode_raw(text: &str) -> String {
    let sink = Collect::default();
    let opts = TokenizerOpts {
        initial_state: Some(RawData(Rcdata)),
        ..TokenizerOpts::default()
    };
    let tokenizer = Tokenizer::new(sink, opts);
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    while let TokenizerResult::Script(_) = tokenizer.feed(&input) {}
    tokenizer.end();
    tokenizer.sink.out.into_inner()
}

#[derive(Default)]
struct Collect {
    out: RefCell<String>,
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(t) => self.out.borrow_mut().push_str(&t),
            Token::NullCharacterToken => self.out.borrow_mut().push('\u{fffd}'),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Plain text being gathered: a space or line break is written only when
/// visible text follows it, so there are never blank edges.
#[derive(Default)]
struct Plain {
    out: String,
    space: bool,
    newline: bool,
}

impl Plain {
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
                self.space = true;
                continue;
            }
            if !self.out.is_empty() {
                if self.newline {
                    self.out.push('\n');
                } else if self.space {
                    self.out.push(' ');
                }
            }
            self.space = false;
            self.newline = false;
            self.out.push(c);
        }
    }

    fn boundary(&mut self) {
        self.newline = true;
    }
}

/// Elements whose start and end break the text into lines.
fn is_block_name(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "br"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "td"
            | "th"
            | "tr"
            | "ul"
    )
}

/// The visible text of a parsed fragment, without recursion.
fn text_of(tree: &Tree) -> String {
    let root = tree.fragment_root();
    let mut out = Plain::default();
    let mut next = tree.nodes[root].first_child;
    while let Some(id) = next {
        let mut descend = false;
        match &tree.nodes[id].data {
            Data::Text(t) => out.text(&sanitize(t)),
            Data::Element { .. } => {
                if let Some(name) = tree.html_name(id)
                    && !filter::is_dropped_name(name)
                    && !filter::is_hidden(tree, id)
                {
                    if is_block_name(name) {
                        out.boundary();
                    }
                    descend = true;
                }
            }
            Data::Document | Data::Other => {}
        }
        next = match tree.nodes[id].first_child {
            Some(child) if descend => Some(child),
            _ => {
                // Leaving `id` and every ancestor it was the last child of.
                let mut at = id;
                loop {
                    if at == root {
                        break None;
                    }
                    if tree.html_name(at).is_some_and(|n| is_block_name(n)) {
                        out.boundary();
                    }
                    if let Some(n) = tree.nodes[at].next {
                        break Some(n);
                    }
                    match tree.nodes[at].parent {
                        Some(p) => at = p,
                        None => break None,
                    }
                }
            }
        };
    }
    out.out
}
