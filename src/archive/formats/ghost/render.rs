//! A Ghost post's body when its `html` is missing: the editor's own
//! document (`lexical` from Ghost 5, `mobiledoc` from Ghost 1 to 4) or the
//! `markdown` of Ghost 0.x, written out as HTML for the common HTML path.
//! The HTML made here is only ever parsed by that path, which sanitizes
//! it; text is escaped so that a `<` in a paragraph stays a `<`.
//!
//! Lexical nodes read: `root`, `paragraph`, `heading` (`tag` h1–h6),
//! `quote`, `aside`, `list` (`listType` `number` is ordered, with `start`)
//! and `listitem`, `code` (with text children), `text` (its `format` bits:
//! 1 bold, 2 italic, 4 strikethrough, 8 underline, 16 code, 32 subscript,
//! 64 superscript), `linebreak`, `tab`, `link` and `autolink`, and the
//! `extended-` variants of text, heading and quote. Cards (Ghost's own
//! nodes, and Mobiledoc's cards by the same names): `image`, `gallery`,
//! `horizontalrule`/`hr`, `codeblock`/`code`, `markdown` (also 1.0's
//! `card-markdown`), `html`, `embed`, `bookmark`, `callout`, `toggle`,
//! `button`; `paywall`, `email` and `email-cta` show nothing, as on the
//! web. Anything else with children shows its children; anything else is
//! named in one problem per post.
//!
//! Mobiledoc 0.3 sections read: markup sections (`p`, `h1`–`h6`,
//! `blockquote`, `aside`), image sections, list sections (`ul`, `ol`) and
//! card sections; markers with their markups (`a` with `href`, `strong`,
//! `b`, `em`, `i`, `code`, `s`, `u`, `sub`, `sup`); the `soft-return` atom
//! as a line break, other atoms as their text.

use serde_json::Value;

/// What rendering left out: node or card types not known here.
#[derive(Debug, Default)]
pub(crate) struct Unknown(pub Vec<String>);

impl Unknown {
    fn add(&mut self, kind: &str) {
        let kind: String = kind.chars().take(40).collect();
        if !self.0.contains(&kind) && self.0.len() < 8 {
            self.0.push(kind);
        }
    }
}

/// Markdown (CommonMark with tables, strikethrough and footnotes) as HTML.
pub(crate) fn markdown(text: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    html::push_html(&mut out, Parser::new_ext(text, options));
    out
}

/// A Lexical document (its JSON text) as HTML; `Err` with serde_json's
/// reason when the text is not JSON or has no `root`.
pub(crate) fn lexical(text: &str, unknown: &mut Unknown) -> Result<String, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| json_reason(&e))?;
    let Some(root) = doc.get("root") else {
        return Err("it has no `root`".into());
    };
    let mut out = String::with_capacity(text.len() / 2);
    for node in children(root) {
        lexical_block(node, &mut out, unknown);
    }
    Ok(out)
}

/// Why a document's text is not JSON, and where in it.
fn json_reason(e: &serde_json::Error) -> String {
    let raw = e.to_string();
    let place = format!(" at line {} column {}", e.line(), e.column());
    let why = raw.strip_suffix(&place).unwrap_or(&raw);
    format!(
        "it is not JSON: {why}, at its line {} column {}",
        e.line(),
        e.column()
    )
}

fn children(node: &Value) -> &[Value] {
    node.get("children")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn kind(node: &Value) -> &str {
    node.get("type").and_then(Value::as_str).unwrap_or("")
}

fn text_of<'v>(node: &'v Value, key: &str) -> &'v str {
    node.get(key).and_then(Value::as_str).unwrap_or("")
}

