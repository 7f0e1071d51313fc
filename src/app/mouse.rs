//! The mouse: wheel scrolling and clicks on panes, topics and links. The
//! pane (or full-screen view) under the pointer is found from the screen;
//! what a click or the wheel does there is its own (see [`crate::views`]).

use super::*;

impl App {
    // ----- mouse -------------------------------------------------------

    pub(super) fn handle_mouse(&mut self, mouse: &MouseEvent) {
        let at = Position::new(mouse.column, mouse.row);
        let s = self.screen();
        // The strip: a press on it, or a drag that started there.
        let dragging = self.drag_from.is_some()
            && matches!(
                mouse.kind,
                MouseEventKind::Drag(MouseButton::Left) | MouseEventKind::Up(MouseButton::Left)
            );
        if let Some(row) = s.strip().filter(|_| self.timeline.span.is_some())
            && (row.contains(at) || dragging)
        {
            if self.overlay.is_none() {
                self.strip_mouse(mouse, row);
                self.sync();
            }
            return;
        }
        if matches!(mouse.kind, MouseEventKind::Down(_)) {
            self.drag_from = None;
        }
        if let (Some(board), Some(rect)) = (self.board, s.board) {
            if !rect.contains(at) {
                return;
            }
            let parts = board.parts();
            match mouse.kind {
                MouseEventKind::ScrollDown | MouseEventKind::ScrollUp if self.overlay.is_none() => {
                    (parts.wheel)(self, mouse.kind == MouseEventKind::ScrollDown, rect);
                }
                MouseEventKind::Down(MouseButton::Left) => {
                    self.overlay = None;
                    (parts.click)(self, mouse, rect);
                }
                _ => {}
            }
            self.sync();
            return;
        }
        let Some((pane, rect)) = s.panes().find(|(_, r)| r.contains(at)) else {
            return;
        };
        match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                if self.overlay.is_some() {
                    return;
                }
                let down = mouse.kind == MouseEventKind::ScrollDown;
                let saved = self.focus;
                self.focus = pane;
                (pane.parts().wheel)(self, down, rect);
                self.focus = saved;
                self.sync();
            }
            MouseEventKind::Down(MouseButton::Left) => {
                self.overlay = None;
                // A click on a topic toggles it only once the pane has focus
                // and the topic is selected: the first click just points.
                self.click_focus = self.focus == pane;
                self.focus = pane;
                if mouse.row <= rect.y || mouse.row + 1 >= rect.bottom() {
                    self.sync();
                    return;
                }
                (pane.parts().click)(self, mouse, rect);
                self.sync();
            }
            // A drag in the reader selects the words it passes over.
            MouseEventKind::Drag(MouseButton::Left)
                if pane == Pane::Reader && self.overlay.is_none() =>
            {
                self.drag_to(mouse.column, mouse.row);
            }
            _ => {}
        }
    }

    /// The row of a bordered pane's content a click at `mouse` is on.
    fn row_in(mouse: &MouseEvent, rect: Rect) -> usize {
        usize::from(mouse.row.saturating_sub(rect.y + 1))
    }

    /// Scrolls a list's window three rows, the selection kept inside it.
    fn wheel_cursor(cursor: &mut Cursor, len: usize, down: bool, rect: Rect) {
        let h = Screen::inner_height(rect).max(1);
        let max_offset = len.saturating_sub(h);
        for _ in 0..3 {
            cursor.offset = if down {
                cursor.offset.saturating_add(1).min(max_offset)
            } else {
                cursor.offset.saturating_sub(1)
            };
            cursor.selected = cursor
                .selected
                .clamp(cursor.offset, cursor.offset + h - 1)
                .min(len.saturating_sub(1));
        }
    }

    pub(crate) fn wheel_list(&mut self, down: bool, rect: Rect) {
        Self::wheel_cursor(&mut self.list, self.visible.len(), down, rect);
        self.follow_selection();
    }

    pub(crate) fn wheel_topics(&mut self, down: bool, rect: Rect) {
        let len = self.facet_len();
        Self::wheel_cursor(&mut self.topics, len, down, rect);
    }

    pub(crate) fn wheel_reader(&mut self, down: bool, _rect: Rect) {
        for _ in 0..3 {
            self.update(if down { Action::Down } else { Action::Up });
        }
    }

    pub(crate) fn click_list(&mut self, mouse: &MouseEvent, rect: Rect) {
        let idx = self.list.offset + Self::row_in(mouse, rect);
        if idx < self.visible.len() {
            self.list.selected = idx;
            self.follow_selection();
        }
    }

    pub(crate) fn click_topics(&mut self, mouse: &MouseEvent, rect: Rect) {
        let idx = self.topics.offset + Self::row_in(mouse, rect);
        if idx < self.facet_len() {
            if self.click_focus && self.topics.selected == idx {
                self.toggle_facet(idx);
            }
            self.topics.selected = idx;
        }
    }

    pub(crate) fn click_reader(&mut self, mouse: &MouseEvent, rect: Rect) {
        self.hl.selection = None;
        self.press_at(mouse.column, mouse.row);
        let line = self.scroll + Self::row_in(mouse, rect);
        let target = self.laid().and_then(|l| {
            l.related
                .iter()
                .find(|(at, _)| *at == line)
                .map(|(_, article)| *article)
        });
        if let Some(article) = target {
            self.open_article(article);
        }
    }
}
