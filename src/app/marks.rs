//! What the app remembers: read marks, stars, views, unread counts, the
//! session and the reading position, mirrored into the state file.

use super::*;

impl App {
    // ----- remembered state -------------------------------------------

    /// Takes over a loaded state: marks, then the session (filters, view,
    /// selection, reader, position). Ids and topics no longer in the
    /// archive are skipped.
    pub fn restore(&mut self, state: ArchiveState) {
        self.adopt(state);
        let Some(session) = self.state.session.clone() else {
            // No screen to restore, but the article shown since `new` may
            // still have a remembered place.
            self.place_article(self.article);
            self.sync();
            self.dirty = None;
            return;
        };
        self.search.history = session.searches.clone();
        self.mode = session.mode;
        self.active.iter_mut().for_each(|a| *a = false);
        for key in &session.topics {
            if let Some(t) = self.archive.topics.iter().position(|t| &t.key == key) {
                self.active[t] = true;
            }
        }
        self.view = session.view;
        let day = |d: Option<&String>| d.and_then(|d| crate::timeline::parse_day(d));
        let dates = session.dates.as_deref();
        self.dates = crate::timeline::DateRange {
            since: day(dates.and_then(|d| d.since.as_ref())),
            until: day(dates.and_then(|d| d.until.as_ref())),
        };
        for (s, label) in self.archive.sources.labels.iter().enumerate() {
            if let Some(on) = self.active_sources.get_mut(s) {
                *on = session.sources.contains(label);
            }
        }
        self.topics_hidden = session.topics_hidden;
        self.refilter();
        let find =
            |id: &Option<String>| id.as_deref().and_then(|id| self.archive.find_state_key(id));
        let selected = find(&session.selected);
        if let Some(pos) = selected.and_then(|s| self.visible.iter().position(|&a| a == s)) {
            let h = self.list_height();
            self.list.select(pos, self.visible.len(), h);
        }
        if let Some(article) = find(&session.article).or(selected) {
            // Placed even when it is the article `new` showed already.
            self.place_article(Some(article));
            if session.reader_open {
                self.reader_open = true;
                self.focus = Pane::Reader;
                // Already read when it was left; a `u` then must stay.
                self.reader.counted = Some(article);
            }
        }
        self.focus = match session.focus {
            Pane::Reader if !self.reader_open => Pane::List,
            pane => pane,
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
        // Highlights another process made show from the next frame on.
        self.hl.stale = true;
        self.read_marks();
        self.recount();
    }

    /// The read and star flags from the state; an article the reader never
    /// marked takes the marks its source format carried (a Wallabag star).
    pub(super) fn read_marks(&mut self) {
        // Nothing remembered yet: every mark is the one the format carried,
        // and no article's key needs making.
        if self.state.articles.is_empty() {
            let seeds = self.archive.articles.iter().map(|a| a.seed);
            (self.read, self.starred) = seeds.map(|s| (s.read, s.starred)).unzip();
            return;
        }
        let (read, starred) = self
            .archive
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let own = self.state.article(&self.archive.state_key(i));
                let read = own.and_then(|s| s.read.is_set().then_some(s.read.on));
                let starred = own.and_then(|s| s.starred.is_set().then_some(s.starred.on));
                // The same article in another source of a library: a mark
                // set there counts too.
                let (read, starred) = self.archive.sources.again_of(i).fold(
                    (read, starred),
                    |(r, st), (label, id)| {
                        let other = self.state.article(&crate::state::library_key(label, id));
                        let or = |mine: Option<bool>, theirs: Option<&crate::state::Mark>| match (
                            mine,
                            theirs.filter(|m| m.is_set()),
                        ) {
                            (Some(true), _) => Some(true),
                            (m, Some(t)) => Some(m.unwrap_or(false) || t.on),
                            (m, None) => m,
                        };
                        (
                            or(r, other.map(|o| &o.read)),
                            or(st, other.map(|o| &o.starred)),
                        )
                    },
                );
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
            a.filter(|&a| a < self.archive.articles.len())
                .map(|a| self.archive.state_key(a).into_owned())
        };
        Session {
            selected: id(self.selected_article()),
            article: id(self.article.filter(|&a| Some(a) != self.selected_article())),
            topics: self
                .active_topics()
                .filter_map(|t| self.archive.topics.get(t))
                .map(|t| t.key.clone())
                .collect(),
            sources: self
                .active_sources
                .iter()
                .zip(&self.archive.sources.labels)
                .filter(|(on, _)| **on)
                .map(|(_, l)| l.clone())
                .collect(),
            mode: self.mode,
            view: self.view,
            dates: self.dates.is_set().then(|| {
                Box::new(crate::state::SessionDates {
                    since: self.dates.since.map(crate::timeline::iso),
                    until: self.dates.until.map(crate::timeline::iso),
                })
            }),
            reader_open: self.reader_open,
            focus: self.focus,
            topics_hidden: self.topics_hidden,
            searches: self.search.history.clone(),
            at: 0,
        }
    }

