//! Highlights and notes in the reader: selecting text by sentence, line
//! and paragraph (or with the mouse), highlighting it, a note on it, the
//! jumps between highlights, deleting and undoing, and the view of every
//! highlight in the archive.
//!
//! The reader's highlights of the article on screen are worked out once
//! (the archive's, with the reader's own copies over them, found in the
//! text) and kept here for drawing, so rendering only reads them.

use crate::action::Action;
use crate::archive::{Highlight, Pos, Stretch};
use crate::highlight::select::{End, Sentences};
use crate::highlight::{BodyText, anchor_all, capture, effective};
use crate::keymap::Key;
use crate::prompt::{Edit, Prompt};
use crate::state::Anchor;

use super::{App, Dirty, Overlay};

/// Text being selected: `from` up to `to`, and which end the keys move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub from: Pos,
    pub to: Pos,
    /// The keys move the start (after `o`), not the end.
    pub moving_start: bool,
}

impl Selection {
    pub fn stretch(&self) -> Stretch {
        Stretch {
            from: self.from,
            to: self.to,
        }
    }
}

/// One highlight change, to be undone: the reader's copy of the highlight
/// before it (`None`: there was none).
#[derive(Debug, Clone)]
struct Change {
    article: String,
    id: String,
    before: Option<Highlight>,
}

/// A row of the highlights view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub article: usize,
    pub id: String,
    pub quote: String,
    pub note: Option<String>,
    /// Where it is in the text; `None`: not found in the text.
    pub at: Option<Stretch>,
}

#[derive(Debug, Default)]
pub struct Highlights {
    /// The article the list is of.
    pub article: Option<usize>,
    /// Its highlights as the reader sees them, found in its text, in
    /// reading order (the ones not found last).
    pub list: Vec<Highlight>,
    /// The one notes, deleting and the jumps act on (by id).
    pub current: Option<String>,
    /// Notes are not shown under their highlights.
    pub notes_hidden: bool,
    /// Text being selected.
    pub selection: Option<Selection>,
    /// A note being written: its prompt and the highlight's id.
    pub note: Option<(Prompt, String)>,
    /// The rows of the highlights view while it is open.
    pub rows: Vec<Row>,
    /// The state changed under the list (loaded, merged): work it out again.
    pub(super) stale: bool,
    /// Where a mouse drag started.
    drag: Option<Pos>,
    sentences: Option<(usize, Sentences)>,
    undo: Vec<Change>,
}

/// How many changes can be undone.
const UNDO_DEPTH: usize = 100;

impl App {
    /// The blocks of the article in the reader.
    fn reader_blocks(&self) -> Option<(usize, &[crate::archive::Block])> {
        let article = self.article?;
        let a = self.archive.articles.get(article)?;
        Some((article, a.detail().body.blocks()))
    }

    /// The id of the article in the reader.
    fn reader_article_id(&self) -> Option<String> {
        let article = self.article.filter(|&a| a < self.archive.articles.len())?;
        Some(self.archive.state_key(article).into_owned())
    }

    /// Works the reader's highlights of the article on screen out again
    /// (after a change, or another article), and the notes its layout
    /// shows.
    pub(super) fn refresh_highlights(&mut self) {
        self.hl.stale = false;
        let Some(article) = self.article else {
            self.hl.article = None;
            self.hl.list.clear();
            return;
        };
        let Some(a) = self.archive.articles.get(article) else {
            return;
        };
        let own = self
            .state
            .highlights(&self.archive.state_key(article))
            .cloned()
            .unwrap_or_default();
        let mut list = if a.highlights.is_empty() && own.is_empty() {
            Vec::new()
        } else {
            effective(&a.highlights, &own)
        };
        if !list.is_empty() {
            found_in_order(&mut list, a.detail().body.blocks());
        }
        if self.hl.article != Some(article) {
            self.hl.current = None;
            self.hl.selection = None;
            self.hl.sentences = None;
        }
        self.hl.article = Some(article);
        self.hl.list = list;
        let notes = if self.hl.notes_hidden {
            Vec::new()
        } else {
            self.hl
                .list
                .iter()
                .filter_map(|h| {
                    let at = h.at?;
                    // Under the block the highlight ends in (one that ends
                    // at a block's very start ends in the one before).
                    let block = if at.to.byte == 0 && at.to.block > at.from.block {
                        at.to.block - 1
                    } else {
                        at.to.block
                    };
                    Some((block, h.note()?.to_string()))
                })
                .collect()
        };
        self.reader.cache.set_notes(article, notes);
    }

