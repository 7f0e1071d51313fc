//! The cache's index: everything the list shows of each article, and where
//! each article's detail lies. It is all a reopen reads, so it is laid out
//! to be read on several threads at once:
//!
//! ```text
//! numbers length (u64) | head text length (u64) | numbers | text
//! numbers: kind, title, format, topics, list order, problems, articles,
//!          the chunk table, each chunk's numbers, the series cuts
//! text:    the head's strings, then each chunk's strings
//! ```
//!
//! The articles come in chunks of [`CHUNK`], each with numbers and text of
//! its own; the table says how long each is and where its detail records
//! begin. A thread reads a run of chunks: their text from the file, checked
//! whole (UTF-8, and clean by the sanitizer's rules), then their articles,
//! whose ids, titles and dates point into their chunk's text. The CRC-32 of
//! the whole index is put together from the parts each thread read.

use std::fs::File;
use std::sync::Arc;

use super::super::bytes::read_at;
use super::super::format::Format;
use super::super::highlight::{Highlight, Origin, Pos, Stretch};
use super::super::model::{Archive, Article, Date, Pointer, Problem, Seed, Topic};
use super::super::pieces::Place;
use super::codec::{Bad, Dec, Enc, Result};

/// Articles per chunk: small enough that 100,000 articles make a dozen
/// to share among threads, big enough that a thread's start is nothing
/// beside a chunk's work.
const CHUNK: usize = 8192;

/// The index's first bytes: the lengths of its numbers, of the head's
/// numbers (up to the chunk table's end) and of the head's text.
const PREFIX: u64 = 24;

/// At most this many threads decode one index.
const MAX_THREADS: usize = 8;

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

impl Slot {
    /// The bytes of the cache's records this slot takes.
    fn record_len(&self) -> u64 {
        match self {
            Slot::Record { len, .. } => *len,
            Slot::Points(_, related) => related.map_or(0, |(len, _)| len),
        }
    }
}

/// Index kinds: every detail a record of the cache, or every detail in the
/// archive's file.
const RECORDS: u8 = 0;
const POINTS: u8 = 1;

/// The index's bytes: everything but the articles' detail. `details` gives
/// where each article's detail is (all records, or all pointers), and
/// whether its body has a pull quote when that is known.
pub fn encode_index(
    archive: &Archive,
    details: &[(Slot, Option<bool>)],
    series: &[u32],
) -> Vec<u8> {
    let points = details
        .first()
        .is_some_and(|d| matches!(d.0, Slot::Points(..)));
    let mut head = Enc {
        buf: Vec::new(),
        heap: Some(String::new()),
    };
    let e = &mut head;
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
    let mut chunks = Vec::new();
    let mut records_at = 0u64;
    for (articles, details) in archive.articles.chunks(CHUNK).zip(details.chunks(CHUNK)) {
        let mut c = Enc {
            buf: Vec::with_capacity(articles.len() * 32),
            heap: Some(String::with_capacity(articles.len() * 96)),
        };
        let at = records_at;
        for (a, (slot, pullquote)) in articles.iter().zip(details) {
            encode_article(a, slot, *pullquote, &mut c);
            records_at += slot.record_len();
        }
        chunks.push((articles.len(), at, c));
    }
    e.usize(chunks.len());
    for (n, at, c) in &chunks {
        e.usize(*n);
        e.usize(c.buf.len());
        e.usize(c.heap.as_ref().map_or(0, String::len));
        e.var(*at);
    }
    let mut tail = Enc::default();
    tail.usize(series.len());
    for &cut in series {
        tail.var(u64::from(cut));
    }
    let head_text = head.heap.take().unwrap_or_default();
    let numbers_len =
        head.buf.len() + chunks.iter().map(|(_, _, c)| c.buf.len()).sum::<usize>() + tail.buf.len();
    let text_len = head_text.len()
        + chunks
            .iter()
            .map(|(_, _, c)| c.heap.as_ref().map_or(0, String::len))
            .sum::<usize>();
    let mut out = Vec::with_capacity(PREFIX as usize + numbers_len + text_len);
    out.extend_from_slice(&(numbers_len as u64).to_le_bytes());
    out.extend_from_slice(&(head.buf.len() as u64).to_le_bytes());
    out.extend_from_slice(&(head_text.len() as u64).to_le_bytes());
    out.extend_from_slice(&head.buf);
    for (_, _, c) in &chunks {
        out.extend_from_slice(&c.buf);
    }
    out.extend_from_slice(&tail.buf);
    out.extend_from_slice(head_text.as_bytes());
    for (_, _, c) in &chunks {
        out.extend_from_slice(c.heap.as_deref().unwrap_or_default().as_bytes());
    }
    out
}

