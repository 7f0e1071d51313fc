//! The cache's byte layout: little-endian integers, LEB128 lengths and
//! counts, strings as a length and UTF-8 bytes. Decoding never trusts a
//! byte: every length is checked against what is left, every string must
//! be UTF-8 and already clean by the sanitizer's rules, every index must
//! point inside the archive. Any doubt is [`Bad`], and the cache is
//! ignored.

use std::borrow::Cow;
use std::sync::Arc;

use super::super::format::Format;
use super::super::highlight::{Highlight, Origin, Pos, Stretch};
use super::super::model::{
    Archive, Article, Author, Block, Date, Detail, Pointer, Problem, Related, Rich, Run, RunStyle,
    Seed, Topic,
};
use super::super::pieces::Place;
use super::super::sanitize::sanitize;
use super::super::text::Text;

/// Why bytes could not be decoded; only said in `check`-style messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad(pub &'static str);

pub type Result<T> = std::result::Result<T, Bad>;

/// Builds the bytes of one part of the cache. With a text heap, strings
/// go there (each followed by a newline) and only their lengths go in
/// `buf`, so decoding checks all the text at once.
#[derive(Default)]
pub struct Enc {
    pub buf: Vec<u8>,
    pub heap: Option<String>,
}

impl Enc {
    pub fn u8(&mut self, x: u8) {
        self.buf.push(x);
    }

    pub fn u32(&mut self, x: u32) {
        self.buf.extend_from_slice(&x.to_le_bytes());
    }

    pub fn u64(&mut self, x: u64) {
        self.buf.extend_from_slice(&x.to_le_bytes());
    }

    /// LEB128: seven bits a byte, low bits first.
    pub fn var(&mut self, mut x: u64) {
        while x >= 0x80 {
            self.buf.push((x as u8) | 0x80);
            x >>= 7;
        }
        self.buf.push(x as u8);
    }

    pub fn usize(&mut self, x: usize) {
        self.var(x as u64);
    }

    /// A signed number, zigzag-encoded so small magnitudes stay short.
    pub fn i64(&mut self, x: i64) {
        self.var(((x << 1) ^ (x >> 63)) as u64);
    }

    pub fn str(&mut self, s: &str) {
        self.usize(s.len());
        match &mut self.heap {
            Some(heap) => {
                heap.push_str(s);
                heap.push('\n');
            }
            None => self.buf.extend_from_slice(s.as_bytes()),
        }
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.usize(b.len());
        self.buf.extend_from_slice(b);
    }

    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }

    /// `None` as 0, `Some(n)` as n + 1.
    pub fn opt_usize(&mut self, x: Option<usize>) {
        self.var(x.map_or(0, |n| n as u64 + 1));
    }
}

/// Reads the bytes of one part of the cache.
pub struct Dec<'a> {
    buf: &'a [u8],
    pos: usize,
    /// The text heap (already checked) and how far it has been read.
    heap: Option<(&'a str, usize)>,
    /// The heap itself, when the text read from it may point into it
    /// (see [`Dec::text`]).
    shared: Option<Arc<String>>,
}

impl<'a> Dec<'a> {
    pub fn new(buf: &'a [u8]) -> Dec<'a> {
        Dec {
            buf,
            pos: 0,
            heap: None,
            shared: None,
        }
    }

    /// Reads strings from `heap`, which is checked whole here to be
    /// clean by the sanitizer's rules. Each string in it ends with a
    /// newline, so no string's check depends on its neighbours.
    pub fn with_heap(buf: &'a [u8], heap: &'a str) -> Result<Dec<'a>> {
        if matches!(sanitize(heap), Cow::Owned(_)) {
            return Err(Bad("text holds control characters"));
        }
        Ok(Dec {
            buf,
            pos: 0,
            heap: Some((heap, 0)),
            shared: None,
        })
    }

