//! Links to a highlighted passage on the web: the article's address with a
//! URL text fragment (`#:~:text=…`, the WICG "URL Fragment Text
//! Directives"), which a browser scrolls to and marks.
//!
//! A directive is `text=[prefix-,]start[,end][,-suffix]`. A short quote is
//! given whole as `start`; a long one, or one that runs over several
//! blocks (a browser finds a single term only within one block), by a few
//! words from each of its ends. When the quote occurs more than once in
//! the text, words of the text around it tell the right place apart. Each
//! term is percent-encoded: UTF-8 bytes outside a small safe set, and
//! always `-`, `,` and `&`, which the directive's syntax uses.

use super::BodyText;
use crate::archive::{Block, Highlight, Stretch};

/// Quotes of more words than this are given by their ends.
const WHOLE_WORDS: usize = 10;
/// Words taken from each end of a long quote.
const END_WORDS: usize = 4;
/// Words of context taken before and after a repeated quote.
const CONTEXT_WORDS: usize = 3;

/// A quote to link to, as the directive needs it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quote {
    /// The quoted text in pieces that each lie within one block of the
    /// page (one piece when the quote is within one block).
    pub pieces: Vec<String>,
    /// Text just before and just after the quote, in whole words.
    pub before: String,
    pub after: String,
    /// Whether the text holds the quote (or the words it starts with)
    /// more than once: the context then goes into the directive.
    pub repeated: bool,
}

