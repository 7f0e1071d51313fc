//! A persistent trigram index over the articles' searchable text, so a
//! search need not fold and scan every article: it asks the index for the
//! articles that can match and scans only those.
//!
//! The index is built from each article's folded text (what
//! [`crate::search::folded_text`] gives: every field case-folded with the
//! search's own folding, diacritics kept, each followed by a line break).
//! For every **byte** trigram of that UTF-8 text (three bytes in a row, so
//! it serves any script: a CJK character is three bytes) it keeps the
//! sorted list of articles holding it. Trigrams with a line break are left
//! out: no query term spans two fields.
//!
//! A query term of three bytes or more occurs in an article only if every
//! one of its trigrams does, so the articles in every list of every
//! trigram of every word and phrase the query asks for are a **superset**
//! of the articles it matches ([`Index::candidates`]). The search then
//! checks those few as it checks any article; the answers are the scan's.
//!
//! What it cannot narrow it says so ([`Candidates::All`]): a query whose
//! words are all shorter than three bytes, one that only excludes, and any
//! query that folds diacritics (the index holds text with them kept, and
//! `å` folded to `a` has trigrams the text need not have).
//!
//! The bytes ([`Index::to_bytes`]) are the index as it is used, read back
//! by [`Index::from_bytes`]: it checks their checksum (a damaged list could
//! otherwise read as a shorter one, and a search would miss articles) and
//! every entry of the table (lengths, offsets, order), not the lists: a
//! list is decoded when a query needs it, every varint and article number
//! checked, and one that breaks the rules then makes that query answer
//! [`Candidates::All`], never a wrong or short answer, never a panic.
//!
//! The index knows the articles only by number: whoever keeps it keeps
//! with it what says which archive it was made from, and makes it again
//! when that changes. Articles numbered from [`Index::articles`] on (come
//! since) are not in it and are searched as ever.
//!
//! Layout, all numbers little-endian:
//!
//! ```text
//! magic     8 bytes  "LKTRIGR1"
//! articles  u32      how many articles the index covers (numbers 0..articles)
//! trigrams  u32      entries in the table
//! crc       u32      CRC-32 of every other byte, header and all
//! table     trigrams × (key u32, start u64), sorted by trigram, no two alike
//!                    key: trigram << 8 | kind (0 = gaps, 1 = bitmap)
//!                    start: offset of its list in the lists; a list ends
//!                    where the next begins (the last at the end)
//! lists     the posting lists, one after another, in table order
//! ```
//!
//! A list is stored in whichever of two forms is smaller: the gaps between
//! article numbers as varints (7 bits a byte, low first; each gap less one,
//! so neighbouring articles cost one byte of zero), or a bitmap of one bit
//! per article (bit `a % 8` of byte `a / 8`). A gap costs at least a byte,
//! so the bitmap wins for a trigram in more than about one article in
//! eight — the common ones, `the`, `och`, ` de`.

use crate::search::{Query, normalize};

const MAGIC: &[u8; 8] = b"LKTRIGR1";
/// Bytes before the table: magic, articles, trigrams, checksum.
const HEADER: usize = 20;
/// Bytes of one table entry: key and start.
const ENTRY: usize = 12;
/// A list of gaps, as varints.
const GAPS: u8 = 0;
/// A list as one bit per article.
const BITMAP: u8 = 1;

/// Which articles a query can match, as far as the index can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidates {
    /// The index cannot narrow this query: every article may match.
    All,
    /// Only these articles (sorted, no two alike) may match, of those the
    /// index covers ([`Index::articles`]). Articles numbered from there on
    /// were not in it, and must be searched as ever.
    Some(Vec<u32>),
}

impl Candidates {
    /// Whether article `article` may match.
    pub fn may_match(&self, article: u32) -> bool {
        match self {
            Candidates::All => true,
            Candidates::Some(list) => list.binary_search(&article).is_ok(),
        }
    }
}

/// One trigram's list while the index is built.
#[derive(Debug)]
struct Slot {
    trigram: u32,
    /// The list so far: gaps as varints, or a bitmap once `dense`.
    list: Vec<u8>,
    /// A bitmap, made of the gaps once they took more bytes than one bit
    /// an article: the builder then holds no more than the index will.
    dense: bool,
    /// The last article in the list, plus one (0: none yet).
    next: u32,
}