    /// Keeps the highlights in step with the article in the reader.
    pub(super) fn follow_highlights(&mut self) {
        if self.hl.article != self.article || self.hl.stale {
            self.refresh_highlights();
        }
    }

    fn sentences(&mut self) -> Option<&Sentences> {
        let (article, blocks) = self.reader_blocks()?;
        if self.hl.sentences.as_ref().map(|(a, _)| *a) != Some(article) {
            let s = Sentences::new(blocks);
            self.hl.sentences = Some((article, s));
        }
        self.hl.sentences.as_ref().map(|(_, s)| s)
    }

    /// The first body text at or below the top of the reader.
    fn top_text(&self) -> Option<Pos> {
        let laid = self.laid()?;
        let end = (self.scroll + self.reader_height()).min(laid.lines.len());
        (self.scroll..end).find_map(|l| crate::layout::line_text(&laid, l).map(|(p, _)| p))
    }

    // ----- selecting ---------------------------------------------------------

    /// `v`: selects the sentence at the top of the reader.
    pub(super) fn start_selection(&mut self) {
        let Some(pos) = self.top_text() else {
            self.message = Some("No text on screen to select".into());
            return;
        };
        let Some(s) = self.sentences().and_then(|s| s.at(pos)) else {
            self.message = Some("No text on screen to select".into());
            return;
        };
        self.hl.selection = Some(Selection {
            from: s.from,
            to: s.to,
            moving_start: false,
        });
    }

    /// Whether an action is one the selection takes.
    pub(super) fn selecting(&self) -> bool {
        self.hl.selection.is_some()
    }

    /// An action while text is selected: the selection's keys move an end,
    /// Enter highlights, `Back` lets go; scrolling scrolls; anything else
    /// lets go of the selection and does what it does.
    pub(super) fn update_selection(&mut self, action: Action) -> bool {
        let Some(sel) = self.hl.selection else {
            return false;
        };
        let moved = match action {
            Action::SelectSentenceNext => self.move_end(sel, 1, Unit::Sentence),
            Action::SelectSentencePrev => self.move_end(sel, -1, Unit::Sentence),
            Action::SelectParagraphNext => self.move_end(sel, 1, Unit::Paragraph),
            Action::SelectParagraphPrev => self.move_end(sel, -1, Unit::Paragraph),
            Action::Down => self.move_end(sel, 1, Unit::Line),
            Action::Up => self.move_end(sel, -1, Unit::Line),
            Action::SelectOtherEnd => Some(Selection {
                moving_start: !sel.moving_start,
                ..sel
            }),
            Action::Activate => {
                self.highlight_selection(sel);
                return true;
            }
            Action::Back => {
                self.hl.selection = None;
                return true;
            }
            Action::PageDown
            | Action::PageUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::Help => return false,
            _ => {
                self.hl.selection = None;
                return false;
            }
        };
        if let Some(sel) = moved {
            self.hl.selection = Some(sel);
            let end = if sel.moving_start { sel.from } else { sel.to };
            self.show_pos(end);
        }
        true
    }

    /// The selection with its moving end one unit on (`dir` 1) or back.
    fn move_end(&mut self, sel: Selection, dir: isize, unit: Unit) -> Option<Selection> {
        let end = if sel.moving_start {
            End::Start
        } else {
            End::End
        };
        let at = if sel.moving_start { sel.from } else { sel.to };
        let to = match unit {
            Unit::Line => self.line_step(at, dir, end)?,
            Unit::Sentence | Unit::Paragraph => {
                let s = self.sentences()?;
                match (unit, dir > 0) {
                    (Unit::Sentence, true) => s.next(at, end)?,
                    (Unit::Sentence, false) => s.prev(at, end)?,
                    (_, true) => s.next_paragraph(at, end)?,
                    (_, false) => s.prev_paragraph(at, end)?,
                }
            }
        };
        let next = if sel.moving_start {
            Selection { from: to, ..sel }
        } else {
            Selection { to, ..sel }
        };
        (next.from < next.to).then_some(next)
    }

    /// The place one line on from `at` (or back): the end of the next
    /// line's text, or the start of it when moving a start.
    fn line_step(&self, at: Pos, dir: isize, end: End) -> Option<Pos> {
        let laid = self.laid()?;
        // The line the place is on: for an end, the line of its last byte.
        let probe = match end {
            End::End => Pos::new(at.block, at.byte.saturating_sub(1)),
            End::Start => at,
        };
        let line = crate::layout::line_of(&laid, probe)?;
        let mut l = line;
        loop {
            l = l.checked_add_signed(dir)?;
            if l >= laid.lines.len() {
                return None;
            }
            if let Some((first, last)) = crate::layout::line_text(&laid, l) {
                return Some(match end {
                    End::Start => first,
                    End::End => last,
                });
            }
        }
    }