fn lexical_block(node: &Value, out: &mut String, unknown: &mut Unknown) {
    match kind(node) {
        "paragraph" | "extended-paragraph" => wrap(out, "p", |out| {
            lexical_inline_all(children(node), out, unknown);
        }),
        "heading" | "extended-heading" => {
            let tag = match text_of(node, "tag") {
                t @ ("h1" | "h2" | "h3" | "h4" | "h5" | "h6") => t,
                _ => "h2",
            };
            wrap(out, tag, |out| {
                lexical_inline_all(children(node), out, unknown);
            });
        }
        "quote" | "extended-quote" => wrap(out, "blockquote", |out| {
            lexical_inline_all(children(node), out, unknown);
        }),
        "aside" => wrap(out, "aside", |out| {
            lexical_inline_all(children(node), out, unknown);
        }),
        "list" => lexical_list(node, out, unknown),
        "code" => {
            // Lexical's own code block: its text in children.
            let mut code = String::new();
            for child in children(node) {
                match kind(child) {
                    "linebreak" => code.push('\n'),
                    "tab" => code.push('\t'),
                    _ => code.push_str(text_of(child, "text")),
                }
            }
            pre(out, &code);
        }
        other => {
            if !card(other, node, out) {
                if children(node).is_empty() {
                    unknown.add(other);
                } else {
                    for child in children(node) {
                        lexical_block(child, out, unknown);
                    }
                }
            }
        }
    }
}

fn lexical_list(node: &Value, out: &mut String, unknown: &mut Unknown) {
    let ordered = text_of(node, "listType") == "number" || text_of(node, "tag") == "ol";
    if ordered {
        out.push_str("<ol");
        if let Some(start) = node.get("start").and_then(Value::as_i64)
            && start != 1
        {
            out.push_str(&format!(" start=\"{start}\""));
        }
        out.push('>');
    } else {
        out.push_str("<ul>");
    }
    for item in children(node) {
        out.push_str("<li>");
        for child in children(item) {
            if kind(child) == "list" {
                lexical_list(child, out, unknown);
            } else {
                lexical_inline(child, out, unknown);
            }
        }
        out.push_str("</li>");
    }
    out.push_str(if ordered { "</ol>" } else { "</ul>" });
}

fn lexical_inline_all(nodes: &[Value], out: &mut String, unknown: &mut Unknown) {
    for node in nodes {
        lexical_inline(node, out, unknown);
    }
}

/// The `format` bits of a Lexical text node, with the tags they stand for.
const FORMATS: [(i64, &str); 7] = [
    (1, "strong"),
    (2, "em"),
    (4, "s"),
    (8, "u"),
    (16, "code"),
    (32, "sub"),
    (64, "sup"),
];

fn lexical_inline(node: &Value, out: &mut String, unknown: &mut Unknown) {
    match kind(node) {
        "text" | "extended-text" | "hashtag" | "code-highlight" => {
            let bits = node.get("format").and_then(Value::as_i64).unwrap_or(0);
            let tags: Vec<&str> = FORMATS
                .iter()
                .filter(|(bit, _)| bits & bit != 0)
                .map(|&(_, tag)| tag)
                .collect();
            for tag in &tags {
                out.push_str(&format!("<{tag}>"));
            }
            escape_text(text_of(node, "text"), out);
            for tag in tags.iter().rev() {
                out.push_str(&format!("</{tag}>"));
            }
        }
        "linebreak" => out.push_str("<br>"),
        "tab" => out.push(' '),
        "link" | "autolink" | "at-link" => {
            out.push_str("<a href=\"");
            escape_attr(text_of(node, "url"), out);
            out.push_str("\">");
            lexical_inline_all(children(node), out, unknown);
            out.push_str("</a>");
        }
        other => {
            if children(node).is_empty() {
                if node.get("text").is_some() {
                    escape_text(text_of(node, "text"), out);
                } else {
                    unknown.add(other);
                }
            } else {
                lexical_inline_all(children(node), out, unknown);
            }
        }
    }
}