fn encode_article(a: &Article, slot: &Slot, pullquote: Option<bool>, e: &mut Enc) {
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
    /// Where `count` articles are: per article its place and its index in
    /// the file's array (`srcs`), and the related records. Most often the
    /// articles are the file's, in its order, and the places are already
    /// by index in the file; else they are put so.
    fn of(
        places: Vec<Place>,
        srcs: Vec<usize>,
        related: impl Iterator<Item = (usize, u64, u32, u32)>,
        count: usize,
    ) -> Result<InFile> {
        // Articles the reader passed over leave gaps, never this many.
        let limit = count.saturating_mul(8).saturating_add(4096);
        if srcs.iter().any(|&s| s >= limit) {
            return Err(Bad("article index too far"));
        }
        let places = if srcs.iter().enumerate().all(|(i, &s)| i == s) {
            places
        } else {
            let mut by_src = vec![NO_PLACE; srcs.iter().max().map_or(0, |m| m + 1)];
            for (&s, p) in srcs.iter().zip(places) {
                by_src[s] = p;
            }
            by_src
        };
        Ok(InFile {
            places,
            srcs,
            related: related.collect(),
        })
    }
}

/// One chunk as the table gives it.
#[derive(Debug, Clone, Copy)]
struct ChunkAt {
    articles: usize,
    /// Its numbers and its text, in the cache file.
    numbers_at: u64,
    numbers_len: u64,
    text_at: u64,
    text_len: u64,
    /// Where its first detail record is.
    records_at: u64,
}

/// The index's articles decoded, and where their details are: one list of
/// each, filled in place chunk by chunk, never made in parts and joined.
struct Decoded {
    articles: Vec<Article>,
    /// Per article, its record (an index of records).
    entries: Vec<Entry>,
    /// Per article, its place in the archive's file and its index in the
    /// file's array (an index that points).
    places: Vec<Place>,
    srcs: Vec<usize>,
    /// Per chunk, in order: the CRC-32 of its text, where its records
    /// end, and its articles' related records (index in the file's array,
    /// offset, length, checksum).
    chunks: Vec<ChunkDone>,
}

/// What decoding one chunk tells beside its articles.
struct ChunkDone {
    numbers_crc: crc32fast::Hasher,
    text_crc: crc32fast::Hasher,
    end: u64,
    related: Vec<(usize, u64, u32, u32)>,
}

/// The part of the lists one chunk fills.
struct ChunkOut<'a> {
    articles: &'a mut [Article],
    entries: &'a mut [Entry],
    places: &'a mut [Place],
    srcs: &'a mut [usize],
}

/// An entry no article has.
const NO_ENTRY: Entry = Entry {
    offset: 0,
    len: 0,
    crc: 0,
    pullquote: None,
};

/// What every chunk needs to know of the whole.
#[derive(Clone, Copy)]
struct Whole<'a> {
    file: &'a File,
    points: bool,
    topics: usize,
    file_size: u64,
}

