//! Search in the app: the prompt while a query is typed (it gets every key
//! before the keymap), the query in force and the articles it matches,
//! what Esc puts back, the history, and `n`/`N` between matches.

use crate::prompt::{Edit, Prompt};
use crate::search::Query;
use std::sync::mpsc::TryRecvError;

use super::*;

/// How long `n` may look for a match before the first frame shows that
/// it is looking.
const SEEK_SLICE: std::time::Duration = std::time::Duration::from_millis(30);

/// Lines of context above a match the reader goes to: three, fewer on a
/// short screen (a third of it).
fn context(height: usize) -> usize {
    3.min(height / 3)
}

/// How many queries the history keeps.
const HISTORY: usize = 100;

/// How long a keystroke waits for text still being prepared for search.
const KEYSTROKE_BUDGET: std::time::Duration = std::time::Duration::from_millis(30);

/// How often the list shows what a search through the index found so far
/// while it reads on in idle slices.
const RELIST_EVERY: std::time::Duration = std::time::Duration::from_millis(40);

/// The search part of the app.
#[derive(Debug, Default)]
pub struct Search {
    /// The prompt, while a query is being typed.
    pub prompt: Option<Prompt>,
    /// The query in force, as typed (empty: no search).
    pub text: String,
    query: Option<Query>,
    /// Per article: its matches for the query in force (`None`: not a hit;
    /// `Some(0)`: a hit of a query that only excludes). Empty when no
    /// search is in force.
    pub matches: Vec<Option<usize>>,
    /// The last query typed matched nothing: the list still shows the last
    /// query that did.
    pub failed: Option<String>,
    /// Articles the search has not read yet (their text is still being
    /// prepared); the result grows when they are in.
    pub pending: usize,
    /// Earlier queries, oldest first.
    pub history: Vec<String>,
    /// Where ↑/↓ are in the history while the prompt is open.
    history_at: Option<usize>,
    /// What Esc in the prompt puts back.
    saved: Option<Saved>,
    /// The match `n`/`N` last went to: (article, match in reading order).
    current: Option<(usize, usize)>,
    /// Every article's text folded, made by the first search.
    folded: Option<crate::search::Folded>,
    /// The archive's search index, once built or read from the cache:
    /// a search then reads only the articles it may match, and the text
    /// of the others is never folded.
    index: Option<std::sync::Arc<crate::search_index::Index>>,
    /// The articles a search through the index still has to read (in
    /// idle slices, and by a helper thread for a big one).
    checking: Option<Reading>,
    /// When the list last showed what such a search had found so far.
    listed_at: Option<std::time::Instant>,
    /// Diacritics are ignored (the config's `search_folds_diacritics`).
    pub fold_marks: bool,
    /// `n`/`N` is still looking through an article not laid out to its
    /// end: (article, direction, the match it started from). The rest is
    /// laid out in idle slices; any key stops it.
    pub(super) seek: Option<(usize, isize, Option<usize>)>,
    /// The text is folded for search only once a search begins, not in
    /// the first idle moments: set for a big archive, whose folded text
    /// would take about as much memory as its text.
    pub fold_when_asked: bool,
    /// How long `n`/`N` may look before its key returns (`None`: 30 ms).
    /// A test sets it to zero, so that looking on in slices is seen on any
    /// machine, however fast.
    pub seek_slice: Option<std::time::Duration>,
    /// How long a keystroke in the prompt may fold text that is not
    /// ready before it searches what is (`None`: 30 ms). A test sets it to
    /// zero, so that a search waiting for the rest is seen on any machine.
    pub keystroke_slice: Option<std::time::Duration>,
    /// A search through the index with more than this many articles left
    /// after its keystroke has a helper thread read along (`None`:
    /// [`HELPER_FROM`]). A test sets it to zero, so that the helper is
    /// seen at work on a small archive.
    pub helper_from: Option<usize>,
}