    /// Whether every byte (and all the heap's text) has been read.
    pub fn is_done(&self) -> bool {
        self.pos == self.buf.len() && self.heap.is_none_or(|(h, at)| at == h.len())
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(Bad("length overflows"))?;
        let out = self.buf.get(self.pos..end).ok_or(Bad("cut short"))?;
        self.pos = end;
        Ok(out)
    }

    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn u64(&mut self) -> Result<u64> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }

    pub fn var(&mut self) -> Result<u64> {
        let mut x = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            x |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(x);
            }
        }
        Err(Bad("number too long"))
    }

    /// A count or length, which can never exceed the bytes left (every
    /// element takes at least one byte), so a garbled count cannot make
    /// a reader reserve memory it will not fill.
    pub fn len(&mut self) -> Result<usize> {
        let n = usize::try_from(self.var()?).map_err(|_| Bad("length too big"))?;
        if n > self.buf.len() - self.pos {
            return Err(Bad("length past the end"));
        }
        Ok(n)
    }

    /// An index below `limit`.
    pub fn index(&mut self, limit: usize) -> Result<usize> {
        let n = self.var()?;
        usize::try_from(n)
            .ok()
            .filter(|&n| n < limit)
            .ok_or(Bad("index out of range"))
    }

    pub fn opt_index(&mut self, limit: usize) -> Result<Option<usize>> {
        match self.var()? {
            0 => Ok(None),
            n => usize::try_from(n - 1)
                .ok()
                .filter(|&n| n < limit)
                .map(Some)
                .ok_or(Bad("index out of range")),
        }
    }

    pub fn i64(&mut self) -> Result<i64> {
        let z = self.var()?;
        Ok(((z >> 1) as i64) ^ -((z & 1) as i64))
    }

    pub fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = self.len()?;
        self.take(n)
    }

    /// Text as raw as it was written (HTML waiting to be converted, which
    /// the converter sanitizes).
    pub fn raw_str(&mut self) -> Result<&'a str> {
        std::str::from_utf8(self.bytes()?).map_err(|_| Bad("text is not UTF-8"))
    }

    /// Text that reaches the screen: it must already be clean, so nothing
    /// that comes out of a cache can carry a control character.
    pub fn str(&mut self) -> Result<String> {
        if let Some((heap, at)) = self.heap {
            let range = self.heap_range(heap, at)?;
            return Ok(heap[range].to_string());
        }
        let s = self.raw_str()?;
        match sanitize(s) {
            Cow::Borrowed(_) => Ok(s.to_string()),
            Cow::Owned(_) => Err(Bad("text holds control characters")),
        }
    }

    pub fn opt_str(&mut self) -> Result<Option<String>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.str().map(Some),
            _ => Err(Bad("bad tag")),
        }
    }

    /// Like [`Dec::str`], but a part of the shared heap when there is one:
    /// no copy is made.
    pub fn text(&mut self) -> Result<Text> {
        match (self.heap, &self.shared) {
            (Some((heap, at)), Some(all)) => {
                let all = Arc::clone(all);
                let range = self.heap_range(heap, at)?;
                Text::part(&all, range).ok_or(Bad("text out of place"))
            }
            _ => self.str().map(Text::from),
        }
    }

    /// Where the next string of the heap lies (its length is read here),
    /// checked to end with its newline; the heap's reading moves past it.
    fn heap_range(&mut self, heap: &'a str, at: usize) -> Result<std::ops::Range<usize>> {
        let n = usize::try_from(self.var()?).map_err(|_| Bad("length too big"))?;
        let end = at.checked_add(n).ok_or(Bad("length overflows"))?;
        heap.get(at..end).ok_or(Bad("text cut short"))?;
        if heap.as_bytes().get(end) != Some(&b'\n') {
            return Err(Bad("text out of step"));
        }
        self.heap = Some((heap, end + 1));
        Ok(at..end)
    }
}

/// Where the cache finds an article's detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// A record of the cache's own: its length and checksum (records
    /// follow each other from the start of the file).
    Record { len: u64, crc: u32 },
    /// The article's bytes in the archive's file, and the record of its
    /// settled related entries (length and checksum), when it has any
    /// (its pointer's own list is not written).
    Points(Pointer, Option<(u64, u32)>),
}

/// Index kinds: every detail a record of the cache, or every detail in the
/// archive's file.
const RECORDS: u8 = 0;
const POINTS: u8 = 1;

