//! Topic facets: which articles a topic filter lets through and how many
//! visible articles carry each topic. Each topic keeps the list positions
//! of its articles (a posting list), and the articles' topics sit in one
//! flat array in list order, so a filter change touches only the articles
//! it lets through, in memory order, never each article's own vector.

use crate::archive::Archive;

/// Where `Facets::filter` writes: the visible articles, and per topic how
/// many of them carry it and how many of those are unread. `counts` and
/// `unread` have one slot per topic.
pub struct FilterOut<'a> {
    pub visible: &'a mut Vec<usize>,
    pub counts: &'a mut [usize],
    pub unread: &'a mut [usize],
}

#[derive(Debug, Clone, Default)]
pub struct Facets {
    /// Article indices in list order (a copy of `Archive::order`).
    order: Vec<usize>,
    /// Topics of the article at list position `p` are
    /// `topics[starts[p]..starts[p + 1]]`.
    starts: Vec<u32>,
    topics: Vec<u32>,
    /// Per article: its list position.
    pos_of: Vec<u32>,
    /// Per topic: the list positions of its articles, ascending.
    postings: Vec<Vec<u32>>,
    /// Per topic: how many articles carry it.
    totals: Vec<usize>,
}

impl Facets {
    /// Per topic: how many articles of the archive carry it.
    pub fn totals(&self) -> &[usize] {
        &self.totals
    }

    pub fn new(archive: &Archive) -> Facets {
        // The articles' topics gathered in file order first: walking the
        // articles themselves in list order would jump about a large
        // vector, while this small one stays in the cache.
        let mut by_article = Vec::with_capacity(archive.articles.len() + 1);
        let mut flat: Vec<u32> = Vec::new();
        by_article.push(0u32);
        for article in &archive.articles {
            flat.extend(article.topics.iter().map(|&t| t as u32));
            by_article.push(flat.len() as u32);
        }
        let mut starts = Vec::with_capacity(archive.order.len() + 1);
        let mut topics = Vec::with_capacity(flat.len());
        let mut postings = vec![Vec::new(); archive.topics.len()];
        starts.push(0);
        for (pos, &i) in archive.order.iter().enumerate() {
            if let (Some(&a), Some(&b)) = (by_article.get(i), by_article.get(i + 1)) {
                for &t in flat.get(a as usize..b as usize).unwrap_or_default() {
                    topics.push(t);
                    if let Some(list) = postings.get_mut(t as usize) {
                        list.push(pos as u32);
                    }
                }
            }
            starts.push(topics.len() as u32);
        }
        let totals = postings.iter().map(Vec::len).collect();
        let mut pos_of = vec![u32::MAX; archive.articles.len()];
        for (pos, &i) in archive.order.iter().enumerate() {
            if let Some(p) = pos_of.get_mut(i) {
                *p = pos as u32;
            }
        }
        Facets {
            order: archive.order.clone(),
            starts,
            topics,
            postings,
            totals,
            pos_of,
        }
    }

    /// Takes in the articles of `archive` from `from` on, which were
    /// appended at the end of its list (as while a file is still read, the
    /// list in file order): the same as [`Facets::new`] of it, without
    /// walking the articles taken in before. False, and nothing changed,
    /// when the archive's list is not these facets' with the new articles
    /// after it.
    pub fn extend(&mut self, archive: &Archive, from: usize) -> bool {
        let n = archive.articles.len();
        let appended = archive.order.len() == n
            && self.order.len() == from
            && self.pos_of.len() == from
            && archive.order.get(..from) == Some(&self.order[..])
            && archive
                .order
                .get(from..)
                .is_some_and(|new| new.iter().copied().eq(from..n));
        if !appended || n > u32::MAX as usize {
            return false;
        }
        self.postings.resize(archive.topics.len(), Vec::new());
        for (i, article) in archive.articles.iter().enumerate().skip(from) {
            for &t in &article.topics {
                self.topics.push(t as u32);
                if let Some(list) = self.postings.get_mut(t) {
                    list.push(i as u32);
                }
            }
            self.starts.push(self.topics.len() as u32);
            self.order.push(i);
            self.pos_of.push(i as u32);
        }
        self.totals = self.postings.iter().map(Vec::len).collect();
        true
    }