/// Articles a search through the index leaves after its keystroke, from
/// which on a helper thread reads along with the idle slices.
const HELPER_FROM: usize = 1024;

/// Articles the helper takes at a time.
const HELPER_TAKES: usize = 64;

/// Articles an idle slice takes at a time (and reads between two looks at
/// the clock).
const SLICE_TAKES: usize = 16;

/// The articles a search through the index reads: its candidates in the
/// list's order, taken a few at a time from the front by the idle slices
/// and, for a big search, by a helper thread too, which sends back what
/// it found. The helper starts after the keystroke, which reads until a
/// screen of hits is in (or its time is up), so what it finds a chunk
/// ahead of the slices lands below the first rows. Dropped, it stops the
/// helper.
#[derive(Debug)]
struct Reading {
    list: std::sync::Arc<[u32]>,
    /// The next place in `list` not taken yet.
    next: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    /// What the helper found.
    found: Option<std::sync::mpsc::Receiver<Found>>,
    /// Articles whose matches are in.
    done: usize,
}

impl Reading {
    fn new(list: Vec<u32>) -> Reading {
        Reading {
            list: list.into(),
            next: std::sync::Arc::default(),
            found: None,
            done: 0,
        }
    }

    /// Articles whose matches are not in yet.
    fn left(&self) -> usize {
        self.list.len() - self.done.min(self.list.len())
    }

    /// Whether every article is read: once each is taken, with no helper
    /// reading (a helper that broke off has nothing more to send; the
    /// search ends with what it has rather than wait for ever).
    fn ended(&self) -> bool {
        self.left() == 0
            || (self.found.is_none()
                && self.next.load(std::sync::atomic::Ordering::Relaxed) >= self.list.len())
    }

    /// The next `n` articles not taken yet (fewer at the end).
    fn take(&self, n: usize) -> &[u32] {
        take(&self.list, &self.next, n)
    }

    /// A helper thread reads the rest along with the idle slices.
    fn help(&mut self, archive: &std::sync::Arc<Archive>, query: &Query) {
        let (send, found) = std::sync::mpsc::channel();
        let (list, next) = (self.list.clone(), self.next.clone());
        let (archive, query) = (archive.clone(), query.clone());
        let helper = std::thread::Builder::new()
            .name("lektyr-search".into())
            .spawn(move || {
                loop {
                    let part = take(&list, &next, HELPER_TAKES);
                    if part.is_empty() {
                        break;
                    }
                    let read = part
                        .iter()
                        .map(|&a| (a, query.count_fresh(&archive, a as usize)))
                        .collect();
                    // The search ended or changed: nobody is listening.
                    if send.send(read).is_err() {
                        break;
                    }
                }
            });
        // Without a thread, the idle slices read it all.
        if helper.is_ok() {
            self.found = Some(found);
        }
    }

    /// Puts what the helper found into `matches`, waiting for it until
    /// `deadline` when nothing else is left (then it is reading the last).
    fn gather(&mut self, matches: &mut [Option<usize>], deadline: std::time::Instant) {
        let Some(found) = &self.found else {
            return;
        };
        loop {
            let wait = deadline.saturating_duration_since(std::time::Instant::now());
            let got = if self.next.load(std::sync::atomic::Ordering::Relaxed) >= self.list.len()
                && self.left() > 0
                && !wait.is_zero()
            {
                found.recv_timeout(wait).map_err(|e| match e {
                    std::sync::mpsc::RecvTimeoutError::Timeout => TryRecvError::Empty,
                    std::sync::mpsc::RecvTimeoutError::Disconnected => TryRecvError::Disconnected,
                })
            } else {
                found.try_recv()
            };
            let read = match got {
                Ok(read) => read,
                Err(TryRecvError::Empty) => return,
                // It sends all it took before it ends: gone with some not
                // sent, it broke off (see `Reading::ended`).
                Err(TryRecvError::Disconnected) => {
                    self.found = None;
                    return;
                }
            };
            self.done += read.len();
            for (a, m) in read {
                if let Some(slot) = matches.get_mut(a as usize) {
                    *slot = m;
                }
            }
        }
    }
}

