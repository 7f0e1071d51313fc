//! The application state and `update`, the only place it changes. Pure:
//! no terminal here, so every key sequence can be tested directly. Offsets
//! are `usize` and clamp with saturating arithmetic; the reader's lines come
//! from the layout cache, laid out once per (article, width).

use std::rc::Rc;

use ratatui::crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::action::Action;
use crate::archive::Archive;
use crate::facets::Facets;
use crate::theme::DateFormat;
use ratatui::crossterm::event::KeyCode;

use crate::keymap::{Context, Key, Keymap};
use crate::layout::Laid;
use crate::screen::{Screen, Wants};
use crate::state::{Anchor, ArchiveState, Session, View};
pub use crate::state::{MatchMode, Pane};
use crate::theme::Theme;
pub use crate::views::Board;

pub use crate::facets::topic_totals;

mod dates;
mod highlights;
mod history;
mod links;
mod loading;
mod marks;
mod mouse;
mod navigate;
mod reader;
mod search;
mod stats;
pub mod titles;

pub use dates::{StripLayout, undated_width};
pub use highlights::{Highlights, Row as HighlightRow, Selection};
pub use history::{History, Place};
pub use links::{Effect, LINK_PAUSE};
pub use loading::Progress;
use reader::Reader;
pub use search::Search;
pub use stats::StatsView;

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
        self.follow(len, height);
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
    /// Scrolls so the selected row of `len` is in view, never past the
    /// point where the last row is at the bottom: a list that fits (as
    /// after a search, or once the terminal grew) shows from its first row.
    fn follow(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        self.offset = self.offset.min(len.saturating_sub(height));
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
    Help {
        scroll: usize,
    },
    Related {
        selected: usize,
    },
    /// The numbered links of the article being read.
    Links {
        selected: usize,
    },
    /// Every highlight of the articles listed.
    Highlights {
        selected: usize,
    },
}

/// A row of the topics pane: a library's source, or a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetRow {
    /// A source, by its index in `archive.sources.labels`.
    Source(usize),
    /// A topic, by its index in `archive.topics`.
    Topic(usize),
}

/// How long `End` may lay out an article before answering; the rest is
/// laid out in idle moments.
const END_SLICE: std::time::Duration = std::time::Duration::from_millis(30);

/// What a key does in a picker overlay.
enum Pick {
    Move(usize),
    Choose(usize),
    Close,
}