    /// Scrolls as little as shows `pos`.
    fn show_pos(&mut self, pos: Pos) {
        let Some(laid) = self.laid() else { return };
        let Some(line) = crate::layout::line_of(&laid, pos) else {
            return;
        };
        let h = self.reader_height();
        if line < self.scroll {
            self.scroll = line;
        } else if line >= self.scroll + h {
            self.scroll = line + 1 - h;
        }
    }

    /// Enter on a selection: it becomes a highlight of the reader's own.
    fn highlight_selection(&mut self, sel: Selection) {
        self.hl.selection = None;
        let Some((article, blocks)) = self.reader_blocks() else {
            return;
        };
        let body = BodyText::new(blocks);
        let stretch = sel.stretch();
        let Some((quote, prefix, suffix)) = capture(&body, &stretch) else {
            self.message = Some("Nothing to highlight there".into());
            return;
        };
        if article >= self.archive.articles.len() {
            return;
        }
        let now = crate::state::now();
        let taken = |id: &str| self.hl.list.iter().any(|h| h.id == id);
        let mut id = format!("h{now}");
        let mut n = 1;
        while taken(&id) {
            n += 1;
            id = format!("h{now}-{n}");
        }
        let h = Highlight {
            id: id.clone(),
            quote,
            prefix,
            suffix,
            created: now,
            updated: now,
            at: Some(stretch),
            ..Highlight::default()
        };
        let article_id = self.archive.state_key(article).into_owned();
        self.change_highlight(&article_id, h, now);
        self.hl.current = Some(id);
        let note = self.keymap.hint(
            Action::EditNote,
            crate::keymap::Context::Pane(super::Pane::Reader),
        );
        let undo = self.keymap.hint(
            Action::Undo,
            crate::keymap::Context::Pane(super::Pane::Reader),
        );
        self.message = Some(match (note, undo) {
            (Some(n), Some(u)) => format!("Highlighted — {n} adds a note, {u} undoes"),
            _ => "Highlighted".into(),
        });
    }

    /// Stores the reader's copy of a highlight (remembering the one before
    /// it for undo) and shows the change.
    fn change_highlight(&mut self, article_id: &str, h: Highlight, now: crate::state::Stamp) {
        let before = self
            .state
            .highlights(article_id)
            .and_then(|m| m.get(&h.id))
            .cloned();
        let id = h.id.clone();
        if self.state.set_highlight(article_id, h, now) {
            self.hl.undo.push(Change {
                article: article_id.to_string(),
                id,
                before,
            });
            if self.hl.undo.len() > UNDO_DEPTH {
                self.hl.undo.remove(0);
            }
            self.touch(Dirty::Now);
        }
        self.refresh_highlights();
    }

    // ----- the highlight acted on ------------------------------------------

    /// The highlight notes and deleting act on: the current one while it is
    /// on screen, else the first one on screen.
    pub fn target_highlight(&self) -> Option<&Highlight> {
        let laid = self.laid()?;
        let (top, h) = (self.scroll, self.reader_height());
        let on_screen = |x: &Highlight| {
            x.at.and_then(|s| crate::layout::line_of(&laid, s.from))
                .zip(x.at.and_then(|s| crate::layout::line_of(&laid, s.to)))
                .is_some_and(|(a, b)| a < top + h && b >= top)
        };
        let current = self
            .hl
            .current
            .as_ref()
            .and_then(|id| self.hl.list.iter().find(|x| &x.id == id))
            .filter(|x| on_screen(x));
        current.or_else(|| self.hl.list.iter().find(|x| on_screen(x)))
    }