impl Slot {
    /// Puts in the articles of a block of 64 from `base` (a multiple of
    /// 64), one bit each in `word`, the lowest first.
    fn put(&mut self, base: u32, word: u64) {
        if self.dense {
            let at = base as usize / 8;
            if self.list.len() < at + 8 {
                self.list.resize(at + 8, 0);
            }
            if let Some(bytes) = self.list.get_mut(at..at + 8) {
                for (b, w) in bytes.iter_mut().zip(word.to_le_bytes()) {
                    *b |= w;
                }
            }
            return;
        }
        let mut bits = word;
        while bits != 0 {
            let article = base + bits.trailing_zeros();
            push_varint(&mut self.list, article - self.next);
            self.next = article + 1;
            bits &= bits - 1;
        }
        // Not for the first few: early on every list is dense.
        let last = self.next.saturating_sub(1);
        if self.list.len() > 64 + last as usize / 8 {
            let mut bitmap = vec![0; last as usize / 8 + 1];
            for a in Gaps::new(&self.list, last + 1).map_while(Result::ok) {
                if let Some(b) = bitmap.get_mut(a as usize / 8) {
                    *b |= 1 << (a % 8);
                }
            }
            self.list = bitmap;
            self.dense = true;
        }
    }
}

/// Where a trigram's slot is, and the last article it was seen in: what
/// each byte of text looks at, so a trigram seen again in the same
/// article costs two look-ups and no more.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    /// Its slot, plus one (0: none yet).
    slot: u32,
    /// The last article put in its list, plus one (0: none yet).
    next: u32,
}

/// Makes an [`Index`] from the articles' folded texts, given one at a time
/// in article order.
#[derive(Debug)]
pub struct IndexBuilder {
    articles: u32,
    /// For the first two bytes of a trigram, its page in `pages`, plus
    /// one (0: none yet).
    first_two: Box<[u32; 1 << 16]>,
    /// Pages of 256, one for each third byte: the trigram's cell. Two
    /// look-ups find a trigram, with no hashing.
    pages: Vec<Cell>,
    /// Every trigram seen, in the order first seen, with its list.
    slots: Vec<Slot>,
    /// For each slot, the articles of the current block of 64 it is in,
    /// a bit each: its list is written once a block, not once an article,
    /// so the lists' memory is touched 64 times less often.
    block: Vec<u64>,
    /// The slots with a bit in `block`.
    touched: Vec<u32>,
}

impl Default for IndexBuilder {
    fn default() -> Self {
        IndexBuilder::new()
    }
}

impl IndexBuilder {
    pub fn new() -> IndexBuilder {
        IndexBuilder {
            articles: 0,
            // Made on the heap: 256 KiB would be a lot of a thread's stack.
            first_two: vec![0; 1 << 16]
                .into_boxed_slice()
                .try_into()
                .unwrap_or_else(|_| Box::new([0; 1 << 16])),
            pages: Vec::new(),
            slots: Vec::new(),
            block: Vec::new(),
            touched: Vec::new(),
        }
    }

    /// How many articles are in so far.
    pub fn articles(&self) -> u32 {
        self.articles
    }

    /// Bytes it holds now, about: for the figures, and to see what a
    /// build in the background costs.
    pub fn held(&self) -> usize {
        std::mem::size_of_val(self.first_two.as_slice())
            + self.pages.capacity() * std::mem::size_of::<Cell>()
            + self.slots.capacity() * std::mem::size_of::<Slot>()
            + self.slots.iter().map(|s| s.list.capacity()).sum::<usize>()
            + self.block.capacity() * 8
            + self.touched.capacity() * 4
    }

    /// Writes the block of 64 articles that holds the last one put in
    /// into the lists.
    fn flush(&mut self) {
        let base = self.articles.saturating_sub(1) / 64 * 64;
        for s in self.touched.drain(..) {
            let word = self.block.get_mut(s as usize).map_or(0, std::mem::take);
            if let Some(slot) = self.slots.get_mut(s as usize) {
                slot.put(base, word);
            }
        }
    }