/// What the header says about where the archive came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The sample archive built into the binary.
    Sample,
    /// A file, as the user named it.
    File(String),
    /// Standard input (`-`).
    Stdin,
    /// Several archives joined: their labels.
    Library(Vec<String>),
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
    /// Shared with the thread that writes its cache.
    pub archive: std::sync::Arc<Archive>,
    pub source: Source,
    pub theme: Theme,
    pub keymap: Keymap,
    pub focus: Pane,
    /// The full-screen view open over the panes, if any.
    pub board: Option<Board>,
    /// Active topics, by topic index.
    pub active: Vec<bool>,
    pub mode: MatchMode,
    /// Articles shown in the list, in list order (indices into the archive).
    pub visible: Vec<usize>,
    /// Per topic: how many of the visible articles carry it.
    pub counts: Vec<usize>,
    /// In ANY mode with a topic on: per topic, how many articles switching
    /// it on would add to the list (the topics pane shows `+N`). Empty
    /// otherwise, when a topic's count is already what switching it on
    /// gives.
    pub adds: Vec<usize>,
    /// Per topic: how many articles of the archive carry it.
    pub totals: Vec<usize>,
    /// Topics in the topics pane, most used first (below the sources of a
    /// library: see [`App::facet_at`]).
    pub topic_rows: Vec<usize>,
    /// In a library, per source: switched on in the Sources facet.
    pub active_sources: Vec<bool>,
    /// Per source: how many articles the other filters keep.
    pub source_counts: Vec<usize>,
    pub list: Cursor,
    pub topics: Cursor,
    /// The article in the reader (it follows the list selection).
    pub article: Option<usize>,
    /// First line of the article shown in the reader.
    pub scroll: usize,
    /// An article was opened: on narrow screens the reader is showing.
    pub reader_open: bool,
    /// The topics pane is toggled on while the screen is narrow (narrow
    /// screens open without it).
    pub topics_shown: bool,
    /// The topics pane is toggled off while the screen is wide (wide
    /// screens open with it); remembered in the session.
    pub topics_hidden: bool,
    pub overlay: Option<Overlay>,
    /// The terminal size.
    pub area: Rect,
    /// A one-off note for the status line, cleared by the next key.
    pub message: Option<String>,
    /// Warnings kept on screen, above the status line, until dismissed.
    pub warnings: Vec<String>,
    /// Every warning of the session, dismissed or not: printed on stderr
    /// once the screen is closed.
    warned: Vec<String>,
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
    /// Per article: where its own part starts when it shares a long
    /// beginning with other titles (see [`titles::series_cuts`]).
    pub series: Vec<u32>,
    /// The archive is still being read (rows arrive meanwhile).
    load: Option<Progress>,
    /// Series cuts of a big archive, worked out on a thread of their own.
    series_job: Option<std::sync::mpsc::Receiver<Vec<u32>>>,
    /// The year of the newest dated article: compact list dates show day
    /// and month in it, the year alone before it.
    pub newest_year: Option<String>,
    /// The state changed and should be saved (the TUI clears it).
    pub dirty: Option<Dirty>,
    facets: Facets,
    /// The reader's own part: its layout cache and where it is to be put.
    reader: Reader,
    /// The search: its prompt, the query in force and its hits.
    pub search: Search,
    /// Places to go back and forward to.
    pub history: History,
    /// What the terminal loop is to do outside the app (open a browser,
    /// copy to the clipboard).
    pub effects: Vec<Effect>,
    /// The articles the last `MarkAllRead` marked, while it can still be
    /// undone (until the next key or click).
    mark_undo: Option<Vec<usize>>,
    /// A link number being typed in the links picker.
    links_typed: links::LinkNumber,
    /// The reader's highlights and notes, and text being selected.
    pub hl: Highlights,
    /// The pane clicked had focus already (a click on a topic toggles it
    /// only then).
    click_focus: bool,
    /// Each article's day and the months the archive spans.
    pub timeline: crate::timeline::Timeline,
    /// Undated articles in the whole archive (the strip keeps room to
    /// count them).
    pub timeline_undated: usize,
    /// The dates the list is narrowed to.
    pub dates: crate::timeline::DateRange,
    /// Per month, the articles every filter but the dates keeps, and how
    /// many of them are undated: the strip's bars.
    pub strip: crate::timeline::Counts,
    /// The month the strip's keys are at, and where a range being
    /// stretched started.
    date_cursor: Option<crate::timeline::Month>,
    date_anchor: Option<crate::timeline::Month>,
    /// The month a drag on the strip started on.
    drag_from: Option<crate::timeline::Month>,
    /// The statistics view's numbers and place.
    pub stats_view: StatsView,
    /// The statistics' base being read on a thread of its own.
    stats_job: Option<std::sync::mpsc::Receiver<std::sync::Arc<crate::stats::Base>>>,
}

/// From this many articles, a new app makes its topic counts and its
/// timeline on two threads (below, a thread costs more than it saves).
const SIDE_BY_SIDE: usize = 20_000;

/// The topic facets and the timeline of `archive`. Both read every
/// article: for a big archive, side by side.
pub(super) fn facets_and_timeline(archive: &Archive) -> (Facets, crate::timeline::Timeline) {
    if archive.articles.len() < SIDE_BY_SIDE {
        return (
            Facets::new(archive),
            crate::timeline::Timeline::new(archive),
        );
    }
    std::thread::scope(|scope| {
        let timeline = scope.spawn(|| crate::timeline::Timeline::new(archive));
        let facets = Facets::new(archive);
        let timeline = timeline
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (facets, timeline)
    })
}

