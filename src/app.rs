//! The application state and `update`, the only place it changes. Pure:
//! no terminal here, so every key sequence can be tested directly. Offsets
//! are `usize` and clamp with saturating arithmetic; the reader's lines come
//! from the layout cache, laid out once per (article, width).

use std::rc::Rc;

use ratatui::crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::action::Action;
use crate::archive::Archive;
use crate::config::DateFormat;
use crate::facets::Facets;
use crate::keymap::{Context, Key, Keymap};
use crate::layout::{Laid, LayoutCache};
use crate::screen::Screen;
use crate::state::{Anchor, ArchiveState, Focus, Match, Session, View};
use crate::theme::Theme;

pub use crate::facets::topic_totals;

/// The panes that can have focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Topics,
    List,
    Reader,
}

/// How several active topics combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatchMode {
    /// An article matches when it has any active topic.
    #[default]
    Any,
    /// An article matches when it has every active topic.
    All,
}

impl MatchMode {
    pub fn label(self) -> &'static str {
        match self {
            MatchMode::Any => "ANY",
            MatchMode::All => "ALL",
        }
    }
}

/// A selection in a scrolled list: the selected row and the first row shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Moves the selection by `delta` rows within `len`, then scrolls so it
    /// stays within a window of `height` rows.
    fn step(&mut self, delta: isize, len: usize, height: usize) {
        let target = self.selected.saturating_add_signed(delta);
        self.select(target, len, height);
    }

    fn select(&mut self, index: usize, len: usize, height: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.follow(height);
    }

    /// Applies a movement action to a list of `len` rows shown `height` at
    /// a time; false when `action` is not a movement.
    fn apply(&mut self, action: Action, len: usize, height: usize) -> bool {
        let page = height as isize;
        let half = (height / 2).max(1) as isize;
        match action {
            Action::Down => self.step(1, len, height),
            Action::Up => self.step(-1, len, height),
            Action::Top => self.select(0, len, height),
            Action::Bottom => self.select(len.saturating_sub(1), len, height),
            Action::PageDown => self.step(page, len, height),
            Action::PageUp => self.step(-page, len, height),
            Action::HalfPageDown => self.step(half, len, height),
            Action::HalfPageUp => self.step(-half, len, height),
            _ => return false,
        }
        true
    }

    /// Keeps the selected row inside the window.
    fn follow(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }
}

/// An overlay drawn over the panes; it takes the keys while open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: usize },
    Related { selected: usize },
}

/// What the header says about where the archive came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The sample archive built into the binary.
    Sample,
    /// A file, as the user named it.
    File(String),
}

/// How soon the state must be saved after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dirty {
    /// A position or the selection moved: saving within a moment is enough.
    Soon,
    /// A mark or filter changed: save now.
    Now,
}

pub struct App {
    pub archive: Archive,
    pub source: Source,
    pub theme: Theme,
    pub keymap: Keymap,
    pub focus: Pane,
    /// Active topics, by topic index.
    pub active: Vec<bool>,
    pub mode: MatchMode,
    /// Articles shown in the list, in list order (indices into the archive).
    pub visible: Vec<usize>,
    /// Per topic: how many of the visible articles carry it.
    pub counts: Vec<usize>,
    /// Per topic: how many articles of the archive carry it.
    pub totals: Vec<usize>,
    /// Rows of the topics pane: topic indices, most used first.
    pub topic_rows: Vec<usize>,
    pub list: Cursor,
    pub topics: Cursor,
    /// The article in the reader (it follows the list selection).
    pub article: Option<usize>,
    /// First line of the article shown in the reader.
    pub scroll: usize,
    /// An article was opened: on narrow screens the reader is showing.
    pub reader_open: bool,
    /// The topics pane is toggled on (narrow screens; wide ones always show it).
    pub topics_shown: bool,
    pub overlay: Option<Overlay>,
    /// The terminal size.
    pub area: Rect,
    /// A one-off note for the status line, cleared by the next key.
    pub message: Option<String>,
    pub should_quit: bool,
    /// The remembered state of this archive; the marks below mirror it.
    pub state: ArchiveState,
    /// Per article: read.
    pub read: Vec<bool>,
    /// Per article: starred.
    pub starred: Vec<bool>,
    /// Per topic: how many visible articles carrying it are unread.
    pub unread_counts: Vec<usize>,
    /// Unread articles in the whole archive.
    pub unread_total: usize,
    /// Which articles the list shows on top of the topic filter.
    pub view: View,
    /// Widest the reading column gets.
    pub measure: u16,
    /// Cells the list's date column takes (dates are written as
    /// `theme.dates` says).
    pub date_width: usize,
    /// The state changed and should be saved (the TUI clears it).
    pub dirty: Option<Dirty>,
    cache: LayoutCache,
    facets: Facets,
    /// Where to put the reader once the article is laid out: the anchor
    /// of a newly shown article, or the place kept across a resize.
    pending: Option<Anchor>,
    /// (article, scroll) last restored or remembered, so only the user's
    /// own scrolling is recorded as a new position.
    placed: Option<(usize, usize)>,
    /// The article last counted as read by being shown in the reader.
    reading: Option<usize>,
}