/// The index: everything but the articles' detail. `details` gives where
/// each article's detail is (all records, or all pointers), and whether
/// its body has a pull quote when that is known.
pub fn encode_index(
    archive: &Archive,
    details: &[(Slot, Option<bool>)],
    series: &[u32],
    e: &mut Enc,
) {
    let points = details
        .first()
        .is_some_and(|d| matches!(d.0, Slot::Points(..)));
    e.u8(if points { POINTS } else { RECORDS });
    e.opt_str(archive.title.as_deref());
    e.str(archive.format.name());
    e.usize(archive.topics.len());
    for t in &archive.topics {
        e.str(&t.name);
        e.str(&t.key);
    }
    e.usize(archive.order.len());
    for &i in &archive.order {
        e.usize(i);
    }
    e.usize(archive.problems.len());
    for p in &archive.problems {
        e.str(&p.pointer);
        e.str(&p.message);
        e.opt_usize(p.article);
        e.usize(p.line);
        e.usize(p.column);
    }
    e.usize(archive.articles.len());
    for (a, (slot, pullquote)) in archive.articles.iter().zip(details) {
        e.str(&a.id);
        e.str(&a.title);
        match &a.date {
            None => e.u8(0),
            Some(d) => {
                e.u8(1);
                e.str(&d.text);
                match d.key {
                    None => e.u8(0),
                    Some(k) => {
                        e.u8(1);
                        e.i64(k);
                    }
                }
                // The day is most often the start of the text: then only
                // its length is kept, and it shares the text's bytes.
                match d.day.as_deref() {
                    None => e.u8(0),
                    Some(day) if d.text.starts_with(day) => {
                        e.u8(2);
                        e.usize(day.len());
                    }
                    Some(day) => {
                        e.u8(1);
                        e.str(day);
                    }
                }
            }
        }
        e.usize(a.topics.len());
        for &t in &a.topics {
            e.usize(t);
        }
        let pq = match pullquote {
            None => 0,
            Some(false) => 1,
            Some(true) => 2,
        };
        e.u8(u8::from(a.seed.starred)
            | u8::from(a.seed.read) << 1
            | u8::from(a.fetch_failed) << 2
            | pq << 3);
        e.var(a.seed.progress.map_or(0, |p| u64::from(p) + 1));
        e.var(a.url_hash);
        match slot {
            Slot::Record { len, crc } => {
                e.var(*len);
                e.u32(*crc);
            }
            Slot::Points(p, related) => {
                e.usize(p.src);
                e.var(p.at);
                e.var(u64::from(p.len));
                e.u32(p.crc);
                match related {
                    None => e.var(0),
                    Some((len, crc)) => {
                        e.var(len + 1);
                        e.u32(*crc);
                    }
                }
            }
        }
        encode_highlights(&a.highlights, e);
    }
    e.usize(series.len());
    for &cut in series {
        e.var(u64::from(cut));
    }
}

/// An article's imported highlights: each one's texts, stamps, tombstone,
/// where it was last found and where it came from.
fn encode_highlights(list: &[Highlight], e: &mut Enc) {
    e.usize(list.len());
    for h in list {
        e.str(&h.id);
        e.str(&h.quote);
        e.str(&h.prefix);
        e.str(&h.suffix);
        e.opt_str(h.note.as_deref());
        e.var(h.created);
        e.var(h.updated);
        let origin = match h.origin {
            Origin::Lektyr => 0,
            Origin::Wallabag => 1,
            Origin::Omnivore => 2,
        };
        e.u8(u8::from(h.deleted) | u8::from(h.at.is_some()) << 1 | origin << 2);
        if let Some(s) = h.at {
            for n in [s.from.block, s.from.byte, s.to.block, s.to.byte] {
                e.usize(n);
            }
        }
    }
}

