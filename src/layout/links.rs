//! Links in an article's text get numbers as it is laid out: `Verner
//! Panton[1]`. Only `http`, `https` and `mailto` targets are numbered and
//! can be opened; any other (`javascript:`, `data:`, `file:`) stays plain
//! text. A target that comes again keeps its first number.

use std::borrow::Cow;

use crate::archive::{Block, Rich, Run, RunStyle};

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

/// `block` with its links numbered (their targets appended to `links`,
/// their texts to `texts`), or the block itself when it holds no link.
/// `own` is the article's url.
pub fn number_links<'b>(
    block: &'b Block,
    own: Option<&str>,
    links: &mut Vec<String>,
    texts: &mut Vec<String>,
) -> Cow<'b, Block> {
    let mut one = |r: &Rich| number_rich(r, own, links, texts);
    match block {
        Block::Paragraph(t) => {
            one(t).map_or(Cow::Borrowed(block), |t| Cow::Owned(Block::Paragraph(t)))
        }
        Block::Heading { level, text } => one(text).map_or(Cow::Borrowed(block), |text| {
            Cow::Owned(Block::Heading {
                level: *level,
                text,
            })
        }),
        Block::Quote { text, cite } => one(text).map_or(Cow::Borrowed(block), |text| {
            Cow::Owned(Block::Quote {
                text,
                cite: cite.clone(),
            })
        }),
        Block::PullQuote { text, cite } => one(text).map_or(Cow::Borrowed(block), |text| {
            Cow::Owned(Block::PullQuote {
                text,
                cite: cite.clone(),
            })
        }),
        Block::List { items, ordered } => {
            let numbered: Vec<Option<Rich>> = items.iter().map(&mut one).collect();
            if numbered.iter().all(Option::is_none) {
                return Cow::Borrowed(block);
            }
            let items = numbered
                .into_iter()
                .zip(items)
                .map(|(n, item)| n.unwrap_or_else(|| item.clone()))
                .collect();
            Cow::Owned(Block::List {
                items,
                ordered: *ordered,
            })
        }
        Block::Image { .. } | Block::Code(_) | Block::Rule => Cow::Borrowed(block),
    }
}

/// The runs with a number after each openable link and other links made
/// plain; `None` when there is no link.
fn number_rich(
    rich: &Rich,
    own: Option<&str>,
    links: &mut Vec<String>,
    texts: &mut Vec<String>,
) -> Option<Rich> {
    if !rich
        .runs
        .iter()
        .any(|r| matches!(r.style, RunStyle::Link(_)))
    {
        return None;
    }
    let mut runs = Vec::with_capacity(rich.runs.len() * 2);
    for run in &rich.runs {
        match &run.style {
            RunStyle::Link(url) if openable(url) && !same_page(url, own) => {
                let n = match links.iter().position(|l| l == url) {
                    Some(i) => i + 1,
                    None => {
                        links.push(url.clone());
                        texts.push(run.text.split_whitespace().collect::<Vec<_>>().join(" "));
                        links.len()
                    }
                };
                runs.push(run.clone());
                runs.push(Run {
                    text: format!("[{n}]"),
                    style: RunStyle::Mark,
                });
            }
            RunStyle::Link(_) => runs.push(Run {
                text: run.text.clone(),
                style: RunStyle::Plain,
            }),
            _ => runs.push(run.clone()),
        }
    }
    Some(Rich { runs })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(text: &str, url: &str) -> Run {
        Run {
            text: text.into(),
            style: RunStyle::Link(url.into()),
        }
    }

    #[test]
    fn openable_links_get_numbers_others_go_plain() {
        let p = Block::Paragraph(Rich {
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
        });
        let mut links = Vec::new();
        let Block::Paragraph(out) =
            number_links(&p, None, &mut links, &mut Vec::new()).into_owned()
        else {
            panic!("a paragraph");
        };
        assert_eq!(out.to_plain(), "Panton[1] and evilagain[1]mail[2]file");
        assert_eq!(links, ["https://a.example/", "MAILTO:x@y.example"]);
        assert!(out.runs.iter().all(|r| match &r.style {
            RunStyle::Link(u) => openable(u),
            _ => true,
        }));
    }

    #[test]
    fn blocks_without_links_are_borrowed() {
        let p = Block::Paragraph(Rich::plain("no links"));
        assert!(matches!(
            number_links(&p, None, &mut Vec::new(), &mut Vec::new()),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn links_into_the_article_itself_get_no_number() {
        let own = Some("https://a.example/post/");
        let p = Block::Heading {
            level: 2,
            text: Rich {
                runs: vec![
                    link("Setup", "https://a.example/post#setup"),
                    link("top", "#top"),
                    link("other", "https://a.example/other#x"),
                ],
            },
        };
        let mut links = Vec::new();
        let out = number_links(&p, own, &mut links, &mut Vec::new()).into_owned();
        let Block::Heading { text, .. } = out else {
            panic!("a heading")
        };
        assert_eq!(text.to_plain(), "Setuptopother[1]");
        assert_eq!(links, ["https://a.example/other#x"]);
    }
}
