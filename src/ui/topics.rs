//! The topics pane: every topic with whether it is on and its live counts
//! (`unread/all` of the listed articles when some are read; the count
//! alone, bold, when all are unread). In ANY mode with topics on, an
//! inactive topic shows `+N`, the articles switching it on would add. A
//! topic that would show or add nothing is dim.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{pane_block, put};
use crate::app::{App, Pane};
use crate::screen::Screen;
use crate::width::{display_width, truncate};

/// Cells a topic's name keeps before its count is shortened.
const MIN_NAME: usize = 5;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let title = format!(" Topics · {} ", app.mode.label());
    let block = pane_block(app, Pane::Topics, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    let theme = &app.theme;
    if app.topic_rows.is_empty() {
        put(buf, inner, inner.x + 1, inner.y, "No topics", theme.dim);
        return;
    }
    let height = Screen::inner_height(area);
    let width = usize::from(inner.width);
    let start = app.topics.offset.min(app.topic_rows.len());
    let end = (start + height).min(app.topic_rows.len());
    for (row, &t) in app.topic_rows[start..end].iter().enumerate() {
        let y = inner.y + row as u16;
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
        if selected {
            put(
                buf,
                inner,
                inner.x,
                y,
                super::list::SELECTED_MARK,
                base.patch(theme.accent),
            );
        }
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
    if app.topic_rows.len() > height {
        let window = (app.topics.offset, app.topic_rows.len(), height);
        super::reader::scrollbar(frame, area, Pane::Topics, window, app);
    }
}
