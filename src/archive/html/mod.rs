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

use crate::archive::model::{Block, Body};
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

/// A body of HTML, converted by [`to_blocks`] when first shown.
pub(crate) fn body(html: String, base: Option<String>) -> Body {
    Body::html(html, base, to_blocks)
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
    // Most titles hold only well-formed references (`&amp;`, `&#8220;`):
    // those are looked up directly, since starting a tokenizer costs more
    // than the whole title. Anything else takes the tokenizer's full rules.
    decode_well_formed(text).unwrap_or_else(|| decode_with_tokenizer(text))
}

/// Character references decoded by html5ever's tokenizer in RCDATA.
fn decode_with_tokenizer(text: &str) -> String {
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

/// Decodes `text` when every `&` in it starts a reference terminated by
/// `;` that the HTML5 tables know (a name, `&#N;` or `&#xH;`), exactly as
/// the tokenizer would; `None` otherwise.
fn decode_well_formed(text: &str) -> Option<String> {
    use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
    // The longest entity name is 32 characters with its `;`.
    const LONGEST: usize = 40;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at)?);
        let after = rest.get(at + 1..)?;
        let end = after.get(..after.len().min(LONGEST))?.find(';')?;
        let name = after.get(..end)?;
        if let Some(number) = name.strip_prefix('#') {
            let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            // Too many digits is out of range, as in the tokenizer.
            let n = u32::from_str_radix(digits, radix).unwrap_or(u32::MAX);
            let c = match n {
                0 | 0xD800..=0xDFFF => '\u{fffd}',
                0x80..=0x9F => C1_REPLACEMENTS
                    .get((n - 0x80) as usize)
                    .copied()
                    .flatten()
                    .or_else(|| char::from_u32(n))?,
                n => char::from_u32(n).unwrap_or('\u{fffd}'),
            };
            out.push(c);
        } else {
            let (first, second) = NAMED_ENTITIES.get(after.get(..=end)?)?;
            out.push(char::from_u32(*first)?);
            if *second != 0 {
                out.push(char::from_u32(*second)?);
            }
        }
        rest = after.get(end + 1..)?;
    }
    out.push_str(rest);
    Some(out)
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
        // Word by word: whitespace is ASCII, so every cut is on a character
        // boundary and a word is copied whole.
        let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c);
        let mut rest = text;
        while !rest.is_empty() {
            let gap = rest.bytes().take_while(|&b| is_space(b)).count();
            if gap > 0 {
                self.space = true;
                rest = rest.get(gap..).unwrap_or_default();
                continue;
            }
            let len = rest.bytes().position(is_space).unwrap_or(rest.len());
            if !self.out.is_empty() {
                if self.newline {
                    self.out.push('\n');
                } else if self.space {
                    self.out.push(' ');
                }
            }
            self.space = false;
            self.newline = false;
            self.out.push_str(rest.get(..len).unwrap_or_default());
            rest = rest.get(len..).unwrap_or_default();
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