/// Reads and decodes the index, `len` bytes at `at` of `file`, whose
/// CRC-32 is `crc`: the archive with every article's detail not yet read,
/// and where each detail lies (records follow each other from offset 0;
/// they must end by `at`, where the index begins). `file_size` is the
/// archive file's size, which every pointer into it must respect.
pub fn read_index(
    file: &File,
    at: u64,
    len: u64,
    crc: u32,
    file_size: u64,
) -> Result<(Archive, Slots)> {
    let io = |_| Bad("unreadable");
    let out_of_place = || Bad("index out of place");
    if len < PREFIX {
        return Err(out_of_place());
    }
    let prefix = read_at(file, at, PREFIX).map_err(io)?;
    let mut p = Dec::new(&prefix);
    let (numbers_len, head_numbers_len, head_len) = (p.u64()?, p.u64()?, p.u64()?);
    let text_len = (len - PREFIX)
        .checked_sub(numbers_len)
        .ok_or_else(out_of_place)?;
    if head_len > text_len || head_numbers_len > numbers_len {
        return Err(out_of_place());
    }
    // The head's numbers and text only: each chunk reads its own.
    let numbers_at = at + PREFIX;
    let numbers = read_at(file, numbers_at, head_numbers_len).map_err(io)?;
    let text_at = numbers_at + numbers_len;
    let head_text = read_at(file, text_at, head_len).map_err(io)?;
    let mut sum = crc32fast::Hasher::new();
    sum.update(&prefix);
    sum.update(&numbers);
    let mut text_sum = crc32fast::Hasher::new();
    text_sum.update(&head_text);
    let head_text = String::from_utf8(head_text).map_err(|_| Bad("text is not UTF-8"))?;
    let mut d = Dec::with_heap(&numbers, &head_text)?;
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
    // Every article takes at least a byte of the numbers.
    let count = usize::try_from(d.var()?)
        .ok()
        .filter(|&n| n as u64 <= numbers_len)
        .ok_or(Bad("more articles than numbers"))?;
    let chunks = read_table(
        &mut d,
        count,
        (numbers_at + head_numbers_len, numbers_at + numbers_len),
        (text_at + head_len, text_len - head_len),
    )?;
    if !d.is_done() {
        return Err(Bad("head out of step"));
    }
    let numbers_end = chunks.last().map_or(numbers_at + head_numbers_len, |c| {
        c.numbers_at + c.numbers_len
    });
    let whole = Whole {
        file,
        points,
        topics: topics.len(),
        file_size,
    };
    let decoded = decode_chunks(whole, &chunks, count)?;
    // The series cuts, after the chunks' numbers.
    let tail = read_at(file, numbers_end, numbers_at + numbers_len - numbers_end).map_err(io)?;
    // The checksum of it all, in the order of the bytes.
    for c in &decoded.chunks {
        sum.combine(&c.numbers_crc);
    }
    sum.update(&tail);
    sum.combine(&text_sum);
    for c in &decoded.chunks {
        sum.combine(&c.text_crc);
    }
    if sum.finalize() != crc {
        return Err(Bad("index checksum"));
    }
    // Each chunk's records begin where the last one's ended, and all end
    // before the index.
    let mut end = 0;
    for (c, done) in chunks.iter().zip(&decoded.chunks) {
        if c.records_at != end {
            return Err(Bad("records out of step"));
        }
        end = done.end;
    }
    if end > at {
        return Err(Bad("records past their section"));
    }
    let Decoded {
        articles,
        entries,
        places,
        srcs,
        chunks: done,
    } = decoded;
    let in_file = if points {
        InFile::of(
            places,
            srcs,
            done.into_iter().flat_map(|c| c.related),
            count,
        )?
    } else {
        InFile::default()
    };
    let mut tail = Dec::new(&tail);
    let n = tail.len()?;
    let series = if n == 0 {
        None
    } else if n == count {
        let mut cuts = Vec::with_capacity(n);
        for a in &articles {
            let cut = u32::try_from(tail.var()?).map_err(|_| Bad("series cut too big"))?;
            if !a.title.is_char_boundary(cut as usize) {
                return Err(Bad("series cut out of its title"));
            }
            cuts.push(cut);
        }
        Some(cuts)
    } else {
        return Err(Bad("series cuts do not match the articles"));
    };
    if !tail.is_done() {
        return Err(Bad("bytes after the index"));
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
        || articles.len() != count
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

/// The chunk table, read where `d` is: chunks of `count` articles in all,
/// whose numbers lie in the file in `numbers` (from, to) and whose text is
/// `text` (from, length) of it.
fn read_table(
    d: &mut Dec<'_>,
    count: usize,
    numbers: (u64, u64),
    text: (u64, u64),
) -> Result<Vec<ChunkAt>> {
    let n = d.len()?;
    let mut table = Vec::with_capacity(n);
    for _ in 0..n {
        // Checked below to add up to `count`.
        let articles = usize::try_from(d.var()?)
            .ok()
            .filter(|&a| a <= count)
            .ok_or(Bad("chunks do not match the articles"))?;
        let numbers = d.var()?;
        let text = d.var()?;
        let records_at = d.var()?;
        if articles == 0 {
            return Err(Bad("an empty chunk"));
        }
        table.push((articles, numbers, text, records_at));
    }
    let bad = || Bad("chunks out of place");
    let (mut numbers_at, mut text_in) = (numbers.0, 0u64);
    let mut articles = 0usize;
    let mut chunks = Vec::with_capacity(n);
    for (n, numbers_len, text_len, records_at) in table {
        let numbers_end = numbers_at.checked_add(numbers_len).ok_or_else(bad)?;
        let text_end = text_in.checked_add(text_len).ok_or_else(bad)?;
        if numbers_end > numbers.1 || text_end > text.1 {
            return Err(bad());
        }
        chunks.push(ChunkAt {
            articles: n,
            numbers_at,
            numbers_len,
            text_at: text.0 + text_in,
            text_len,
            records_at,
        });
        articles = articles.checked_add(n).ok_or_else(bad)?;
        (numbers_at, text_in) = (numbers_end, text_end);
    }
    if articles != count || text_in != text.1 {
        return Err(Bad("chunks do not match the articles"));
    }
    Ok(chunks)
}

/// Decodes `chunks` (of `count` articles) on as many threads as help (at
/// most one per whole chunk), each taking the next chunk not yet taken and
/// filling its part of the lists in place: the lists are made once, at
/// their size, and nothing is copied or held twice.
fn decode_chunks(whole: Whole<'_>, chunks: &[ChunkAt], count: usize) -> Result<Decoded> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_THREADS)
        .min((count / CHUNK).max(1));
    let mut articles = Vec::with_capacity(count);
    articles.resize_with(count, Article::default);
    let (mut entries, mut places, mut srcs) = if whole.points {
        (Vec::new(), vec![NO_PLACE; count], vec![0; count])
    } else {
        (vec![NO_ENTRY; count], Vec::new(), Vec::new())
    };
    // Each chunk's part of each list, the first chunk last (taken first).
    let mut parts = Vec::with_capacity(chunks.len());
    {
        let (mut a, mut e, mut p, mut s) = (
            &mut articles[..],
            &mut entries[..],
            &mut places[..],
            &mut srcs[..],
        );
        for (i, chunk) in chunks.iter().enumerate() {
            // (The table's counts add up to the lists' length: checked.)
            let n = chunk.articles;
            let (na, ne, np, ns) = (a.len(), e.len(), p.len(), s.len());
            let (a1, a2) = std::mem::take(&mut a).split_at_mut(n.min(na));
            let (e1, e2) = std::mem::take(&mut e).split_at_mut(n.min(ne));
            let (p1, p2) = std::mem::take(&mut p).split_at_mut(n.min(np));
            let (s1, s2) = std::mem::take(&mut s).split_at_mut(n.min(ns));
            (a, e, p, s) = (a2, e2, p2, s2);
            let out = ChunkOut {
                articles: a1,
                entries: e1,
                places: p1,
                srcs: s1,
            };
            parts.push((i, chunk, out));
        }
    }
    parts.reverse();
    let queue = std::sync::Mutex::new(parts);
    let work = || -> Vec<(usize, Result<ChunkDone>)> {
        let mut done = Vec::new();
        loop {
            let next = queue.lock().ok().and_then(|mut q| q.pop());
            let Some((i, chunk, out)) = next else {
                return done;
            };
            let read = decode_chunk(whole, chunk, out);
            let failed = read.is_err();
            done.push((i, read));
            if failed {
                // The index is refused: the rest need not be read.
                if let Ok(mut q) = queue.lock() {
                    q.clear();
                }
                return done;
            }
        }
    };
    let mut done = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut done = work();
        for h in others {
            done.extend(h.join().map_err(|_| Bad("a decoding thread stopped"))?);
        }
        Ok(done)
    })?;
    // In chunk order; a chunk refused refuses the index (the chunks left
    // after it were not read, which the count then says).
    let table = chunks.len();
    done.sort_unstable_by_key(|(i, _)| *i);
    let chunks = done
        .into_iter()
        .map(|(_, r)| r)
        .collect::<Result<Vec<_>>>()?;
    if chunks.len() != table {
        return Err(Bad("chunks out of step"));
    }
    Ok(Decoded {
        articles,
        entries,
        places,
        srcs,
        chunks,
    })
}