    /// Puts in the next article's folded text ([`crate::search::folded_text`]);
    /// it becomes article number [`IndexBuilder::articles`] as it was before
    /// the call. False, with nothing done, once `u32::MAX` articles are in:
    /// those after are not covered, and the search scans them.
    pub fn add(&mut self, folded: &str) -> bool {
        if self.articles == u32::MAX {
            return false;
        }
        let article = self.articles;
        if article.is_multiple_of(64) {
            self.flush();
        }
        let IndexBuilder {
            first_two,
            pages,
            slots,
            block,
            touched,
            ..
        } = self;
        let bit = 1u64 << (article % 64);
        let mut two: u16 = 0;
        // Bytes to go before a trigram holds no line break.
        let mut wait = 2u8;
        for &c in folded.as_bytes() {
            if c == b'\n' {
                wait = 3;
            }
            if wait > 0 {
                wait -= 1;
            } else {
                let page = &mut first_two[usize::from(two)];
                if *page == 0 {
                    pages.resize(pages.len() + 256, Cell::default());
                    *page = (pages.len() / 256) as u32;
                }
                let at = (*page as usize - 1) * 256 + usize::from(c);
                if let Some(cell) = pages.get_mut(at)
                    && cell.next != article + 1
                {
                    if cell.slot == 0 {
                        slots.push(Slot {
                            trigram: u32::from(two) << 8 | u32::from(c),
                            list: Vec::new(),
                            dense: false,
                            next: 0,
                        });
                        block.push(0);
                        cell.slot = slots.len() as u32;
                    }
                    let s = cell.slot - 1;
                    if let Some(word) = block.get_mut(s as usize) {
                        if *word == 0 {
                            touched.push(s);
                        }
                        *word |= bit;
                    }
                    cell.next = article + 1;
                }
            }
            two = two << 8 | u16::from(c);
        }
        self.articles += 1;
        true
    }

    /// The index of every article put in.
    pub fn finish(mut self) -> Index {
        self.flush();
        let IndexBuilder {
            articles,
            mut slots,
            ..
        } = self;
        slots.sort_unstable_by_key(|s| s.trigram);
        let trigrams = slots.len();
        let bitmap_len = bitmap_len(articles);
        let lists: usize = slots.iter().map(|s| s.list.len().min(bitmap_len)).sum();
        let lists_at = HEADER + ENTRY * slots.len();
        let mut buf = Vec::with_capacity(lists_at + lists);
        buf.extend_from_slice(MAGIC);
        buf.extend_from_slice(&articles.to_le_bytes());
        buf.extend_from_slice(&(slots.len() as u32).to_le_bytes());
        buf.resize(lists_at, 0);
        for (i, slot) in slots.into_iter().enumerate() {
            let start = (buf.len() - lists_at) as u64;
            // Whichever form is smaller. A list made a bitmap early may
            // have thinned since: its gaps are counted again.
            let (kind, list) = if slot.dense {
                let mut bitmap = slot.list;
                bitmap.resize(bitmap_len, 0);
                let set: usize = bitmap.iter().map(|b| b.count_ones() as usize).sum();
                let mut gaps = Vec::new();
                if set < bitmap_len {
                    let mut next = 0;
                    for a in articles_in(&bitmap, articles) {
                        push_varint(&mut gaps, a - next);
                        next = a + 1;
                    }
                }
                if set < bitmap_len && gaps.len() <= bitmap_len {
                    (GAPS, gaps)
                } else {
                    (BITMAP, bitmap)
                }
            } else if slot.list.len() > bitmap_len {
                let mut bitmap = vec![0; bitmap_len];
                for a in Gaps::new(&slot.list, articles).map_while(Result::ok) {
                    if let Some(b) = bitmap.get_mut(a as usize / 8) {
                        *b |= 1 << (a % 8);
                    }
                }
                (BITMAP, bitmap)
            } else {
                (GAPS, slot.list)
            };
            buf.extend_from_slice(&list);
            let entry = HEADER + ENTRY * i;
            if let Some(e) = buf.get_mut(entry..entry + ENTRY) {
                e[..4].copy_from_slice(&(slot.trigram << 8 | u32::from(kind)).to_le_bytes());
                e[4..].copy_from_slice(&start.to_le_bytes());
            }
        }
        let crc = checksum(&buf).unwrap_or_default();
        if let Some(at) = buf.get_mut(16..HEADER) {
            at.copy_from_slice(&crc.to_le_bytes());
        }
        Index {
            articles,
            trigrams,
            buf,
        }
    }
}

/// The trigram index of an archive's articles: made by [`IndexBuilder`],
/// kept as [`Index::to_bytes`], read back by [`Index::from_bytes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    articles: u32,
    trigrams: usize,
    /// The index in its stored form (the module's documentation has it).
    buf: Vec<u8>,
}

impl Index {
    /// How many articles it covers: numbers `0..articles`.
    pub fn articles(&self) -> u32 {
        self.articles
    }

    /// How many distinct trigrams the articles hold.
    pub fn trigrams(&self) -> usize {
        self.trigrams
    }