fn decode_highlights(d: &mut Dec<'_>) -> Result<Vec<Highlight>> {
    let n = d.len()?;
    let mut list = Vec::with_capacity(n);
    for _ in 0..n {
        let id = d.str()?;
        let quote = d.str()?;
        let prefix = d.str()?;
        let suffix = d.str()?;
        let note = d.opt_str()?;
        let created = d.var()?;
        let updated = d.var()?;
        let flags = d.u8()?;
        let origin = match flags >> 2 {
            0 => Origin::Lektyr,
            1 => Origin::Wallabag,
            2 => Origin::Omnivore,
            _ => return Err(Bad("bad highlight flags")),
        };
        let at = if flags & 2 != 0 {
            let mut pos =
                || -> Result<Pos> { Ok(Pos::new(d.index(usize::MAX)?, d.index(usize::MAX)?)) };
            Some(Stretch {
                from: pos()?,
                to: pos()?,
            })
        } else {
            None
        };
        list.push(Highlight {
            id,
            quote,
            prefix,
            suffix,
            note,
            created,
            updated,
            deleted: flags & 1 != 0,
            at,
            origin,
        });
    }
    Ok(list)
}

/// Where an article's detail record is, and what the list may know
/// without reading it.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub offset: u64,
    pub len: u32,
    pub crc: u32,
    pub pullquote: Option<bool>,
}

/// Where each article's detail is, as the index says.
#[derive(Debug)]
pub enum Slots {
    /// In the cache's own records.
    Records(Vec<Entry>),
    /// In the archive's file.
    Points(InFile),
}

/// Where the articles are in the archive's file, kept compact: a million
/// of them are held while the reader runs.
#[derive(Debug, Default)]
pub struct InFile {
    /// By index in the file's array (articles the reader passed over
    /// leave empty places).
    pub places: Vec<Place>,
    /// Per article of the archive, its index in the file's array.
    pub srcs: Vec<usize>,
    /// Where the records of settled related entries are, by index in the
    /// file's array (ascending): offset, length and checksum.
    pub related: Vec<(usize, u64, u32, u32)>,
}

/// A place no article has.
const NO_PLACE: Place = Place {
    at: 0,
    len: 0,
    crc: 0,
    pullquote: None,
};

impl InFile {
    /// Notes article `pointer` (whose body has a pull quote or not, and
    /// whose related entries are in `related`); its index in the file stays
    /// within what `count` articles may leave.
    fn push(
        &mut self,
        pointer: Pointer,
        pullquote: Option<bool>,
        related: Option<(u64, u32, u32)>,
        count: usize,
    ) -> Result<()> {
        let src = pointer.src;
        // Articles the reader passed over leave gaps, never this many.
        if src >= count.saturating_mul(8).saturating_add(4096) {
            return Err(Bad("article index too far"));
        }
        if src >= self.places.len() {
            self.places.resize(src + 1, NO_PLACE);
        }
        self.places[src] = Place {
            at: pointer.at,
            len: pointer.len,
            crc: pointer.crc,
            pullquote,
        };
        self.srcs.push(src);
        if let Some((at, len, crc)) = related {
            self.related.push((src, at, len, crc));
        }
        Ok(())
    }
}