impl Drop for Reading {
    fn drop(&mut self) {
        // Nothing more for the helper to take.
        self.next
            .store(usize::MAX / 2, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Articles a helper read, and the matches of each.
type Found = Vec<(u32, Option<usize>)>;

/// The next `n` places of `list` from `next` on, taken.
fn take<'l>(list: &'l [u32], next: &std::sync::atomic::AtomicUsize, n: usize) -> &'l [u32] {
    let from = next.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    list.get(from..list.len().min(from.saturating_add(n)))
        .unwrap_or(&[])
}

/// The articles a search through the index reads, in the order the list
/// shows them (`order`, the archive's list order), so that the first rows
/// settle first: the index's candidates, or every one of the `n` articles
/// when it cannot narrow the query. Any not in `order` come last, in
/// archive order.
fn in_list_order(
    candidates: crate::search_index::Candidates,
    order: &[usize],
    n: usize,
) -> Vec<u32> {
    let mut wanted = match candidates {
        crate::search_index::Candidates::All => vec![true; n],
        crate::search_index::Candidates::Some(list) => {
            let mut wanted = vec![false; n];
            for a in list {
                if let Some(w) = wanted.get_mut(a as usize) {
                    *w = true;
                }
            }
            wanted
        }
    };
    let mut out = Vec::new();
    for &a in order {
        if let Some(w) = wanted.get_mut(a)
            && std::mem::take(w)
        {
            out.push(a as u32);
        }
    }
    out.extend(
        wanted
            .iter()
            .enumerate()
            .filter(|(_, w)| **w)
            .map(|(a, _)| a as u32),
    );
    out
}

/// The view before the prompt opened.
#[derive(Debug, Clone)]
struct Saved {
    text: String,
    query: Option<Query>,
    matches: Vec<Option<usize>>,
    article: Option<usize>,
    scroll: usize,
    reader_open: bool,
    focus: Pane,
    /// The search took the reader away from the article: a place was
    /// left in the history, which Esc takes back.
    left: bool,
}

impl Search {
    /// Whether a search is in force (the list shows only its hits).
    pub fn is_active(&self) -> bool {
        self.query.is_some()
    }

    /// The query in force.
    pub fn query(&self) -> Option<&Query> {
        self.query.as_ref()
    }

    /// The match of `article` that `n`/`N` last went to.
    pub fn current_match(&self, article: usize) -> Option<usize> {
        self.current.filter(|(a, _)| *a == article).map(|(_, m)| m)
    }

    /// The history as saved with the state (newest last).
    pub fn remember(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.history.retain(|h| h != text);
        self.history.push(text.to_string());
        let extra = self.history.len().saturating_sub(HISTORY);
        self.history.drain(..extra);
    }
}

impl App {
    /// `/`: opens the prompt, keeping what Esc puts back.
    pub(super) fn open_search(&mut self) {
        self.search.saved = Some(Saved {
            text: self.search.text.clone(),
            query: self.search.query.clone(),
            matches: self.search.matches.clone(),
            article: self.article,
            scroll: self.scroll,
            reader_open: self.reader_open,
            focus: self.focus,
            left: false,
        });
        self.search.prompt = Some(Prompt::default());
        self.search.history_at = None;
        self.search.failed = None;
    }

