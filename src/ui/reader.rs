//! The reading pane: the visible window of the article's laid-out lines,
//! centred at the reading measure, with a scrollbar and a percentage.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::{pane_block, put};
use crate::app::{App, Pane};
use crate::layout::{Laid, find_matches, stretch_cells};
use crate::screen::Screen;

/// Where the window is in the article: `All` when it fits, `Top`, `End`,
/// or how far it has scrolled in percent.
pub fn position_label(scroll: usize, height: usize, total: usize) -> String {
    let max = total.saturating_sub(height);
    if max == 0 {
        "All".to_string()
    } else if scroll == 0 {
        "Top".to_string()
    } else if scroll >= max {
        "End".to_string()
    } else {
        format!("{}%", scroll * 100 / max)
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let laid = app.laid();
    let height = Screen::inner_height(area);
    let title = match app
        .article
        .and_then(|a| app.visible.iter().position(|&v| v == a))
    {
        Some(pos) => format!(" {}/{} ", pos + 1, app.visible.len()),
        None => " Reader ".to_string(),
    };
    let mut block = pane_block(app, Pane::Reader, title);
    if let Some(l) = &laid {
        let at = position_label(app.scroll, height, l.estimated_len(&app.archive));
        block = block.title_bottom(Line::from(format!(" {at} ")).right_aligned());
    }
    frame.render_widget(block, area);
    let column = app.text_column(area);
    let buf = frame.buffer_mut();
    let Some(laid) = laid else {
        let msg = if app.visible.is_empty() {
            "Nothing to read here"
        } else {
            "Select an article to read"
        };
        put(buf, column, column.x, column.y, msg, app.theme.dim);
        return;
    };
    let start = app.scroll.min(laid.lines.len());
    let end = (start + height).min(laid.lines.len());
    for (row, line) in laid.lines[start..end].iter().enumerate() {
        let y = column.y + row as u16;
        buf.set_line(column.x, y, line, column.width);
    }
    draw_highlights(buf, column, &laid, (start, end), app);
    highlight_matches(buf, column, &laid, (start, end), app);
    let total = laid.estimated_len(&app.archive);
    if total > height {
        scrollbar(frame, area, Pane::Reader, (start, total, height), app);
        highlight_marks(frame, area, &laid, (total, height), app);
        match_marks(frame, area, &laid, (total, height), app);
    }
}

/// Restyles the reader's highlights and the text being selected in the
/// visible lines, through the layout's source map; the highlight notes
/// and deleting act on gets a style of its own.
fn draw_highlights(
    buf: &mut Buffer,
    column: Rect,
    laid: &Laid,
    (start, end): (usize, usize),
    app: &App,
) {
    if app.hl.article != Some(laid.article()) {
        return;
    }
    let Some(article) = app.archive.articles.get(laid.article()) else {
        return;
    };
    let blocks = article.detail().body.blocks();
    let paint = |buf: &mut Buffer, stretch: &crate::archive::Stretch, style| {
        for (line, x, w) in stretch_cells(blocks, laid, stretch, start..end) {
            let y = column.y + (line - start) as u16;
            let x = column.x.saturating_add(x as u16);
            let w = (w as u16).min(column.right().saturating_sub(x));
            if w > 0 {
                buf.set_style(Rect::new(x, y, w, 1), style);
            }
        }
    };
    let current = app.target_highlight().map(|h| h.id.clone());
    for h in &app.hl.list {
        let Some(at) = h.at else { continue };
        let style = if current.as_ref() == Some(&h.id) {
            app.theme.highlight_current
        } else {
            app.theme.highlight
        };
        paint(buf, &at, style);
    }
    if let Some(sel) = &app.hl.selection {
        paint(buf, &sel.stretch(), app.theme.selecting);
    }
}

/// Marks on the scrollbar's track where the article's highlights lie.
fn highlight_marks(
    frame: &mut Frame,
    area: Rect,
    laid: &Laid,
    (total, height): (usize, usize),
    app: &App,
) {
    if app.hl.article != Some(laid.article()) || total == 0 {
        return;
    }
    let track = area.height.saturating_sub(2);
    let x = area.right().saturating_sub(1);
    let buf = frame.buffer_mut();
    for h in &app.hl.list {
        let Some(line) = h.at.and_then(|s| crate::layout::line_of(laid, s.from)) else {
            continue;
        };
        let row = (line * usize::from(track) / total.max(height)) as u16;
        let y = area.y + 1 + row.min(track.saturating_sub(1));
        if let Some(cell) = buf.cell_mut((x, y))
            && cell.symbol() != "█"
        {
            cell.set_symbol("◆").set_style(app.theme.highlight);
        }
    }
}

/// Restyles the search matches in the visible lines; the match `n`/`N`
/// went to gets the current-match style. Highlights are drawn over the
/// cached lines, never baked into them.
fn highlight_matches(
    buf: &mut Buffer,
    column: Rect,
    laid: &Laid,
    (start, end): (usize, usize),
    app: &App,
) {
    let (Some(query), Some(article)) = (app.search.query(), app.article) else {
        return;
    };
    let current = app.search.current_match(article);
    for f in find_matches(&app.archive, laid, query, start..end) {
        if f.line < start || f.line >= end {
            continue;
        }
        let style = if Some(f.index) == current {
            app.theme.search_current
        } else {
            app.theme.search_match
        };
        let y = column.y + (f.line - start) as u16;
        let x = column.x.saturating_add(f.x as u16);
        let w = (f.width as u16).min(column.right().saturating_sub(x));
        if w > 0 {
            buf.set_style(Rect::new(x, y, w, 1), style);
        }
    }
}

/// Marks on the scrollbar's track where the article's matches lie.
fn match_marks(
    frame: &mut Frame,
    area: Rect,
    laid: &Laid,
    (total, height): (usize, usize),
    app: &App,
) {
    let Some(query) = app.search.query() else {
        return;
    };
    // A huge article is not searched through on every frame.
    if laid.lines.len() > MARKED_LINES || total == 0 {
        return;
    }
    let track = area.height.saturating_sub(2);
    let x = area.right().saturating_sub(1);
    let buf = frame.buffer_mut();
    for f in find_matches(&app.archive, laid, query, 0..laid.lines.len()) {
        let row = (f.line * usize::from(track) / total.max(height)) as u16;
        let y = area.y + 1 + row.min(track.saturating_sub(1));
        if let Some(cell) = buf.cell_mut((x, y))
            && cell.symbol() != "█"
        {
            cell.set_symbol("▪").set_style(app.theme.search_match);
        }
    }
}

/// Articles with more lines than this get no match marks on the track.
const MARKED_LINES: usize = 20_000;

/// A scrollbar on the right border of a pane.
pub fn scrollbar(
    frame: &mut Frame,
    area: Rect,
    pane: Pane,
    (offset, total, height): (usize, usize, usize),
    app: &App,
) {
    let mut state = ScrollbarState::new(total.saturating_sub(height))
        .position(offset)
        .viewport_content_length(height);
    // The track stands in for the pane's right border, so it takes the
    // border's look: thick and bright when the pane has focus.
    let focused = app.focus == pane && app.overlay.is_none();
    let symbols = ratatui::symbols::scrollbar::Set {
        track: if focused { "┃" } else { "│" },
        thumb: "█",
        begin: "",
        end: "",
    };
    let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .symbols(symbols)
        .begin_symbol(None)
        .end_symbol(None)
        .track_style(if focused {
            app.theme.border_focused
        } else {
            app.theme.border
        })
        .thumb_style(app.theme.accent);
    frame.render_stateful_widget(
        bar,
        area.inner(Margin {
            vertical: 1,
            horizontal: 0,
        }),
        &mut state,
    );
}
