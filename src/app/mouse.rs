//! The mouse: wheel scrolling and clicks on panes, topics and links.

use super::*;

impl App {
    // ----- mouse -------------------------------------------------------

    pub(super) fn handle_mouse(&mut self, mouse: &MouseEvent) {
        let at = Position::new(mouse.column, mouse.row);
        let s = self.screen();
        let hit = |r: Option<Rect>| r.is_some_and(|r| r.contains(at));
        let pane = if hit(s.topics) {
            Pane::Topics
        } else if hit(s.list) {
            Pane::List
        } else if hit(s.reader) {
            Pane::Reader
        } else {
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
                for _ in 0..3 {
                    match pane {
                        Pane::Reader => self.update(if down { Action::Down } else { Action::Up }),
                        _ => {
                            let facets = self.facet_len();
                            let (cursor, len, h) = match pane {
                                Pane::List => (&mut self.list, self.visible.len(), s.list),
                                _ => (&mut self.topics, facets, s.topics),
                            };
                            let h = h.map_or(1, Screen::inner_height).max(1);
                            let max_offset = len.saturating_sub(h);
                            cursor.offset = if down {
                                cursor.offset.saturating_add(1).min(max_offset)
                            } else {
                                cursor.offset.saturating_sub(1)
                            };
                            // Keep the selection inside the window.
                            cursor.selected = cursor
                                .selected
                                .clamp(cursor.offset, cursor.offset + h - 1)
                                .min(len.saturating_sub(1));
                        }
                    }
                }
                self.focus = saved;
                if pane == Pane::List {
                    self.follow_selection();
                }
                self.sync();
            }
            MouseEventKind::Down(MouseButton::Left) => {
                self.overlay = None;
                // A click on a topic toggles it only once the pane has focus
                // and the topic is selected: the first click just points.
                let was_focused = self.focus == pane;
                self.focus = pane;
                let rect = match pane {
                    Pane::Topics => s.topics,
                    Pane::List => s.list,
                    Pane::Reader => s.reader,
                };
                let Some(rect) = rect else { return };
                let row = usize::from(mouse.row.saturating_sub(rect.y + 1));
                if mouse.row <= rect.y || mouse.row + 1 >= rect.bottom() {
                    self.sync();
                    return;
                }
                match pane {
                    Pane::List => {
                        let idx = self.list.offset + row;
                        if idx < self.visible.len() {
                            self.list.selected = idx;
                            self.follow_selection();
                        }
                    }
                    Pane::Topics => {
                        let idx = self.topics.offset + row;
                        if idx < self.facet_len() {
                            if was_focused && self.topics.selected == idx {
                                self.toggle_facet(idx);
                            }
                            self.topics.selected = idx;
                        }
                    }
                    Pane::Reader => {
                        self.hl.selection = None;
                        self.press_at(mouse.column, mouse.row);
                        let line = self.scroll + row;
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
}