    /// A key while the prompt is open.
    pub(super) fn search_key(&mut self, key: Key) {
        let Some(prompt) = self.search.prompt.as_mut() else {
            return;
        };
        match prompt.apply(key) {
            Edit::Changed => {
                let text = prompt.text().to_string();
                self.search.history_at = None;
                self.run_search(&text);
            }
            Edit::Moved | Edit::Ignored => {}
            Edit::Submit => {
                let typed = prompt.text().to_string();
                self.search.prompt = None;
                self.search.saved = None;
                self.search.remember(&typed);
                if let Some(failed) = self.search.failed.take() {
                    self.message = Some(format!("No article matches “{failed}”"));
                }
                self.touch(Dirty::Soon);
                self.follow_first_hit();
            }
            Edit::Cancel => self.cancel_search(),
            Edit::Older | Edit::Newer => {
                let len = self.search.history.len();
                let at = match (self.search.history_at, key.code) {
                    (None, KeyCode::Up) => len.checked_sub(1),
                    (Some(i), KeyCode::Up) => Some(i.saturating_sub(1)),
                    (Some(i), KeyCode::Down) if i + 1 < len => Some(i + 1),
                    _ => None,
                };
                self.search.history_at = at;
                let text = at
                    .and_then(|i| self.search.history.get(i))
                    .cloned()
                    .unwrap_or_default();
                if let Some(prompt) = self.search.prompt.as_mut() {
                    prompt.set(&text);
                }
                self.run_search(&text);
            }
        }
        self.sync();
    }

    /// Esc in the prompt: the query, list, article and scroll from before.
    fn cancel_search(&mut self) {
        self.search.prompt = None;
        self.search.failed = None;
        self.search.pending = 0;
        let Some(saved) = self.search.saved.take() else {
            return;
        };
        self.search.text = saved.text;
        self.search.query = saved.query;
        self.search.matches = saved.matches;
        if saved.left {
            self.history.back.pop();
        }
        self.refilter();
        self.set_article(saved.article);
        if let Some(article) = saved.article
            && let Some(pos) = self.visible.iter().position(|&a| a == article)
        {
            let h = self.list_height();
            self.list.select(pos, self.visible.len(), h);
        }
        self.scroll = saved.scroll;
        self.reader.pending = None;
        self.reader_open = saved.reader_open;
        self.focus = saved.focus;
    }

    /// Ends the search in force (Esc in the list with no prompt open).
    pub(super) fn clear_search(&mut self) {
        self.search.text.clear();
        self.search.query = None;
        self.search.matches.clear();
        self.search.failed = None;
        self.search.pending = 0;
        self.search.checking = None;
        self.refilter();
        self.touch(Dirty::Soon);
    }

    /// The archive changed: its search index no longer says which articles
    /// a query can match.
    pub(super) fn drop_search_index(&mut self) {
        self.search.index = None;
        self.search.checking = None;
    }

    /// Runs `text` as the query in force. One that matches nothing leaves
    /// the last good result on screen and says so.
    fn run_search(&mut self, text: &str) {
        let query = Query::parse_with(text, self.search.fold_marks);
        if query.is_empty() {
            return self.clear_search();
        }
        let n = self.archive.articles.len();
        self.search.checking = None;
        // With the index, and without every article's folded text at
        // hand, only the articles it leaves are read; a query it cannot
        // narrow (a word under three bytes, as the first keys of any
        // query are) reads them all, a slice at a time, but keeps no
        // folded text.
        if !self.search.folded.as_ref().is_some_and(|f| f.covers(n))
            && let Some(index) = self
                .search
                .index
                .as_ref()
                .filter(|i| i.articles() as usize == n)
        {
            let candidates = in_list_order(index.candidates(&query), &self.archive.order, n);
            self.search.checking = Some(Reading::new(candidates));
            self.search.listed_at = Some(std::time::Instant::now());
            let mut matches = vec![None; n];
            let deadline =
                std::time::Instant::now() + self.search.keystroke_slice.unwrap_or(KEYSTROKE_BUDGET);
            // Read in the list's order, the keystroke stops once a screen
            // of hits is in: the first rows shown are final at once, and
            // the rest comes in idle slices.
            let screen = self.list_height();
            self.check_candidates(&query, &mut matches, deadline, Some(screen));
            if let Some(reading) = self.search.checking.as_mut()
                && reading.left() > self.search.helper_from.unwrap_or(HELPER_FROM)
            {
                reading.help(&self.archive, &query);
            }
            return self.show_search(text, query, matches);
        }
        // Usually made already in idle moments. If not, a keystroke waits
        // for a little more of it only; the rest comes in idle moments and
        // the search runs again when it is all there.
        let marks = self.search.fold_marks;
        let mut folded = self
            .search
            .folded
            .take()
            .unwrap_or_else(|| crate::search::Folded::empty(marks));
        let deadline =
            std::time::Instant::now() + self.search.keystroke_slice.unwrap_or(KEYSTROKE_BUDGET);
        folded.extend(&self.archive, Some(deadline));
        let matches: Vec<Option<usize>> = (0..n)
            .map(|i| query.count(&self.archive, i, &folded))
            .collect();
        self.search.pending = n - folded.len().min(n);
        self.search.folded = Some(folded);
        self.show_search(text, query, matches);
    }