    /// The bytes to keep (what [`Index::to_bytes`] copies).
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.buf.clone()
    }

    /// Reads an index from [`Index::to_bytes`]'s bytes, checking the
    /// header, the checksum, and every table entry (order, kind, offsets,
    /// a bitmap's length); the lists are decoded only when a query needs
    /// them. Besides the checksum and one copy of the bytes (which
    /// [`Index::from_vec`] spares), both a few milliseconds for a 25 MB
    /// index, the time is in the number of trigrams.
    pub fn from_bytes(bytes: &[u8]) -> Result<Index, String> {
        Index::from_vec(bytes.to_vec())
    }

    /// [`Index::from_bytes`], keeping the given buffer.
    pub fn from_vec(buf: Vec<u8>) -> Result<Index, String> {
        if buf.get(..MAGIC.len()) != Some(MAGIC.as_slice()) {
            return Err("not a lektyr search index (or another version of one)".into());
        }
        let articles = read_u32(&buf, 8).ok_or("the index ends in its header")?;
        let trigrams = read_u32(&buf, 12).ok_or("the index ends in its header")? as usize;
        let crc = read_u32(&buf, 16).ok_or("the index ends in its header")?;
        if checksum(&buf) != Some(crc) {
            return Err("the index is damaged: its checksum differs".into());
        }
        let lists_at = trigrams
            .checked_mul(ENTRY)
            .and_then(|t| t.checked_add(HEADER))
            .filter(|&end| end <= buf.len())
            .ok_or_else(|| format!("the index ends before its {trigrams} table entries"))?;
        let lists_len = (buf.len() - lists_at) as u64;
        let bitmap_len = bitmap_len(articles) as u64;
        // Each entry is checked against the one before: the list of the one
        // before ends where this one starts.
        let mut before: Option<(u32, u64)> = None;
        for i in 0..=trigrams {
            let (key, start) = if i < trigrams {
                let at = HEADER + ENTRY * i;
                let key = read_u32(&buf, at).ok_or("table entry cut short")?;
                let start = read_u64(&buf, at + 4).ok_or("table entry cut short")?;
                if key & 0xff > u32::from(BITMAP) {
                    return Err(format!("entry {i}: unknown kind {}", key & 0xff));
                }
                (Some(key), start)
            } else {
                (None, lists_len)
            };
            if start > lists_len {
                return Err(format!("entry {i}: its list starts past the end"));
            }
            match before {
                None if start != 0 => return Err("the first list does not start at 0".into()),
                None => {}
                Some((prev, prev_start)) => {
                    if key.is_some_and(|k| k >> 8 <= prev >> 8) {
                        return Err(format!("entry {i}: trigrams out of order"));
                    }
                    let len = start
                        .checked_sub(prev_start)
                        .ok_or_else(|| format!("entry {i}: lists out of order"))?;
                    let ok = match (prev & 0xff) as u8 {
                        BITMAP => len == bitmap_len,
                        _ => len > 0,
                    };
                    if !ok {
                        return Err(format!("entry {}: a list of {len} bytes", i - 1));
                    }
                }
            }
            if let Some(key) = key {
                before = Some((key, start));
            }
        }
        Ok(Index {
            articles,
            trigrams,
            buf,
        })
    }

    /// The articles `query` can match ([`Candidates::Some`], sorted), or
    /// [`Candidates::All`] when the index cannot tell: no word or phrase of
    /// three bytes or more (after folding), only exclusions, diacritics
    /// folded, or a list found broken.
    ///
    /// A case-sensitive query's words are case-folded as the text was:
    /// the folding maps each character on its own (`normalize`), so an
    /// exact occurrence in the text is a folded occurrence in the folded
    /// text, and the trigrams of the folded word are all there.
    pub fn candidates(&self, query: &Query) -> Candidates {
        if query.is_empty() {
            return Candidates::Some(Vec::new());
        }
        if query.folds_marks() {
            return Candidates::All;
        }
        let mut wanted = Vec::new();
        for (text, exclude) in query.terms() {
            if exclude {
                continue;
            }
            let folded;
            let text = if query.is_case_sensitive() {
                folded = normalize(text, false, false).0;
                folded.as_str()
            } else {
                text
            };
            wanted.extend(
                text.as_bytes()
                    .windows(3)
                    .filter(|w| !w.contains(&b'\n'))
                    .map(|w| u32::from(w[0]) << 16 | u32::from(w[1]) << 8 | u32::from(w[2])),
            );
        }
        wanted.sort_unstable();
        wanted.dedup();
        if wanted.is_empty() {
            return Candidates::All;
        }
        let mut lists = Vec::with_capacity(wanted.len());
        for trigram in wanted {
            match self.list(trigram) {
                Some(list) => lists.push(list),
                // A trigram in no article: nothing matches.
                None => return Candidates::Some(Vec::new()),
            }
        }
        // Bitmaps are cheapest together: and-ed a byte at a time, or
        // testing the few articles the lists of gaps leave. Those lists go
        // shortest first: each step can only shrink what is left.
        let (bitmaps, mut gaps): (Vec<_>, Vec<_>) =
            lists.into_iter().partition(|&(kind, _)| kind == BITMAP);
        gaps.sort_by_key(|&(_, bytes)| bytes.len());
        let mut found = match gaps.split_first() {
            Some((first, rest)) => {
                let Ok(mut found) =
                    Gaps::new(first.1, self.articles).collect::<Result<Vec<_>, _>>()
                else {
                    return Candidates::All;
                };
                for &(_, bytes) in rest {
                    if found.is_empty() {
                        break;
                    }
                    if intersect(&mut found, bytes, self.articles).is_err() {
                        return Candidates::All;
                    }
                }
                found
            }
            None => {
                let mut all = bitmaps.first().map(|b| b.1.to_vec()).unwrap_or_default();
                for (_, bitmap) in bitmaps.iter().skip(1) {
                    all.iter_mut().zip(bitmap.iter()).for_each(|(x, y)| *x &= y);
                }
                return Candidates::Some(articles_in(&all, self.articles));
            }
        };
        for (_, bitmap) in &bitmaps {
            found.retain(|&a| has_bit(bitmap, a));
        }
        Candidates::Some(found)
    }

    /// The kind and bytes of a trigram's list, if any article holds it.
    fn list(&self, trigram: u32) -> Option<(u8, &[u8])> {
        let (mut lo, mut hi) = (0, self.trigrams);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let key = read_u32(&self.buf, HEADER + ENTRY * mid)?;
            match (key >> 8).cmp(&trigram) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let lists_at = HEADER + ENTRY * self.trigrams;
                    let start = read_u64(&self.buf, HEADER + ENTRY * mid + 4)?;
                    let end = if mid + 1 < self.trigrams {
                        read_u64(&self.buf, HEADER + ENTRY * (mid + 1) + 4)?
                    } else {
                        (self.buf.len() - lists_at) as u64
                    };
                    let start = lists_at.checked_add(usize::try_from(start).ok()?)?;
                    let end = lists_at.checked_add(usize::try_from(end).ok()?)?;
                    return Some(((key & 0xff) as u8, self.buf.get(start..end)?));
                }
            }
        }
        None
    }
}

