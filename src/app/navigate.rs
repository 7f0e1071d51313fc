//! Moving between articles and panes: opening, following the list,
//! related articles, focus, the filter, and `sync` after every change.

use super::*;

impl App {
    // ----- helpers ----------------------------------------------------

    pub(super) fn related_len(&self) -> usize {
        self.article
            .and_then(|a| self.archive.articles.get(a))
            .map_or(0, |a| a.detail().related.len())
    }

    pub(super) fn open_related_overlay(&mut self) {
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
            .and_then(|a| a.detail().related.get(n))
        else {
            return;
        };
        let Some(target) = related.target else {
            self.message = Some(format!("“{}” is not in this archive", related.text));
            return;
        };
        self.open_article(target);
    }

    /// Follows a link to `article` (a related article, a click): the place
    /// left is kept for the back key.
    pub fn open_article(&mut self, article: usize) {
        self.leave_for(article);
        self.show_article(article);
    }

    /// Shows `article` in the reader, selecting it in the list when the
    /// filter lets it show there.
    pub(super) fn show_article(&mut self, article: usize) {
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

    /// Shows `article` in the reader when it is not shown already (a key
    /// that keeps the selection keeps the reader's scroll too).
    pub(super) fn set_article(&mut self, article: Option<usize>) {
        if self.article != article {
            self.place_article(article);
        }
    }

    /// Puts `article` in the reader at the place it was left (its top when
    /// nothing is remembered), whether or not it is the one shown: a state
    /// taken over after `App::new` already showed the first article must
    /// still move the reader to that article's remembered place.
    pub(super) fn place_article(&mut self, article: Option<usize>) {
        // The place in the article left, if the reader had moved in it.
        self.settle();
        self.record_place();
        self.article = article;
        self.scroll = 0;
        // Back where this article was left (or its top), once it is laid
        // out and on screen; until then nothing is recorded for it.
        let anchor = article.map(|a| self.remembered_place(a));
        self.reader.pending = anchor;
        self.reader.placed = article.zip(anchor);
        self.reader.shown = None;
    }

    /// The reader shows what the list selects.
    pub(super) fn follow_selection(&mut self) {
        self.set_article(self.selected_article());
    }

    pub(super) fn step_article(&mut self, delta: isize) {
        let len = self.visible.len();
        if len == 0 {
            return;
        }
        let h = self.list_height();
        self.list.step(delta, len, h);
        self.follow_selection();
    }

    /// `t`, at any width: shows the topics pane and focuses it; from the
    /// focused pane, hides it. On a wide screen the choice is remembered.
    pub(super) fn toggle_topics_pane(&mut self) {
        let show = !(self.topics_wanted() && self.focus == Pane::Topics);
        if self.is_wide() {
            self.topics_hidden = !show;
        } else {
            self.topics_shown = show;
        }
        self.focus = if show {
            Pane::Topics
        } else if self.reader_open {
            Pane::Reader
        } else {
            Pane::List
        };
    }

    /// Panes on screen, left to right.
    pub(super) fn panes(&self) -> Vec<Pane> {
        self.pane_screen().panes().map(|(pane, _)| pane).collect()
    }

    pub(super) fn cycle_focus(&mut self, dir: isize) {
        let panes = self.panes();
        if panes.is_empty() {
            return;
        }
        let here = panes.iter().position(|&p| p == self.focus).unwrap_or(0);
        let next = (here as isize + dir).rem_euclid(panes.len() as isize) as usize;
        self.focus = panes[next];
    }

    pub(super) fn focus_side(&mut self, dir: isize) {
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
    pub(super) fn refilter(&mut self) {
        let was = self.selected_article();
        let all = self.mode == MatchMode::All;
        let highlighted: Vec<bool> = if self.view == View::Highlighted {
            (0..self.archive.articles.len())
                .map(|i| self.has_highlights(i))
                .collect()
        } else {
            Vec::new()
        };
        let (read, starred, view) = (&self.read, &self.starred, self.view);
        // The view and a search in force narrow the list and, with it, the
        // topics' live counts.
        let hits = self.search.is_active().then_some(&self.search.matches);
        let but_dates = |i: usize| {
            let in_view = match view {
                View::All => true,
                View::Unread => !read.get(i).copied().unwrap_or(false),
                View::Starred => starred.get(i).copied().unwrap_or(false),
                View::Highlighted => highlighted.get(i).copied().unwrap_or(false),
            };
            in_view && hits.is_none_or(|m| m.get(i).copied().flatten().is_some())
        };
        let (dates, timeline) = (self.dates, &self.timeline);
        let others = |i: usize| but_dates(i) && dates.contains(timeline.day(i));
        // The Sources facet: any of the sources switched on.
        let sources = &self.archive.sources;
        let picked = &self.active_sources;
        let any_source = picked.iter().any(|&on| on);
        let in_source =
            |i: usize| !any_source || picked.get(sources.of(i)).copied().unwrap_or(false);
        let kept = |i: usize| in_source(i) && others(i);
        let keep: Option<&dyn Fn(usize) -> bool> =
            if view == View::All && hits.is_none() && !any_source && !dates.is_set() {
                None
            } else {
                Some(&kept)
            };
        // The strip's counts leave the dates out: each month shows what
        // picking it would give. Without dates they are the list's own.
        let strip = dates.is_set().then(|| {
            let active: Vec<u32> = self.active_topics().map(|t| t as u32).collect();
            let facets = &self.facets;
            let wanted = |i: usize| {
                let topics = facets.topics_of(i);
                active.is_empty()
                    || if all {
                        active.iter().all(|t| topics.contains(t))
                    } else {
                        active.iter().any(|t| topics.contains(t))
                    }
            };
            timeline.count(
                (0..self.archive.articles.len())
                    .filter(|&i| in_source(i) && but_dates(i) && wanted(i)),
            )
        });
        // Each source's live count: its articles the other filters keep
        // (topics, view, search), whether or not sources are picked.
        if sources.is_library() {
            let active: Vec<usize> = self.active_topics().collect();
            let topics_ok = |a: &crate::archive::Article| {
                active.is_empty()
                    || if all {
                        active.iter().all(|t| a.topics.contains(t))
                    } else {
                        active.iter().any(|t| a.topics.contains(t))
                    }
            };
            let mut counts = vec![0; sources.labels.len()];
            for (i, a) in self.archive.articles.iter().enumerate() {
                if others(i)
                    && topics_ok(a)
                    && let Some(c) = counts.get_mut(sources.of(i))
                {
                    *c += 1;
                }
            }
            self.source_counts = counts;
        }
        self.unread_counts.resize(self.archive.topics.len(), 0);
        let out = crate::facets::FilterOut {
            visible: &mut self.visible,
            counts: &mut self.counts,
            unread: &mut self.unread_counts,
        };
        // `unread_total` does not depend on the filter; `set_read` keeps it.
        self.facets.filter(&self.active, all, keep, &self.read, out);
        if !all && self.active.iter().any(|&on| on) {
            self.facets
                .additions(&self.active, keep, &self.visible, &mut self.adds);
        } else {
            self.adds.clear();
        }
        self.strip = strip.unwrap_or_else(|| self.timeline.count(self.visible.iter().copied()));
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
    pub(super) fn sync(&mut self) {
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
        self.follow_highlights();
        // The reader put at its place, laid out at the current width (a
        // cache hit unless the article or width changed). Off screen it
        // stays as it was: its place is put back when it shows again.
        if let (Some(article), Some(width)) = (self.article, self.reader_width()) {
            self.put_reader(article, width);
        } else {
            self.keep_place_off_screen();
        }
        let lh = self.list_height();
        self.list.follow(self.visible.len(), lh);
        let th = self.topics_height();
        self.topics.follow(self.facet_len(), th);
    }
}
