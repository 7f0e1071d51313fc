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
/// Rows the panes keep however many warnings there are.
const MIN_BODY: u16 = 4;

/// Which panes exist on screen and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Screen {
    pub header: Rect,
    pub topics: Option<Rect>,
    pub list: Option<Rect>,
    pub reader: Option<Rect>,
    /// Warnings kept above the status line, when there are any.
    pub banner: Option<Rect>,
    pub status: Rect,
    /// True when the terminal is too small to draw anything useful.
    pub too_small: bool,
}

impl Screen {
    /// Lays out the screen. `topics_shown` matters only on narrow screens
    /// (wide ones always show topics); `reader_open` says an article was
    /// opened (on narrow screens the reader then replaces the list);
    /// `banner` rows of warnings go above the status line, as many as
    /// leave the panes `MIN_BODY` rows.
    pub fn compute(area: Rect, topics_shown: bool, reader_open: bool, banner: u16) -> Screen {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return Screen {
                too_small: true,
                ..Screen::default()
            };
        }
        let header = Rect::new(area.x, area.y, area.width, 1);
        let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        let banner = banner.min(area.height - 2 - MIN_BODY);
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2 - banner);
        let banner = (banner > 0).then(|| Rect::new(area.x, body.bottom(), area.width, banner));
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
                banner,
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
            banner,
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
        let s = Screen::compute(Rect::new(0, 0, 140, 40), false, false, 0);
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
        let list = Screen::compute(area, false, false, 0);
        assert!(list.list.is_some() && list.reader.is_none() && list.topics.is_none());
        let reading = Screen::compute(area, false, true, 0);
        assert!(reading.list.is_none() && reading.reader.unwrap().width == 80);
        let topics = Screen::compute(area, true, false, 0);
        assert!(topics.topics.is_some() && topics.list.is_some());
        let tiny_topics = Screen::compute(Rect::new(0, 0, 50, 20), true, false, 0);
        assert_eq!(tiny_topics.topics.unwrap().width, 50);
    }

    #[test]
    fn warnings_take_rows_above_the_status_line_but_leave_the_panes_some() {
        let s = Screen::compute(Rect::new(0, 0, 120, 30), false, false, 3);
        let banner = s.banner.expect("a banner");
        assert_eq!((banner.y, banner.height), (26, 3));
        assert_eq!(s.list.map(|l| l.bottom()), Some(26));
        assert_eq!(s.status.y, 29);
        let crowded = Screen::compute(Rect::new(0, 0, 120, 8), false, false, 50);
        assert_eq!(crowded.list.map(|l| l.height), Some(MIN_BODY));
        assert_eq!(crowded.banner.map(|b| b.height), Some(2));
        assert!(
            Screen::compute(Rect::new(0, 0, 120, 30), false, false, 0)
                .banner
                .is_none()
        );
    }

    #[test]
    fn tiny_screens_are_flagged() {
        assert!(Screen::compute(Rect::new(0, 0, 10, 3), false, false, 0).too_small);
        assert!(Screen::compute(Rect::new(0, 0, 0, 0), true, true, 0).too_small);
    }
}
