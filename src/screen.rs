//! Where each pane goes for a terminal size: a pure function of the size
//! and a few bits of state, shared by `App::update` (page sizes, clicks)
//! and the renderer, so both always agree.

use ratatui::layout::Rect;

use crate::layout::MEASURE;
use crate::views::Pane;

/// Below this width the three panes do not fit side by side: the reader
/// takes the list's place while an article is open, and topics are a toggle.
/// From here the topics pane (20 columns), a list with 40 cells of title
/// (`LIST_MIN`) and a reader with 40 columns of text (`READER_MIN`) fit;
/// any narrower and one of them would be cut to where it says little.
pub const WIDE: u16 = 120;
/// The narrowest reader pane beside the others: 40 columns of text and
/// its margins.
pub const READER_MIN: u16 = 40 + READER_MARGINS;
/// Smallest screen lektyr draws a layout on; below it, a message instead.
pub const MIN_WIDTH: u16 = 24;
pub const MIN_HEIGHT: u16 = 6;
/// Rows the panes keep however many warnings there are.
const MIN_BODY: u16 = 4;

/// Cells a list row starts with: the selection, unread and star marks.
const ROW_LEAD: usize = 3;
/// Cells a list row may end with: a space and the pull-quote mark, and a
/// cell before the border.
const ROW_END: usize = 3;
/// Title cells the list keeps before its dates turn compact, and the
/// fewest a title gets from 80 columns up.
pub const ROOMY_TITLE: usize = 40;
/// Cells of a compact date (`29 Aug`, `2023`).
pub const COMPACT_DATE: usize = 6;
/// The narrowest list pane beside other panes: a title keeps
/// `ROOMY_TITLE` cells beside a compact date (borders included).
pub const LIST_MIN: u16 = (2 + ROW_LEAD + 1 + COMPACT_DATE + 1 + ROOMY_TITLE + ROW_END) as u16;

/// The date column of a list whose rows are `inner` cells wide: dates of
/// `date_width` cells while titles keep `ROOMY_TITLE` cells beside them,
/// else compact. Its width and whether it is compact.
pub fn list_dates(inner: usize, date_width: usize) -> (usize, bool) {
    if inner >= ROW_LEAD + 1 + date_width + 1 + ROOMY_TITLE + ROW_END {
        (date_width, false)
    } else {
        (COMPACT_DATE, true)
    }
}

/// The width a list pane `list_w` wide (borders included) takes instead:
/// just past the width where its dates turn from compact to full, the
/// few widths at which the full date would leave titles fewer cells than
/// the compact one did are skipped, so a wider window never cuts titles
/// shorter.
fn past_date_switch(list_w: u16, date_width: usize) -> u16 {
    let switch = 2 + ROW_LEAD + 1 + date_width + 1 + ROOMY_TITLE + ROW_END;
    let skip = switch + date_width.saturating_sub(COMPACT_DATE);
    let w = usize::from(list_w);
    if w >= switch {
        u16::try_from(w.max(skip)).unwrap_or(u16::MAX)
    } else {
        list_w
    }
}

/// Cells a title gets in a list pane `pane_width` wide (borders included)
/// with dates of `date_width` cells, in a row that ends with a mark.
pub fn title_room(pane_width: u16, date_width: usize) -> usize {
    let inner = usize::from(pane_width.saturating_sub(2));
    let (date, _) = list_dates(inner, date_width);
    inner.saturating_sub(ROW_LEAD + 1 + date + 1 + ROW_END)
}

/// Which panes exist on screen and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Screen {
    pub header: Rect,
    /// Where each pane of [`Pane::ALL`] is, when it is on screen.
    panes: [Option<Rect>; Pane::COUNT],
    /// The body, when a full-screen view (a board) takes it instead of
    /// the panes.
    pub board: Option<Rect>,
    /// Warnings kept above the status line, when there are any.
    pub banner: Option<Rect>,
    pub status: Rect,
    /// True when the terminal is too small to draw anything useful.
    pub too_small: bool,
}

/// What the layout depends on besides the terminal's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wants {
    /// The topics pane is shown (on narrow screens it then shares the
    /// screen with the list, or below 60 columns takes it).
    pub topics: bool,
    /// An article was opened: on narrow screens the reader then replaces
    /// the list.
    pub reader_open: bool,
    /// Widest the reading column gets: the reader pane is never wider than
    /// this and its margins, the list takes the rest.
    pub measure: u16,
    /// Rows of warnings above the status line; as many are given as leave
    /// the panes `MIN_BODY` rows.
    pub banner: u16,
    /// Cells of the list's dates when they are not compact.
    pub date_width: usize,
    /// A full-screen view is open: it takes the body, no pane shows.
    pub board: bool,
}

/// The narrowest list whose bottom border holds the timeline strip: its
/// labels, a few bars and the undated count.
pub const STRIP_MIN_WIDTH: u16 = 30;