    /// Reads the articles the index left for `query` until `deadline`
    /// (at least a few), or until `enough` of them matched, noting each
    /// one's matches in `matches`.
    fn check_candidates(
        &mut self,
        query: &Query,
        matches: &mut [Option<usize>],
        deadline: std::time::Instant,
        enough: Option<usize>,
    ) {
        let Some(reading) = self.search.checking.as_mut() else {
            return;
        };
        let mut hits = 0;
        loop {
            reading.gather(matches, std::time::Instant::now());
            let part = reading.take(SLICE_TAKES);
            if part.is_empty() {
                break;
            }
            for &i in part {
                if let Some(m) = matches.get_mut(i as usize) {
                    *m = query.count_fresh(&self.archive, i as usize);
                    hits += usize::from(m.is_some());
                }
            }
            reading.done += part.len();
            if enough.is_some_and(|e| hits >= e) || std::time::Instant::now() >= deadline {
                break;
            }
        }
        // What the helper is still reading, until the deadline.
        reading.gather(matches, deadline);
        if reading.ended() {
            self.search.checking = None;
            self.search.pending = 0;
        } else {
            self.search.pending = reading.left();
        }
    }

    /// Puts the matches of `query` (typed as `text`) in force: the list
    /// shows them, or, when none of the articles shown match and none is
    /// left to read, the last query that matched stays.
    fn show_search(&mut self, text: &str, query: Query, matches: Vec<Option<usize>>) {
        let before = (
            std::mem::replace(&mut self.search.text, text.to_string()),
            self.search.query.replace(query),
            std::mem::replace(&mut self.search.matches, matches),
        );
        self.refilter();
        // Only articles the topic filter and view let through count: none
        // of them matching puts the last good result back.
        // (While articles are still pending, an empty result may yet fill.)
        if self.visible.is_empty() && self.search.pending == 0 {
            (self.search.text, self.search.query, self.search.matches) = before;
            self.search.failed = Some(text.to_string());
            self.refilter();
        } else {
            self.search.failed = None;
            self.leave_what_no_longer_matches();
        }
    }

    /// After the hits changed: an article that no longer matches is not
    /// left on screen. The selection goes to the first hit; a reader beside
    /// the list follows it to its first match, and a reader that fills the
    /// screen gives way to the list of hits (Esc in the prompt brings it
    /// back).
    fn leave_what_no_longer_matches(&mut self) {
        let shown = |a: Option<usize>| a.is_some_and(|a| self.visible.contains(&a));
        if shown(self.article) || (!self.reader_open && shown(self.selected_article())) {
            return;
        }
        let h = self.list_height();
        self.list.select(0, self.visible.len(), h);
        if self.reader_open && !self.is_wide() {
            self.reader_open = false;
            self.focus = Pane::List;
        }
        if self.reader_open {
            // Leaving the article read before the prompt opened is a jump
            // the back key undoes (once, however often the hits change).
            if let (Some(to), Some(saved)) = (self.selected_article(), self.search.saved.as_mut())
                && !saved.left
                && saved.reader_open
                && saved.article == self.article
            {
                saved.left = true;
                self.leave_for(to);
            }
        }
        self.follow_selection();
        if self.is_wide() {
            self.land_on_first_match();
        }
    }

