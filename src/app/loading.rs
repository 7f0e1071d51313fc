//! An archive that is still being read: rows arrive in batches while the
//! file is parsed (in file order), keys work meanwhile, and when the load
//! ends the list takes its final order with the same article selected.

use std::sync::Arc;

use super::App;
use crate::archive::{Archive, Article, Topic};

/// How far the load is, for the status line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Bytes of the file read so far, and its size.
    pub read: u64,
    pub size: u64,
}

impl App {
    /// Whether the archive is still being read.
    pub fn loading(&self) -> Option<Progress> {
        self.load
    }

    /// The status line's note while the archive is read.
    pub fn loading_note(&self) -> Option<String> {
        let p = self.load?;
        let n = self.archive.articles.len();
        Some(match (p.read.min(p.size) * 100).checked_div(p.size) {
            Some(percent) => format!("Reading… {percent}% · {n} articles"),
            None => format!("Reading… {n} articles"),
        })
    }

    /// Starts showing an archive still being read: `size` is its file's.
    pub fn start_loading(&mut self, size: u64) {
        self.load = Some(Progress { read: 0, size });
    }

    /// More articles read (in file order), every topic so far and the
    /// title: the list grows, in file order until the load ends; what is
    /// selected stays selected.
    pub fn add_loaded(
        &mut self,
        articles: Vec<Article>,
        topics: Vec<Topic>,
        title: Option<String>,
    ) {
        let archive = Arc::make_mut(&mut self.archive);
        let from = archive.articles.len();
        archive.articles.extend(articles);
        archive.order.extend(from..archive.articles.len());
        archive.topics = topics;
        if archive.title.is_none() {
            archive.title = title;
        }
        self.rebuild_from(from);
    }

    /// Bytes read so far.
    pub fn load_progress(&mut self, read: u64) {
        if let Some(p) = &mut self.load {
            p.read = read;
        }
    }

    /// The load ended: the archive as read (ids settled, related links
    /// resolved, list order by date) replaces the rows shown so far; the
    /// selected article stays selected.
    pub fn finish_loading(&mut self, archive: Archive) {
        self.load = None;
        self.archive = Arc::new(archive);
        self.drop_search_index();
        // Related links are resolved now: lay the articles out again.
        self.reader.cache.clear();
        self.rebuild();
    }

    /// Takes over the archive read again after its files changed on disk
    /// (`said`: what to tell the user): the selection, the article in the
    /// reader and its place, the topics and sources switched on are kept
    /// where they still exist.
    pub fn replace_archive(&mut self, archive: Archive, said: String) {
        let key = |app: &App, a: Option<usize>| a.map(|i| app.archive.state_key(i).into_owned());
        let selected = key(self, self.selected_article());
        let article = key(self, self.article);
        let place = self.current_anchor();
        let sources: Vec<String> = self
            .active_sources
            .iter()
            .zip(&self.archive.sources.labels)
            .filter(|(on, _)| **on)
            .map(|(_, l)| l.clone())
            .collect();
        self.archive = Arc::new(archive);
        self.drop_search_index();
        self.reader.cache.clear();
        self.hl.stale = true;
        self.active_sources = self
            .archive
            .sources
            .labels
            .iter()
            .map(|l| sources.contains(l))
            .collect();
        self.article = None;
        self.rebuild();
        let find = |k: Option<String>| k.and_then(|k| self.archive.find_state_key(&k));
        if let Some(pos) = find(selected).and_then(|s| self.visible.iter().position(|&v| v == s)) {
            let h = self.list_height();
            self.list.select(pos, self.visible.len(), h);
        }
        match find(article) {
            Some(a) => {
                self.article = Some(a);
                self.reader.shown = None;
                self.reader.pending = place;
            }
            None => self.place_article(self.selected_article()),
        }
        self.message = Some(said);
        self.sync();
    }

    /// Everything worked out from the archive, worked out again for the
    /// one now held (the filter, marks, counts and selection are kept).
    fn rebuild(&mut self) {
        self.rebuild_from(0);
    }

    /// [`App::rebuild`] when the articles before `from` are as they were
    /// and the others were appended: the topic facets and the timeline
    /// take in only the new ones (a million rows arriving in batches would
    /// otherwise be walked again at every batch).
    fn rebuild_from(&mut self, from: usize) {
        let keys: Vec<String> = self
            .active_topics()
            .filter_map(|t| self.archive.topics.get(t).map(|t| t.key.clone()))
            .collect();
        if from == 0 || !self.facets.extend(&self.archive, from) {
            let (facets, timeline) = super::facets_and_timeline(&self.archive);
            self.facets = facets;
            self.take_timeline(timeline);
        } else {
            let mut timeline = std::mem::take(&mut self.timeline);
            timeline.extend(&self.archive, from);
            self.take_timeline(timeline);
        }
        self.totals = self.facets.totals().to_vec();
        self.topic_rows = crate::facets::topic_rows(&self.archive, &self.totals);
        let n = self.archive.topics.len();
        self.counts.resize(n, 0);
        self.active = self
            .archive
            .topics
            .iter()
            .map(|t| keys.contains(&t.key))
            .collect();
        self.read_marks();
        self.newest_year = self.newest_year_now();
        if self.load.is_none() {
            self.start_series();
        }
        self.refilter();
        self.recount();
        if self.article.is_none() {
            self.place_article(self.visible.first().copied());
        }
        self.sync();
    }
}