impl Default for Wants {
    fn default() -> Wants {
        Wants {
            topics: false,
            reader_open: false,
            measure: MEASURE,
            banner: 0,
            date_width: 10,
            board: false,
        }
    }
}

/// Cells the reader pane takes around its text column: a border and a
/// cell of padding each side.
const READER_MARGINS: u16 = 4;

impl Screen {
    /// Where `pane` is, if on screen.
    pub fn get(&self, pane: Pane) -> Option<Rect> {
        self.panes[pane.index()]
    }

    fn set(&mut self, pane: Pane, rect: Option<Rect>) {
        self.panes[pane.index()] = rect;
    }

    /// The timeline strip's row: the list's bottom border, inside its
    /// corners. It sits under the list whose articles it counts, costs no
    /// row, and is as wide as the list at every screen width.
    pub fn strip(&self) -> Option<Rect> {
        let list = self.get(Pane::List)?;
        (list.width >= STRIP_MIN_WIDTH && list.height >= 3)
            .then(|| Rect::new(list.x + 1, list.bottom() - 1, list.width - 2, 1))
    }

    /// The panes on screen, left to right, with their rectangles.
    pub fn panes(&self) -> impl Iterator<Item = (Pane, Rect)> + '_ {
        Pane::ALL
            .into_iter()
            .filter_map(|p| self.get(p).map(|r| (p, r)))
    }

    /// Lays out the screen for `area` and what `wants` asks for.
    pub fn compute(area: Rect, wants: Wants) -> Screen {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return Screen {
                too_small: true,
                ..Screen::default()
            };
        }
        let header = Rect::new(area.x, area.y, area.width, 1);
        let status = Rect::new(area.x, area.bottom() - 1, area.width, 1);
        let banner = wants.banner.min(area.height - 2 - MIN_BODY);
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2 - banner);
        let banner = (banner > 0).then(|| Rect::new(area.x, body.bottom(), area.width, banner));
        let mut x = body.x;
        let mut remaining = body.width;
        let mut take = |w: u16| {
            let r = Rect::new(x, body.y, w.min(remaining), body.height);
            x += r.width;
            remaining -= r.width;
            r
        };
        let mut screen = Screen {
            header,
            banner,
            status,
            ..Screen::default()
        };
        if wants.board {
            screen.board = Some(take(u16::MAX));
            return screen;
        }
        if area.width >= WIDE {
            // Topics, list and reader side by side. The reader gets its
            // measure and margins, no more; the list gets what is left, but
            // never less than 9/20 of the room the two share, nor than
            // `LIST_MIN`: where the three are tight (just past `WIDE` with
            // the topics pane), the reader is what gets narrower, since
            // titles cut to a few words say nothing; `WIDE` is where it
            // still keeps `READER_MIN`.
            let topics_w = if wants.topics {
                (area.width / 6).clamp(18, 28)
            } else {
                0
            };
            if wants.topics {
                screen.set(Pane::Topics, Some(take(topics_w)));
            }
            let shared = body.width - topics_w;
            let reader_w = wants.measure.saturating_add(READER_MARGINS);
            let list_w = shared
                .saturating_sub(reader_w)
                .max(shared * 9 / 20)
                .max(LIST_MIN);
            let list_w = past_date_switch(list_w, wants.date_width).min(shared);
            screen.set(Pane::List, Some(take(list_w)));
            screen.set(Pane::Reader, Some(take(u16::MAX)).filter(|r| r.width > 0));
            return screen;
        }
        // Narrow: topics (when toggled on) beside the main pane; on very
        // narrow screens they take the whole body.
        if wants.topics {
            let topics = if area.width < 60 {
                take(u16::MAX)
            } else {
                // Narrow screens give the topics a little more room: the
                // pane shares the screen with one other, not two; less
                // where the list's dates turn full, so titles keep theirs.
                let topics_w = (area.width * 3 / 10).clamp(20, 28);
                let list_w = past_date_switch(area.width - topics_w, wants.date_width);
                take(area.width.saturating_sub(list_w).max(18))
            };
            screen.set(Pane::Topics, Some(topics));
        }
        let main = take(u16::MAX);
        let main = (main.width > 0).then_some(main);
        if wants.reader_open {
            screen.set(Pane::Reader, main);
        } else {
            screen.set(Pane::List, main);
        }
        screen
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

    fn shown(topics: bool) -> Wants {
        Wants {
            topics,
            ..Wants::default()
        }
    }

    fn reading() -> Wants {
        Wants {
            reader_open: true,
            ..Wants::default()
        }
    }

    fn with_banner(rows: u16) -> Wants {
        Wants {
            banner: rows,
            ..Wants::default()
        }
    }

    /// The list's and the reader's widths at `w` columns.
    fn widths(w: u16, topics: bool) -> (u16, u16) {
        let s = Screen::compute(Rect::new(0, 0, w, 30), shown(topics));
        let (l, r) = (
            s.get(Pane::List).expect("a list"),
            s.get(Pane::Reader).expect("a reader"),
        );
        assert_eq!(
            s.get(Pane::Topics).map_or(0, |t| t.width) + l.width + r.width,
            w,
            "the panes fill {w} columns"
        );
        (l.width, r.width)
    }

    #[test]
    fn the_reader_gets_its_measure_and_the_list_the_rest() {
        let full = MEASURE + READER_MARGINS;
        // Wide enough: the reader exactly its measure and margins.
        assert_eq!(widths(200, true), (200 - 28 - full, full));
        assert_eq!(widths(240, true), (240 - 28 - full, full));
        assert_eq!(widths(200, false), (200 - full, full));
        // Tighter: the list keeps 9/20 of what it shares with the reader,
        // and never less than `LIST_MIN`.
        // Just past where dates turn full, the list takes a few cells more.
        assert_eq!(widths(160, true), (64, 70));
        assert_eq!(widths(120, true), (LIST_MIN, 120 - 20 - LIST_MIN));
        // The list grows with the screen, the reader never past its
        // measure nor under `READER_MIN`.
        let mut last = (0, 0);
        for w in WIDE..=300 {
            let (l, r) = widths(w, true);
            assert!(l >= last.0 && r <= full, "{w}: {l} {r}");
            assert!(r >= READER_MIN, "{w}: a reader of {r} columns");
            last = (l, r);
        }
    }

    #[test]
    fn a_narrower_measure_gives_the_list_more() {
        let s = Screen::compute(
            Rect::new(0, 0, 200, 30),
            Wants {
                topics: true,
                measure: 50,
                ..Wants::default()
            },
        );
        assert_eq!(s.get(Pane::Reader).map(|r| r.width), Some(54));
    }

    #[test]
    fn hidden_topics_leave_no_pane_at_any_width() {
        for w in [60, 80, 100, 160] {
            let s = Screen::compute(Rect::new(0, 0, w, 30), shown(false));
            assert!(s.get(Pane::Topics).is_none(), "{w}");
            assert_eq!(s.get(Pane::List).map(|l| l.x), Some(0), "{w}");
        }
    }

    #[test]
    fn wide_screens_show_three_panes() {
        let s = Screen::compute(Rect::new(0, 0, 140, 40), shown(true));
        let (t, l, r) = (
            s.get(Pane::Topics).unwrap(),
            s.get(Pane::List).unwrap(),
            s.get(Pane::Reader).unwrap(),
        );
        assert_eq!(t.width + l.width + r.width, 140);
        assert!(t.right() == l.x && l.right() == r.x);
        assert_eq!(s.header.height + t.height + s.status.height, 40);
        let col = Screen::text_column(r);
        assert!(col.width <= MEASURE && col.x >= r.x + 2 && col.right() <= r.right() - 2);
    }

    #[test]
    fn narrow_screens_swap_list_and_reader() {
        let area = Rect::new(0, 0, 80, 24);
        let list = Screen::compute(area, Wants::default());
        assert!(
            list.get(Pane::List).is_some()
                && list.get(Pane::Reader).is_none()
                && list.get(Pane::Topics).is_none()
        );
        let reading = Screen::compute(area, reading());
        assert!(
            reading.get(Pane::List).is_none() && reading.get(Pane::Reader).unwrap().width == 80
        );
        let topics = Screen::compute(area, shown(true));
        assert!(topics.get(Pane::Topics).is_some() && topics.get(Pane::List).is_some());
        let tiny_topics = Screen::compute(Rect::new(0, 0, 50, 20), shown(true));
        assert_eq!(tiny_topics.get(Pane::Topics).unwrap().width, 50);
    }

    #[test]
    fn warnings_take_rows_above_the_status_line_but_leave_the_panes_some() {
        let s = Screen::compute(Rect::new(0, 0, 120, 30), with_banner(3));
        let banner = s.banner.expect("a banner");
        assert_eq!((banner.y, banner.height), (26, 3));
        assert_eq!(s.get(Pane::List).map(|l| l.bottom()), Some(26));
        assert_eq!(s.status.y, 29);
        let crowded = Screen::compute(Rect::new(0, 0, 120, 8), with_banner(50));
        assert_eq!(crowded.get(Pane::List).map(|l| l.height), Some(MIN_BODY));
        assert_eq!(crowded.banner.map(|b| b.height), Some(2));
        assert!(
            Screen::compute(Rect::new(0, 0, 120, 30), Wants::default())
                .banner
                .is_none()
        );
    }

    #[test]
    fn tiny_screens_are_flagged() {
        assert!(Screen::compute(Rect::new(0, 0, 10, 3), Wants::default()).too_small);
        assert!(Screen::compute(Rect::new(0, 0, 0, 0), reading()).too_small);
    }
}