    /// Hands the pending save to the caller (the TUI), clearing it.
    pub fn take_dirty(&mut self) -> Option<Dirty> {
        self.dirty.take()
    }

    pub(super) fn touch(&mut self, how: Dirty) {
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
        if article >= self.archive.articles.len() {
            return;
        }
        let key = self.archive.state_key(article).into_owned();
        if self.state.set_read(&key, on, crate::state::now()) {
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

    pub(super) fn set_starred(&mut self, article: usize, on: bool) {
        if article >= self.archive.articles.len() {
            return;
        }
        let key = self.archive.state_key(article).into_owned();
        if self.state.set_starred(&key, on, crate::state::now()) {
            self.touch(Dirty::Now);
        }
        if let Some(s) = self.starred.get_mut(article) {
            *s = on;
        }
    }

    /// The article `u` and `s` act on: the one being read when the reader
    /// has focus, else the list's selection.
    pub(super) fn target_article(&self) -> Option<usize> {
        if self.focus == Pane::Reader {
            self.article
        } else {
            self.selected_article()
        }
    }

    pub(super) fn toggle_read(&mut self) {
        if let Some(a) = self.target_article() {
            let on = !self.is_read(a);
            self.set_read(a, on);
            self.message = Some(if on { "Marked read" } else { "Marked unread" }.into());
        }
    }

    /// `A`: marks every article the list shows read (newsboat's `A`); the
    /// same key again at once puts back unread the articles it marked.
    /// Both go through the state like any mark, so both are saved. The
    /// list is not refiltered (as with `u`), so nothing jumps.
    pub(super) fn mark_all_read(&mut self) {
        let at = crate::state::now();
        if let Some(marked) = self.mark_undo.take() {
            for &a in &marked {
                self.set_read_quietly(a, false, at);
            }
            self.recount();
            let n = marked.len();
            self.message = Some(format!("{n} {} unread again", articles(n)));
            return;
        }
        let marked: Vec<usize> = self
            .visible
            .iter()
            .copied()
            .filter(|&a| !self.is_read(a))
            .collect();
        if marked.is_empty() {
            self.message = Some("Every article in the list is read already".into());
            return;
        }
        for &a in &marked {
            self.set_read_quietly(a, true, at);
        }
        // Once for all of them: `set_read` adjusts the counts per article,
        // which would cost a pass over the list for each.
        self.recount();
        let n = marked.len();
        let undo = self
            .keymap
            .hint(Action::MarkAllRead, self.context())
            .map(|k| format!(" — {k} again undoes"))
            .unwrap_or_default();
        self.message = Some(format!("Marked {n} {} read{undo}", articles(n)));
        self.mark_undo = Some(marked);
    }

    /// Sets an article's read mark in the state and the flags, leaving the
    /// counts to a `recount` after a batch.
    fn set_read_quietly(&mut self, article: usize, on: bool, at: crate::state::Stamp) {
        if article >= self.archive.articles.len() {
            return;
        }
        let key = self.archive.state_key(article).into_owned();
        if self.state.set_read(&key, on, at) {
            self.touch(Dirty::Now);
        }
        if let Some(r) = self.read.get_mut(article) {
            *r = on;
        }
    }

    pub(super) fn toggle_star(&mut self) {
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
            None => date.text.to_string(),
        }
    }

    pub(super) fn toggle_view(&mut self, view: View) {
        self.view = if self.view == view { View::All } else { view };
        self.refilter();
        self.message = Some(
            match self.view {
                View::All => "Showing all articles",
                View::Unread => "Showing unread articles only",
                View::Starred => "Showing starred articles only",
                View::Highlighted => "Showing articles with highlights only",
            }
            .into(),
        );
    }

    /// Moves to the next (`dir` 1) or previous (-1) unread article of the
    /// list; from the reader it opens it.
    pub(super) fn jump_unread(&mut self, dir: isize) {
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
    pub(super) fn recount(&mut self) {
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
    pub(super) fn remember(&mut self) {
        let reading = if self.reader_open && self.focus == Pane::Reader {
            self.article
        } else {
            None
        };
        if reading != self.reader.counted {
            if let Some(a) = reading {
                self.set_read(a, true);
            }
            self.reader.counted = reading;
        }
        self.record_place();
        if self.state.set_session(self.session(), crate::state::now()) {
            self.touch(Dirty::Soon);
        }
    }
}

/// `article` or `articles`, for `n` of them.
fn articles(n: usize) -> &'static str {
    if n == 1 { "article" } else { "articles" }
}
