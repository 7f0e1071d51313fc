//! The reading pane: the visible window of the article's laid-out lines,
//! centred at the reading measure, with a scrollbar and a percentage.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::{pane_block, put};
use crate::app::{App, Pane};
use crate::screen::Screen;

/// How far through the article the window's last line is, in percent.
pub fn percent(scroll: usize, height: usize, total: usize) -> usize {
    if total <= height {
        100
    } else {
        ((scroll + height).min(total) * 100) / total
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
        let pct = percent(app.scroll, height, l.lines.len());
        block = block.title_bottom(Line::from(format!(" {pct}% ")).right_aligned());
    }
    frame.render_widget(block, area);
    let column = Screen::text_column(area);
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
    if laid.lines.len() > height {
        scrollbar(frame, area, start, laid.lines.len(), height, app);
    }
}

/// A scrollbar on the right border of a pane.
pub fn scrollbar(
    frame: &mut Frame,
    area: Rect,
    offset: usize,
    total: usize,
    height: usize,
    app: &App,
) {
    let mut state = ScrollbarState::new(total.saturating_sub(height))
        .position(offset)
        .viewport_content_length(height);
    let bar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
        .begin_symbol(None)
        .end_symbol(None)
        .track_style(app.theme.border)
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