/// Decodes the index: the archive with every article's detail not yet
/// read, and where each detail lies (records follow each other from
/// offset 0; they must end by `details_end`).
///
/// The articles' ids, titles and dates point into `heap`, which they keep.
pub fn decode_index(
    bytes: &[u8],
    heap: Arc<String>,
    details_end: u64,
    file_size: u64,
) -> Result<(Archive, Slots)> {
    let mut d = Dec::with_heap(bytes, &heap)?;
    d.shared = Some(Arc::clone(&heap));
    let points = match d.u8()? {
        RECORDS => false,
        POINTS => true,
        _ => return Err(Bad("unknown index kind")),
    };
    let title = d.opt_str()?;
    let format_name = d.str()?;
    let format = Format::ALL
        .into_iter()
        .find(|f| f.name() == format_name)
        .ok_or(Bad("unknown format"))?;
    let n = d.len()?;
    let mut topics = Vec::with_capacity(n);
    for _ in 0..n {
        topics.push(Topic {
            name: d.str()?,
            key: d.str()?,
        });
    }
    let n = d.len()?;
    let mut order = Vec::with_capacity(n);
    for _ in 0..n {
        order.push(d.var()?);
    }
    let n = d.len()?;
    let mut problems = Vec::with_capacity(n);
    for _ in 0..n {
        problems.push(Problem {
            pointer: d.str()?,
            message: d.str()?,
            article: d.opt_index(usize::MAX)?,
            line: d.index(usize::MAX)?,
            column: d.index(usize::MAX)?,
        });
    }
    let count = d.len()?;
    let mut articles = Vec::with_capacity(count);
    let mut entries = Vec::with_capacity(if points { 0 } else { count });
    let mut in_file = InFile::default();
    if points {
        in_file.places.reserve(count);
        in_file.srcs.reserve(count);
    }
    let mut offset = 0u64;
    for _ in 0..count {
        let id = d.text()?;
        let title = d.text()?;
        let date = match d.u8()? {
            0 => None,
            1 => {
                let text = d.text()?;
                let key = match d.u8()? {
                    0 => None,
                    1 => Some(d.i64()?),
                    _ => return Err(Bad("bad tag")),
                };
                let day = match d.u8()? {
                    0 => None,
                    1 => Some(d.text()?),
                    2 => Some(
                        text.prefix(d.var()? as usize)
                            .ok_or(Bad("day out of its date"))?,
                    ),
                    _ => return Err(Bad("bad tag")),
                };
                Some(Date { text, key, day })
            }
            _ => return Err(Bad("bad tag")),
        };
        let n = d.len()?;
        let mut article_topics = Vec::with_capacity(n);
        for _ in 0..n {
            article_topics.push(d.index(topics.len())?);
        }
        let flags = d.u8()?;
        let pullquote = match flags >> 3 {
            0 => None,
            1 => Some(false),
            2 => Some(true),
            _ => return Err(Bad("bad flags")),
        };
        let progress = match d.var()? {
            0 => None,
            n @ 1..=101 => Some((n - 1) as u8),
            _ => return Err(Bad("progress past 100 percent")),
        };
        let url_hash = d.var()?;
        if points {
            let pointer = decode_pointer(&mut d, file_size)?;
            let related = match d.var()? {
                0 => None,
                n => {
                    let len = u32::try_from(n - 1).map_err(|_| Bad("record too long"))?;
                    let at = offset;
                    offset += u64::from(len);
                    Some((at, len, d.u32()?))
                }
            };
            in_file.push(pointer, pullquote, related, count)?;
        } else {
            let len = u32::try_from(d.var()?).map_err(|_| Bad("record too long"))?;
            let crc = d.u32()?;
            entries.push(Entry {
                offset,
                len,
                crc,
                pullquote,
            });
            offset += u64::from(len);
        }
        let highlights = decode_highlights(&mut d)?;
        articles.push(Article {
            id,
            title,
            date,
            topics: article_topics,
            seed: Seed {
                starred: flags & 1 != 0,
                read: flags & 2 != 0,
                progress,
            },
            fetch_failed: flags & 4 != 0,
            highlights: highlights.into(),
            url_hash,
            ..Article::default()
        });
    }
    let n = d.len()?;
    let series = if n == 0 {
        None
    } else if n == count {
        let mut cuts = Vec::with_capacity(n);
        for a in &articles {
            let cut = u32::try_from(d.var()?).map_err(|_| Bad("series cut too big"))?;
            if !a.title.is_char_boundary(cut as usize) {
                return Err(Bad("series cut out of its title"));
            }
            cuts.push(cut);
        }
        Some(cuts)
    } else {
        return Err(Bad("series cuts do not match the articles"));
    };
    if !d.is_done() {
        return Err(Bad("bytes after the index"));
    }
    if offset > details_end {
        return Err(Bad("records past their section"));
    }
    // The list order must be a permutation of the articles.
    let mut seen = vec![false; count];
    for &i in &order {
        match usize::try_from(i).ok().and_then(|i| seen.get_mut(i)) {
            Some(s) if !*s => *s = true,
            _ => return Err(Bad("list order is not a permutation")),
        }
    }
    if order.len() != count
        || problems
            .iter()
            .any(|p| p.article.is_some_and(|a| a >= count))
    {
        return Err(Bad("index does not match the articles"));
    }
    let order = order.into_iter().map(|i| i as usize).collect();
    Ok((
        Archive {
            title,
            format,
            articles,
            topics,
            order,
            problems,
            series,
            sources: Default::default(),
        },
        if points {
            Slots::Points(in_file)
        } else {
            Slots::Records(entries)
        },
    ))
}

