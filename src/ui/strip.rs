//! The timeline strip: one row of block bars, articles per month (or
//! year) of the list as every filter but the dates leaves it. The months
//! picked are underlined in the active topic's style and the others dim;
//! undated articles are counted at the row's end.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::put;
use crate::app::App;
use crate::timeline::{block, eighths};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let (Some(layout), Some((span_start, _))) = (app.strip_layout(), app.timeline.span) else {
        return;
    };
    let buf = frame.buffer_mut();
    let theme = &app.theme;
    // The border gives way to the strip, a space either side of it.
    let bars_end =
        layout.bars_x + layout.bars.len as u16 * layout.cell + u16::from(layout.cell == 1);
    let undated_w = crate::app::undated_width(app.timeline_undated) as u16;
    let after = crate::width::display_width(&layout.last) as u16 + undated_w;
    let used = if after > 0 {
        bars_end + after + 1
    } else {
        bars_end
    };
    let blank = " ".repeat(usize::from(used.min(area.width)));
    let focused = app.focus == crate::app::Pane::List && app.overlay.is_none();
    let border = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    put(buf, area, area.x, area.y, &blank, border);
    let sums = layout.bars.sums(&app.strip, span_start);
    let max = sums.iter().copied().max().unwrap_or(0);
    put(buf, area, area.x + 1, area.y, &layout.first, theme.dim);
    let picked = theme.active_topic.add_modifier(Modifier::UNDERLINED);
    let mut x = area.x + layout.bars_x;
    for (i, &count) in sums.iter().enumerate() {
        let (a, b) = layout.bars.bounds(i);
        let (first_day, _) = crate::timeline::month_days(a);
        let (_, last_day) = crate::timeline::month_days(b);
        let style = if !app.dates.is_set() {
            theme.accent
        } else if app.dates.contains(first_day) || app.dates.contains(last_day) {
            picked
        } else {
            theme.dim
        };
        // Bars wider than a cell keep a gap, so neighbours do not merge.
        let glyphs = usize::from(layout.cell.saturating_sub(1).max(1));
        let bar: String = std::iter::repeat_n(block(eighths(count, max)), glyphs).collect();
        put(buf, area, x, area.y, &bar, style);
        x += layout.cell;
    }
    let x = x + u16::from(layout.cell == 1);
    let x = put(buf, area, x, area.y, &layout.last, theme.dim);
    let undated = app.strip.undated;
    if app.timeline_undated > 0 {
        let text = format!(" · {undated} undated");
        // Out of the list while dates are picked: dim, but still counted.
        let style = if app.dates.is_set() {
            theme.dim
        } else {
            theme.meta
        };
        put(buf, area, x, area.y, &text, style);
    }
}
