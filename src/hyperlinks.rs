//! OSC 8 hyperlinks for the numbered links in the reader: after a frame is
//! drawn, each link visible on screen is written again, the same cells in
//! the same styles, between an OSC 8 opening and closing. The frame's
//! buffer itself never holds an escape: what is written is lektyr's own
//! sequences around text already on screen, and the URL, percent-encoded
//! so that nothing but printable ASCII goes into the sequence.

use std::io::{self, Write};

use ratatui::buffer::Buffer;
use ratatui::style::Style;

use crate::app::App;
use crate::screen::Screen;
use crate::width::display_width;

/// Whether links are hyperlinks (the config's `hyperlinks`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hyperlinks {
    /// Where the terminal is known to support them.
    #[default]
    Auto,
    Always,
    Never,
}

impl Hyperlinks {
    /// Whether to write them, given how the terminal names itself.
    pub fn enabled(self, env: impl Fn(&str) -> Option<String>) -> bool {
        match self {
            Hyperlinks::Always => true,
            Hyperlinks::Never => false,
            Hyperlinks::Auto => supported(env),
        }
    }
}

/// Terminals known to show OSC 8 links (others may, but are left alone).
fn supported(env: impl Fn(&str) -> Option<String>) -> bool {
    let program = env("TERM_PROGRAM").unwrap_or_default();
    let term = env("TERM").unwrap_or_default();
    let vte = env("VTE_VERSION")
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(0);
    matches!(
        program.as_str(),
        "iTerm.app" | "WezTerm" | "vscode" | "ghostty" | "Hyper"
    ) || vte >= 5000
        || env("KONSOLE_VERSION").is_some()
        || env("WT_SESSION").is_some()
        || env("KITTY_WINDOW_ID").is_some()
        || term.contains("kitty")
        || term.starts_with("foot")
        || term.contains("ghostty")
}

/// A link on screen: cells `x..x + width` of row `y`, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub url: String,
}

/// The numbered links visible in the reader, with their cells: the cells
/// that show each link's text, found through the layout's source map (a
/// link that wraps is a region on each of its lines).
pub fn regions(app: &App) -> Vec<Region> {
    let (Some(pane), Some(laid)) = (app.screen().get(crate::views::Pane::Reader), app.laid())
    else {
        return Vec::new();
    };
    if app.overlay.is_some() || laid.link_at.is_empty() {
        return Vec::new();
    }
    let Some(article) = app.archive.articles.get(laid.article()) else {
        return Vec::new();
    };
    let blocks = article.detail().body.blocks();
    let column = app.text_column(pane);
    let height = Screen::inner_height(pane);
    let start = app.scroll.min(laid.lines.len());
    let end = (start + height).min(laid.lines.len());
    let mut sources: Vec<(usize, String)> = Vec::new();
    let mut out = Vec::new();
    for line in start..end {
        let y = column.y + (line - start) as u16;
        for seg in laid.line_segs(line) {
            let Some(b) = seg.src.block() else { continue };
            let first = laid.link_at.partition_point(|l| l.block < b);
            let links = laid.link_at[first..]
                .iter()
                .take_while(|l| l.block == b)
                .filter(|l| l.range.start < seg.end as usize && seg.start as usize <= l.range.end);
            for link in links {
                if !sources.iter().any(|(k, _)| *k == b) {
                    sources.push((b, blocks.get(b).map(|x| x.source()).unwrap_or_default()));
                }
                let text = sources
                    .iter()
                    .find(|(k, _)| *k == b)
                    .map_or("", |(_, t)| t.as_str());
                let (Some((x, w)), Some(url)) = (
                    seg.cells(text, &link.range),
                    laid.links.get(link.number.wrapping_sub(1)),
                ) else {
                    continue;
                };
                // Segments of one link on one line join into one region.
                match out.last_mut() {
                    Some(Region {
                        x: rx,
                        y: ry,
                        width,
                        url: u,
                    }) if *ry == y && u == url && *rx + *width + 1 >= column.x + x => {
                        *width = column.x + x + w - *rx;
                    }
                    _ => out.push(Region {
                        x: column.x + x,
                        y,
                        width: w,
                        url: url.clone(),
                    }),
                }
            }
        }
    }
    out.retain(|r| r.width > 0 && r.x < column.right());
    out
}