    /// The reader opens a hit at its first match, with a few lines of
    /// context above it, as less and vim do: not when the match is on the
    /// first screen (the article shows from its top) or a match shows
    /// already. A match further on than is laid out is looked for in idle
    /// slices, as `n` does.
    pub(super) fn land_on_first_match(&mut self) {
        let (Some(query), Some(article)) = (self.search.query.clone(), self.article) else {
            return;
        };
        if self.reader_width().is_none() {
            return;
        }
        let h = self.reader_height();
        if self.reader.pending.is_none() {
            let (found, _) = self.matches_laid(&query, article);
            let top = self.scroll;
            if let Some(f) = found.iter().find(|f| (top..top + h).contains(&f.line)) {
                self.search.current = Some((article, f.index));
                return;
            }
        }
        // The search says where to read, not the place last left.
        self.reader.pending = None;
        self.scroll = 0;
        let (found, complete) = self.matches_laid(&query, article);
        match found.first().copied() {
            Some(f) => {
                self.search.current = Some((article, f.index));
                self.scroll = if f.line < h {
                    0
                } else {
                    f.line.saturating_sub(context(h))
                };
            }
            None if !complete => {
                self.search.seek = Some((article, 1, None));
                self.seek_on(
                    std::time::Instant::now() + self.search.seek_slice.unwrap_or(SEEK_SLICE),
                );
            }
            None => {}
        }
    }

    /// After a search: the reader follows the first hit.
    fn follow_first_hit(&mut self) {
        if !self.reader_open {
            self.follow_selection();
        }
    }

    /// Work for idle moments: folding the articles' text for search, a
    /// piece at a time until `deadline`. True while there is more to do.
    pub fn idle_work(&mut self, deadline: std::time::Instant) -> bool {
        // Series cuts from their thread, when ready (never waited for);
        // the statistics' base from its.
        self.poll_series();
        self.poll_stats();
        // A jump to the end of a long article comes first: it was asked for.
        if self.reader.to_end {
            self.lay_out_towards_end(deadline);
            return true;
        }
        // So does a next match still being looked for.
        if self.search.seek.is_some() {
            self.seek_on(deadline);
            return true;
        }
        // A search through the index reads the articles it left.
        if self.search.checking.is_some() {
            self.check_on(deadline);
            return self.search.checking.is_some();
        }
        if !self.folding_wanted() {
            return false;
        }
        let marks = self.search.fold_marks;
        let n = self.archive.articles.len();
        let folded = self
            .search
            .folded
            .get_or_insert_with(|| crate::search::Folded::empty(marks));
        if !folded.covers(n) {
            // A search typed before the text was ready runs again on all
            // of it, in a slice of its own: a key that comes meanwhile
            // waits for one search at most, not for it and a fold too.
            return !folded.extend(&self.archive, Some(deadline)) || self.search.pending > 0;
        }
        if self.search.pending > 0 {
            let text = self.search.text.clone();
            let prompt = self.search.prompt.as_ref().map(|p| p.text().to_string());
            self.run_search(prompt.as_deref().unwrap_or(&text));
            self.sync();
        }
        false
    }

    /// Reads more of the articles the index left for the search in force,
    /// until `deadline`; the list shows the matches found so far.
    fn check_on(&mut self, deadline: std::time::Instant) {
        let Some(query) = self.search.query.clone() else {
            self.search.checking = None;
            self.search.pending = 0;
            return;
        };
        let mut matches = std::mem::take(&mut self.search.matches);
        self.check_candidates(&query, &mut matches, deadline, None);
        self.search.matches = matches;
        // The list and its counts are made again a few times a second,
        // not after every slice: at 100k articles that took a sixth of a
        // common word's search. (The first rows are final already.)
        let now = std::time::Instant::now();
        if self.search.pending > 0
            && self
                .search
                .listed_at
                .is_some_and(|at| now.duration_since(at) < RELIST_EVERY)
        {
            return;
        }
        self.search.listed_at = Some(now);
        self.refilter();
        if self.search.pending == 0 && self.visible.is_empty() {
            self.search.failed = Some(self.search.text.clone());
        } else {
            self.search.failed = None;
            self.leave_what_no_longer_matches();
        }
        self.sync();
    }

