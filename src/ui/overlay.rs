//! Overlays drawn over the panes: the help (generated from the keymap) and
//! the related-articles picker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Borders, Clear};

use super::put;
use crate::action::Action;
use crate::app::{App, Overlay};
use crate::keymap::Context;
use crate::width::{display_width, fit, truncate};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    match app.overlay {
        Some(Overlay::Help { scroll }) => help(frame, area, app, scroll),
        Some(Overlay::Related { selected }) => related(frame, area, app, selected),
        Some(Overlay::Links { selected }) => links(frame, area, app, selected),
        Some(Overlay::Highlights { selected }) => highlights(frame, area, app, selected),
        None => {}
    }
}

/// A centred box of at most `w`×`h` cells.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn frame_box(frame: &mut Frame, rect: Rect, title: &str, app: &App) -> Rect {
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(app.theme.border_focused)
        .title(format!(" {title} "));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// The key an overlay names for `action`: the first one bound where
/// overlays look keys up (their own bindings, then the global ones).
fn key_of(app: &App, action: Action) -> String {
    app.keymap
        .hint(action, Context::Overlay)
        .or_else(|| app.keymap.hint(action, Context::Global))
        .unwrap_or_else(|| action.name().to_string())
}

fn help(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let layout = app.keymap.help_layout(area.width);
    let rows = &layout.lines;
    let rect = centred(area, layout.width, rows.len() as u16 + 2);
    let title = format!("Keys — {} closes", key_of(app, Action::Back));
    let inner = frame_box(frame, rect, &title, app);
    let buf = frame.buffer_mut();
    let key_col = layout.key_col;
    let height = usize::from(inner.height);
    let start = scroll.min(rows.len().saturating_sub(height.max(1)));
    for (i, (keys, desc)) in rows.iter().skip(start).take(height).enumerate() {
        let y = inner.y + i as u16;
        let x = put(
            buf,
            inner,
            inner.x + 1,
            y,
            &fit(keys, key_col),
            app.theme.accent,
        );
        // One blank cell stays between the text and the border; the
        // description is wrapped to fit already.
        let room = usize::from(inner.right().saturating_sub(x + 3));
        put(buf, inner, x + 2, y, &truncate(desc, room), Style::new());
    }
    // Say so when rows are scrolled out of sight.
    let more = match (start > 0, start + height < rows.len()) {
        (true, true) => " ↑↓ more ".to_string(),
        (false, true) => format!(" ↓ more ({}) ", key_of(app, Action::Down)),
        (true, false) => format!(" ↑ more ({}) ", key_of(app, Action::Up)),
        (false, false) => String::new(),
    };
    let more = more.as_str();
    if !more.is_empty() && rect.height > 0 {
        let w = display_width(more) as u16;
        let x = rect.right().saturating_sub(w + 2).max(rect.x);
        put(buf, rect, x, rect.bottom() - 1, more, app.theme.accent);
    }
}

/// One row of a picker: pieces of text, each in its style.
type Row = Vec<(String, Style)>;

/// A picker (related articles, links): a box of rows at least `min_w`
/// wide, the selected one marked and kept in view.
fn picker(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    title: &str,
    rows: &[Row],
    selected: usize,
    min_w: usize,
) {
    let want_w = rows
        .iter()
        .map(|r| r.iter().map(|(t, _)| display_width(t)).sum::<usize>() + 6)
        .max()
        .unwrap_or(20)
        .max(min_w) as u16;
    let rect = centred(area, want_w, rows.len() as u16 + 2);
    let inner = frame_box(frame, rect, title, app);
    let buf = frame.buffer_mut();
    let height = usize::from(inner.height).max(1);
    let start = selected.saturating_sub(height - 1);
    for (i, row) in rows.iter().enumerate().skip(start).take(height) {
        let y = inner.y + (i - start) as u16;
        let chosen = i == selected;
        if chosen {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), app.theme.selection);
            put(
                buf,
                inner,
                inner.x,
                y,
                super::list::SELECTED_MARK,
                app.theme.selection,
            );
        }
        let mut x = inner.x + 1;
        for (text, style) in row {
            let style = if chosen {
                style.patch(app.theme.selection)
            } else {
                *style
            };
            let room = usize::from(inner.right().saturating_sub(x + 1));
            x = put(buf, inner, x, y, &truncate(text, room), style);
        }
    }
}