/// Calls `f` with every article and its index, the articles shared among
/// threads as the index's chunks are.
pub fn each_article(articles: &mut [Article], f: impl Fn(usize, &mut Article) + Sync) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_THREADS)
        .min((articles.len() / CHUNK).max(1));
    let share = articles.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let mut runs = articles.chunks_mut(share).enumerate();
        let first = runs.next();
        for (k, run) in runs {
            scope.spawn(move || {
                for (i, a) in run.iter_mut().enumerate() {
                    f(k * share + i, a);
                }
            });
        }
        if let Some((_, run)) = first {
            for (i, a) in run.iter_mut().enumerate() {
                f(i, a);
            }
        }
    });
}

/// Reads one chunk's text from the file, checks it and decodes its
/// articles into `out`.
fn decode_chunk(whole: Whole<'_>, chunk: &ChunkAt, out: ChunkOut<'_>) -> Result<ChunkDone> {
    let io = |_| Bad("unreadable");
    let numbers = read_at(whole.file, chunk.numbers_at, chunk.numbers_len).map_err(io)?;
    let text = read_at(whole.file, chunk.text_at, chunk.text_len).map_err(io)?;
    let (mut numbers_crc, mut text_crc) = (crc32fast::Hasher::new(), crc32fast::Hasher::new());
    numbers_crc.update(&numbers);
    text_crc.update(&text);
    let text = Arc::new(String::from_utf8(text).map_err(|_| Bad("text is not UTF-8"))?);
    let mut d = Dec::with_shared_heap(&numbers, &text)?;
    let mut offset = chunk.records_at;
    let mut related = Vec::new();
    for (k, slot) in out.articles.iter_mut().enumerate() {
        let (article, found) = decode_article(&mut d, whole, &mut offset)?;
        *slot = article;
        match found {
            Found::Record(entry) => {
                if let Some(e) = out.entries.get_mut(k) {
                    *e = entry;
                }
            }
            Found::Points(src, place, rel) => {
                if let (Some(p), Some(s)) = (out.places.get_mut(k), out.srcs.get_mut(k)) {
                    (*p, *s) = (place, src);
                }
                if let Some((at, len, crc)) = rel {
                    related.push((src, at, len, crc));
                }
            }
        }
    }
    if !d.is_done() || out.articles.len() != chunk.articles {
        return Err(Bad("chunk out of step"));
    }
    Ok(ChunkDone {
        numbers_crc,
        text_crc,
        end: offset,
        related,
    })
}