/// The articles set in a bitmap, of the first `articles`.
fn articles_in(bitmap: &[u8], articles: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, &byte) in bitmap.iter().enumerate() {
        let mut bits = byte;
        while bits != 0 {
            let a = (i * 8) as u32 + bits.trailing_zeros();
            if a < articles {
                out.push(a);
            }
            bits &= bits - 1;
        }
    }
    out
}

/// A list that breaks its rules: the bytes were not made by [`IndexBuilder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Broken;

/// Keeps in `found` (sorted) the articles also in a list of gaps.
fn intersect(found: &mut Vec<u32>, gaps: &[u8], articles: u32) -> Result<(), Broken> {
    let mut gaps = Gaps::new(gaps, articles);
    let mut keep = 0;
    let mut next = gaps.next().transpose()?;
    for i in 0..found.len() {
        let a = found[i];
        while let Some(b) = next
            && b < a
        {
            next = gaps.next().transpose()?;
        }
        match next {
            None => break,
            Some(b) if b == a => {
                found[keep] = a;
                keep += 1;
            }
            Some(_) => {}
        }
    }
    found.truncate(keep);
    Ok(())
}

fn has_bit(bitmap: &[u8], article: u32) -> bool {
    bitmap
        .get(article as usize / 8)
        .is_some_and(|b| b & (1 << (article % 8)) != 0)
}

fn bitmap_len(articles: u32) -> usize {
    (articles as usize).div_ceil(8)
}

/// The articles of a list of gaps, each checked: a varint of at most five
/// bytes that fits a u32, an article below `articles`.
struct Gaps<'b> {
    bytes: &'b [u8],
    at: usize,
    /// The last article read, plus one.
    next: u64,
    articles: u32,
}