    /// Takes the archive's search index: searches from now on read only
    /// the articles it leaves them (see [`crate::search_index`]).
    pub fn set_search_index(&mut self, index: std::sync::Arc<crate::search_index::Index>) {
        self.search.index = Some(index);
    }

    /// Whether a search index covers the archive as it is.
    fn indexed(&self) -> bool {
        self.search
            .index
            .as_ref()
            .is_some_and(|i| i.articles() as usize == self.archive.articles.len())
    }

    /// How far the search in force has read, in percent.
    pub fn search_progress(&self) -> usize {
        match &self.search.checking {
            Some(reading) => reading.done * 100 / reading.list.len().max(1),
            None => self.search_ready() * 100 / self.archive.articles.len().max(1),
        }
    }

    /// Whether `n`/`N` is still looking for its match in idle slices.
    pub fn seeking(&self) -> bool {
        self.search.seek.is_some()
    }

    /// How many articles search can read yet (their text is prepared).
    pub fn search_ready(&self) -> usize {
        self.search.folded.as_ref().map_or(0, |f| f.len())
    }

    /// Whether idle moments have work to do.
    pub fn has_idle_work(&self) -> bool {
        self.series_job.is_some()
            || self.stats_pending()
            || self.reader.to_end
            || self.search.seek.is_some()
            || self.search.checking.is_some()
            || (self.folding_wanted()
                && (self.search.pending > 0
                    || self
                        .search
                        .folded
                        .as_ref()
                        .is_none_or(|f| !f.covers(self.archive.articles.len()))))
    }

    /// Whether the text is to be folded for search now: at once, or, for
    /// a big archive, once a search has begun (the prompt opened).
    fn folding_wanted(&self) -> bool {
        // With an index, text is folded only for a query it cannot narrow.
        if self.indexed() {
            return self.search.folded.is_some();
        }
        !self.search.fold_when_asked
            || self.search.prompt.is_some()
            || !self.search.text.is_empty()
            || self.search.folded.is_some()
    }

    /// Matches of the query in force, summed over the articles shown.
    pub fn search_total(&self) -> usize {
        self.visible
            .iter()
            .map(|&i| self.search.matches.get(i).copied().flatten().unwrap_or(0))
            .sum()
    }