impl App {
    pub fn new(archive: impl Into<std::sync::Arc<Archive>>, source: Source, area: Rect) -> App {
        let archive = archive.into();
        let topic_count = archive.topics.len();
        let article_count = archive.articles.len();
        let (facets, timeline) = facets_and_timeline(&archive);
        let totals = facets.totals().to_vec();
        let topic_rows = crate::facets::topic_rows(&archive, &totals);
        let mut app = App {
            visible: archive.order.clone(),
            counts: totals.clone(),
            adds: Vec::new(),
            totals,
            topic_rows,
            active_sources: Vec::new(),
            source_counts: Vec::new(),
            active: vec![false; topic_count],
            archive,
            source,
            theme: Theme::default(),
            keymap: Keymap::default(),
            focus: Pane::List,
            board: None,
            mode: MatchMode::Any,
            list: Cursor::default(),
            topics: Cursor::default(),
            article: None,
            scroll: 0,
            reader_open: false,
            topics_shown: false,
            topics_hidden: false,
            overlay: None,
            area,
            message: None,
            warnings: Vec::new(),
            warned: Vec::new(),
            should_quit: false,
            state: ArchiveState::default(),
            read: Vec::new(),
            starred: Vec::new(),
            unread_counts: Vec::new(),
            unread_total: article_count,
            view: View::All,
            measure: crate::layout::MEASURE,
            date_width: 10,
            series: Vec::new(),
            series_job: None,
            load: None,
            newest_year: None,
            dirty: None,
            reader: Reader::default(),
            facets,
            search: Search::default(),
            history: History::default(),
            effects: Vec::new(),
            mark_undo: None,
            links_typed: links::LinkNumber::default(),
            hl: Highlights::default(),
            click_focus: false,
            timeline: crate::timeline::Timeline::default(),
            timeline_undated: 0,
            dates: crate::timeline::DateRange::default(),
            strip: crate::timeline::Counts::default(),
            date_cursor: None,
            date_anchor: None,
            drag_from: None,
            stats_view: StatsView::default(),
            stats_job: None,
        };
        app.take_timeline(timeline);
        if app.archive.sources.is_library() {
            app.active_sources = vec![false; app.archive.sources.labels.len()];
            app.refilter();
        }
        app.start_series();
        app.newest_year = app.newest_year_now();
        app.read_marks();
        app.recount();
        app.place_article(app.visible.first().copied());
        app.sync();
        app
    }

    /// The year of the newest dated article: the list is newest first, so
    /// its first article's.
    fn newest_year_now(&self) -> Option<String> {
        fn day(a: &crate::archive::Article) -> Option<&str> {
            a.date.as_ref()?.day.as_deref()
        }
        if self.load.is_some() {
            // Still in file order: the timeline knows the last month.
            return self
                .timeline
                .span
                .map(|(_, last)| format!("{:04}", last / 12));
        }
        let newest = {
            self.archive
                .order
                .first()
                .and_then(|&i| day(self.archive.articles.get(i)?))
        };
        newest.and_then(|d| d.get(..4)).map(str::to_string)
    }

    /// Works out the series cuts: at once for an archive of up to
    /// `SERIES_AT_ONCE` articles, else on a thread (titles are cut at
    /// their end until they arrive), so a big archive's first frame never
    /// waits for sorting every title.
    fn start_series(&mut self) {
        const SERIES_AT_ONCE: usize = 20_000;
        if let Some(cuts) = &self.archive.series
            && cuts.len() == self.archive.articles.len()
        {
            self.series = cuts.clone();
            return;
        }
        if self.archive.articles.len() <= SERIES_AT_ONCE {
            self.series = titles::archive_series(&self.archive);
            return;
        }
        let archive = std::sync::Arc::clone(&self.archive);
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("lektyr-series".into())
            .spawn(move || {
                let _ = tx.send(titles::archive_series(&archive));
            });
        if spawned.is_ok() {
            self.series_job = Some(rx);
        }
    }

    /// Waits for the series cuts if they are being worked out (a
    /// snapshot draws the same screen every time).
    pub fn wait_series(&mut self) {
        if let Some(rx) = self.series_job.take()
            && let Ok(cuts) = rx.recv()
        {
            self.series = cuts;
        }
    }

    /// Whether series cuts are still being worked out (the list repaints
    /// when they come).
    pub fn series_pending(&self) -> bool {
        self.series_job.is_some()
    }