impl App {
    pub fn new(archive: Archive, source: Source, area: Rect) -> App {
        let topic_count = archive.topics.len();
        let article_count = archive.articles.len();
        let (totals, topic_rows) = topic_totals(&archive);
        let mut app = App {
            visible: archive.order.clone(),
            counts: totals.clone(),
            totals,
            topic_rows,
            active: vec![false; topic_count],
            archive,
            source,
            theme: Theme::default(),
            keymap: Keymap::default(),
            focus: Pane::List,
            mode: MatchMode::Any,
            list: Cursor::default(),
            topics: Cursor::default(),
            article: None,
            scroll: 0,
            reader_open: false,
            topics_shown: false,
            overlay: None,
            area,
            message: None,
            should_quit: false,
            state: ArchiveState::default(),
            read: Vec::new(),
            starred: Vec::new(),
            unread_counts: Vec::new(),
            unread_total: article_count,
            view: View::All,
            measure: crate::layout::MEASURE,
            date_width: 10,
            dirty: None,
            cache: LayoutCache::new(),
            facets: Facets::default(),
            pending: None,
            placed: None,
            reading: None,
        };
        app.facets = Facets::new(&app.archive);
        app.read_marks();
        app.recount();
        app.article = app.visible.first().copied();
        app.sync();
        app
    }