/// `term` percent-encoded for a text directive: ASCII letters, digits and
/// `.`, `_`, `~`, `!`, `*`, `'` stay as they are, every other byte of its
/// UTF-8 becomes `%XX`. `-`, `,` and `&` are among them, as the directive
/// syntax asks, and so are `(`, `)`, `#`, `%` and spaces, which keeps the
/// link whole inside Markdown's `[text](link)` too.
pub fn encode_term(term: &str) -> String {
    let mut out = String::with_capacity(term.len());
    for b in term.bytes() {
        if b.is_ascii_alphanumeric() || b"._~!*'".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// The text directive (`text=…`) for `quote`, without the `:~:`; `None`
/// when the quote has no text.
pub fn directive(quote: &Quote) -> Option<String> {
    let pieces: Vec<Vec<&str>> = quote
        .pieces
        .iter()
        .map(|p| words(p))
        .filter(|w| !w.is_empty())
        .collect();
    let (first, last) = (pieces.first()?, pieces.last()?);
    let all: Vec<&str> = pieces.iter().flatten().copied().collect();
    let (start, end) = if pieces.len() == 1 && all.len() <= WHOLE_WORDS {
        (all.join(" "), None)
    } else {
        let start = &first[..first.len().min(END_WORDS)];
        let end = ends_once(&all, start.len(), last);
        (start.join(" "), end)
    };
    let mut terms = Vec::new();
    if quote.repeated {
        let before = words(&quote.before);
        let context = &before[before.len() - before.len().min(CONTEXT_WORDS)..];
        if !context.is_empty() {
            terms.push(format!("{}-", encode_term(&context.join(" "))));
        }
    }
    terms.push(encode_term(&start));
    if let Some(end) = end {
        terms.push(encode_term(&end));
    }
    if quote.repeated {
        let after = words(&quote.after);
        let take = after.len().min(CONTEXT_WORDS);
        if take > 0 {
            terms.push(format!("-{}", encode_term(&after[..take].join(" "))));
        }
    }
    Some(format!("text={}", terms.join(",")))
}

/// The end term of a quote of `all` words whose start term is its first
/// `start` words and whose last block holds `last`: its last few words,
/// more of them while those few occur earlier after the start (a browser
/// takes the first end it meets), at most the whole last piece.
fn ends_once(all: &[&str], start: usize, last: &[&str]) -> Option<String> {
    let lower = |w: &[&str]| w.join(" ").to_lowercase();
    let mut take = last.len().min(END_WORDS);
    loop {
        let end = &last[last.len() - take..];
        let between_from = start.min(all.len());
        let between_to = all.len() - take;
        let between = if between_from < between_to {
            lower(&all[between_from..between_to])
        } else {
            String::new()
        };
        // The end's words met again before the end, whole or across the
        // place where the end begins.
        let seen = format!("{between} {}", lower(end));
        let first_at = seen.find(&lower(end));
        let unique = first_at == Some(seen.len() - lower(end).len());
        if unique || take == last.len() {
            return Some(end.join(" "));
        }
        take += 1;
    }
}

/// `url` with its fragment (if any) replaced by the directive: the link
/// that opens the page at the quote.
pub fn link(url: &str, directive: &str) -> String {
    let url = url.trim();
    let base = url.split_once('#').map_or(url, |(base, _)| base);
    format!("{base}#:~:{directive}")
}

/// The quote to link to for highlight `h` of an article with `blocks`,
/// whose body as one text is `body`: from the text itself where the quote
/// was found (`h.at`), else from the highlight as stored.
pub fn quote_of(h: &Highlight, blocks: &[Block], body: &BodyText) -> Quote {
    match h.at {
        Some(at) => found_quote(&at, blocks, body),
        None => Quote {
            pieces: h.quote.lines().map(str::to_string).collect(),
            before: h.prefix.clone(),
            after: h.suffix.clone(),
            repeated: false,
        },
    }
}

fn found_quote(at: &Stretch, blocks: &[Block], body: &BodyText) -> Quote {
    let mut pieces = Vec::new();
    let (mut before, mut after) = (String::new(), String::new());
    // Lines of the text before the quote, and the quote's own line up to
    // its first piece's end: where its start could be met first.
    let mut earlier: Vec<String> = Vec::new();
    let mut own_line = String::new();
    let last = at.to.block.min(blocks.len().saturating_sub(1));
    for (b, block) in blocks.iter().enumerate().take(last + 1) {
        let source = block.source();
        if b < at.from.block {
            earlier.extend(source.split('\n').map(str::to_string));
            // The block before, for a quote that starts its block.
            before = source;
            continue;
        }
        let Some(range) = at.in_block(b, source.len()) else {
            continue;
        };
        let text = source.get(range.clone()).unwrap_or("");
        if b == at.from.block {
            let head = source.get(..range.start).unwrap_or("");
            let mut lines: Vec<&str> = head.split('\n').collect();
            let line = lines.pop().unwrap_or("");
            earlier.extend(lines.iter().map(|l| l.to_string()));
            own_line = format!("{line}{}", text.split('\n').next().unwrap_or(""));
            // The context is the block's own line before the quote, else
            // what came before it.
            if !line.trim().is_empty() {
                before = line.to_string();
            }
        }
        if b == at.to.block {
            let tail = source.get(range.end..).unwrap_or("");
            after = tail.split('\n').next().unwrap_or("").to_string();
            if after.trim().is_empty() && tail.trim().is_empty() {
                after = blocks
                    .get(b + 1)
                    .map(|n| n.source().split('\n').next().unwrap_or("").to_string())
                    .unwrap_or_default();
            }
        }
        pieces.extend(text.split('\n').map(str::to_string));
    }
    // A block's source joins its fields with `\n`: only the last of them
    // is next to a quote that starts the following block.
    if let Some(tail) = before.rsplit('\n').next() {
        before = tail.to_string();
    }
    let folded: Vec<String> = pieces
        .iter()
        .map(|p| super::fold_space(p))
        .filter(|p| !p.is_empty())
        .collect();
    // Counted as a browser looks (regardless of case), in lower case.
    let count = |text: &str, needle: &str| {
        if needle.is_empty() {
            0
        } else {
            super::fold_space(text)
                .to_lowercase()
                .match_indices(needle)
                .count()
        }
    };
    let whole = folded.join(" ").to_lowercase();
    let first = folded.first().map_or("", String::as_str);
    let start = words(first)
        .into_iter()
        .take(END_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    // A browser takes the first place the start's words are met: any
    // before the quote's own (a term never runs over two lines).
    let met_before = earlier.iter().map(|l| count(l, &start)).sum::<usize>()
        + count(&own_line, &start).saturating_sub(count(first, &start));
    let repeated = count(&body.text, &whole) > 1 || met_before > 0;
    Quote {
        pieces: folded,
        before,
        after,
        repeated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{Pos, Rich};
    use crate::highlight::locate;

    fn one(text: &str) -> Quote {
        Quote {
            pieces: vec![text.to_string()],
            ..Quote::default()
        }
    }

    #[test]
    fn terms_escape_the_directive_syntax_spaces_and_non_ascii() {
        assert_eq!(encode_term("a-b, c&d"), "a%2Db%2C%20c%26d");
        assert_eq!(encode_term("Malmö"), "Malm%C3%B6");
        assert_eq!(encode_term("50% (#1)"), "50%25%20%28%231%29");
        assert_eq!(encode_term("It's done."), "It's%20done.");
        assert_eq!(encode_term("→"), "%E2%86%92");
    }

    #[test]
    fn a_short_quote_is_one_term() {
        assert_eq!(
            directive(&one("Fast, cheap - and good & true")).as_deref(),
            Some("text=Fast%2C%20cheap%20%2D%20and%20good%20%26%20true")
        );
        assert_eq!(directive(&one("  \n ")), None);
        assert_eq!(directive(&Quote::default()), None);
    }

    #[test]
    fn a_long_quote_is_given_by_its_ends() {
        let q = one("one two three four five six seven eight nine ten eleven twelve");
        assert_eq!(
            directive(&q).as_deref(),
            Some("text=one%20two%20three%20four,nine%20ten%20eleven%20twelve")
        );
    }

    #[test]
    fn an_end_met_earlier_in_the_quote_takes_more_words() {
        let q = one("a b c d x y z w q x y z w r x y z w");
        // "x y z w" ends the quote but is met twice before: the end grows
        // until it is met only at the end.
        assert_eq!(
            directive(&q).as_deref(),
            Some("text=a%20b%20c%20d,r%20x%20y%20z%20w")
        );
    }

    #[test]
    fn a_quote_over_two_blocks_is_a_range_even_when_short() {
        let q = Quote {
            pieces: vec!["end of one.".into(), "Start of two".into()],
            ..Quote::default()
        };
        assert_eq!(
            directive(&q).as_deref(),
            Some("text=end%20of%20one.,Start%20of%20two")
        );
    }

    #[test]
    fn a_repeated_quote_takes_context_words() {
        let q = Quote {
            pieces: vec!["sa hon".into()],
            // The first word of a stored context may be cut: left out.
            before: "ut. Nej, sa han. Ja,".into(),
            after: " igen, och gick".into(),
            repeated: true,
        };
        assert_eq!(
            directive(&q).as_deref(),
            Some("text=sa%20han.%20Ja%2C-,sa%20hon,-igen%2C%20och%20gick")
        );
    }

    #[test]
    fn an_existing_fragment_is_replaced() {
        assert_eq!(
            link("https://example.org/a?b=1#section-2", "text=x"),
            "https://example.org/a?b=1#:~:text=x"
        );
        assert_eq!(
            link(" https://example.org/a ", "text=x"),
            "https://example.org/a#:~:text=x"
        );
        assert_eq!(
            link("https://example.org/#:~:text=old", "text=new"),
            "https://example.org/#:~:text=new"
        );
    }

    fn blocks(texts: &[&str]) -> Vec<Block> {
        texts
            .iter()
            .map(|t| Block::Paragraph(Rich::plain(*t)))
            .collect()
    }

    fn found(q: &str, prefix: &str, b: &[Block]) -> (Highlight, BodyText) {
        let body = BodyText::new(b);
        let mut h = Highlight {
            id: "h".into(),
            quote: q.into(),
            prefix: prefix.into(),
            ..Highlight::default()
        };
        h.at = locate(&h, &body);
        assert!(h.at.is_some(), "{q} is in the text");
        (h, body)
    }

    #[test]
    fn a_found_quote_is_cut_at_its_blocks_and_knows_when_it_repeats() {
        let b = blocks(&["Vi pratade länge.", "Sedan gick vi hem."]);
        let (h, body) = found("länge. Sedan gick", "", &b);
        let q = quote_of(&h, &b, &body);
        assert_eq!(q.pieces, ["länge.", "Sedan gick"]);
        assert_eq!(q.before, "Vi pratade ");
        assert_eq!(q.after, " vi hem.");
        assert!(!q.repeated);
        assert_eq!(
            directive(&q).as_deref(),
            Some("text=l%C3%A4nge.,Sedan%20gick")
        );

        let b = blocks(&["Ja, sa hon.", "Nej, sa han. Ja, sa hon igen."]);
        let (h, body) = found("sa hon", "han. Ja, ", &b);
        assert_eq!(h.at.map(|s| s.from), Some(Pos::new(1, 17)));
        let q = quote_of(&h, &b, &body);
        assert!(q.repeated);
        assert_eq!(
            directive(&q).as_deref(),
            Some("text=sa%20han.%20Ja%2C-,sa%20hon,-igen.")
        );
    }

    #[test]
    fn start_words_met_again_inside_the_quote_need_no_context() {
        let long = "the long way round is long and the long way round is all";
        let b = blocks(&[long, "Elsewhere: the long way round again."]);
        let (h, body) = found(long, "", &b);
        assert!(!quote_of(&h, &b, &body).repeated);
        let b = blocks(&["First the long way round.", long]);
        let (h, body) = found(long, "", &b);
        let q = quote_of(&h, &b, &body);
        assert!(q.repeated, "met before the quote");
        assert_eq!(
            directive(&q).as_deref(),
            Some("text=long%20way%20round.-,the%20long%20way%20round,way%20round%20is%20all")
        );
    }

    #[test]
    fn a_quote_that_starts_its_block_takes_the_block_before_as_context() {
        let b = blocks(&["Först kom en rad.", "Sedan", "Sedan"]);
        let (h, body) = found("Sedan", "en rad.", &b);
        let q = quote_of(&h, &b, &body);
        assert_eq!(q.before, "Först kom en rad.");
        assert_eq!(q.after, "Sedan");
        assert!(q.repeated);
    }

    #[test]
    fn a_quote_not_found_keeps_its_lines_as_pieces() {
        let h = Highlight {
            quote: "first line\nsecond line".into(),
            ..Highlight::default()
        };
        let b = blocks(&["other text"]);
        let q = quote_of(&h, &b, &BodyText::new(&b));
        assert_eq!(q.pieces, ["first line", "second line"]);
        assert!(!q.repeated);
    }
}