/// A card of either editor (a Lexical decorator node, or a Mobiledoc card's
/// payload) written out; `false` for a card not known here.
fn card(name: &str, p: &Value, out: &mut String) -> bool {
    match name {
        "image" => figure(p, out),
        "gallery" => {
            for image in p
                .get("images")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                figure(image, out);
            }
            if let Some(caption) = p.get("caption").and_then(Value::as_str) {
                wrap(out, "p", |out| out.push_str(caption));
            }
        }
        "horizontalrule" | "hr" | "divider" => out.push_str("<hr>"),
        "codeblock" | "code" => pre(out, text_of(p, "code")),
        "markdown" | "card-markdown" => out.push_str(&markdown(text_of(p, "markdown"))),
        "html" => out.push_str(text_of(p, "html")),
        "embed" => {
            let html = text_of(p, "html");
            if html.trim().is_empty() {
                link_line(text_of(p, "url"), text_of(p, "url"), out);
            } else {
                out.push_str(html);
            }
        }
        "bookmark" => {
            let title = p
                .get("metadata")
                .and_then(|m| m.get("title"))
                .and_then(Value::as_str)
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| text_of(p, "url"));
            link_line(text_of(p, "url"), title, out);
        }
        "callout" => wrap(out, "blockquote", |out| {
            out.push_str(text_of(p, "calloutText"));
        }),
        "toggle" => {
            wrap(out, "p", |out| {
                wrap(out, "strong", |out| out.push_str(text_of(p, "heading")));
            });
            out.push_str(text_of(p, "content"));
        }
        "button" => link_line(text_of(p, "buttonUrl"), text_of(p, "buttonText"), out),
        // Where the free part ends, and what only the e-mail shows: nothing
        // to read on the web.
        "paywall" | "email" | "email-cta" => {}
        _ => return false,
    }
    true
}

fn figure(p: &Value, out: &mut String) {
    let src = text_of(p, "src");
    if src.trim().is_empty() {
        return;
    }
    out.push_str("<figure><img src=\"");
    escape_attr(src, out);
    out.push_str("\" alt=\"");
    escape_attr(text_of(p, "alt"), out);
    out.push_str("\">");
    let caption = text_of(p, "caption");
    if !caption.trim().is_empty() {
        // Ghost writes captions as HTML (links, emphasis).
        wrap(out, "figcaption", |out| out.push_str(caption));
    }
    out.push_str("</figure>");
}

fn link_line(url: &str, text: &str, out: &mut String) {
    if url.trim().is_empty() {
        return;
    }
    out.push_str("<p><a href=\"");
    escape_attr(url, out);
    out.push_str("\">");
    escape_text(if text.trim().is_empty() { url } else { text }, out);
    out.push_str("</a></p>");
}

fn pre(out: &mut String, code: &str) {
    out.push_str("<pre><code>");
    escape_text(code, out);
    out.push_str("</code></pre>");
}

fn wrap(out: &mut String, tag: &str, inner: impl FnOnce(&mut String)) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    inner(out);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// Text escaped for an HTML text node.
pub(crate) fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Text escaped for a double-quoted HTML attribute.
pub(crate) fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            c => escape_text(c.encode_utf8(&mut [0; 4]), out),
        }
    }
}

// ---------------------------------------------------------------------------
// Mobiledoc

/// A Mobiledoc document (its JSON text) as HTML; `Err` with the reason
/// when the text is not JSON or has no `sections`.
pub(crate) fn mobiledoc(text: &str, unknown: &mut Unknown) -> Result<String, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| json_reason(&e))?;
    let Some(sections) = doc.get("sections").and_then(Value::as_array) else {
        return Err("it has no `sections`".into());
    };
    let list = |key: &str| {
        doc.get(key)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
    };
    let doc_parts = Parts {
        markups: list("markups"),
        atoms: list("atoms"),
        cards: list("cards"),
    };
    let mut out = String::with_capacity(text.len() / 2);
    for section in sections {
        doc_parts.section(section, &mut out, unknown);
    }
    Ok(out)
}

struct Parts<'d> {
    markups: &'d [Value],
    atoms: &'d [Value],
    cards: &'d [Value],
}

fn at(v: &Value, i: usize) -> &Value {
    v.get(i).unwrap_or(&Value::Null)
}

