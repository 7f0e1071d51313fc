//! The date filter: a month or a range picked on the timeline strip with
//! keys or the mouse, or days given with `--since`/`--until`. It narrows
//! the list like any facet; the strip's own counts leave it out, so the
//! months around a selection still show what picking them would give.

use super::*;
use crate::timeline::{Bars, DateRange, Month};

/// Where the strip's parts sit in a row `width` cells wide: computed the
/// same way for drawing and for clicks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StripLayout {
    pub bars: Bars,
    /// Cells from the row's left to the first bar.
    pub bars_x: u16,
    /// Cells each bar takes: from two on, its last is a gap.
    pub cell: u16,
    /// What the first and the last bar are called.
    pub first: String,
    pub last: String,
}

/// Cells the strip keeps on its right for `· N undated`.
pub fn undated_width(undated: usize) -> usize {
    if undated == 0 {
        0
    } else {
        crate::width::display_width(&format!(" · {undated} undated"))
    }
}

impl StripLayout {
    /// The strip for the months `span` in a row `width` cells wide that
    /// keeps `right` cells at its end: ` First ▁▂▃ Last`.
    pub fn fit(span: (Month, Month), width: u16, right: usize) -> StripLayout {
        let width = usize::from(width);
        // Months beside month labels; else months beside the years they
        // start and end in; else years.
        let room_for = |label: usize| width.saturating_sub(1 + label + 1 + 1 + label + right);
        let months = Bars::fit(span, room_for(8));
        let short_months = Bars::fit(span, room_for(4));
        let (bars, short) = if months.months == 1 {
            (months, false)
        } else if short_months.months == 1 {
            (short_months, true)
        } else {
            let years = Bars::fit(span, room_for(4));
            if years.months == 12 {
                (years, false)
            } else {
                (Bars::fit(span, room_for(9)), false)
            }
        };
        let label = |i: usize| {
            if short {
                (bars.bounds(i).0 / 12).to_string()
            } else {
                bars.label(i)
            }
        };
        // One bar is named once.
        let first = label(0);
        let last = if bars.len > 1 {
            label(bars.len - 1)
        } else {
            String::new()
        };
        let room = width.saturating_sub(1 + first.len() + 1 + 1 + last.len() + right);
        let cell = (room / bars.len.max(1)).clamp(1, 4) as u16;
        StripLayout {
            bars_x: (1 + crate::width::display_width(&first) + 1) as u16,
            bars,
            cell,
            first,
            last,
        }
    }

    /// The bar under column `x` of the row (from its left), if any.
    pub fn bar_at(&self, x: u16) -> Option<usize> {
        let i = usize::from(x.checked_sub(self.bars_x)? / self.cell);
        (i < self.bars.len).then_some(i)
    }
}

impl App {
    /// The strip as it is laid out on screen now, if it shows.
    pub fn strip_layout(&self) -> Option<StripLayout> {
        let span = self.timeline.span?;
        let row = self.screen().strip()?;
        let right = undated_width(self.timeline_undated);
        Some(StripLayout::fit(span, row.width, right))
    }

    /// Narrows the list to `range` (none: every date).
    pub fn set_dates(&mut self, range: DateRange) {
        self.dates = range;
        self.refilter();
    }

    /// The bars of the strip now, or as a default width would lay them
    /// when the strip is not on screen.
    fn bars_now(&self) -> Option<Bars> {
        let span = self.timeline.span?;
        let layout = self.strip_layout().unwrap_or_else(|| {
            StripLayout::fit(
                span,
                self.area.width.max(60),
                undated_width(self.timeline_undated),
            )
        });
        Some(layout.bars)
    }

