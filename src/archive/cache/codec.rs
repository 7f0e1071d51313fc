//! The cache's byte layout: little-endian integers, LEB128 lengths and
//! counts, strings as a length and UTF-8 bytes. Decoding never trusts a
//! byte: every length is checked against what is left, every string must
//! be UTF-8 and already clean by the sanitizer's rules, every index must
//! point inside the archive. Any doubt is [`Bad`], and the cache is
//! ignored.

use std::borrow::Cow;
use std::sync::Arc;

use super::super::model::{Author, Block, Detail, Related, Rich, Run, RunStyle};
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

    /// [`Dec::with_heap`] whose text ([`Dec::text`]) points into `heap`
    /// instead of copying it.
    pub fn with_shared_heap(buf: &'a [u8], heap: &'a Arc<String>) -> Result<Dec<'a>> {
        let mut d = Dec::with_heap(buf, heap)?;
        d.shared = Some(Arc::clone(heap));
        Ok(d)
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
        let b = *self.buf.get(self.pos).ok_or(Bad("cut short"))?;
        self.pos += 1;
        Ok(b)
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
        // Most numbers are below 128: one byte.
        if let Some(&b) = self.buf.get(self.pos)
            && b < 0x80
        {
            self.pos += 1;
            return Ok(u64::from(b));
        }
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
        match self.heap {
            Some((heap, at)) if self.shared.is_some() => {
                let range = self.heap_range(heap, at)?;
                self.shared
                    .as_ref()
                    .and_then(|all| Text::part(all, range))
                    .ok_or(Bad("text out of place"))
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