impl Parts<'_> {
    fn section(&self, s: &Value, out: &mut String, unknown: &mut Unknown) {
        match at(s, 0).as_i64() {
            // Markup section: [1, tag, markers].
            Some(1) => {
                let tag = match at(s, 1).as_str().map(str::to_ascii_lowercase).as_deref() {
                    Some("h1") => "h1",
                    Some("h2") => "h2",
                    Some("h3") => "h3",
                    Some("h4") => "h4",
                    Some("h5") => "h5",
                    Some("h6") => "h6",
                    Some("blockquote") => "blockquote",
                    Some("aside" | "pull-quote") => "aside",
                    _ => "p",
                };
                wrap(out, tag, |out| self.markers(at(s, 2), out));
            }
            // Image section: [2, src].
            Some(2) => {
                let image = serde_json::json!({ "src": at(s, 1) });
                figure(&image, out);
            }
            // List section: [3, tag, [markers, …]].
            Some(3) => {
                let tag = if at(s, 1).as_str() == Some("ol") {
                    "ol"
                } else {
                    "ul"
                };
                wrap(out, tag, |out| {
                    for item in at(s, 2).as_array().into_iter().flatten() {
                        wrap(out, "li", |out| self.markers(item, out));
                    }
                });
            }
            // Card section: [10, card index]; a card is [name, payload].
            Some(10) => {
                let card_at = at(s, 1).as_u64().and_then(|i| usize::try_from(i).ok());
                let Some(c) = card_at.and_then(|i| self.cards.get(i)) else {
                    unknown.add("card section without its card");
                    return;
                };
                let name = at(c, 0).as_str().unwrap_or("");
                if !card(name, at(c, 1), out) {
                    unknown.add(name);
                }
            }
            _ => unknown.add("section"),
        }
    }

    /// Markers: [kind (0 text, 1 atom), markups opened, how many close,
    /// text or atom index].
    fn markers(&self, markers: &Value, out: &mut String) {
        let mut open: Vec<&str> = Vec::new();
        for m in markers.as_array().into_iter().flatten() {
            for i in at(m, 1).as_array().into_iter().flatten() {
                let markup = i
                    .as_u64()
                    .and_then(|i| usize::try_from(i).ok())
                    .and_then(|i| self.markups.get(i));
                let tag = markup.map_or("", |mk| self.open_markup(mk, out));
                open.push(tag);
            }
            match at(m, 0).as_i64() {
                Some(1) => {
                    let atom = at(m, 3)
                        .as_u64()
                        .and_then(|i| usize::try_from(i).ok())
                        .and_then(|i| self.atoms.get(i));
                    if let Some(atom) = atom {
                        if at(atom, 0).as_str() == Some("soft-return") {
                            out.push_str("<br>");
                        } else {
                            escape_text(at(atom, 1).as_str().unwrap_or(""), out);
                        }
                    }
                }
                _ => escape_text(at(m, 3).as_str().unwrap_or(""), out),
            }
            let close = at(m, 2).as_u64().unwrap_or(0);
            for _ in 0..close {
                match open.pop() {
                    Some("") => {}
                    Some(tag) => {
                        out.push_str("</");
                        out.push_str(tag);
                        out.push('>');
                    }
                    None => break,
                }
            }
        }
        while let Some(tag) = open.pop() {
            if !tag.is_empty() {
                out.push_str("</");
                out.push_str(tag);
                out.push('>');
            }
        }
    }

    /// Opens a markup ([tag, [attribute, value, …]]); returns the tag to
    /// close, or "" for one not written out.
    fn open_markup(&self, markup: &Value, out: &mut String) -> &'static str {
        let tag = match at(markup, 0)
            .as_str()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("a") => "a",
            Some("strong" | "b") => "strong",
            Some("em" | "i") => "em",
            Some("code") => "code",
            Some("s" | "strike" | "del") => "s",
            Some("u") => "u",
            Some("sub") => "sub",
            Some("sup") => "sup",
            _ => return "",
        };
        if tag == "a" {
            let attrs = at(markup, 1).as_array().map_or(&[][..], Vec::as_slice);
            let href = attrs
                .chunks(2)
                .find(|pair| pair.first().and_then(Value::as_str) == Some("href"))
                .and_then(|pair| pair.get(1))
                .and_then(Value::as_str)
                .unwrap_or("");
            out.push_str("<a href=\"");
            escape_attr(href, out);
            out.push_str("\">");
        } else {
            out.push('<');
            out.push_str(tag);
            out.push('>');
        }
        tag
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_nodes_become_html() {
        let doc = r#"{"root":{"type":"root","children":[
          {"type":"heading","tag":"h3","children":[{"type":"extended-text","text":"Rubrik","format":0}]},
          {"type":"paragraph","children":[
            {"type":"text","text":"fet ","format":1},
            {"type":"text","text":"kursiv kod","format":18},
            {"type":"linebreak"},
            {"type":"link","url":"https://exempel.se/?a=1&b=\"2\"","children":[{"type":"text","text":"a < b"}]}
          ]},
          {"type":"quote","children":[{"type":"text","text":"Citat"}]},
          {"type":"list","listType":"number","start":3,"children":[
            {"type":"listitem","children":[{"type":"text","text":"ett"},
              {"type":"list","listType":"bullet","children":[{"type":"listitem","children":[{"type":"text","text":"inre"}]}]}]}
          ]},
          {"type":"code","children":[{"type":"code-highlight","text":"let x"},{"type":"linebreak"},{"type":"code-highlight","text":"= 1 < 2;"}]},
          {"type":"codeblock","code":"fn main() {}","language":"rust"},
          {"type":"horizontalrule"},
          {"type":"image","src":"/content/images/a.jpg","alt":"Ett \"foto\"","caption":"Bild <em>ett</em>"},
          {"type":"markdown","markdown":"**md**"},
          {"type":"paywall"},
          {"type":"signup"}
        ]}}"#;
        let mut unknown = Unknown::default();
        let html = lexical(doc, &mut unknown).expect("renders");
        assert_eq!(
            html,
            "<h3>Rubrik</h3>\
             <p><strong>fet </strong><em><code>kursiv kod</code></em><br>\
             <a href=\"https://exempel.se/?a=1&amp;b=&quot;2&quot;\">a &lt; b</a></p>\
             <blockquote>Citat</blockquote>\
             <ol start=\"3\"><li>ett<ul><li>inre</li></ul></li></ol>\
             <pre><code>let x\n= 1 &lt; 2;</code></pre>\
             <pre><code>fn main() {}</code></pre>\
             <hr>\
             <figure><img src=\"/content/images/a.jpg\" alt=\"Ett &quot;foto&quot;\">\
             <figcaption>Bild <em>ett</em></figcaption></figure>\
             <p><strong>md</strong></p>\n"
        );
        assert_eq!(unknown.0, ["signup"]);
    }

    #[test]
    fn bad_lexical_is_an_error() {
        let mut unknown = Unknown::default();
        assert!(lexical("{\"root\": ", &mut unknown).is_err());
        assert!(
            lexical("{\"nope\": 1}", &mut unknown)
                .unwrap_err()
                .contains("root")
        );
        assert_eq!(lexical("{\"root\": 5}", &mut unknown).as_deref(), Ok(""));
    }

    #[test]
    fn mobiledoc_sections_become_html() {
        let doc = r##"{"version":"0.3.1",
          "atoms":[["soft-return","",{}],["mention","@anna",{}]],
          "markups":[["strong"],["a",["rel","x","href","https://exempel.se/"]],["blink"]],
          "cards":[["card-markdown",{"markdown":"# Rubrik"}],["image",{"src":"b.png","caption":"Två"}],
                   ["html",{"html":"<p>rå</p>"}],["hr",{}],["code",{"code":"a && b"}],["signup",{}]],
          "sections":[
            [1,"p",[[0,[0],0,"fet "],[0,[1],2,"länk"],[0,[],0," & "],[1,[],0,0],[1,[2],1,1]]],
            [1,"H2",[[0,[],0,"Rubrik"]]],
            [3,"ol",[[[0,[],0,"ett"]],[[0,[0],1,"två"]]]],
            [2,"c.jpg"],
            [10,0],[10,1],[10,2],[10,3],[10,4],[10,5],[10,9],[7]
          ]}"##;
        let mut unknown = Unknown::default();
        let html = mobiledoc(doc, &mut unknown).expect("renders");
        assert_eq!(
            html,
            "<p><strong>fet <a href=\"https://exempel.se/\">länk</a></strong> &amp; <br>@anna</p>\
             <h2>Rubrik</h2>\
             <ol><li>ett</li><li><strong>två</strong></li></ol>\
             <figure><img src=\"c.jpg\" alt=\"\"></figure>\
             <h1>Rubrik</h1>\n\
             <figure><img src=\"b.png\" alt=\"\"><figcaption>Två</figcaption></figure>\
             <p>rå</p><hr><pre><code>a &amp;&amp; b</code></pre>"
        );
        assert_eq!(
            unknown.0,
            ["signup", "card section without its card", "section"]
        );
    }

    #[test]
    fn markdown_is_commonmark() {
        assert_eq!(
            markdown("Hej *du*\n\n- a\n- b"),
            "<p>Hej <em>du</em></p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        );
    }
}
