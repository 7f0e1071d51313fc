//! Where each pane goes for a terminal size: a pure function of the size
//! and a few bits of state, shared by `App::update` (page sizes, clicks)
//! and the renderer, so both always agree.

use ratatui::layout::Rect;

use crate::layout::MEASURE;

/// Below this width the three panes do not fit side by side: the reader
/// takes the list's place while an article is open, and topics are a toggle.
pub const WIDE: u16 = 100;
/// Smallest screen lektyr draws a layout on; below it, a message instead.
pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 6;

/// Which panes exist on screen and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Screen {
    pub header: Rect,
    pub topics: Option<Rect>,
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    pub status: Rect,
    /// True when the terminal is too small to draw anything useful.
    pub too_small: bool,
}

impl Screen {
    /// Lays out the screen. `topics_shown` matters only on narrow screens
    /// (wide ones always show topics); `reader_open` says an article was
    /// opened (on narrow screens the reader then replaces the list).
    pub fn compute(area: Rect, topics_shown: bool, reader_open: bool) -> Screen {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return Screen {
                too_small: true,
                ..Screen::default()
            };
        }
        let header = Rect::new(area.x, area.y, area.width, 1);
        let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
        let wide = area.width >= WIDE;
        let topics_w = (area.width / 5).clamp(18, 28);
        let mut x = body.x;
        let mut remaining = body.width;
        let mut take = |w: u16| {
            let r = Rect::new(x, body.y, w.min(remaining), body.height);
            x += r.width;
            remaining -= r.width;
            r
        };
        if wide {
            let topics = take(topics_w);
            let list_w = ((area.width - topics_w) / 3).clamp(30, 50);
            let list = take(list_w);
            let reader = take(u16::MAX);
            return Screen {
                header,
                topics: Some(topics),
                list: Some(list),
                reader: Some(reader),
                status,
                too_small: false,
            };
        }
        // Narrow: topics (when toggled on) beside the main pane; on very
        // narrow screens they take the whole body.
        let topics = if topics_shown {
            if area.width < 60 {
                Some(take(u16::MAX))
            } else {
                // Narrow screens give the topics a little more room: the
                // pane shares the screen with one other, not two.
                Some(take((area.width * 3 / 10).clamp(20, 28)))
            }
        } else {
            None
        };
        let main = take(u16::MAX);
        let main = (main.width > 0).then_some(main);
        let (list, reader) = if reader_open {
            (None, main)
        } else {
            (main, None)
        };
        Screen {
            header,
            topics,
            list,
            reader,
            status,
            too_small: false,
        }
    }

    /// Rows of a bordered pane's content.
    pub fn inner_height(pane: Rect) -> usize {
        usize::from(pane.height.saturating_sub(2))
    }

    /// The reader's text column inside a bordered pane: one cell of padding
    /// each side, at most `MEASURE` wide, centred.
    pub fn text_column(pane: Rect) -> Rect {
        let inner_w = pane.width.saturating_sub(4);
        let w = inner_w.min(MEASURE);
        let x = pane.x + 2 + (inner_w - w) / 2;
        Rect::new(x, pane.y + 1, w, pane.height.saturating_sub(2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_screens_show_three_panes() {
        let s = Screen::compute(Rect::new(0, 0, 140, 40), false, false);
        let (t, l, r) = (s.topics.unwrap(), s.list.unwrap(), s.reader.unwrap());
        assert_eq!(t.width + l.width + r.width, 140);
        assert!(t.right() == l.x && l.right() == r.x);
        assert_eq!(s.header.height + t.height + s.status.height, 40);
        let col = Screen::text_column(r);
        assert!(col.width <= MEASURE && col.x >= r.x + 2 && col.right() <= r.right() - 2);
    }

    #[test]
    fn narrow_screens_swap_list_and_reader() {
        let area = Rect::new(0, 0, 80, 24);
        let list = Screen::compute(area, false, false);
        assert!(list.list.is_some() && list.reader.is_none() && list.topics.is_none());
        let reading = Screen::compute(area, false, true);
        assert!(reading.list.is_none() && reading.reader.unwrap().width == 80);
        let topics = Screen::compute(area, true, false);
        assert!(topics.topics.is_some() && topics.list.is_some());
        let tiny_topics = Screen::compute(Rect::new(0, 0, 50, 20), true, false);
        assert_eq!(tiny_topics.topics.unwrap().width, 50);
    }

    #[test]
    fn tiny_screens_are_flagged() {
        assert!(Screen::compute(Rect::new(0, 0, 10, 3), false, false).too_small);
        assert!(Screen::compute(Rect::new(0, 0, 0, 0), true, true).too_small);
    }
}