/// An article's place in the archive's file of `file_size` bytes.
fn decode_pointer(d: &mut Dec<'_>, file_size: u64) -> Result<Pointer> {
    let src = d.var()?;
    let at = d.var()?;
    let len = u32::try_from(d.var()?).map_err(|_| Bad("article too long"))?;
    let crc = d.u32()?;
    // An article takes at least a byte of the file, and lies inside it.
    if src >= file_size
        || at
            .checked_add(u64::from(len))
            .is_none_or(|end| end > file_size)
    {
        return Err(Bad("article outside its file"));
    }
    Ok(Pointer {
        src: usize::try_from(src).map_err(|_| Bad("article outside its file"))?,
        at,
        len,
        crc,
        related: None,
    })
}

/// A record of settled related entries.
pub fn encode_related(list: &[Related], e: &mut Enc) {
    e.usize(list.len());
    for r in list {
        e.str(&r.text);
        e.opt_usize(r.target);
    }
}

/// Decodes [`encode_related`]'s record; targets are among `articles`.
pub fn decode_related(bytes: &[u8], articles: usize) -> Result<Vec<Related>> {
    let mut d = Dec::new(bytes);
    let n = d.len()?;
    let mut list = Vec::with_capacity(n);
    for _ in 0..n {
        list.push(Related {
            text: d.str()?,
            target: d.opt_index(articles)?,
        });
    }
    if !d.is_done() {
        return Err(Bad("bytes after the related entries"));
    }
    Ok(list)
}

/// One article's detail record.
pub fn encode_detail(detail: &Detail, e: &mut Enc) {
    e.opt_str(detail.series.as_deref());
    match &detail.author {
        None => e.u8(0),
        Some(a) => {
            e.u8(1);
            e.str(&a.name);
            e.opt_str(a.role.as_deref());
            e.opt_str(a.bio.as_deref());
            e.opt_str(a.url.as_deref());
        }
    }
    e.opt_str(detail.summary.get());
    e.opt_str(detail.url.as_deref());
    e.opt_str(detail.language.as_deref());
    e.usize(detail.related.len());
    for r in &detail.related {
        e.str(&r.text);
        e.opt_usize(r.target);
    }
    match detail.body.html_source() {
        Some((html, base)) => {
            e.u8(1);
            e.str(html);
            e.opt_str(base);
        }
        None => {
            e.u8(0);
            let blocks = detail.body.blocks();
            e.usize(blocks.len());
            for b in blocks {
                encode_block(b, e);
            }
        }
    }
}

/// Decodes a detail record of an archive of `articles` articles.
pub fn decode_detail(bytes: &[u8], articles: usize) -> Result<Detail> {
    let mut d = Dec::new(bytes);
    let series = d.opt_str()?;
    let author = match d.u8()? {
        0 => None,
        1 => Some(Author {
            name: d.str()?,
            role: d.opt_str()?,
            bio: d.opt_str()?,
            url: d.opt_str()?,
        }),
        _ => return Err(Bad("bad tag")),
    };
    let summary = d.opt_str()?.into();
    let url = d.opt_str()?;
    let language = d.opt_str()?;
    let n = d.len()?;
    let mut related = Vec::with_capacity(n);
    for _ in 0..n {
        related.push(Related {
            text: d.str()?,
            target: d.opt_index(articles)?,
        });
    }
    let body = match d.u8()? {
        1 => {
            let html = d.raw_str()?.to_string();
            let base = d.opt_str()?;
            crate::archive::html::body(html, base)
        }
        0 => {
            let n = d.len()?;
            let mut blocks = Vec::with_capacity(n);
            for _ in 0..n {
                blocks.push(decode_block(&mut d)?);
            }
            blocks.into()
        }
        _ => return Err(Bad("bad tag")),
    };
    if !d.is_done() {
        return Err(Bad("bytes after the record"));
    }
    Ok(Detail {
        author,
        series,
        summary,
        url,
        language,
        related,
        body,
        words: Default::default(),
    })
}