    /// `>`/`<`: the next highlight below the top of the reader (or the last
    /// one above it), brought a few lines under the top.
    pub(super) fn jump_highlight(&mut self, dir: isize) {
        let Some(laid) = self.laid() else { return };
        let current = self.hl.current.as_ref().and_then(|id| {
            self.hl
                .list
                .iter()
                .position(|h| &h.id == id && h.at.is_some())
        });
        let lines: Vec<(usize, usize)> = self
            .hl
            .list
            .iter()
            .enumerate()
            .filter_map(|(i, h)| Some((i, crate::layout::line_of(&laid, h.at?.from)?)))
            .collect();
        drop(laid);
        let context = (self.reader_height() / 3).min(3);
        let top = self.scroll + context;
        let next = if dir > 0 {
            lines
                .iter()
                .find(|(i, l)| *l > top || (*l == top && current.is_some_and(|c| *i > c)))
        } else {
            lines
                .iter()
                .rev()
                .find(|(i, l)| *l < top || (*l == top && current.is_some_and(|c| *i < c)))
        };
        match next {
            Some(&(i, line)) => {
                self.hl.current = self.hl.list.get(i).map(|h| h.id.clone());
                self.scroll = line.saturating_sub(context);
                self.moved_to_scroll();
                let n = self.hl.list.iter().filter(|h| h.at.is_some()).count();
                let k = lines.iter().position(|(j, _)| *j == i).map_or(0, |k| k + 1);
                self.message = Some(format!("Highlight {k} of {n}"));
            }
            None if lines.is_empty() => {
                self.message = Some("No highlights in this article".into());
            }
            None => {
                self.message = Some(if dir > 0 {
                    "No more highlights below".into()
                } else {
                    "No more highlights above".into()
                });
            }
        }
    }

    /// `e`: opens the prompt with the note of the highlight acted on.
    pub(super) fn edit_note(&mut self) {
        let Some(h) = self.target_highlight() else {
            self.message = Some("No highlight on screen".into());
            return;
        };
        let prompt = Prompt::with_text(h.note.as_deref().unwrap_or(""));
        let id = h.id.clone();
        self.hl.current = Some(id.clone());
        self.hl.note = Some((prompt, id));
    }

    /// A key while the note prompt is open.
    pub(super) fn note_key(&mut self, key: Key) {
        let Some((prompt, id)) = self.hl.note.as_mut() else {
            return;
        };
        match prompt.apply(key) {
            Edit::Submit => {
                // Typed (or pasted) text, kept as text and shown as text.
                let text = crate::archive::sanitize(prompt.text().trim()).into_owned();
                let id = id.clone();
                self.hl.note = None;
                self.set_note(&id, (!text.is_empty()).then_some(text));
            }
            Edit::Cancel => self.hl.note = None,
            _ => {}
        }
    }

    fn set_note(&mut self, id: &str, note: Option<String>) {
        let Some(h) = self.hl.list.iter().find(|h| h.id == id).cloned() else {
            return;
        };
        if h.note == note {
            return;
        }
        let Some(article_id) = self.reader_article_id() else {
            return;
        };
        let now = crate::state::now();
        let said = if note.is_some() {
            "Note kept"
        } else {
            "Note removed"
        };
        self.change_highlight(&article_id, Highlight { note, ..h }, now);
        self.message = Some(said.into());
    }

    /// `x`: deletes the highlight acted on, with its note.
    pub(super) fn delete_highlight(&mut self) {
        let Some(h) = self.target_highlight().cloned() else {
            self.message = Some("No highlight on screen".into());
            return;
        };
        let Some(article_id) = self.reader_article_id() else {
            return;
        };
        let now = crate::state::now();
        self.change_highlight(&article_id, Highlight { deleted: true, ..h }, now);
        let undo = self.keymap.hint(
            Action::Undo,
            crate::keymap::Context::Pane(super::Pane::Reader),
        );
        self.message = Some(match undo {
            Some(u) => format!("Highlight deleted — {u} undoes"),
            None => "Highlight deleted".into(),
        });
    }

    /// `z`: undoes the last highlight change (made, noted or deleted) of
    /// this session.
    pub(super) fn undo_highlight(&mut self) {
        let Some(change) = self.hl.undo.pop() else {
            self.message = Some("Nothing to undo".into());
            return;
        };
        let now = crate::state::now();
        // What there was before: the reader's copy, else the archive's own,
        // else nothing (a highlight made here: deleted again).
        let restored = change.before.clone().or_else(|| {
            self.archive
                .find_state_key(&change.article)
                .and_then(|i| self.archive.articles.get(i))
                .and_then(|a| a.highlights.iter().find(|h| h.id == change.id).cloned())
        });
        let h = match restored {
            Some(h) => h,
            None => {
                let Some(mine) = self
                    .state
                    .highlights(&change.article)
                    .and_then(|m| m.get(&change.id))
                    .cloned()
                else {
                    return;
                };
                Highlight {
                    deleted: true,
                    ..mine
                }
            }
        };
        self.state.set_highlight(&change.article, h, now);
        self.touch(Dirty::Now);
        self.refresh_highlights();
        self.message = Some("Undone".into());
    }