    /// `n` / `N`: the next or previous match in the article being read,
    /// then the first (or last) match of the next (or previous) matching
    /// article in the list, wrapping around.
    pub(super) fn step_match(&mut self, dir: isize) {
        let Some(query) = self.search.query.clone() else {
            self.message = Some(match self.keymap.hint(Action::Search, Context::Global) {
                Some(k) => format!("No search — {k} starts one"),
                None => "No search".into(),
            });
            return;
        };
        // The reader is on screen: read in it from match to match.
        let reading = self.reader_open || self.is_wide();
        self.search.seek = None;
        if let Some(article) = self.article
            && reading
        {
            let (found, complete) = self.matches_laid(&query, article);
            let here = self.search.current_match(article);
            // Without a current match, from where the reader is.
            let top = self.scroll + 1;
            let next = if dir > 0 {
                found.iter().find(|f| match here {
                    Some(m) => f.index > m,
                    None => f.line >= top.saturating_sub(1),
                })
            } else {
                found.iter().rev().find(|f| match here {
                    Some(m) => f.index < m,
                    None => f.line < top,
                })
            };
            if let Some(f) = next.copied() {
                self.go_to_match(article, f);
                return;
            }
            if dir > 0 && !complete {
                // Further on, in what is not laid out yet: looked for in
                // idle slices, the status line saying how far.
                let from = here.or_else(|| found.iter().map(|f| f.index).max());
                self.search.seek = Some((article, dir, from));
                self.seek_on(
                    std::time::Instant::now() + self.search.seek_slice.unwrap_or(SEEK_SLICE),
                );
                return;
            }
        }
        let len = self.visible.len();
        if len == 0 {
            return;
        }
        let here = self
            .article
            .and_then(|a| self.visible.iter().position(|&v| v == a))
            .unwrap_or(if dir > 0 { len - 1 } else { 0 });
        let next = (here as isize + dir).rem_euclid(len as isize) as usize;
        let Some(&article) = self.visible.get(next) else {
            return;
        };
        // A hit in another article is a jump the back key undoes.
        if reading {
            self.leave_for(article);
        }
        let h = self.list_height();
        self.list.select(next, len, h);
        self.set_article(Some(article));
        self.reader.pending = None;
        self.search.current = None;
        if reading {
            self.scroll = 0;
            let (found, complete) = self.matches_laid(&query, article);
            match (dir > 0, found.first().copied(), complete) {
                (true, Some(f), _) => self.go_to_match(article, f),
                (_, _, true) => {
                    if let Some(f) = found.last().copied() {
                        self.go_to_match(article, f);
                    }
                }
                // The first match further on, or the last one: looked for
                // in idle slices.
                _ => {
                    self.search.seek = Some((article, dir, None));
                    self.seek_on(
                        std::time::Instant::now() + self.search.seek_slice.unwrap_or(SEEK_SLICE),
                    );
                }
            }
        }
    }

    /// Lays out more of the article a match is looked for in, until
    /// `deadline`, and goes to the match when it is in: the first after
    /// the one it started from (forward), or the last one (backward, once
    /// the whole article is in). An article laid out to its end without
    /// one hands over to the next article, as `n` does.
    pub(super) fn seek_on(&mut self, deadline: std::time::Instant) {
        let Some((article, dir, from)) = self.search.seek else {
            return;
        };
        let (Some(query), Some(width)) = (self.search.query.clone(), self.reader_width()) else {
            self.search.seek = None;
            return;
        };
        if self.article != Some(article) {
            self.search.seek = None;
            return;
        }
        let laid =
            self.reader
                .cache
                .extend_for(&self.archive, article, width, &self.theme, deadline);
        let found = crate::layout::find_matches(&self.archive, &laid, &query, 0..laid.lines.len());
        let hit = if dir > 0 {
            found
                .iter()
                .find(|f| from.is_none_or(|m| f.index > m))
                .copied()
        } else if laid.complete {
            found.last().copied()
        } else {
            None
        };
        if let Some(f) = hit {
            self.search.seek = None;
            self.message = None;
            self.go_to_match(article, f);
        } else if laid.complete {
            self.search.seek = None;
            self.message = None;
            if dir > 0 {
                self.step_match(dir);
            }
        } else {
            let (done, all) = laid.progress(&self.archive);
            self.message = Some(format!(
                "Looking for the next match… {}%",
                done * 100 / all.max(1)
            ));
        }
    }

    fn go_to_match(&mut self, article: usize, found: crate::layout::Found) {
        self.search.current = Some((article, found.index));
        self.scroll = found.line.saturating_sub(context(self.reader_height()));
    }

    /// Every match in what is laid out of `article` at the reader's width
    /// (at least a screen's worth), in reading order, and whether that is
    /// all of it.
    fn matches_laid(&mut self, query: &Query, article: usize) -> (Vec<crate::layout::Found>, bool) {
        let Some(width) = self.reader_width() else {
            return (Vec::new(), true);
        };
        let lines = self.scroll.saturating_add(2 * self.reader_height());
        let laid = self
            .reader
            .cache
            .get_until(&self.archive, article, width, &self.theme, lines);
        let found = crate::layout::find_matches(&self.archive, &laid, query, 0..laid.lines.len());
        (found, laid.complete)
    }
}