fn encode_rich(r: &Rich, e: &mut Enc) {
    e.usize(r.runs.len());
    for run in &r.runs {
        match &run.style {
            RunStyle::Plain => e.u8(0),
            RunStyle::Emphasis => e.u8(1),
            RunStyle::Strong => e.u8(2),
            RunStyle::Code => e.u8(3),
            RunStyle::Link(url) => {
                e.u8(4);
                e.str(url);
            }
            RunStyle::Mark => e.u8(5),
        }
        e.str(&run.text);
    }
}

fn decode_rich(d: &mut Dec<'_>) -> Result<Rich> {
    let n = d.len()?;
    let mut runs = Vec::with_capacity(n);
    for _ in 0..n {
        let style = match d.u8()? {
            0 => RunStyle::Plain,
            1 => RunStyle::Emphasis,
            2 => RunStyle::Strong,
            3 => RunStyle::Code,
            4 => RunStyle::Link(d.str()?),
            5 => RunStyle::Mark,
            _ => return Err(Bad("bad run style")),
        };
        runs.push(Run {
            text: d.str()?,
            style,
        });
    }
    Ok(Rich { runs })
}

fn encode_block(b: &Block, e: &mut Enc) {
    match b {
        Block::Paragraph(t) => {
            e.u8(0);
            encode_rich(t, e);
        }
        Block::Heading { level, text } => {
            e.u8(1);
            e.u8(*level);
            encode_rich(text, e);
        }
        Block::PullQuote { text, cite } | Block::Quote { text, cite } => {
            e.u8(if matches!(b, Block::PullQuote { .. }) {
                2
            } else {
                3
            });
            encode_rich(text, e);
            e.opt_str(cite.as_deref());
        }
        Block::Image { src, alt, caption } => {
            e.u8(4);
            e.opt_str(src.as_deref());
            e.opt_str(alt.as_deref());
            e.opt_str(caption.as_deref());
        }
        Block::List { items, ordered } => {
            e.u8(5);
            e.u8(u8::from(*ordered));
            e.usize(items.len());
            for item in items {
                encode_rich(item, e);
            }
        }
        Block::Code(s) => {
            e.u8(6);
            e.str(s);
        }
        Block::Rule => e.u8(7),
    }
}

fn decode_block(d: &mut Dec<'_>) -> Result<Block> {
    Ok(match d.u8()? {
        0 => Block::Paragraph(decode_rich(d)?),
        1 => Block::Heading {
            level: d.u8()?,
            text: decode_rich(d)?,
        },
        2 => Block::PullQuote {
            text: decode_rich(d)?,
            cite: d.opt_str()?,
        },
        3 => Block::Quote {
            text: decode_rich(d)?,
            cite: d.opt_str()?,
        },
        4 => Block::Image {
            src: d.opt_str()?,
            alt: d.opt_str()?,
            caption: d.opt_str()?,
        },
        5 => {
            let ordered = match d.u8()? {
                0 => false,
                1 => true,
                _ => return Err(Bad("bad tag")),
            };
            let n = d.len()?;
            let mut items = Vec::with_capacity(n);
            for _ in 0..n {
                items.push(decode_rich(d)?);
            }
            Block::List { items, ordered }
        }
        6 => Block::Code(d.str()?),
        7 => Block::Rule,
        _ => return Err(Bad("bad block")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_and_garbled_lengths_are_refused() {
        let mut e = Enc::default();
        for x in [0u64, 1, 127, 128, 300, u64::MAX] {
            e.var(x);
        }
        for x in [0i64, -1, 1, i64::MIN, i64::MAX] {
            e.i64(x);
        }
        let mut d = Dec::new(&e.buf);
        for x in [0u64, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(d.var(), Ok(x));
        }
        for x in [0i64, -1, 1, i64::MIN, i64::MAX] {
            assert_eq!(d.i64(), Ok(x));
        }
        assert!(d.is_done());
        assert_eq!(d.u8(), Err(Bad("cut short")));

        // A length beyond the bytes left, and text with an escape in it.
        let mut e = Enc::default();
        e.var(1 << 40);
        assert!(Dec::new(&e.buf).len().is_err());
        let mut e = Enc::default();
        e.str("ok \u{1b}[2J");
        assert_eq!(
            Dec::new(&e.buf).str(),
            Err(Bad("text holds control characters"))
        );
    }
}