fn related(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let Some(article) = app.article.and_then(|a| app.archive.articles.get(a)) else {
        return;
    };
    let rows: Vec<Row> = article
        .detail()
        .related
        .iter()
        .map(|rel| {
            let (style, suffix) = match rel.target {
                Some(_) => (app.theme.related, ""),
                None => (app.theme.dim, " (not in archive)"),
            };
            vec![(format!("→ {}{suffix}", rel.text), style)]
        })
        .collect();
    let title = format!("Related — {} opens", key_of(app, Action::Activate));
    picker(frame, area, app, &title, &rows, selected, 30);
}

/// Cells the links picker gives a link's text at most, so the urls after
/// it line up and still show.
const LINK_TEXT: usize = 28;

fn links(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let links = app.article_links();
    let texts = app.article_link_texts();
    let number_w = links.len().to_string().len() + 2;
    let text_w = texts
        .iter()
        .map(|t| display_width(t))
        .max()
        .unwrap_or(0)
        .min(LINK_TEXT);
    let rows: Vec<Row> = links
        .iter()
        .enumerate()
        .map(|(i, url)| {
            let text = texts.get(i).map_or("", String::as_str);
            let mut row = vec![(
                format!("{:>number_w$} ", format!("[{}]", i + 1)),
                app.theme.meta,
            )];
            if text_w > 0 {
                row.push((format!("{}  ", fit(text, text_w)), Style::new()));
            }
            row.push((url.clone(), app.theme.link));
            row
        })
        .collect();
    let open = key_of(app, Action::Activate);
    let title = match app.link_number() {
        0 => format!("Links — a number or {open} opens · y copies"),
        n => format!("Link {n}… — {open} opens it"),
    };
    picker(frame, area, app, &title, &rows, selected, 40);
}

/// Cells the highlights view gives an article's title at most.
const HIGHLIGHT_TITLE: usize = 24;

fn highlights(frame: &mut Frame, area: Rect, app: &App, selected: usize) {
    let rows = &app.hl.rows;
    let title_w = rows
        .iter()
        .filter_map(|r| app.archive.articles.get(r.article))
        .map(|a| display_width(&a.title))
        .max()
        .unwrap_or(0)
        .min(HIGHLIGHT_TITLE);
    let shown: Vec<Row> = rows
        .iter()
        .map(|r| {
            let title = app
                .archive
                .articles
                .get(r.article)
                .map_or("", |a| a.title.as_ref());
            // The quote gives way so the note (up to a third of the row)
            // and the not-found mark still show.
            let note = r
                .note
                .as_ref()
                .map(|n| format!("  ✎ {}", crate::highlight::fold_space(n)));
            let lost = r.at.is_none().then_some(" (not found in the text)");
            let room = usize::from(area.width).saturating_sub(6 + title_w + 2);
            let note_w = note.as_deref().map_or(0, display_width).min(room / 3);
            let lost_w = lost.map_or(0, display_width);
            let quote_room = room.saturating_sub(note_w + lost_w).max(12);
            let quote = format!("“{}”", crate::highlight::fold_space(&r.quote));
            let mut row = vec![
                (format!("{}  ", fit(title, title_w)), app.theme.meta),
                (truncate(&quote, quote_room), app.theme.highlight),
            ];
            if let Some(lost) = lost {
                row.push((lost.into(), app.theme.active_topic));
            }
            if let Some(note) = note {
                row.push((note, app.theme.note));
            }
            row
        })
        .collect();
    let title = format!(
        "Highlights {} — {} goes there",
        rows.len(),
        key_of(app, Action::Activate)
    );
    picker(frame, area, app, &title, &shown, selected, 50);
}
