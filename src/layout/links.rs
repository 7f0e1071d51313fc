//! Links in an article's text get numbers as it is laid out: `Verner
//! Panton[1]`. Only `http`, `https` and `mailto` targets are numbered and
//! can be opened; any other (`javascript:`, `data:`, `file:`) stays plain
//! text. A target that comes again keeps its first number.

use ratatui::style::Style;

use super::map::Src;
use super::wrap::{Chunk, run_style};
use crate::archive::{Rich, RunStyle};
use crate::theme::Theme;

/// Whether a link target may be opened.
pub fn openable(url: &str) -> bool {
    let lower = url
        .trim_start()
        .get(..8)
        .unwrap_or(url)
        .to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// Whether `url` points into the article itself (`own#section`, `#x`): a
/// heading's anchor link, not worth a number.
fn same_page(url: &str, own: Option<&str>) -> bool {
    let page = |u: &str| {
        u.split('#')
            .next()
            .unwrap_or("")
            .trim_end_matches('/')
            .to_string()
    };
    url.starts_with('#') || (url.contains('#') && own.is_some_and(|o| page(o) == page(url)))
}

/// Where a numbered link's text is: bytes `range` of body block `block`'s
/// source text, and the link's number (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkAt {
    pub number: usize,
    pub block: usize,
    pub range: std::ops::Range<usize>,
}

/// Numbers the links of an article as its blocks are laid out: the
/// targets and texts in number order, and where each link's text is.
pub(super) struct Linker<'a> {
    /// The article's own address (links into it get no number).
    pub own: Option<&'a str>,
    pub links: &'a mut Vec<String>,
    pub texts: &'a mut Vec<String>,
    pub at: &'a mut Vec<LinkAt>,
}

impl Linker<'_> {
    /// Rich text as chunks to lay out (from byte `at` of `src`), with a
    /// number after each openable link and other links plain.
    pub fn chunks<'t>(
        &mut self,
        text: &'t Rich,
        src: Src,
        at: usize,
        base: Style,
        theme: &Theme,
    ) -> Vec<Chunk<'t>> {
        let mut out = Vec::with_capacity(text.runs.len());
        let mut pos = at;
        for run in &text.runs {
            let start = pos;
            pos += run.text.len();
            match &run.style {
                RunStyle::Link(url) if openable(url) && !same_page(url, self.own) => {
                    let n = match self.links.iter().position(|l| l == url) {
                        Some(i) => i + 1,
                        None => {
                            self.links.push(url.clone());
                            self.texts
                                .push(run.text.split_whitespace().collect::<Vec<_>>().join(" "));
                            self.links.len()
                        }
                    };
                    if let Some(block) = src.block() {
                        self.at.push(LinkAt {
                            number: n,
                            block,
                            range: start..pos,
                        });
                    }
                    out.push(Chunk::source(
                        &run.text,
                        run_style(&run.style, base, theme),
                        src,
                        start,
                    ));
                    out.push(Chunk::added(
                        format!("[{n}]"),
                        run_style(&RunStyle::Mark, base, theme),
                    ));
                }
                RunStyle::Link(_) => out.push(Chunk::source(&run.text, base, src, start)),
                style => out.push(Chunk::source(
                    &run.text,
                    run_style(style, base, theme),
                    src,
                    start,
                )),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Run;

    fn link(text: &str, url: &str) -> Run {
        Run {
            text: text.into(),
            style: RunStyle::Link(url.into()),
        }
    }

    fn numbered(rich: &Rich, own: Option<&str>) -> (String, Vec<String>, Vec<LinkAt>) {
        let (mut links, mut texts, mut at) = (Vec::new(), Vec::new(), Vec::new());
        let mut linker = Linker {
            own,
            links: &mut links,
            texts: &mut texts,
            at: &mut at,
        };
        let theme = Theme::default();
        let chunks = linker.chunks(rich, Src::Block(3), 10, Style::new(), &theme);
        let shown = chunks.iter().map(|c| c.text.as_ref()).collect();
        (shown, links, at)
    }

    #[test]
    fn openable_links_get_numbers_others_go_plain() {
        let p = Rich {
            runs: vec![
                link("Panton", "https://a.example/"),
                Run {
                    text: " and ".into(),
                    style: RunStyle::Plain,
                },
                link("evil", "javascript:alert(1)"),
                link("again", "https://a.example/"),
                link("mail", "MAILTO:x@y.example"),
                link("file", "file:///etc/passwd"),
            ],
        };
        let (shown, links, at) = numbered(&p, None);
        assert_eq!(shown, "Panton[1] and evilagain[1]mail[2]file");
        assert_eq!(links, ["https://a.example/", "MAILTO:x@y.example"]);
        // Where each numbered link's text is in the block's source.
        let ranges: Vec<(usize, std::ops::Range<usize>)> =
            at.iter().map(|l| (l.number, l.range.clone())).collect();
        assert_eq!(ranges, [(1, 10..16), (1, 25..30), (2, 30..34)]);
        assert!(at.iter().all(|l| l.block == 3));
    }

    #[test]
    fn links_into_the_article_itself_get_no_number() {
        let own = Some("https://a.example/post/");
        let text = Rich {
            runs: vec![
                link("Setup", "https://a.example/post#setup"),
                link("top", "#top"),
                link("other", "https://a.example/other#x"),
            ],
        };
        let (shown, links, _) = numbered(&text, own);
        assert_eq!(shown, "Setuptopother[1]");
        assert_eq!(links, ["https://a.example/other#x"]);
    }
}