    /// Activates the topics named (case-insensitively, trimmed) in `names`;
    /// returns the names that match no topic.
    pub fn preselect_topics<'a>(&mut self, names: &'a [String]) -> Vec<&'a str> {
        let mut unknown = Vec::new();
        for name in names {
            let key = name.trim().to_lowercase();
            match self.archive.topics.iter().position(|t| t.key == key) {
                Some(t) => self.active[t] = true,
                None => unknown.push(name.as_str()),
            }
        }
        self.refilter();
        unknown
    }

    // ----- remembered state -------------------------------------------

    /// Takes over a loaded state: marks, then the session (filters, view,
    /// selection, reader, position). Ids and topics no longer in the
    /// archive are skipped.
    pub fn restore(&mut self, state: ArchiveState) {
        self.adopt(state);
        let Some(session) = self.state.session.clone() else {
            return;
        };
        self.mode = match session.mode {
            Match::Any => MatchMode::Any,
            Match::All => MatchMode::All,
        };
        self.active.iter_mut().for_each(|a| *a = false);
        for key in &session.topics {
            if let Some(t) = self.archive.topics.iter().position(|t| &t.key == key) {
                self.active[t] = true;
            }
        }
        self.view = session.view;
        self.refilter();
        let find = |id: &Option<String>| id.as_deref().and_then(|id| self.archive.find_id(id));
        let selected = find(&session.selected);
        if let Some(pos) = selected.and_then(|s| self.visible.iter().position(|&a| a == s)) {
            let h = self.list_height();
            self.list.select(pos, self.visible.len(), h);
        }
        if let Some(article) = find(&session.article).or(selected) {
            self.set_article(Some(article));
            if session.reader_open {
                self.reader_open = true;
                self.focus = Pane::Reader;
                // Already read when it was left; a `u` then must stay.
                self.reading = Some(article);
            }
        }
        self.focus = match session.focus {
            Focus::Topics => Pane::Topics,
            Focus::List => Pane::List,
            Focus::Reader if self.reader_open => Pane::Reader,
            Focus::Reader => Pane::List,
        };
        if self.focus == Pane::Topics && !self.is_wide() {
            self.topics_shown = true;
        }
        self.sync();
        self.dirty = None;
    }

    /// Takes over `state` (a merge of ours and another process's) as the
    /// marks shown. The list is not refiltered, so nothing jumps.
    pub fn adopt(&mut self, state: ArchiveState) {
        self.state = state;
        self.read_marks();
        self.recount();
    }

    /// The read and star flags from the state; an article the reader never
    /// marked takes the marks its source format carried (a Wallabag star).
    fn read_marks(&mut self) {
        let (read, starred) = self
            .archive
            .articles
            .iter()
            .map(|a| {
                let own = self.state.article(&a.id);
                let read = own.and_then(|s| s.read.is_set().then_some(s.read.on));
                let starred = own.and_then(|s| s.starred.is_set().then_some(s.starred.on));
                (
                    read.unwrap_or(a.seed.read),
                    starred.unwrap_or(a.seed.starred),
                )
            })
            .unzip();
        self.read = read;
        self.starred = starred;
    }

    /// The session as it stands, for the state file.
    pub fn session(&self) -> Session {
        let id = |a: Option<usize>| {
            a.and_then(|a| self.archive.articles.get(a))
                .map(|a| a.id.clone())
        };
        Session {
            selected: id(self.selected_article()),
            article: id(self.article.filter(|&a| Some(a) != self.selected_article())),
            topics: self
                .active_topics()
                .filter_map(|t| self.archive.topics.get(t))
                .map(|t| t.key.clone())
                .collect(),
            mode: match self.mode {
                MatchMode::Any => Match::Any,
                MatchMode::All => Match::All,
            },
            view: self.view,
            reader_open: self.reader_open,
            focus: match self.focus {
                Pane::Topics => Focus::Topics,
                Pane::List => Focus::List,
                Pane::Reader => Focus::Reader,
            },
            at: 0,
        }
    }

    /// Hands the pending save to the caller (the TUI), clearing it.
    pub fn take_dirty(&mut self) -> Option<Dirty> {
        self.dirty.take()
    }

    fn touch(&mut self, how: Dirty) {
        self.dirty = self.dirty.max(Some(how));
    }

    pub fn is_read(&self, article: usize) -> bool {
        self.read.get(article).copied().unwrap_or(false)
    }

    pub fn is_starred(&self, article: usize) -> bool {
        self.starred.get(article).copied().unwrap_or(false)
    }

    /// Marks `article` read or unread.
    pub fn set_read(&mut self, article: usize, on: bool) {
        let Some(a) = self.archive.articles.get(article) else {
            return;
        };
        if self.state.set_read(&a.id, on, crate::state::now()) {
            self.touch(Dirty::Now);
        }
        let Some(r) = self.read.get_mut(article) else {
            return;
        };
        if *r == on {
            return;
        }
        *r = on;
        // Adjust the counts for this one article rather than recounting
        // the archive: marking happens on every article opened.
        if on {
            self.unread_total = self.unread_total.saturating_sub(1);
        } else {
            self.unread_total += 1;
        }
        if self.visible.contains(&article) {
            for &t in self.facets.topics_of(article) {
                if let Some(n) = self.unread_counts.get_mut(t as usize) {
                    *n = if on { n.saturating_sub(1) } else { *n + 1 };
                }
            }
        }
    }

    fn set_starred(&mut self, article: usize, on: bool) {
        let Some(a) = self.archive.articles.get(article) else {
            return;
        };
        if self.state.set_starred(&a.id, on, crate::state::now()) {
            self.touch(Dirty::Now);
        }
        if let Some(s) = self.starred.get_mut(article) {
            *s = on;
        }
    }

    /// The article `u` and `s` act on: the one being read when the reader
    /// has focus, else the list's selection.
    fn target_article(&self) -> Option<usize> {
        if self.focus == Pane::Reader {
            self.article
        } else {
            self.selected_article()
        }
    }

    fn toggle_read(&mut self) {
        if let Some(a) = self.target_article() {
            let on = !self.is_read(a);
            self.set_read(a, on);
            self.message = Some(if on { "Marked read" } else { "Marked unread" }.into());
        }
    }

    fn toggle_star(&mut self) {
        if let Some(a) = self.target_article() {
            let on = !self.is_starred(a);
            self.set_starred(a, on);
            self.message = Some(if on { "Starred" } else { "Star removed" }.into());
        }
    }

    /// Switches the list to `view` (combined with the topic filter).
    pub fn set_view(&mut self, view: View) {
        self.view = view;
        self.refilter();
    }

    /// Sets the list's date format; the date column takes the width of the
    /// longest date it can produce.
    pub fn set_date_format(&mut self, format: DateFormat) {
        self.date_width = (1..=12)
            .map(|m| crate::width::display_width(&format.format(&format!("2000-{m:02}-28"))))
            .max()
            .unwrap_or(10)
            .clamp(1, 24);
        self.theme.dates = format;
    }

    /// An article's date as the list shows it.
    pub fn list_date(&self, date: &crate::archive::Date) -> String {
        match &date.day {
            Some(day) => self.theme.dates.format(day),
            None => date.text.clone(),
        }
    }

    fn toggle_view(&mut self, view: View) {
        self.view = if self.view == view { View::All } else { view };
        self.refilter();
        self.message = Some(
            match self.view {
                View::All => "Showing all articles",
                View::Unread => "Showing unread articles only",
                View::Starred => "Showing starred articles only",
            }
            .into(),
        );
    }

    /// Moves to the next (`dir` 1) or previous (-1) unread article of the
    /// list; from the reader it opens it.
    fn jump_unread(&mut self, dir: isize) {
        let from = self
            .article
            .and_then(|a| self.visible.iter().position(|&v| v == a))
            .unwrap_or(self.list.selected);
        let found = if dir > 0 {
            self.visible
                .iter()
                .enumerate()
                .skip(from + 1)
                .find(|&(_, &a)| !self.is_read(a))
                .map(|(p, _)| p)
        } else {
            self.visible[..from.min(self.visible.len())]
                .iter()
                .rposition(|&a| !self.is_read(a))
        };
        let Some(pos) = found else {
            let where_ = if dir > 0 { "below" } else { "above" };
            self.message = Some(format!("No unread article {where_} this one"));
            return;
        };
        let h = self.list_height();
        self.list.select(pos, self.visible.len(), h);
        self.follow_selection();
    }

    /// Per-topic unread counts of the visible articles, and the total.
    fn recount(&mut self) {
        self.unread_total = self.read.iter().filter(|r| !**r).count();
        self.unread_counts.clear();
        self.unread_counts.resize(self.archive.topics.len(), 0);
        for &i in &self.visible {
            if self.read.get(i).copied().unwrap_or(false) {
                continue;
            }
            for &t in self.facets.topics_of(i) {
                if let Some(n) = self.unread_counts.get_mut(t as usize) {
                    *n += 1;
                }
            }
        }
    }

    /// After a change: an article shown in the focused reader counts as
    /// read; a scroll the user made is recorded as the article's position;
    /// the session is recorded.
    fn remember(&mut self) {
        let reading = if self.reader_open && self.focus == Pane::Reader {
            self.article
        } else {
            None
        };
        if reading != self.reading {
            if let Some(a) = reading {
                self.set_read(a, true);
            }
            self.reading = reading;
        }
        if self.pending.is_none()
            && let Some(article) = self.article
            && self.placed != Some((article, self.scroll))
            && let Some(laid) = self.laid()
            && let Some(a) = self.archive.articles.get(article)
        {
            let anchor = Anchor::at(&laid, self.scroll);
            if self
                .state
                .set_anchor(&a.id, Some(anchor), crate::state::now())
            {
                self.touch(Dirty::Soon);
            }
            self.placed = Some((article, self.scroll));
        }
        if self.state.set_session(self.session(), crate::state::now()) {
            self.touch(Dirty::Soon);
        }
    }

    // ----- reading state --------------------------------------------------

    pub fn screen(&self) -> Screen {
        Screen::compute(self.area, self.topics_shown, self.reader_open)
    }

    pub fn is_wide(&self) -> bool {
        self.area.width >= crate::screen::WIDE
    }

    /// The width the reader lays text out at, if the reader is on screen.
    pub fn reader_width(&self) -> Option<u16> {
        self.screen()
            .reader
            .map(|r| self.text_column(r).width)
            .filter(|w| *w > 0)
    }

    /// The reader's text column in pane `pane`: at most `measure` wide,
    /// centred.
    pub fn text_column(&self, pane: Rect) -> Rect {
        let col = Screen::text_column(pane);
        let w = col.width.min(self.measure.max(1));
        Rect::new(col.x + (col.width - w) / 2, col.y, w, col.height)
    }

    /// The laid-out article in the reader, if it is on screen. Only reads
    /// the cache: `update` has laid it out already.
    pub fn laid(&self) -> Option<Rc<Laid>> {
        let article = self.article?;
        self.cache.peek(article, self.reader_width()?)
    }

    fn reader_height(&self) -> usize {
        self.screen().reader.map_or(1, Screen::inner_height).max(1)
    }

    /// Rows of the list pane; while the reader hides it (narrow screens),
    /// the rows it will have when it comes back, so moving in the reader
    /// keeps the list's window where it will be seen.
    fn list_height(&self) -> usize {
        let list = self
            .screen()
            .list
            .or_else(|| Screen::compute(self.area, self.topics_shown, false).list);
        list.map_or(1, Screen::inner_height).max(1)
    }

    fn topics_height(&self) -> usize {
        self.screen().topics.map_or(1, Screen::inner_height).max(1)
    }

    /// Largest useful scroll offset: the last line can reach the bottom.
    pub fn max_scroll(&self) -> usize {
        let lines = self.laid().map_or(0, |l| l.lines.len());
        lines.saturating_sub(self.reader_height())
    }

    pub fn active_topics(&self) -> impl Iterator<Item = usize> + '_ {
        self.active
            .iter()
            .enumerate()
            .filter_map(|(i, on)| on.then_some(i))
    }

    /// The selected article of the list, if any.
    pub fn selected_article(&self) -> Option<usize> {
        self.visible.get(self.list.selected).copied()
    }

    /// Where keys go: an overlay, else the focused pane.
    pub fn context(&self) -> Context {
        if self.overlay.is_some() {
            return Context::Overlay;
        }
        match self.focus {
            Pane::Topics => Context::Topics,
            Pane::List => Context::List,
            Pane::Reader => Context::Reader,
        }
    }

    // ----- input ------------------------------------------------------

    /// Feeds one terminal event through the keymap (or the mouse handler).
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(key) => {
                if let Some(key) = Key::from_event(key) {
                    self.handle_key(key);
                }
            }
            Event::Mouse(mouse) => {
                self.handle_mouse(mouse);
                self.remember();
            }
            Event::Resize(w, h) => self.resize(*w, *h),
            _ => {}
        }
    }

    pub fn handle_key(&mut self, key: Key) {
        self.message = None;
        match self.keymap.lookup(key, self.context()) {
            Some(action) => self.update(action),
            None => {
                if self.overlay.is_none() {
                    let help = self.keymap.hint(Action::Help, Context::Global);
                    self.message = Some(match help {
                        Some(h) => format!("{key} is not bound — {h} lists the keys"),
                        None => format!("{key} is not bound"),
                    });
                }
            }
        }
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        // The reader keeps its place in the text, not its line number.
        if self.pending.is_none()
            && let Some(laid) = self.laid()
        {
            self.pending = Some(Anchor::at(&laid, self.scroll));
        }
        self.area = Rect::new(0, 0, width, height);
        self.sync();
    }

    /// Applies one action. Every state change goes through here.
    pub fn update(&mut self, action: Action) {
        if let Some(overlay) = self.overlay {
            self.update_overlay(overlay, action);
        } else {
            match self.focus {
                Pane::Topics => self.update_topics(action),
                Pane::List => self.update_list(action),
                Pane::Reader => self.update_reader(action),
            }
        }
        self.sync();
        self.remember();
    }

    fn update_common(&mut self, action: Action) {
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::FocusNext => self.cycle_focus(1),
            Action::FocusPrev => self.cycle_focus(-1),
            Action::FocusLeft => self.focus_side(-1),
            Action::FocusRight => self.focus_side(1),
            Action::FocusTopics => self.toggle_topics_pane(),
            Action::ToggleMatchMode => {
                self.mode = match self.mode {
                    MatchMode::Any => MatchMode::All,
                    MatchMode::All => MatchMode::Any,
                };
                self.refilter();
            }
            Action::ClearFilters => {
                self.active.iter_mut().for_each(|a| *a = false);
                self.refilter();
            }
            Action::NextArticle => self.step_article(1),
            Action::PrevArticle => self.step_article(-1),
            Action::Related => self.open_related_overlay(),
            Action::ToggleRead => self.toggle_read(),
            Action::ToggleStar => self.toggle_star(),
            Action::ViewUnread => self.toggle_view(View::Unread),
            Action::ViewStarred => self.toggle_view(View::Starred),
            Action::NextUnread => self.jump_unread(1),
            Action::PrevUnread => self.jump_unread(-1),
            _ => {}
        }
    }

    fn update_list(&mut self, action: Action) {
        let (len, h) = (self.visible.len(), self.list_height());
        if self.list.apply(action, len, h) {
            return self.follow_selection();
        }
        match action {
            Action::Activate => {
                if self.selected_article().is_some() {
                    self.reader_open = true;
                    self.focus = Pane::Reader;
                }
            }
            Action::Back => {
                if !self.is_wide() && self.topics_shown {
                    self.topics_shown = false;
                }
            }
            other => return self.update_common(other),
        }
        self.follow_selection();
    }

    fn update_reader(&mut self, action: Action) {
        let h = self.reader_height();
        let half = (h / 2).max(1);
        let max = self.max_scroll();
        match action {
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Top => self.scroll = 0,
            Action::Bottom => {
                // The end is only known once the whole article is laid out.
                if let (Some(article), Some(width)) = (self.article, self.reader_width()) {
                    self.cache.get(&self.archive, article, width, &self.theme);
                }
                self.scroll = self.max_scroll();
            }
            // A page keeps one line of context.
            Action::PageDown => {
                self.scroll = self.scroll.saturating_add(h.saturating_sub(1).max(1))
            }
            Action::PageUp => self.scroll = self.scroll.saturating_sub(h.saturating_sub(1).max(1)),
            Action::HalfPageDown => self.scroll = self.scroll.saturating_add(half),
            Action::HalfPageUp => self.scroll = self.scroll.saturating_sub(half),
            Action::Activate => self.open_related_overlay(),
            Action::Back => {
                self.reader_open = false;
                self.focus = Pane::List;
            }
            other => self.update_common(other),
        }
        self.scroll = self.scroll.min(self.max_scroll().max(max));
    }

    fn update_topics(&mut self, action: Action) {
        let (len, h) = (self.topic_rows.len(), self.topics_height());
        if self.topics.apply(action, len, h) {
            return;
        }
        match action {
            Action::Activate | Action::ToggleTopic => {
                if let Some(&t) = self.topic_rows.get(self.topics.selected) {
                    self.active[t] = !self.active[t];
                    self.refilter();
                }
            }
            Action::Back => {
                if !self.is_wide() {
                    self.topics_shown = false;
                }
                self.focus = Pane::List;
            }
            other => self.update_common(other),
        }
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        match overlay {
            Overlay::Help { scroll } => {
                let rows = self.keymap.help_rows().len();
                let scroll = match action {
                    Action::Down => scroll.saturating_add(1),
                    Action::Up => scroll.saturating_sub(1),
                    Action::Top => 0,
                    Action::Bottom | Action::PageDown => rows,
                    Action::PageUp => 0,
                    Action::Quit => {
                        self.should_quit = true;
                        scroll
                    }
                    Action::Help | Action::Back | Action::Activate => {
                        self.overlay = None;
                        return;
                    }
                    _ => scroll,
                };
                self.overlay = Some(Overlay::Help {
                    scroll: scroll.min(rows.saturating_sub(1)),
                });
            }
            Overlay::Related { selected } => {
                let len = self.related_len();
                let selected = match action {
                    Action::Down => selected.saturating_add(1).min(len.saturating_sub(1)),
                    Action::Up => selected.saturating_sub(1),
                    Action::Top => 0,
                    Action::Bottom => len.saturating_sub(1),
                    Action::Activate => {
                        self.overlay = None;
                        self.open_related(selected);
                        return;
                    }
                    Action::Back | Action::Related => {
                        self.overlay = None;
                        return;
                    }
                    Action::Quit => {
                        self.should_quit = true;
                        selected
                    }
                    _ => selected,
                };
                self.overlay = Some(Overlay::Related { selected });
            }
        }
    }

    // ----- helpers ----------------------------------------------------

    fn related_len(&self) -> usize {
        self.article
            .and_then(|a| self.archive.articles.get(a))
            .map_or(0, |a| a.related.len())
    }

    fn open_related_overlay(&mut self) {
        if self.article.is_none() {
            return;
        }
        if self.related_len() == 0 {
            self.message = Some("This article has no related articles".into());
        } else {
            self.overlay = Some(Overlay::Related { selected: 0 });
        }
    }

    /// Opens the `n`th related article of the one being read.
    pub fn open_related(&mut self, n: usize) {
        let Some(related) = self
            .article
            .and_then(|a| self.archive.articles.get(a))
            .and_then(|a| a.related.get(n))
        else {
            return;
        };
        let Some(target) = related.target else {
            self.message = Some(format!("“{}” is not in this archive", related.text));
            return;
        };
        self.open_article(target);
    }

    /// Shows `article` in the reader, selecting it in the list when the
    /// filter lets it show there.
    pub fn open_article(&mut self, article: usize) {
        if let Some(pos) = self.visible.iter().position(|&a| a == article) {
            let h = self.list_height();
            self.list.select(pos, self.visible.len(), h);
        } else {
            self.message = Some("Opened an article outside the current filter".into());
        }
        self.set_article(Some(article));
        self.reader_open = true;
        self.focus = Pane::Reader;
    }

    fn set_article(&mut self, article: Option<usize>) {
        if self.article != article {
            self.article = article;
            self.scroll = 0;
            // Back where this article was left, once it is laid out.
            self.pending = article
                .and_then(|a| self.archive.articles.get(a))
                .and_then(|a| self.state.anchor(&a.id));
            self.placed = article.map(|a| (a, 0));
        }
    }

    /// The reader shows what the list selects.
    fn follow_selection(&mut self) {
        self.set_article(self.selected_article());
    }

    fn step_article(&mut self, delta: isize) {
        let len = self.visible.len();
        if len == 0 {
            return;
        }
        let h = self.list_height();
        self.list.step(delta, len, h);
        self.follow_selection();
    }

    fn toggle_topics_pane(&mut self) {
        if self.is_wide() {
            self.focus = if self.focus == Pane::Topics {
                Pane::List
            } else {
                Pane::Topics
            };
            return;
        }
        if self.topics_shown && self.focus == Pane::Topics {
            self.topics_shown = false;
            self.focus = if self.reader_open {
                Pane::Reader
            } else {
                Pane::List
            };
        } else {
            self.topics_shown = true;
            self.focus = Pane::Topics;
        }
    }

    /// Panes on screen, left to right.
    fn panes(&self) -> Vec<Pane> {
        let s = self.screen();
        let mut panes = Vec::with_capacity(3);
        if s.topics.is_some() {
            panes.push(Pane::Topics);
        }
        if s.list.is_some() {
            panes.push(Pane::List);
        }
        if s.reader.is_some() {
            panes.push(Pane::Reader);
        }
        panes
    }

    fn cycle_focus(&mut self, dir: isize) {
        let panes = self.panes();
        if panes.is_empty() {
            return;
        }
        let here = panes.iter().position(|&p| p == self.focus).unwrap_or(0);
        let next = (here as isize + dir).rem_euclid(panes.len() as isize) as usize;
        self.focus = panes[next];
    }

    fn focus_side(&mut self, dir: isize) {
        let panes = self.panes();
        let Some(here) = panes.iter().position(|&p| p == self.focus) else {
            return;
        };
        match here.checked_add_signed(dir).and_then(|i| panes.get(i)) {
            Some(&p) => self.focus = p,
            None if !self.is_wide() => {
                // Narrow: stepping left out of the reader goes back to the
                // list; stepping right from the list opens the article.
                match (self.focus, dir) {
                    (Pane::Reader, -1) => {
                        self.reader_open = false;
                        self.focus = Pane::List;
                    }
                    (Pane::List, 1) if self.selected_article().is_some() => {
                        self.reader_open = true;
                        self.focus = Pane::Reader;
                    }
                    _ => {}
                }
            }
            None => {}
        }
    }

    /// Recomputes the visible list and the live topic counts after the
    /// filter changed, keeping the selected article selected when it stays.
    fn refilter(&mut self) {
        let was = self.selected_article();
        let all = self.mode == MatchMode::All;
        let (read, starred, view) = (&self.read, &self.starred, self.view);
        let unread_only = |i: usize| !read.get(i).copied().unwrap_or(false);
        let starred_only = |i: usize| starred.get(i).copied().unwrap_or(false);
        let keep: Option<&dyn Fn(usize) -> bool> = match view {
            View::All => None,
            View::Unread => Some(&unread_only),
            View::Starred => Some(&starred_only),
        };
        self.unread_counts.resize(self.archive.topics.len(), 0);
        let out = crate::facets::FilterOut {
            visible: &mut self.visible,
            counts: &mut self.counts,
            unread: &mut self.unread_counts,
        };
        // `unread_total` does not depend on the filter; `set_read` keeps it.
        self.facets.filter(&self.active, all, keep, &self.read, out);
        let h = self.list_height();
        let pos = was
            .and_then(|a| self.visible.iter().position(|&v| v == a))
            .unwrap_or(self.list.selected);
        self.list.offset = self.list.offset.min(pos);
        self.list.select(pos, self.visible.len(), h);
        if !self.reader_open {
            self.follow_selection();
        }
    }

    /// After any change: keep focus on a pane that is on screen, lay out the
    /// reader's article at the current width (a cache hit unless the article
    /// or width changed), and clamp every offset.
    fn sync(&mut self) {
        if self.visible.is_empty() && !self.reader_open {
            self.article = None;
        }
        let panes = self.panes();
        if !panes.is_empty() && !panes.contains(&self.focus) {
            self.focus = if panes.contains(&Pane::Reader) && self.reader_open {
                Pane::Reader
            } else if panes.contains(&Pane::List) {
                Pane::List
            } else {
                panes[0]
            };
        }
        if let (Some(article), Some(width)) = (self.article, self.reader_width()) {
            // Only as far as the reader shows (a huge article is laid out
            // on demand; the cache adds a margin for the next scroll). A
            // remembered place needs the layout up to it: all of it.
            let needed = if self.pending.is_some() {
                usize::MAX
            } else {
                self.scroll.saturating_add(2 * self.reader_height())
            };
            let laid = self
                .cache
                .get_until(&self.archive, article, width, &self.theme, needed);
            if let Some(anchor) = self.pending.take() {
                self.scroll = anchor
                    .scroll_in(&laid)
                    .min(laid.lines.len().saturating_sub(self.reader_height()));
                self.placed = Some((article, self.scroll));
            }
        }
        self.scroll = self.scroll.min(self.max_scroll());
        let lh = self.list_height();
        self.list.follow(lh);
        let th = self.topics_height();
        self.topics.follow(th);
    }

    // ----- mouse -------------------------------------------------------

    fn handle_mouse(&mut self, mouse: &MouseEvent) {
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
                            let (cursor, len, h) = match pane {
                                Pane::List => (&mut self.list, self.visible.len(), s.list),
                                _ => (&mut self.topics, self.topic_rows.len(), s.topics),
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
                        if idx < self.topic_rows.len() {
                            if was_focused && self.topics.selected == idx {
                                let t = self.topic_rows[idx];
                                self.active[t] = !self.active[t];
                                self.refilter();
                            }
                            self.topics.selected = idx;
                        }
                    }
                    Pane::Reader => {
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
            _ => {}
        }
    }
}
