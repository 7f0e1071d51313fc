//! The statistics view's state: the numbers for the filter in force,
//! worked out again after every key that changes it, the topic row
//! selected, the topic whose share the chart shows, and how far the view
//! is scrolled (by sections, on a screen too short for all of them).

use std::sync::Arc;

use super::*;
use crate::stats::{Base, Input, Stats};

/// The statistics view, while it is open (or was: the base is kept).
#[derive(Debug, Clone, Default)]
pub struct StatsView {
    /// What the statistics need of every article's detail, read once.
    pub base: Option<Arc<Base>>,
    /// Per article: when it was marked read (0: not known).
    pub read_at: Vec<u64>,
    pub stats: Stats,
    /// The row of `stats.topics` selected.
    pub selected: usize,
    /// The topic whose share of each period the chart shows.
    pub share: Option<usize>,
    /// The first section shown.
    pub scroll: usize,
}

impl App {
    /// Opening the view: the base read if it never was, the read times
    /// taken from the state, the numbers worked out.
    pub(crate) fn open_stats(&mut self) {
        /// Up to this many articles the base is read at once; beyond, on a
        /// thread, the view saying so meanwhile (100k articles take about
        /// a third of a second).
        const BASE_AT_ONCE: usize = 20_000;
        if self.stats_view.base.is_none() && self.stats_job.is_none() {
            if self.archive.articles.len() <= BASE_AT_ONCE {
                self.stats_view.base = Some(Arc::new(Base::new(&self.archive)));
            } else {
                let archive = Arc::clone(&self.archive);
                let (tx, rx) = std::sync::mpsc::channel();
                let spawned = std::thread::Builder::new()
                    .name("lektyr-stats".into())
                    .spawn(move || {
                        let _ = tx.send(Arc::new(Base::new(&archive)));
                    });
                match spawned {
                    Ok(_) => self.stats_job = Some(rx),
                    Err(_) => self.stats_view.base = Some(Arc::new(Base::new(&self.archive))),
                }
            }
        }
        self.stats_view.read_at = self.read_times();
        self.stats_view.scroll = 0;
        self.restat();
    }

    /// Per article, when it was marked read (0: unread, or not known). A
    /// read mark's stamp is when it was set: when the article was marked
    /// read. Marks without one, and an import's, count as read "before".
    pub fn read_times(&self) -> Vec<u64> {
        (0..self.archive.articles.len())
            .map(|i| {
                if !self.read.get(i).copied().unwrap_or(false) {
                    return 0;
                }
                self.state
                    .article(&self.archive.state_key(i))
                    .filter(|a| a.read.on)
                    .map_or(0, |a| a.read.at)
            })
            .collect()
    }

    /// Whether the base is still being read on its thread.
    pub fn stats_pending(&self) -> bool {
        self.stats_job.is_some()
    }

    /// Takes the base from its thread when it is ready.
    pub(super) fn poll_stats(&mut self) {
        let Some(rx) = &self.stats_job else {
            return;
        };
        match rx.try_recv() {
            Ok(base) => {
                self.stats_job = None;
                self.stats_view.base = Some(base);
                self.restat();
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.stats_job = None,
        }
    }

    /// The archive changed: what was read of it is read again when the
    /// view next needs it (at once if it is open).
    pub(super) fn forget_stats(&mut self) {
        self.stats_view.base = None;
        self.stats_job = None;
        if self.board == Some(Board::Stats) {
            self.open_stats();
        }
    }

    /// The numbers for the filter in force.
    pub(crate) fn restat(&mut self) {
        let Some(base) = self.stats_view.base.clone() else {
            return;
        };
        let input = Input {
            archive: &self.archive,
            base: &base,
            timeline: &self.timeline,
            articles: &self.visible,
            read: &self.read,
            read_at: &self.stats_view.read_at,
            share: self.stats_view.share,
            now: crate::state::now(),
        };
        self.stats_view.stats = Stats::compute(&input);
        let rows = self.stats_view.stats.topics.len();
        self.stats_view.selected = self.stats_view.selected.min(rows.saturating_sub(1));
    }

    /// Takes the read marks (and stars) of `state`, as the reader would,
    /// without its session: a command keeps the filter it was given.
    pub fn take_marks(&mut self, state: crate::state::ArchiveState) {
        self.adopt(state);
        self.refilter();
    }

    /// The topic of the row selected.
    pub fn stats_topic(&self) -> Option<usize> {
        self.stats_view
            .stats
            .topics
            .get(self.stats_view.selected)
            .map(|t| t.topic)
    }

    pub(crate) fn update_stats(&mut self, action: Action) {
        let rows = self.stats_view.stats.topics.len();
        let view = &mut self.stats_view;
        match action {
            Action::Down => view.selected = (view.selected + 1).min(rows.saturating_sub(1)),
            Action::Up => view.selected = view.selected.saturating_sub(1),
            Action::Top => view.selected = 0,
            Action::Bottom => view.selected = rows.saturating_sub(1),
            Action::PageDown | Action::HalfPageDown => {
                view.scroll = (view.scroll + 1).min(crate::ui::STATS_SECTIONS - 1)
            }
            Action::PageUp | Action::HalfPageUp => view.scroll = view.scroll.saturating_sub(1),
            // Enter: the chart shows the selected topic's share (again:
            // none).
            Action::Activate => {
                let topic = self.stats_topic();
                let view = &mut self.stats_view;
                view.share = if view.share == topic { None } else { topic };
                self.restat();
            }
            other => {
                self.update_common(other);
                self.restat();
            }
        }
    }

    pub(crate) fn wheel_stats(&mut self, down: bool, _rect: Rect) {
        self.update_stats(if down { Action::Down } else { Action::Up });
    }

    /// A click on a topic's row selects it; on the selected one, shows its
    /// share.
    pub(crate) fn click_stats(&mut self, mouse: &MouseEvent, rect: Rect) {
        let Some(row) = crate::ui::stats_topic_at(self, rect, mouse.column, mouse.row) else {
            return;
        };
        if row == self.stats_view.selected {
            self.update_stats(Action::Activate);
        } else {
            self.stats_view.selected = row;
        }
    }
}