    /// Picks bar `bar`, or the bars from the anchor to it when a range is
    /// being stretched.
    fn pick_bar(&mut self, bars: Bars, bar: usize) {
        let (a, b) = bars.bounds(bar);
        self.date_cursor = Some(a);
        let range = match self.date_anchor {
            Some(anchor) => {
                let (c, d) = bars.bounds(bars.of(anchor));
                DateRange::months(a.min(c), b.max(d))
            }
            None => DateRange::months(a, b),
        };
        self.set_dates(range);
    }

    /// `.` / `,`: the next or previous bar with articles (as the strip
    /// counts them); the first press picks the newest (`,`) or the oldest
    /// (`.`).
    pub(super) fn step_date(&mut self, dir: isize) {
        let (Some(bars), Some((start, _))) = (self.bars_now(), self.timeline.span) else {
            self.message = Some("No article is dated".into());
            return;
        };
        let sums = bars.sums(&self.strip, start);
        // Dates given otherwise (the command line, the session) step from
        // their end.
        let cursor = self.date_cursor.or_else(|| {
            let end = self.dates.until.or(self.dates.since)?;
            Some(crate::timeline::month_of(end))
        });
        let mut bar = match cursor {
            Some(m) => bars.of(m).checked_add_signed(dir),
            None if dir < 0 => bars.len.checked_sub(1),
            None => Some(0),
        };
        while let Some(b) = bar.filter(|&b| b < bars.len) {
            if sums.get(b).is_some_and(|&n| n > 0) {
                return self.pick_bar(bars, b);
            }
            bar = b.checked_add_signed(dir);
        }
        let which = if dir < 0 { "earlier" } else { "later" };
        self.message = Some(format!("No article {which} on the timeline"));
    }

    /// `m`: from the bar picked, `.` and `,` stretch a range; again, the
    /// range stays and they move one bar again.
    pub(super) fn stretch_dates(&mut self) {
        if self.date_anchor.take().is_some() {
            return;
        }
        let Some(bars) = self.bars_now() else {
            self.message = Some("No article is dated".into());
            return;
        };
        let cursor = match self.date_cursor {
            Some(m) => m,
            None => {
                self.pick_bar(bars, bars.len.saturating_sub(1));
                self.date_cursor.unwrap_or(bars.start)
            }
        };
        self.date_anchor = Some(cursor);
        self.message = Some(format!(
            "Range from {}: {} and {} stretch it",
            bars.label(bars.of(cursor)),
            self.keymap
                .hint(Action::DatePrev, Context::Global)
                .unwrap_or_default(),
            self.keymap
                .hint(Action::DateNext, Context::Global)
                .unwrap_or_default(),
        ));
    }

    /// Every date again.
    pub(super) fn clear_dates(&mut self) {
        self.date_cursor = None;
        self.date_anchor = None;
        self.drag_from = None;
        if self.dates.is_set() {
            self.set_dates(DateRange::default());
        }
    }

    /// A press on the strip picks the bar under it (again on the only bar
    /// picked: every date again); a drag from there picks the bars it
    /// passes.
    pub(super) fn strip_mouse(&mut self, mouse: &MouseEvent, row: Rect) {
        let Some(layout) = self.strip_layout() else {
            return;
        };
        let bar = layout.bar_at(mouse.column.saturating_sub(row.x));
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let Some(bar) = bar else { return };
                let (a, b) = layout.bars.bounds(bar);
                if self.dates == DateRange::months(a, b) {
                    self.clear_dates();
                    return;
                }
                self.date_anchor = None;
                self.drag_from = Some(a);
                self.pick_bar(layout.bars, bar);
            }
            MouseEventKind::Drag(MouseButton::Left) => {
                let (Some(bar), Some(from)) = (bar, self.drag_from) else {
                    return;
                };
                let (a, b) = layout.bars.bounds(bar);
                let (c, d) = layout.bars.bounds(layout.bars.of(from));
                self.date_cursor = Some(a);
                self.set_dates(DateRange::months(a.min(c), b.max(d)));
            }
            MouseEventKind::Up(MouseButton::Left) => self.drag_from = None,
            _ => {}
        }
    }
}
