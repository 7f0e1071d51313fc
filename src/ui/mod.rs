//! Drawing. Every function here borrows the state and draws it; nothing is
//! changed and nothing is laid out (the reader's lines come from the cache
//! `App::update` filled). One module per pane, plus the overlays.

mod chrome;
pub(crate) mod list;
mod overlay;
pub(crate) mod reader;
pub(crate) mod stats;
mod strip;
pub(crate) mod topics;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, BorderType, Borders};

use crate::app::{App, Pane};

pub use stats::{STATS_SECTIONS, stats_topic_at};

/// Draws the whole screen for the current state.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let screen = app.screen();
    if screen.too_small {
        chrome::too_small(frame, area);
        return;
    }
    chrome::header(frame, screen.header, app);
    if let (Some(board), Some(r)) = (app.board, screen.board) {
        (board.parts().draw)(frame, r, app);
    }
    for (pane, r) in screen.panes() {
        (pane.parts().draw)(frame, r, app);
    }
    // Over the list's bottom border.
    if let Some(r) = screen.strip() {
        strip::draw(frame, r, app);
    }
    if let Some(r) = screen.banner {
        chrome::banner(frame, r, app);
    }
    chrome::status(frame, screen.status, app);
    overlay::draw(frame, area, app);
}

/// The bordered frame of a pane, brighter when focused.
fn pane_block<'a>(app: &App, pane: Pane, title: String) -> Block<'a> {
    let focused = app.focus == pane && app.overlay.is_none();
    let style = if focused {
        app.theme.border_focused
    } else {
        app.theme.border
    };
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Rounded
        })
        .border_style(style)
        .title(title)
        .title_style(style)
}

/// The style under a row of a list pane: the selection's (bright when the
/// pane has focus) or none.
fn row_style(app: &App, pane: Pane, selected: bool) -> Style {
    if !selected {
        Style::new()
    } else if app.focus == pane && app.overlay.is_none() {
        app.theme.selection
    } else {
        app.theme.selection_unfocused
    }
}

/// Writes `text` into one row, truncated to the row by display width.
fn put(
    buf: &mut ratatui::buffer::Buffer,
    area: Rect,
    x: u16,
    y: u16,
    text: &str,
    style: Style,
) -> u16 {
    if y < area.y || y >= area.bottom() || x >= area.right() {
        return x;
    }
    let max = usize::from(area.right() - x);
    let (end, _) = buf.set_stringn(x, y, text, max, style);
    end
}