impl<'b> Gaps<'b> {
    fn new(bytes: &'b [u8], articles: u32) -> Self {
        Gaps {
            bytes,
            at: 0,
            next: 0,
            articles,
        }
    }
}

impl Iterator for Gaps<'_> {
    type Item = Result<u32, Broken>;

    fn next(&mut self) -> Option<Self::Item> {
        // The end of the list, unless it ends inside a varint.
        self.bytes.get(self.at)?;
        let mut gap: u64 = 0;
        let mut shift = 0;
        loop {
            let Some(&byte) = self.bytes.get(self.at) else {
                return Some(Err(Broken));
            };
            self.at += 1;
            gap |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 28 {
                self.at = self.bytes.len();
                return Some(Err(Broken));
            }
        }
        let article = self.next + gap;
        if article >= u64::from(self.articles) {
            self.at = self.bytes.len();
            return Some(Err(Broken));
        }
        self.next = article + 1;
        Some(Ok(article as u32))
    }
}

fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The CRC-32 of an index's bytes but its own four.
fn checksum(buf: &[u8]) -> Option<u32> {
    let mut crc = crc32fast::Hasher::new();
    crc.update(buf.get(..16)?);
    crc.update(buf.get(HEADER..)?);
    Some(crc.finalize())
}

fn read_u32(buf: &[u8], at: usize) -> Option<u32> {
    let bytes = buf.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?))
}