    /// Takes the series cuts if their thread has them; whether they are
    /// still to come.
    pub(super) fn poll_series(&mut self) -> bool {
        let Some(rx) = &self.series_job else {
            return false;
        };
        match rx.try_recv() {
            Ok(cuts) => {
                self.series = cuts;
                self.series_job = None;
                false
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => true,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.series_job = None;
                false
            }
        }
    }

    /// Activates the topics named (case-insensitively, trimmed) in `names`;
    /// returns the names that match no topic.
    pub fn preselect_topics<'a>(&mut self, names: &'a [String]) -> Vec<&'a str> {
        let mut unknown = Vec::new();
        for name in names {
            match self.archive.find_topic(name) {
                Some(t) => self.active[t] = true,
                None => unknown.push(name.as_str()),
            }
        }
        self.refilter();
        unknown
    }

    // ----- reading state --------------------------------------------------

    pub fn screen(&self) -> Screen {
        Screen::compute(self.area, self.wants(self.reader_open))
    }

    /// The panes as they are beneath any full-screen view: their sizes
    /// (pages, the reader's width) stay what they will be when it closes.
    pub fn pane_screen(&self) -> Screen {
        let wants = Wants {
            board: false,
            ..self.wants(self.reader_open)
        };
        Screen::compute(self.area, wants)
    }

    /// What the layout is asked for, with the reader open or not.
    fn wants(&self, reader_open: bool) -> Wants {
        Wants {
            topics: self.topics_wanted(),
            reader_open,
            measure: self.measure,
            banner: self.banner_rows(),
            date_width: self.date_width,
            board: self.board.is_some(),
        }
    }

    /// Puts `timeline`, made of the archive as it is, in force.
    pub(super) fn take_timeline(&mut self, timeline: crate::timeline::Timeline) {
        self.timeline = timeline;
        self.timeline_undated = self.timeline.days.iter().filter(|&&d| d == 0).count();
        self.strip = self.timeline.count(self.visible.iter().copied());
        self.forget_stats();
    }

    /// Whether the topics pane is shown at the current width.
    pub fn topics_wanted(&self) -> bool {
        if self.is_wide() {
            !self.topics_hidden
        } else {
            self.topics_shown
        }
    }

    /// Keeps `text` (without a `warning:` prefix) on screen until dismissed
    /// and for stderr once the screen closes.
    pub fn warn(&mut self, text: impl Into<String>) {
        let text = text.into();
        self.warned.push(text.clone());
        self.warnings.push(text);
    }

    /// Every warning of the session, for stderr once the screen is closed.
    pub fn take_warnings(&mut self) -> Vec<String> {
        self.warnings.clear();
        std::mem::take(&mut self.warned)
    }

    /// The warnings on screen, each wrapped to `width` cells less a cell
    /// each side; the last one says which key dismisses them.
    pub fn banner_lines(&self, width: u16) -> Vec<String> {
        let width = usize::from(width.saturating_sub(2)).max(1);
        let dismiss = self
            .keymap
            .hint(Action::Back, Context::Global)
            .map(|k| format!(" ({k} dismisses)"))
            .unwrap_or_default();
        let last = self.warnings.len().saturating_sub(1);
        self.warnings
            .iter()
            .enumerate()
            .flat_map(|(i, w)| {
                let end = if i == last { dismiss.as_str() } else { "" };
                crate::width::wrap_words(&format!("warning: {w}{end}"), width)
            })
            .collect()
    }

    /// Rows the warnings take above the status line (`Screen::compute`
    /// leaves the panes at least a few).
    fn banner_rows(&self) -> u16 {
        if self.warnings.is_empty() {
            return 0;
        }
        u16::try_from(self.banner_lines(self.area.width).len()).unwrap_or(u16::MAX)
    }

    pub fn is_wide(&self) -> bool {
        self.area.width >= crate::screen::WIDE
    }

    /// The width the reader lays text out at, if the reader is on screen.
    pub fn reader_width(&self) -> Option<u16> {
        self.pane_screen()
            .get(Pane::Reader)
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
        self.reader.cache.peek(article, self.reader_width()?)
    }

    fn reader_height(&self) -> usize {
        self.pane_screen()
            .get(Pane::Reader)
            .map_or(1, Screen::inner_height)
            .max(1)
    }

    /// Rows of the list pane; while the reader hides it (narrow screens),
    /// the rows it will have when it comes back, so moving in the reader
    /// keeps the list's window where it will be seen.
    fn list_height(&self) -> usize {
        let list = self.pane_screen().get(Pane::List).or_else(|| {
            let wants = Wants {
                board: false,
                ..self.wants(false)
            };
            Screen::compute(self.area, wants).get(Pane::List)
        });
        list.map_or(1, Screen::inner_height).max(1)
    }

    fn topics_height(&self) -> usize {
        self.pane_screen()
            .get(Pane::Topics)
            .map_or(1, Screen::inner_height)
            .max(1)
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

    /// Rows of the topics pane: a library's sources (the Sources facet),
    /// then the topics.
    pub fn facet_len(&self) -> usize {
        self.source_rows() + self.topic_rows.len()
    }

    /// How many of the pane's rows are sources (none unless a library).
    pub fn source_rows(&self) -> usize {
        if self.archive.sources.is_library() {
            self.archive.sources.labels.len()
        } else {
            0
        }
    }

    /// Row `row` of the topics pane.
    pub fn facet_at(&self, row: usize) -> Option<FacetRow> {
        let sources = self.source_rows();
        if row < sources {
            return Some(FacetRow::Source(row));
        }
        self.topic_rows
            .get(row - sources)
            .map(|&t| FacetRow::Topic(t))
    }

    /// Switches row `row` of the topics pane on or off.
    pub(super) fn toggle_facet(&mut self, row: usize) {
        match self.facet_at(row) {
            Some(FacetRow::Topic(t)) => {
                if let Some(a) = self.active.get_mut(t) {
                    *a = !*a;
                }
            }
            Some(FacetRow::Source(s)) => {
                let n = self.archive.sources.labels.len();
                self.active_sources.resize(n, false);
                if let Some(a) = self.active_sources.get_mut(s) {
                    *a = !*a;
                }
            }
            None => return,
        }
        self.refilter();
    }

    /// The selected article of the list, if any.
    pub fn selected_article(&self) -> Option<usize> {
        self.visible.get(self.list.selected).copied()
    }

    /// Where keys go: an overlay, else a full-screen view, else the
    /// focused pane.
    pub fn context(&self) -> Context {
        if self.overlay.is_some() {
            return Context::Overlay;
        }
        if let Some(board) = self.board {
            return Context::Board(board);
        }
        if self.focus == Pane::Reader && self.selecting() {
            return Context::Selection;
        }
        Context::Pane(self.focus)
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
                self.mark_undo = None;
                self.handle_mouse(mouse);
                self.remember();
            }
            Event::Resize(w, h) => self.resize(*w, *h),
            _ => {}
        }
    }

    pub fn handle_key(&mut self, key: Key) {
        self.message = None;
        // An open prompt gets every key before the keymap.
        if self.hl.note.is_some() {
            self.note_key(key);
            self.sync();
            self.remember();
            return;
        }
        if self.search.prompt.is_some() {
            self.search_key(key);
            self.remember();
            return;
        }
        // The links picker takes digits and `y` before the keymap.
        if let Some(Overlay::Links { selected }) = self.overlay
            && self.links_key(key, selected)
        {
            return;
        }
        match self.keymap.lookup(key, self.context()) {
            Some(action) => self.update(action),
            None => {
                self.mark_undo = None;
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
        // The reader keeps its place in the text, not its line number: a
        // move not yet seen is taken at the width it was made at.
        self.settle();
        self.area = Rect::new(0, 0, width, height);
        self.sync();
    }

    /// Applies one action. Every state change goes through here.
    pub fn update(&mut self, action: Action) {
        // Only `MarkAllRead` at once after itself undoes it.
        if action != Action::MarkAllRead {
            self.mark_undo = None;
        }
        // Any other key stops `n`/`N` still looking for a match.
        if self.search.seek.is_some() && !matches!(action, Action::NextMatch | Action::PrevMatch) {
            self.search.seek = None;
            self.message = None;
        }
        // The first `Back` with warnings on screen dismisses them.
        if action == Action::Back && self.overlay.is_none() && !self.warnings.is_empty() {
            self.warnings.clear();
            self.sync();
            return;
        }
        if let Some(overlay) = self.overlay {
            self.update_overlay(overlay, action);
        } else if let Some(board) = self.board {
            self.update_board(board, action);
        } else if self.focus == Pane::Reader && self.update_selection(action) {
            // The selection took it.
        } else {
            (self.focus.parts().keys)(self, action);
        }
        self.sync();
        self.remember();
    }

    /// A key while a full-screen view is open: `Back` or the key that
    /// opened it closes it (the panes are as they were left), help and
    /// quit work as anywhere, the rest is the view's own.
    fn update_board(&mut self, board: Board, action: Action) {
        match action {
            Action::Back => self.board = None,
            a if a == board.opened_by() => self.board = None,
            Action::Quit => self.should_quit = true,
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            other => (board.parts().keys)(self, other),
        }
    }

    pub(crate) fn update_common(&mut self, action: Action) {
        if let Some(board) = Board::ALL.into_iter().find(|b| b.opened_by() == action) {
            self.board = Some(board);
            board.open(self);
            return;
        }
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
                self.active_sources.iter_mut().for_each(|a| *a = false);
                self.date_cursor = None;
                self.date_anchor = None;
                self.dates = crate::timeline::DateRange::default();
                self.refilter();
            }
            Action::DateNext => self.step_date(1),
            Action::DatePrev => self.step_date(-1),
            Action::DateStretch => self.stretch_dates(),
            Action::DateClear => self.clear_dates(),
            Action::NextArticle => self.next_article(1),
            Action::PrevArticle => self.next_article(-1),
            Action::Related => self.open_related_overlay(),
            Action::ToggleRead => self.toggle_read(),
            Action::ToggleStar => self.toggle_star(),
            Action::MarkAllRead => self.mark_all_read(),
            Action::ViewUnread => self.toggle_view(View::Unread),
            Action::ViewStarred => self.toggle_view(View::Starred),
            Action::ViewHighlighted => self.toggle_view(View::Highlighted),
            Action::HighlightsView => self.open_highlights_view(),
            Action::NextUnread => self.jump_unread(1),
            Action::PrevUnread => self.jump_unread(-1),
            Action::Search => self.open_search(),
            Action::Links => self.open_links_overlay(),
            Action::OpenUrl => self.open_article_url(),
            Action::GoBack => self.travel(-1),
            Action::GoForward => self.travel(1),
            Action::NextMatch => self.step_match(1),
            Action::PrevMatch => self.step_match(-1),
            _ => {}
        }
    }

    /// `J` / `K`: the next (`dir` 1) or previous (-1) article of the list;
    /// at either end the status line says so instead of nothing happening.
    fn next_article(&mut self, dir: isize) {
        let len = self.visible.len();
        let at_end = if dir > 0 {
            self.list.selected.saturating_add(1) >= len
        } else {
            self.list.selected == 0
        };
        if len > 0 && at_end {
            let which = if dir > 0 { "Last" } else { "First" };
            self.message = Some(format!("{which} article of the list"));
            return;
        }
        self.step_article(dir);
    }

    pub(crate) fn update_list(&mut self, action: Action) {
        let (len, h) = (self.visible.len(), self.list_height());
        if self.list.apply(action, len, h) {
            return self.follow_selection();
        }
        match action {
            Action::Activate => {
                if self.selected_article().is_some() {
                    self.reader_open = true;
                    self.focus = Pane::Reader;
                    self.follow_selection();
                    return self.land_on_first_match();
                }
            }
            Action::Back => {
                if self.search.is_active() {
                    self.clear_search();
                } else if !self.is_wide() && self.topics_shown {
                    self.topics_shown = false;
                }
            }
            other => return self.update_common(other),
        }
        self.follow_selection();
    }

    pub(crate) fn update_reader(&mut self, action: Action) {
        // Any other key in the reader stops a pending jump to the end.
        if action != Action::Bottom {
            self.reader.to_end = false;
        }
        let h = self.reader_height();
        let half = (h / 2).max(1);
        let max = self.max_scroll();
        match action {
            Action::Down => self.scroll = self.scroll.saturating_add(1),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Top => {
                // The top, even when the article fits on screen already.
                self.scroll = 0;
                self.reader.pending = Some(Anchor::TOP);
            }
            Action::Bottom => {
                // The end is only known once the whole article is laid out:
                // a long one is laid out a slice at a time, keys still
                // answered, and the reader goes to the end when it is in.
                self.reader.to_end = true;
                self.lay_out_towards_end(std::time::Instant::now() + END_SLICE);
                return;
            }
            // A page keeps one line of context.
            Action::PageDown => {
                self.scroll = self.scroll.saturating_add(h.saturating_sub(1).max(1))
            }
            Action::PageUp => self.scroll = self.scroll.saturating_sub(h.saturating_sub(1).max(1)),
            Action::HalfPageDown => self.scroll = self.scroll.saturating_add(half),
            Action::HalfPageUp => self.scroll = self.scroll.saturating_sub(half),
            Action::Activate => self.open_related_overlay(),
            Action::Select => self.start_selection(),
            Action::NextHighlight => self.jump_highlight(1),
            Action::PrevHighlight => self.jump_highlight(-1),
            Action::EditNote => self.edit_note(),
            Action::DeleteHighlight => self.delete_highlight(),
            Action::Undo => self.undo_highlight(),
            Action::ToggleNotes => self.toggle_notes(),
            Action::Back => {
                self.reader_open = false;
                self.focus = Pane::List;
            }
            other => self.update_common(other),
        }
        self.scroll = self.scroll.min(self.max_scroll().max(max));
    }

    pub(crate) fn update_topics(&mut self, action: Action) {
        let (len, h) = (self.facet_len(), self.topics_height());
        if self.topics.apply(action, len, h) {
            return;
        }
        match action {
            Action::Activate | Action::ToggleTopic => self.toggle_facet(self.topics.selected),
            Action::Back => {
                if !self.is_wide() {
                    self.topics_shown = false;
                }
                self.focus = Pane::List;
            }
            other => self.update_common(other),
        }
    }

    /// A key in a picker of `len` rows (related articles, links): move,
    /// choose, or close (`Back`, or `toggle`, the key that opened it).
    fn pick(&mut self, selected: usize, len: usize, action: Action, toggle: Action) -> Pick {
        match action {
            Action::Down => Pick::Move(selected.saturating_add(1).min(len.saturating_sub(1))),
            Action::Up => Pick::Move(selected.saturating_sub(1)),
            Action::Top => Pick::Move(0),
            Action::Bottom => Pick::Move(len.saturating_sub(1)),
            Action::Activate => Pick::Choose(selected),
            a if a == Action::Back || a == toggle => Pick::Close,
            Action::Quit => {
                self.should_quit = true;
                Pick::Move(selected)
            }
            _ => Pick::Move(selected),
        }
    }

    fn update_overlay(&mut self, overlay: Overlay, action: Action) {
        match overlay {
            Overlay::Help { scroll } => {
                let rows = self.keymap.help_layout(self.area.width).lines.len();
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
            Overlay::Links { selected } => {
                match self.pick(selected, self.article_links().len(), action, Action::Links) {
                    Pick::Move(selected) => self.overlay = Some(Overlay::Links { selected }),
                    Pick::Choose(n) => self.open_link(n),
                    Pick::Close => self.overlay = None,
                }
            }
            Overlay::Highlights { selected } => {
                let rows = self.hl.rows.len();
                match self.pick(selected, rows, action, Action::HighlightsView) {
                    Pick::Move(selected) => self.overlay = Some(Overlay::Highlights { selected }),
                    Pick::Choose(n) => self.go_to_highlight(n),
                    Pick::Close => self.overlay = None,
                }
            }
            Overlay::Related { selected } => {
                match self.pick(selected, self.related_len(), action, Action::Related) {
                    Pick::Move(selected) => self.overlay = Some(Overlay::Related { selected }),
                    Pick::Choose(n) => {
                        self.overlay = None;
                        self.open_related(n);
                    }
                    Pick::Close => self.overlay = None,
                }
            }
        }
    }
}