/// Where one article's detail is, as decoded from its chunk.
enum Found {
    Record(Entry),
    /// Its index in the file, its place there, and its related record.
    Points(usize, Place, Option<(u64, u32, u32)>),
}

/// One article of a chunk, and where its detail is; `offset` is where its
/// record (if it has one) begins, moved past it.
fn decode_article(d: &mut Dec<'_>, whole: Whole<'_>, offset: &mut u64) -> Result<(Article, Found)> {
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
    let mut topics = Vec::with_capacity(n);
    for _ in 0..n {
        topics.push(d.index(whole.topics)?);
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
    let found = if whole.points {
        let (src, place) = decode_place(d, pullquote, whole.file_size)?;
        let related = match d.var()? {
            0 => None,
            n => {
                let len = u32::try_from(n - 1).map_err(|_| Bad("record too long"))?;
                let at = *offset;
                *offset += u64::from(len);
                Some((at, len, d.u32()?))
            }
        };
        Found::Points(src, place, related)
    } else {
        let len = u32::try_from(d.var()?).map_err(|_| Bad("record too long"))?;
        let crc = d.u32()?;
        let entry = Entry {
            offset: *offset,
            len,
            crc,
            pullquote,
        };
        *offset += u64::from(len);
        Found::Record(entry)
    };
    let highlights = decode_highlights(d)?;
    let article = Article {
        id,
        title,
        date,
        topics,
        seed: Seed {
            starred: flags & 1 != 0,
            read: flags & 2 != 0,
            progress,
        },
        fetch_failed: flags & 4 != 0,
        highlights: highlights.into(),
        url_hash,
        ..Article::default()
    };
    Ok((article, found))
}

/// An article's index in the archive's file of `file_size` bytes, and its
/// place there.
fn decode_place(
    d: &mut Dec<'_>,
    pullquote: Option<bool>,
    file_size: u64,
) -> Result<(usize, Place)> {
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
    let src = usize::try_from(src).map_err(|_| Bad("article outside its file"))?;
    Ok((
        src,
        Place {
            at,
            len,
            crc,
            pullquote,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn articles_with_gaps_between_them_in_the_file_keep_their_places() {
        let n = CHUNK + 7;
        let (archive, details) = archive(n, true, 3);
        let (file, at, len, crc) = written(&archive, &details);
        let (_, slots) =
            read_index(file.as_file(), at, len, crc, 100 * n as u64 + 100).expect("reads");
        let Slots::Points(in_file) = slots else {
            panic!("an index that points");
        };
        assert_eq!(in_file.srcs, (0..n).map(|i| 3 * i).collect::<Vec<_>>());
        assert_eq!(in_file.places.len(), 3 * (n - 1) + 1);
        for i in [0, 1, CHUNK, n - 1] {
            assert_eq!(in_file.places[3 * i].at, 100 * i as u64);
            assert_eq!(in_file.places[3 * i].len, 90);
        }
        assert_eq!(in_file.places[1].len, 0, "a gap has no place");
    }

    /// An archive of `n` small articles, varied in every field the index
    /// keeps, with a detail record (or a place in the file) each; with
    /// places, article `i` is at `step * i` of the file's array (a step over
    /// 1: the reader passed over some).
    fn archive(n: usize, points: bool, step: usize) -> (Archive, Vec<(Slot, Option<bool>)>) {
        let topics = ["Kundresa", "東京", "Ekonomi"];
        let mut articles = Vec::with_capacity(n);
        let mut details = Vec::with_capacity(n);
        for i in 0..n {
            let date = (i % 5 != 0).then(|| {
                let text = format!("20{:02}-0{}-1{}T10:00:00Z", i % 30, 1 + i % 9, i % 10);
                Date {
                    day: text.get(..10).map(Into::into),
                    key: (i % 7 != 0).then_some(i as i64 * 3600),
                    text: text.into(),
                }
            });
            articles.push(Article {
                id: format!("id-{i}").into(),
                title: format!("Åsa läser artikel nummer {i} om 東京 😀").into(),
                date,
                topics: (0..i % 4).map(|t| t % topics.len()).collect(),
                seed: Seed {
                    starred: i % 3 == 0,
                    read: i % 2 == 0,
                    progress: (i % 11 == 0).then_some((i % 101) as u8),
                },
                fetch_failed: i % 13 == 0,
                url_hash: (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15),
                ..Article::default()
            });
            let pullquote = [None, Some(false), Some(true)][i % 3];
            let slot = if points {
                let related = (i % 4 == 1).then_some((5 + i as u64 % 3, i as u32));
                Slot::Points(
                    Pointer {
                        src: step * i,
                        at: 100 * i as u64,
                        len: 90,
                        crc: i as u32 ^ 0x5555,
                        related: None,
                    },
                    related,
                )
            } else {
                Slot::Record {
                    len: 10 + i as u64 % 7,
                    crc: i as u32,
                }
            };
            details.push((slot, pullquote));
        }
        let archive = Archive {
            title: Some("Arkivet".into()),
            format: Format::V1,
            articles,
            topics: topics
                .iter()
                .map(|t| Topic {
                    name: t.to_string(),
                    key: t.to_lowercase(),
                })
                .collect(),
            order: (0..n).rev().collect(),
            ..Archive::default()
        };
        (archive, details)
    }

    /// The index of `archive` written after its records, in a file of its
    /// own: the file, where the index is, its length and checksum.
    fn written(
        archive: &Archive,
        details: &[(Slot, Option<bool>)],
    ) -> (tempfile::NamedTempFile, u64, u64, u32) {
        let index = encode_index(archive, details, &[]);
        let records: u64 = details.iter().map(|(s, _)| s.record_len()).sum();
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        file.write_all(&vec![0; records as usize]).expect("records");
        file.write_all(&index).expect("index");
        (file, records, index.len() as u64, crc32fast::hash(&index))
    }

    fn list_view(a: &Article) -> String {
        format!(
            "{} {} {:?} {:?} {:?} {} {}",
            a.id,
            a.title,
            a.date.as_ref().map(|d| (&d.text, d.key, &d.day)),
            a.topics,
            a.seed,
            a.fetch_failed,
            a.url_hash
        )
    }

    #[test]
    fn an_index_of_many_chunks_reads_back_the_same_on_any_number_of_threads() {
        let n = 3 * CHUNK + 5;
        for points in [false, true] {
            let (archive, details) = archive(n, points, 1);
            let (file, at, len, crc) = written(&archive, &details);
            let (back, slots) =
                read_index(file.as_file(), at, len, crc, 100 * n as u64 + 100).expect("reads back");
            assert_eq!(back.articles.len(), n);
            for (a, b) in archive.articles.iter().zip(&back.articles) {
                assert_eq!(list_view(a), list_view(b));
            }
            assert_eq!(back.order, archive.order);
            assert_eq!(back.topics.len(), 3);
            match slots {
                Slots::Records(entries) => {
                    assert!(!points);
                    let mut offset = 0;
                    for (e, (slot, pullquote)) in entries.iter().zip(&details) {
                        assert_eq!((e.offset, e.pullquote), (offset, *pullquote));
                        offset += slot.record_len();
                    }
                }
                Slots::Points(in_file) => {
                    assert!(points);
                    assert_eq!(in_file.srcs, (0..n).collect::<Vec<_>>());
                    assert_eq!(in_file.places[n - 1].at, 100 * (n as u64 - 1));
                    let related: Vec<usize> = in_file.related.iter().map(|r| r.0).collect();
                    let want: Vec<usize> = (0..n).filter(|i| i % 4 == 1).collect();
                    assert_eq!(related, want);
                    // Each related record begins where the one before ended.
                    let mut offset = 0;
                    for &(_, at, len, _) in &in_file.related {
                        assert_eq!(at, offset);
                        offset += u64::from(len);
                    }
                }
            }
        }
    }

    #[test]
    fn a_changed_byte_anywhere_in_any_chunk_is_refused() {
        let (archive, details) = archive(2 * CHUNK + 1, false, 1);
        let index = encode_index(&archive, &details, &[]);
        let records: u64 = details.iter().map(|(s, _)| s.record_len()).sum();
        let crc = crc32fast::hash(&index);
        let len = index.len();
        for step in 0..40 {
            let mut damaged = index.clone();
            let at = step * len / 40 + step % 7;
            damaged[at.min(len - 1)] ^= 0x21;
            let mut file = tempfile::NamedTempFile::new().expect("temp file");
            file.write_all(&vec![0; records as usize]).expect("records");
            file.write_all(&damaged).expect("index");
            assert!(
                read_index(file.as_file(), records, len as u64, crc, u64::MAX).is_err(),
                "a byte changed at {at} of {len} was believed"
            );
            // With a checksum that matches, decoding still trusts no byte:
            // it may refuse or read something, but never panics.
            let _ = read_index(
                file.as_file(),
                records,
                len as u64,
                crc32fast::hash(&damaged),
                u64::MAX,
            );
        }
    }
}