fn read_u64(buf: &[u8], at: usize) -> Option<u64> {
    let bytes = buf.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(bytes.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(texts: &[&str]) -> Index {
        let mut builder = IndexBuilder::new();
        for t in texts {
            assert!(builder.add(t));
        }
        builder.finish()
    }

    /// The checksum made right again after bytes were changed.
    fn seal(bytes: &mut [u8]) {
        if let Some(crc) = checksum(bytes) {
            bytes[16..HEADER].copy_from_slice(&crc.to_le_bytes());
        }
    }

    fn some(c: Candidates) -> Vec<u32> {
        match c {
            Candidates::Some(list) => list,
            Candidates::All => panic!("expected a narrowed answer"),
        }
    }

    #[test]
    fn finds_the_articles_with_every_trigram() {
        let idx = index(&["kund och resa\n", "kunden\n", "resa\nkund\n", "日本語\n"]);
        assert_eq!(idx.articles(), 4);
        assert_eq!(some(idx.candidates(&Query::parse("kund"))), [0, 1, 2]);
        assert_eq!(some(idx.candidates(&Query::parse("kund resa"))), [0, 2]);
        assert_eq!(some(idx.candidates(&Query::parse("Kunden"))), [1]);
        assert_eq!(some(idx.candidates(&Query::parse("本語"))), [3]);
        assert_eq!(
            some(idx.candidates(&Query::parse("zebra"))),
            Vec::<u32>::new()
        );
        // A trigram over a line break is not in it: no phrase spans fields.
        assert_eq!(
            some(idx.candidates(&Query::parse("\"resa kund\""))),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn says_when_it_cannot_narrow() {
        let idx = index(&["kund\n", "resa\n"]);
        for q in ["ku", "-kund", "-kund x", "å", "-日本"] {
            assert_eq!(idx.candidates(&Query::parse(q)), Candidates::All, "{q}");
        }
        // A short word beside a long one: the long one narrows.
        assert_eq!(
            idx.candidates(&Query::parse("kund ab")),
            Candidates::Some(vec![0])
        );
        assert_eq!(
            idx.candidates(&Query::parse_with("kund", true)),
            Candidates::All
        );
    }

    #[test]
    fn dense_lists_are_bitmaps_and_sparse_ones_gaps() {
        let texts: Vec<String> = (0..1000)
            .map(|i| {
                if i == 700 {
                    "the zebraskrift\n".to_string()
                } else {
                    format!("the article {i}\n")
                }
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let idx = index(&refs);
        assert_eq!(
            idx.list(u32::from_be_bytes([0, b't', b'h', b'e']))
                .map(|l| l.0),
            Some(BITMAP)
        );
        assert_eq!(
            idx.list(u32::from_be_bytes([0, b'z', b'e', b'b']))
                .map(|l| l.0),
            Some(GAPS)
        );
        // A rare word: one candidate of a thousand articles.
        assert_eq!(some(idx.candidates(&Query::parse("zebra"))), [700]);
        assert_eq!(some(idx.candidates(&Query::parse("the"))).len(), 1000);
        let seven = some(idx.candidates(&Query::parse("\"article 7\"")));
        assert!(
            seven.len() < 120 && seven.contains(&7) && seven.contains(&799),
            "{seven:?}"
        );
    }

    #[test]
    fn blocks_of_64_end_where_the_articles_do() {
        for n in [1u32, 2, 63, 64, 65, 127, 128, 129, 640, 641] {
            let texts: Vec<&str> = (0..n)
                .map(|a| if a % 2 == 1 { "abc\n" } else { "abd\n" })
                .collect();
            let idx = index(&texts);
            assert_eq!(idx.articles(), n);
            let odd: Vec<u32> = (0..n).filter(|a| a % 2 == 1).collect();
            let even: Vec<u32> = (0..n).filter(|a| a % 2 == 0).collect();
            assert_eq!(some(idx.candidates(&Query::parse("abc"))), odd, "{n}");
            assert_eq!(some(idx.candidates(&Query::parse("abd"))), even, "{n}");
            assert_eq!(
                some(idx.candidates(&Query::parse("abc abd"))),
                [0u32; 0],
                "{n}"
            );
        }
    }

    #[test]
    fn a_list_made_a_bitmap_early_that_thins_is_kept_as_gaps() {
        let mut texts = vec!["abc\n"; 200];
        texts.extend(std::iter::repeat_n("xyz\n", 20_000));
        let idx = index(&texts);
        let abc = u32::from_be_bytes([0, b'a', b'b', b'c']);
        assert_eq!(idx.list(abc).map(|l| (l.0, l.1.len())), Some((GAPS, 200)));
        assert_eq!(
            some(idx.candidates(&Query::parse("abc"))),
            (0..200).collect::<Vec<u32>>()
        );
        let xyz = u32::from_be_bytes([0, b'x', b'y', b'z']);
        assert_eq!(idx.list(xyz).map(|l| l.0), Some(BITMAP));
        assert_eq!(some(idx.candidates(&Query::parse("xyz"))).len(), 20_000);
    }

    #[test]
    fn round_trips_and_refuses_garbage() {
        let idx = index(&["kund och resa\n", "kunden\n", "resa\nkund\n"]);
        let back = Index::from_bytes(&idx.to_bytes()).expect("reads");
        assert_eq!(back, idx);
        assert!(Index::from_bytes(b"").is_err());
        assert!(Index::from_bytes(b"LKTRIGR1").is_err());
        let bytes = idx.to_bytes();
        assert!(Index::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        // A bit of a list, or the count of articles, changed: only the
        // checksum tells.
        for at in [bytes.len() - 1, 8] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 1;
            assert!(Index::from_bytes(&damaged).is_err(), "byte {at}");
            seal(&mut damaged);
            assert!(Index::from_bytes(&damaged).is_ok(), "byte {at}");
        }
        let empty = IndexBuilder::new().finish();
        let back = Index::from_bytes(&empty.to_bytes()).expect("reads");
        assert_eq!(back.articles(), 0);
        assert_eq!(
            some(back.candidates(&Query::parse("kund"))),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn a_broken_list_answers_all() {
        let mut texts = vec!["abcd\n", "abcx\n"];
        texts.extend(std::iter::repeat_n("zzzz\n", 30));
        let idx = index(&texts);
        let (kind, list) = idx
            .list(u32::from_be_bytes([0, b'a', b'b', b'c']))
            .expect("abc");
        assert_eq!((kind, list), (GAPS, [0u8, 0].as_slice()));
        // Its gaps made to run past the last article.
        let at = list.as_ptr() as usize - idx.as_bytes().as_ptr() as usize;
        let mut bytes = idx.to_bytes();
        bytes[at..at + 2].copy_from_slice(&[0x7f, 0x7f]);
        seal(&mut bytes);
        let broken = Index::from_bytes(&bytes).expect("the table is sound");
        assert_eq!(broken.candidates(&Query::parse("abc")), Candidates::All);
        // A varint cut short, and one longer than a u32 allows.
        bytes[at..at + 2].copy_from_slice(&[0xff, 0xff]);
        seal(&mut bytes);
        let broken = Index::from_bytes(&bytes).expect("the table is sound");
        assert_eq!(broken.candidates(&Query::parse("abc")), Candidates::All);
        let mut long = idx.to_bytes();
        long.splice(at..at + 2, [0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        // Each list after it now starts four bytes on.
        let lists_at = HEADER + ENTRY * idx.trigrams();
        for i in 0..idx.trigrams() {
            let e = HEADER + ENTRY * i + 4;
            let start = read_u64(&long, e).expect("entry") as usize;
            if lists_at + start > at {
                long[e..e + 8].copy_from_slice(&(start as u64 + 4).to_le_bytes());
            }
        }
        seal(&mut long);
        let broken = Index::from_bytes(&long).expect("the table is sound");
        assert_eq!(broken.candidates(&Query::parse("abc")), Candidates::All);
        assert_eq!(
            broken.candidates(&Query::parse("bcd")),
            Candidates::Some(vec![0])
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// However dense a list, in whatever form, it holds exactly the
        /// articles with the trigram.
        #[test]
        fn lists_of_any_density_are_exact(
            has in proptest::collection::vec((0u8..100, 0u8..100), 1..1500),
            density in (1u8..=100, 1u8..=100),
        ) {
            let texts: Vec<&str> = has
                .iter()
                .map(|&(x, y)| match (x < density.0, y < density.1) {
                    (true, true) => "abc xyz\n",
                    (true, false) => "abc\n",
                    (false, true) => "xyz\n",
                    (false, false) => "-\n",
                })
                .collect();
            let idx = index(&texts);
            let with = |t: &str| -> Vec<u32> {
                (0..texts.len() as u32).filter(|&a| texts[a as usize].contains(t)).collect()
            };
            let back = Index::from_bytes(&idx.to_bytes()).expect("reads back");
            for q in ["abc", "xyz", "abc xyz", "\"c x\""] {
                // Only `abc xyz` holds both words, and each text is one
                // line: what holds the query's text is what matches.
                let want = with(q.trim_matches('"'));
                proptest::prop_assert_eq!(some(idx.candidates(&Query::parse(q))), want.clone(), "{}", q);
                proptest::prop_assert_eq!(some(back.candidates(&Query::parse(q))), want, "{}", q);
            }
        }

        /// What a case-sensitive query's candidates rest on: folding maps
        /// each character on its own, so the folding of a text is the
        /// foldings of its pieces, and an exact occurrence is a folded one.
        #[test]
        fn folding_is_piecewise(a in "\\PC{0,6}[a-zA-Zα-ωΑ-ΩßİΣ ]{0,6}", b in "[ßẞσςΣİK\u{212a}ﬁ日a-zA-Z ]{0,6}\\PC{0,4}") {
            let whole = normalize(&format!("{a}{b}"), false, false).0;
            let pieces = normalize(&a, false, false).0 + &normalize(&b, false, false).0;
            proptest::prop_assert_eq!(whole, pieces);
        }

        /// Any bytes at all: an error or an index that answers, never a panic.
        #[test]
        fn random_bytes_never_panic(
            mut bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
            header in proptest::bool::ANY,
            query in "[abcå日 -]{0,8}",
        ) {
            if header && bytes.len() >= HEADER {
                let entries = (bytes.len() - HEADER) as u32 / 12;
                bytes[..8].copy_from_slice(MAGIC);
                bytes[12..16].copy_from_slice(&entries.to_le_bytes());
                seal(&mut bytes);
            }
            if let Ok(idx) = Index::from_bytes(&bytes) {
                let _ = idx.candidates(&Query::parse(&query));
            }
        }

        /// A sound index with bytes changed: an error, or answers with no
        /// panic; the lists it gives are sorted and in range.
        #[test]
        fn flipped_bytes_never_panic(
            texts in proptest::collection::vec("[abcdå日本 \n]{0,30}", 1..12),
            flips in proptest::collection::vec((proptest::num::usize::ANY, 1u8..=255), 1..6),
            cut in proptest::option::of(proptest::num::usize::ANY),
            query in "[abcdå日本 -]{0,10}",
            sealed in proptest::bool::weighted(0.8),
        ) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let sound = index(&refs).to_bytes();
            let mut bytes = sound.clone();
            for (at, x) in flips {
                let n = bytes.len();
                bytes[at % n] ^= x;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut % (bytes.len() + 1));
            }
            // Mostly with the checksum made right, so the table's checks
            // and the lists' are what is tried.
            if sealed {
                seal(&mut bytes);
            } else if bytes != sound {
                proptest::prop_assert!(Index::from_bytes(&bytes).is_err());
            }
            if let Ok(idx) = Index::from_bytes(&bytes)
                && let Candidates::Some(list) = idx.candidates(&Query::parse(&query))
            {
                proptest::prop_assert!(list.windows(2).all(|w| w[0] < w[1]));
                proptest::prop_assert!(list.iter().all(|&a| a < idx.articles()));
            }
        }
    }
}