    fn topics_at(&self, pos: usize) -> &[u32] {
        let (Some(&a), Some(&b)) = (self.starts.get(pos), self.starts.get(pos + 1)) else {
            return &[];
        };
        self.topics.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// Topics of an article (by article index).
    pub fn topics_of(&self, article: usize) -> &[u32] {
        match self.pos_of.get(article) {
            Some(&pos) => self.topics_at(pos as usize),
            None => &[],
        }
    }

    /// Fills `out.visible` (article indices, list order) with the articles
    /// the active topics let through and `keep` (if any) accepts; `out.counts` with
    /// how many of them carry each topic, and `out.unread` with how many of
    /// those are not marked in `read`. No active topic lets every article
    /// through; `all` asks for every active topic instead of any.
    pub fn filter(
        &self,
        active: &[bool],
        all: bool,
        keep: Option<&dyn Fn(usize) -> bool>,
        read: &[bool],
        out: FilterOut<'_>,
    ) {
        let FilterOut {
            visible,
            counts,
            unread,
        } = out;
        let wanted: Vec<usize> = (0..active.len()).filter(|&t| active[t]).collect();
        let is_read = |a: usize| read.get(a).copied().unwrap_or(false);
        visible.clear();
        if wanted.is_empty() && keep.is_none() {
            visible.extend_from_slice(&self.order);
            for (c, t) in counts.iter_mut().zip(&self.totals) {
                *c = *t;
            }
            if read.iter().any(|r| *r) {
                unread.iter_mut().for_each(|c| *c = 0);
                for (pos, &article) in self.order.iter().enumerate() {
                    if !is_read(article) {
                        for &t in self.topics_at(pos) {
                            if let Some(c) = unread.get_mut(t as usize) {
                                *c += 1;
                            }
                        }
                    }
                }
            } else {
                unread.copy_from_slice(counts);
            }
            return;
        }
        let lists: Vec<&[u32]> = wanted
            .iter()
            .map(|&t| self.postings.get(t).map_or(&[][..], Vec::as_slice))
            .collect();
        let positions: Vec<u32> = if wanted.is_empty() {
            (0..self.order.len() as u32).collect()
        } else if all {
            // Walk the shortest list, keep what every other topic has too.
            let shortest = lists.iter().min_by_key(|l| l.len()).copied().unwrap_or(&[]);
            shortest
                .iter()
                .copied()
                .filter(|&pos| {
                    let topics = self.topics_at(pos as usize);
                    wanted.iter().all(|&w| topics.contains(&(w as u32)))
                })
                .collect()
        } else if let [only] = lists.as_slice() {
            only.to_vec()
        } else {
            let mut merged: Vec<u32> = lists.concat();
            merged.sort_unstable();
            merged.dedup();
            merged
        };
        counts.iter_mut().for_each(|c| *c = 0);
        unread.iter_mut().for_each(|c| *c = 0);
        visible.reserve(positions.len());
        for pos in positions {
            let pos = pos as usize;
            let Some(&article) = self.order.get(pos) else {
                continue;
            };
            if keep.is_some_and(|keep| !keep(article)) {
                continue;
            }
            visible.push(article);
            let fresh = !is_read(article);
            for &t in self.topics_at(pos) {
                if let Some(c) = counts.get_mut(t as usize) {
                    *c += 1;
                }
                if fresh && let Some(c) = unread.get_mut(t as usize) {
                    *c += 1;
                }
            }
        }
    }
}

impl Facets {
    /// What switching each inactive topic on would add to an ANY filter:
    /// per topic, its articles that `keep` (if any) accepts and that are not
    /// in `visible` already. Active topics get 0. Writes one slot per topic
    /// of `adds`; costs one pass over the inactive topics' articles.
    pub fn additions(
        &self,
        active: &[bool],
        keep: Option<&dyn Fn(usize) -> bool>,
        visible: &[usize],
        adds: &mut Vec<usize>,
    ) {
        let mut shown = vec![false; self.order.len()];
        for &article in visible {
            if let Some(&pos) = self.pos_of.get(article)
                && let Some(s) = shown.get_mut(pos as usize)
            {
                *s = true;
            }
        }
        adds.clear();
        adds.extend(self.postings.iter().enumerate().map(|(t, list)| {
            if active.get(t).copied().unwrap_or(false) {
                return 0;
            }
            list.iter()
                .filter(|&&pos| !shown.get(pos as usize).copied().unwrap_or(true))
                .filter_map(|&pos| self.order.get(pos as usize))
                .filter(|&&article| keep.is_none_or(|keep| keep(article)))
                .count()
        }));
    }
}

/// Per topic, how many articles carry it; and the topic indices ordered
/// most used first (ties by name), as the topics pane and `lektyr topics`
/// list them.
pub fn topic_totals(archive: &Archive) -> (Vec<usize>, Vec<usize>) {
    let mut totals = vec![0usize; archive.topics.len()];
    for article in &archive.articles {
        for &t in &article.topics {
            if let Some(n) = totals.get_mut(t) {
                *n += 1;
            }
        }
    }
    let rows = topic_rows(archive, &totals);
    (totals, rows)
}

/// The topics pane's rows: most used first, then by name.
pub fn topic_rows(archive: &Archive, totals: &[usize]) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..archive.topics.len()).collect();
    let total = |t: usize| totals.get(t).copied().unwrap_or(0);
    rows.sort_by(|&a, &b| {
        total(b)
            .cmp(&total(a))
            .then_with(|| archive.topics[a].key.cmp(&archive.topics[b].key))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::load_str;
    use proptest::prelude::*;

    /// An archive whose article `i` carries the topics in `sets[i]`.
    fn archive(sets: &[Vec<u8>]) -> Archive {
        let articles: Vec<serde_json::Value> = sets
            .iter()
            .enumerate()
            .map(|(i, set)| {
                let topics: Vec<String> = set.iter().map(|t| format!("t{t}")).collect();
                // Dates out of file order, so list order differs from it.
                let day = (i * 7) % 28 + 1;
                serde_json::json!({"id": format!("a{i}"), "title": format!("A{i}"),
                                   "date": format!("2024-02-{day:02}"), "topics": topics})
            })
            .collect();
        load_str("p.json", &serde_json::Value::Array(articles).to_string()).expect("loads")
    }

    proptest! {
        /// Facets taken in batch by batch, the list in file order as while
        /// a file is read, are the facets of the whole; so is a timeline.
        #[test]
        fn facets_taken_in_by_batches_are_those_of_the_whole(
            sets in proptest::collection::vec(proptest::collection::vec(0u8..6, 0..4), 1..40),
            cuts in proptest::collection::vec(0usize..40, 0..4),
        ) {
            let mut whole = archive(&sets);
            // File order, as the list is until the file is read.
            whole.order = (0..whole.articles.len()).collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % whole.articles.len()).collect();
            cuts.sort_unstable();
            cuts.dedup();
            let first = cuts.first().copied().unwrap_or(whole.articles.len());
            let mut part = whole.clone();
            part.articles.truncate(first);
            part.order.truncate(first);
            let mut facets = Facets::new(&part);
            let mut timeline = crate::timeline::Timeline::new(&part);
            let mut from = first;
            for &to in cuts.iter().skip(1).chain([&whole.articles.len()]) {
                part.articles = whole.articles[..to].to_vec();
                part.order = (0..to).collect();
                part.topics = whole.topics.clone();
                prop_assert!(facets.extend(&part, from));
                timeline.extend(&part, from);
                from = to;
            }
            prop_assert_eq!(format!("{facets:?}"), format!("{:?}", Facets::new(&whole)));
            prop_assert_eq!(format!("{timeline:?}"), format!("{:?}", crate::timeline::Timeline::new(&whole)));
        }
    }

    #[test]
    fn facets_of_another_list_are_not_extended() {
        let sets = [vec![0], vec![1], vec![0, 1]];
        let whole = archive(&sets);
        let mut part = whole.clone();
        part.articles.truncate(2);
        part.order = vec![1, 0];
        let mut facets = Facets::new(&part);
        let before = format!("{facets:?}");
        // The list by date is not the one these facets hold, plus one.
        assert!(!facets.extend(&whole, 2));
        assert_eq!(format!("{facets:?}"), before);
    }

    /// The obvious filter, article by article.
    fn naive(a: &Archive, active: &[bool], all: bool, some_kept: bool) -> (Vec<usize>, Vec<usize>) {
        let wanted: Vec<usize> = (0..active.len()).filter(|&t| active[t]).collect();
        let visible: Vec<usize> = a
            .order
            .iter()
            .copied()
            .filter(|&i| !some_kept || i % 3 != 1)
            .filter(|&i| {
                let ts = &a.articles[i].topics;
                wanted.is_empty()
                    || if all {
                        wanted.iter().all(|w| ts.contains(w))
                    } else {
                        ts.iter().any(|t| active[*t])
                    }
            })
            .collect();
        let mut counts = vec![0; active.len()];
        for &i in &visible {
            for &t in &a.articles[i].topics {
                counts[t] += 1;
            }
        }
        (visible, counts)
    }

    proptest! {
        #[test]
        fn filter_matches_the_obvious_one(
            sets in prop::collection::vec(prop::collection::vec(0u8..6, 0..4), 0..40),
            picks in prop::collection::vec(any::<bool>(), 6),
            all in any::<bool>(),
            some_kept in any::<bool>(),
        ) {
            let a = archive(&sets);
            let facets = Facets::new(&a);
            let active: Vec<bool> = (0..a.topics.len()).map(|t| picks[t % picks.len()]).collect();
            let read: Vec<bool> = (0..a.articles.len()).map(|i| i % 4 == 0).collect();
            let mut visible = Vec::new();
            let mut counts = vec![0; a.topics.len()];
            let mut unread = vec![0; a.topics.len()];
            let out = FilterOut { visible: &mut visible, counts: &mut counts, unread: &mut unread };
            let keep = |i: usize| i % 3 != 1;
            facets.filter(&active, all, if some_kept { Some(&keep) } else { None }, &read, out);
            let (want_visible, want_counts) = naive(&a, &active, all, some_kept);
            let mut want_unread = vec![0; a.topics.len()];
            for &i in want_visible.iter().filter(|&&i| !read[i]) {
                for &t in &a.articles[i].topics {
                    want_unread[t] += 1;
                }
            }
            prop_assert_eq!(&visible, &want_visible);
            prop_assert_eq!(counts, want_counts);
            prop_assert_eq!(unread, want_unread);
            // In ANY mode with a topic on, what another topic adds is the
            // list with it on too, less the list now.
            if !all && active.iter().any(|&on| on) {
                let mut adds = Vec::new();
                let kept: Option<&dyn Fn(usize) -> bool> = if some_kept { Some(&keep) } else { None };
                facets.additions(&active, kept, &visible, &mut adds);
                for t in 0..a.topics.len() {
                    let want = if active[t] {
                        0
                    } else {
                        let mut with = active.clone();
                        with[t] = true;
                        naive(&a, &with, false, some_kept).0.len() - want_visible.len()
                    };
                    prop_assert_eq!(adds[t], want, "topic {}", t);
                }
            }
        }
    }
}
