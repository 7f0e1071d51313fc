//! The topics pane: every topic with whether it is on and its live counts
//! (`unread/all` of the listed articles when some are read; the count
//! alone, bold, when all are unread). In ANY mode with topics on, an
//! inactive topic shows `+N`, the articles switching it on would add. A
//! topic that would show or add nothing is dim.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{pane_block, put};
use crate::app::{App, FacetRow, Pane};
use crate::screen::Screen;
use crate::width::{display_width, truncate};

/// Cells a topic's name keeps before its count is shortened.
const MIN_NAME: usize = 5;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    // A library's sources head the pane, each marked `@`.
    let title = format!(" Topics · {} ", app.mode.label());
    let block = pane_block(app, Pane::Topics, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    let theme = &app.theme;
    let rows = app.facet_len();
    if rows == 0 {
        put(buf, inner, inner.x + 1, inner.y, "No topics", theme.dim);
        return;
    }
    let height = Screen::inner_height(area);
    let width = usize::from(inner.width);
    let start = app.topics.offset.min(rows);
    let end = (start + height).min(rows);
    for (row, index) in (start..end).enumerate() {
        let y = inner.y + row as u16;
        let t = match app.facet_at(index) {
            Some(FacetRow::Topic(t)) => t,
            Some(FacetRow::Source(s)) => {
                source_row(buf, inner, y, app, s, index == app.topics.selected);
                continue;
            }
            None => continue,
        };
        let Some(topic) = app.archive.topics.get(t) else {
            continue;
        };
        let on = app.active.get(t).copied().unwrap_or(false);
        // In ANY mode with topics on, an inactive topic's number is what
        // switching it on adds (`+N`), not how many listed articles carry it.
        let adds = (!on).then(|| app.adds.get(t).copied()).flatten();
        let count = adds.unwrap_or_else(|| app.counts.get(t).copied().unwrap_or(0));
        let selected = start + row == app.topics.selected;
        let base = super::row_style(app, Pane::Topics, selected);
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        let name_style = if on {
            theme.active_topic
        } else if count == 0 {
            theme.dim
        } else {
            Style::new()
        };
        let unread = app.unread_counts.get(t).copied().unwrap_or(0);
        // All unread: the count alone, in the unread style (bold), so a
        // fresh archive reads as before; some read: `unread/all`.
        let mut count_text = match adds {
            Some(n) => format!("+{n}"),
            None if unread > 0 && unread < count => format!("{unread}/{count}"),
            None => count.to_string(),
        };
        // Big counts in a narrow pane: the name keeps a few cells, and
        // `unread/all` gives way to the unread count alone (in the unread
        // style, as when all are unread).
        if adds.is_none()
            && unread > 0
            && unread < count
            && width.saturating_sub(5 + display_width(&count_text) + 2) < MIN_NAME
        {
            count_text = unread.to_string();
        }
        let count_w = display_width(&count_text);
        mark_selected(buf, inner, y, selected, base.patch(theme.accent));
        let check = if on { "[x] " } else { "[ ] " };
        let x = put(buf, inner, inner.x + 1, y, check, base.patch(name_style));
        let name_w = width.saturating_sub(5 + count_w + 2);
        put(
            buf,
            inner,
            x,
            y,
            &truncate(&topic.name, name_w),
            base.patch(name_style),
        );
        if width > count_w + 5 {
            let cx = inner.right() - count_w as u16 - 1;
            put(
                buf,
                inner,
                cx,
                y,
                &count_text,
                base.patch(if count == 0 {
                    theme.dim
                } else if adds.is_some() {
                    theme.accent
                } else if unread > 0 {
                    theme.unread
                } else {
                    theme.meta
                }),
            );
        }
    }
    if rows > height {
        let window = (app.topics.offset, rows, height);
        super::reader::scrollbar(frame, area, Pane::Topics, window, app);
    }
}

/// A source of a library in the Sources facet: on or off, its label
/// (`@` marks a source apart from the topics below), and how many
/// articles the other filters keep of it.
fn source_row(
    buf: &mut ratatui::buffer::Buffer,
    inner: Rect,
    y: u16,
    app: &App,
    s: usize,
    selected: bool,
) {
    let theme = &app.theme;
    let on = app.active_sources.get(s).copied().unwrap_or(false);
    let count = app.source_counts.get(s).copied().unwrap_or(0);
    let base = super::row_style(app, Pane::Topics, selected);
    buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
    mark_selected(buf, inner, y, selected, base.patch(theme.accent));
    let name_style = if on {
        theme.active_topic
    } else if count == 0 {
        theme.dim
    } else {
        theme.meta
    };
    let check = if on { "[x] " } else { "[ ] " };
    let x = put(buf, inner, inner.x + 1, y, check, base.patch(name_style));
    let count_text = count.to_string();
    let count_w = display_width(&count_text);
    let width = usize::from(inner.width);
    let label = app.archive.sources.labels.get(s).map_or("", String::as_str);
    let name_w = width.saturating_sub(5 + count_w + 2);
    put(
        buf,
        inner,
        x,
        y,
        &truncate(&format!("@{label}"), name_w),
        base.patch(name_style),
    );
    if width > count_w + 5 {
        let cx = inner.right() - count_w as u16 - 1;
        let style = if count == 0 { theme.dim } else { theme.meta };
        put(buf, inner, cx, y, &count_text, base.patch(style));
    }
}

/// The selected row's mark at the pane's left edge.
fn mark_selected(
    buf: &mut ratatui::buffer::Buffer,
    inner: Rect,
    y: u16,
    selected: bool,
    style: Style,
) {
    if selected {
        put(buf, inner, inner.x, y, super::list::SELECTED_MARK, style);
    }
}