/// A URL as it may stand inside an OSC 8 sequence: printable ASCII, with
/// every other byte (spaces, non-ASCII) percent-encoded.
pub fn encode(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if (0x21..0x7f).contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Writes each region again as a hyperlink: the cursor's place is saved
/// and put back, and every cell keeps the style it was drawn in.
pub fn write(out: &mut impl Write, buf: &Buffer, regions: &[Region]) -> io::Result<()> {
    if regions.is_empty() {
        return Ok(());
    }
    out.write_all(b"\x1b7")?;
    for r in regions {
        write!(out, "\x1b[{};{}H", r.y + 1, r.x + 1)?;
        write!(out, "\x1b]8;;{}\x1b\\", encode(&r.url))?;
        let end = r.x.saturating_add(r.width);
        let mut x = r.x;
        while x < end {
            let Some(cell) = buf.cell((x, r.y)) else {
                break;
            };
            let style = Style::new()
                .fg(cell.fg)
                .bg(cell.bg)
                .add_modifier(cell.modifier);
            write!(out, "\x1b[0m{}{}", crate::ansi::sgr(style), cell.symbol())?;
            // A wide character covers the cell after it too.
            x = x.saturating_add(display_width(cell.symbol()).max(1) as u16);
        }
        out.write_all(b"\x1b]8;;\x1b\\\x1b[0m")?;
    }
    out.write_all(b"\x1b8")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visible_link_is_written_again_as_a_hyperlink() {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        let text = r#"{"version": 1, "articles": [{"id": "l", "title": "T", "url": "https://own.example/",
            "body": [{"type": "paragraph", "text": ["Read ", {"text": "Verner Panton", "link": "https://design.example/p a"}, " now."]}]}]}"#;
        let archive = crate::archive::load_str("l.json", text).expect("loads");
        let mut app = App::new(
            archive,
            crate::app::Source::File("l.json".into()),
            ratatui::layout::Rect::new(0, 0, 100, 20),
        );
        for key in crate::keymap::parse_keys("<Enter>").expect("keys") {
            app.handle_key(key);
        }
        let mut terminal = Terminal::new(TestBackend::new(100, 20)).expect("backend");
        let Ok(frame) = terminal.draw(|f| crate::ui::draw(f, &app));
        let buffer = frame.buffer.clone();
        let regions = regions(&app);
        assert_eq!(regions.len(), 1, "{regions:?}");
        let r = &regions[0];
        let shown: String = (r.x..r.x + r.width)
            .map(|x| buffer.cell((x, r.y)).map_or("", |c| c.symbol()))
            .collect();
        assert_eq!(shown, "Verner Panton");
        let mut out = Vec::new();
        write(&mut out, &buffer, &regions).expect("writes");
        let out = String::from_utf8(out).expect("utf-8");
        assert!(
            out.contains("\x1b]8;;https://design.example/p%20a\x1b\\"),
            "{out:?}"
        );
        assert!(out.ends_with("\x1b]8;;\x1b\\\x1b[0m\x1b8"), "{out:?}");
        // Nothing of the archive's text but the link's own cells.
        assert!(out.contains('V') && !out.contains("Read"));
    }

    #[test]
    fn urls_are_printable_ascii_in_the_sequence() {
        assert_eq!(encode("https://a.example/x y"), "https://a.example/x%20y");
        assert_eq!(encode("https://å.example/"), "https://%C3%A5.example/");
        assert_eq!(
            encode("https://a.example/\u{1b}]"),
            "https://a.example/%1B]"
        );
    }

    #[test]
    fn auto_knows_some_terminals() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(Hyperlinks::Auto.enabled(env(&[("TERM_PROGRAM", "WezTerm")])));
        assert!(Hyperlinks::Auto.enabled(env(&[("VTE_VERSION", "7200")])));
        assert!(!Hyperlinks::Auto.enabled(env(&[("TERM", "xterm-256color")])));
        assert!(Hyperlinks::Always.enabled(env(&[])));
        assert!(!Hyperlinks::Never.enabled(env(&[("TERM_PROGRAM", "WezTerm")])));
    }
}