    /// `E`: shows or hides the notes under their highlights.
    pub(super) fn toggle_notes(&mut self) {
        self.hl.notes_hidden = !self.hl.notes_hidden;
        self.refresh_highlights();
        self.message = Some(if self.hl.notes_hidden {
            "Notes hidden".into()
        } else {
            "Notes shown".into()
        });
    }

    // ----- the mouse ---------------------------------------------------------

    /// The body text under a cell of the reader, if any.
    fn pos_under(&self, column: u16, row: u16) -> Option<Pos> {
        let pane = self.screen().get(super::Pane::Reader)?;
        let text = self.text_column(pane);
        if row < text.y || row >= text.bottom() {
            return None;
        }
        let laid = self.laid()?;
        let line = self.scroll + usize::from(row - text.y);
        let (_, blocks) = self.reader_blocks()?;
        crate::layout::pos_at(blocks, &laid, line, column.saturating_sub(text.x))
    }

    /// A press in the reader: a drag from here selects.
    pub(super) fn press_at(&mut self, column: u16, row: u16) {
        self.hl.drag = self.pos_under(column, row);
    }

    /// A drag in the reader: the words from where it started to here.
    pub(super) fn drag_to(&mut self, column: u16, row: u16) {
        let (Some(start), Some(now)) = (self.hl.drag, self.pos_under(column, row)) else {
            return;
        };
        let Some((_, blocks)) = self.reader_blocks() else {
            return;
        };
        let (a, b) = if now < start {
            (now, start)
        } else {
            (start, now)
        };
        let from = Sentences::word_edge(blocks, a, End::Start);
        let to = Sentences::word_edge(blocks, b, End::End);
        if from < to {
            self.hl.selection = Some(Selection {
                from,
                to,
                moving_start: false,
            });
        }
    }

    // ----- the highlights view -----------------------------------------------

    /// `H`: every highlight of the articles the list shows, in list order.
    pub(super) fn open_highlights_view(&mut self) {
        let mut rows = Vec::new();
        for &article in &self.visible {
            let Some(a) = self.archive.articles.get(article) else {
                continue;
            };
            let own = self.state.highlights(&self.archive.state_key(article));
            if a.highlights.is_empty() && own.is_none_or(|m| m.is_empty()) {
                continue;
            }
            let mut list = effective(&a.highlights, &own.cloned().unwrap_or_default());
            found_in_order(&mut list, a.detail().body.blocks());
            rows.extend(list.into_iter().map(|h| Row {
                article,
                id: h.id,
                quote: h.quote,
                note: h.note.filter(|n| !n.trim().is_empty()),
                at: h.at,
            }));
        }
        if rows.is_empty() {
            self.message = Some("No highlights in the articles shown".into());
            return;
        }
        self.hl.rows = rows;
        self.overlay = Some(Overlay::Highlights { selected: 0 });
    }

    /// Enter in the highlights view: the article, at the highlight.
    pub(super) fn go_to_highlight(&mut self, row: usize) {
        let Some(row) = self.hl.rows.get(row).cloned() else {
            return;
        };
        self.overlay = None;
        self.open_article(row.article);
        self.refresh_highlights();
        self.hl.current = Some(row.id.clone());
        match row.at {
            Some(at) => {
                // A line of context above it.
                self.reader.pending = Some(Anchor {
                    block: Some(at.from.block),
                    at: Some(crate::layout::text_place(at.from.byte)),
                    ..Anchor::default()
                });
            }
            None => {
                self.message = Some("That highlight is not found in the text".into());
            }
        }
    }

    /// Whether an article has highlights the reader sees (for the
    /// highlighted-only view).
    pub fn has_highlights(&self, article: usize) -> bool {
        let Some(a) = self.archive.articles.get(article) else {
            return false;
        };
        let own = self.state.highlights(&self.archive.state_key(article));
        let mine = own.is_some_and(|m| m.values().any(|h| !h.deleted));
        mine || a
            .highlights
            .iter()
            .any(|h| own.and_then(|m| m.get(&h.id)).is_none_or(|o| !o.deleted))
    }
}

/// Finds each highlight in `blocks` and puts them in reading order, the
/// ones not found last (oldest first).
fn found_in_order(list: &mut [Highlight], blocks: &[crate::archive::Block]) {
    anchor_all(list, blocks);
    list.sort_by(|x, y| match (x.at, y.at) {
        (Some(p), Some(q)) => p.cmp(&q),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => x.created.cmp(&y.created),
    });
}

#[derive(Debug, Clone, Copy)]
enum Unit {
    Sentence,
    Line,
    Paragraph,
}
