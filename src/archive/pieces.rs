//! Reading a big archive in pieces. A thread reads the file and cuts its
//! articles array between articles (it follows strings and nesting,
//! nothing more); each piece of whole articles is parsed from memory,
//! which serde_json does several times faster than from a stream, while
//! only a few pieces are held at once. Anything out of the ordinary (a
//! byte-order mark, a second `articles` key, a syntax error) gives up, and
//! the caller reads the file the careful way.
//!
//! What a format brings is a [`Reader`]: how to read one piece, and what
//! else its big files hold (see `formats::pieces`).

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::builder::{Builder, Settle};
use super::format::Format;
use super::model::{Block, Body, Detail, DetailSource, Pointer, Related, Rich};

/// serde_json reading a piece held in memory (checked as UTF-8 whole).
pub(crate) type De<'a> = serde_json::Deserializer<serde_json::de::StrRead<'a>>;

/// A format's reader of one piece (see [`Reader::piece`]).
pub(crate) type ReadPiece = fn(&mut Builder, &mut De<'_>, usize) -> serde_json::Result<bool>;

/// What reading in pieces takes of a format.
pub(crate) struct Reader {
    pub format: Format,
    /// Reads one piece, a JSON array of whole articles of which the first
    /// is the `first`th of the file's array, into a builder of its own,
    /// exactly as reading the whole file reads those articles (the same
    /// pointers, the same problems). `Ok(false)`: not an array.
    pub piece: ReadPiece,
    /// Reads a top-level object whose articles array (at `/articles`) is
    /// left empty: its title, its version, its other keys. `None`: the
    /// format's big files are a top-level array, and an object is read
    /// whole.
    pub around: Option<fn(&mut Builder, &mut De<'_>) -> serde_json::Result<bool>>,
    /// Details are not kept: each article's is read again from the file
    /// when shown, with `piece` (an article must read by itself, as in
    /// lektyr's own format, whose bodies are big and already blocks). The
    /// articles then hold what the list shows, as when reopened from the
    /// cache.
    pub stored_details: bool,
}

/// A piece is cut at the first article boundary after about a 128th of
/// the file, within these bounds: pieces of a big file are big enough that
/// handing them between threads costs nothing, and a smaller file holds
/// less in flight (up to ten pieces, each also parsed whole), so the peak
/// memory of opening it stays near the size of the file. (A 64th made the
/// same speed; the 12 MB file's peak fell from 17.4 MB to 15.4 MB.)
const PIECE_MIN: usize = 64 << 10;
const PIECE_MAX: usize = 1 << 20;

/// The piece size for a file of `len` bytes (also the bytes read at a time).
fn piece_size(len: u64) -> usize {
    usize::try_from(len / 128)
        .unwrap_or(PIECE_MAX)
        .clamp(PIECE_MIN, PIECE_MAX)
}

/// What the cutting thread hands on.
enum Work {
    /// Whole articles, as a JSON array: the `seq`th piece, whose first
    /// article is the `first`th of the array. `object`: the top level is
    /// an object (the articles are at `/articles`), not an array.
    Articles {
        seq: usize,
        first: usize,
        object: bool,
        bytes: Vec<u8>,
        /// Where each article of the piece lies in the file, and the
        /// CRC-32 of its bytes.
        ranges: Vec<(u64, u32, u32)>,
    },
    /// The document without its articles, what came before and after
    /// them (an object's other keys), once `pieces` pieces are sent.
    End {
        pieces: usize,
        object: bool,
        head: Vec<u8>,
        tail: Vec<u8>,
    },
    /// What came before the articles of a top-level object, as soon as
    /// the articles begin (for the archive's title while the rest is read).
    Head(Vec<u8>),
    /// Not a file this reader takes; the careful way reads it.
    GiveUp,
}

/// What a parsing thread hands back: a piece's articles in a builder of
/// their own (`None`: the piece did not parse), or the cutter's last word.
enum Parsed {
    Piece {
        seq: usize,
        builder: Option<Box<Builder>>,
        /// Bytes of the file the piece's articles take.
        span: u64,
        /// With details left in the file: where each article of the piece
        /// is.
        places: Vec<Place>,
    },
    Other(Work),
}

/// Threads parsing pieces side by side (the cutter takes little).
const PARSERS: usize = 2;

/// Reads the articles of `path` (in `reader`'s format) into `b`, counting
/// the bytes read in `read`. `false`: give up, nothing usable in `b`.
///
/// With [`Reader::stored_details`], details are not kept: each article's
/// is read again from the file when it is first shown (the file is held
/// open; a change to it is noticed), so a big archive is held in memory
/// at a fraction of its size.
pub(crate) fn read(path: &Path, b: &mut Builder, read: Arc<AtomicU64>, reader: &Reader) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let len = file.metadata().map_or(0, |m| m.len());
    let details = if reader.stored_details {
        let Some(details) = FileDetails::open(path, reader.piece) else {
            return false;
        };
        let details = Arc::new(details);
        let settled = Arc::clone(&details);
        b.settle = Some(Settle(Box::new(move |src, related| {
            settled.settle(src, related);
        })));
        Some(details)
    } else {
        None
    };
    let details = details.as_ref();
    b.format = reader.format;
    let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<Work>(PARSERS * 2);
    // Held by the parsing threads alone: when they have all stopped (the
    // merging side gave up), the cutter's next send fails and it stops
    // too, instead of waiting for room that never comes.
    let work_rx = Arc::new(std::sync::Mutex::new(work_rx));
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<Parsed>(PARSERS * 2);
    // Pieces parsed go back to be filled again: no fresh memory for each.
    let (spare_tx, spare_rx) = std::sync::mpsc::channel::<Vec<u8>>();
    let objects = reader.around.is_some();
    std::thread::scope(|scope| {
        scope.spawn(move || cut(file, &work_tx, &read, objects, spare_rx));
        for _ in 0..PARSERS {
            let (work_rx, done_tx, spare_tx) =
                (Arc::clone(&work_rx), done_tx.clone(), spare_tx.clone());
            let source = details.map(|d| Arc::clone(d) as Arc<dyn DetailSource>);
            scope.spawn(move || {
                parse_pieces(&work_rx, &done_tx, &spare_tx, reader, source.as_ref());
            });
        }
        drop(work_rx);
        drop(spare_tx);
        drop(done_tx);
        let ok = merge(b, &done_rx, reader, len, details.map(|d| &**d));
        // Whatever is still running stops at its next send.
        drop(done_rx);
        ok
    })
}

/// Parses pieces until the cutter is done or the merging side gives up.
fn parse_pieces(
    work: &std::sync::Mutex<std::sync::mpsc::Receiver<Work>>,
    done: &std::sync::mpsc::SyncSender<Parsed>,
    spare: &std::sync::mpsc::Sender<Vec<u8>>,
    reader: &Reader,
    details: Option<&Arc<dyn DetailSource>>,
) {
    loop {
        let next = match work.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(next) = next else { return };
        let parsed = match next {
            Work::Articles {
                seq,
                first,
                object,
                bytes,
                ranges,
            } => {
                let mut piece = Builder::default();
                piece.format = reader.format;
                piece.root = if object { "/articles" } else { "" };
                // Checked as UTF-8 at once, not string by string.
                let ok = std::str::from_utf8(&bytes).is_ok_and(|text| {
                    let mut de = serde_json::Deserializer::from_str(text);
                    matches!(
                        (reader.piece)(&mut piece, &mut de, first)
                            .and_then(|r| de.end().map(|()| r)),
                        Ok(true)
                    )
                }) && piece.fatal.is_none();
                let _ = spare.send(bytes);
                if ok {
                    piece.share_texts();
                }
                let span = match (ranges.first(), ranges.last()) {
                    (Some(&(start, _, _)), Some(&(at, len, _))) => at + u64::from(len) - start,
                    _ => 0,
                };
                // Details go back to the file: each is read again when shown.
                let mut places = Vec::new();
                if let Some(details) = details.filter(|_| ok) {
                    places = ranges
                        .iter()
                        .map(|&(at, len, crc)| Place {
                            at,
                            len,
                            crc,
                            pullquote: None,
                        })
                        .collect();
                    piece.leave_details(details, |src, pullquote| {
                        if let Some(place) = src.checked_sub(first).and_then(|k| places.get_mut(k))
                        {
                            place.pullquote = pullquote;
                        }
                    });
                }
                Parsed::Piece {
                    seq,
                    builder: ok.then(|| Box::new(piece)),
                    span,
                    places,
                }
            }
            other => Parsed::Other(other),
        };
        if done.send(parsed).is_err() {
            return;
        }
    }
}

/// Takes the parsed pieces into `b` in file order, then the rest of the
/// document. The file is `len` bytes; with details left in it, `details`
/// learns where each article is.
fn merge(
    b: &mut Builder,
    done: &std::sync::mpsc::Receiver<Parsed>,
    reader: &Reader,
    len: u64,
    details: Option<&FileDetails>,
) -> bool {
    let mut waiting = std::collections::BTreeMap::new();
    let mut next = 0;
    let mut end = None;
    for parsed in done.iter() {
        match parsed {
            Parsed::Piece {
                seq,
                builder,
                span,
                places,
            } => match builder {
                Some(piece) => {
                    waiting.insert(seq, (piece, span, places));
                }
                None => return false,
            },
            Parsed::Other(Work::End {
                pieces,
                object,
                head,
                tail,
            }) => end = Some((pieces, object, head, tail)),
            Parsed::Other(Work::Head(mut head)) => {
                // The title, for the rows shown while the rest is read; the
                // whole document's other keys are read at the end.
                let Some(around) = reader.around else {
                    return false;
                };
                head.extend_from_slice(b"]}");
                let mut first = Builder::default();
                if let Ok(head) = std::str::from_utf8(&head)
                    && let Ok(true) =
                        around(&mut first, &mut serde_json::Deserializer::from_str(head))
                {
                    b.title = first.title;
                }
            }
            Parsed::Other(_) => return false,
        }
        while let Some((piece, span, places)) = waiting.remove(&next) {
            if next == 0 {
                reserve_for_file(b, piece.articles().len(), span, len);
            }
            if let Some(details) = details {
                details.extend(places);
            }
            b.absorb(*piece);
            next += 1;
        }
        if let Some((pieces, object, head, tail)) = &mut end
            && *pieces == next
        {
            b.root = if *object { "/articles" } else { "" };
            if !*object {
                // Nothing but JSON's space may follow a top-level array.
                return tail
                    .iter()
                    .all(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'));
            }
            // The rest of the document with an empty articles array: its
            // title, its version, its other keys.
            let Some(around) = reader.around else {
                return false;
            };
            head.push(b']');
            head.extend_from_slice(tail);
            let Ok(rest) = std::str::from_utf8(head) else {
                return false;
            };
            let mut de = serde_json::Deserializer::from_str(rest);
            let read = around(b, &mut de).and_then(|r| de.end().map(|()| r));
            return matches!(read, Ok(true)) && b.fatal.is_none();
        }
    }
    false
}

/// Where the cutter is in the document.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the articles array (and its `[`).
    Head,
    /// Inside the articles array.
    Body,
    /// After it.
    Tail,
}

/// Bytes read at a time once a piece is nearly full: the piece is cut in
/// the article that straddles its size, and what follows the cut is
/// copied into the next piece.
const READ_MORE: usize = 16 << 10;

/// Arrays and objects nested this deep, the outermost counted, are more
/// than serde_json reads: a file read whole is refused there. A piece is
/// parsed from its own `[`, a level or two nearer the top than in the
/// file, so the cutter gives up at this depth instead, and the file read
/// whole says what is wrong, as a small file's does.
const TOO_DEEP: u32 = 128;

/// Follows the JSON text outside strings byte by byte, and jumps through
/// each string to its closing quote (one after an even number of
/// backslashes). The text is read straight into the piece being filled.
struct Cutter {
    /// Bytes after which a piece is closed at the next article.
    piece_size: usize,
    phase: Phase,
    /// In the head, the text from the file's start; in the body, `[` and
    /// the articles of the piece being filled, up to what is read.
    buf: Vec<u8>,
    /// The file offset of `buf[0]`: in the body, of the `[` that opens
    /// the articles, or of the comma whose place a later piece's `[` takes.
    buf_at: u64,
    /// How far `buf` is followed.
    at: usize,
    /// Inside a string that began at `buf[string_start]`.
    in_string: bool,
    string_start: usize,
    depth: u32,
    /// The depth inside the articles array.
    body_depth: u32,
    /// Whether the top level is an object, once seen.
    object: Option<bool>,
    /// Whether a top-level object is read (else it gives up).
    objects: bool,
    /// The last string at depth 1 was `articles` (then `:` makes the next
    /// value the articles array).
    key_is_articles: bool,
    articles_next: bool,
    head: Vec<u8>,
    tail: Vec<u8>,
    /// Pieces sent, articles begun, and the first article of the piece
    /// being filled.
    pieces: usize,
    articles: usize,
    first: usize,
    /// The next byte that is not space starts an article.
    expect_article: bool,
    /// File offset of the article begun.
    start: Option<u64>,
    /// Where the articles of the piece being filled lie in the file, and
    /// the CRC-32 of each one's bytes.
    ranges: Vec<(u64, u32, u32)>,
    /// Buffers of pieces parsed, handed back to be filled again.
    spare: std::sync::mpsc::Receiver<Vec<u8>>,
}

/// Cuts the file's articles array into pieces and sends them on.
/// `objects`: the articles may be an object's `articles` array (else only
/// a top-level array is cut).
fn cut(
    mut file: std::fs::File,
    tx: &std::sync::mpsc::SyncSender<Work>,
    read: &AtomicU64,
    objects: bool,
    spare: std::sync::mpsc::Receiver<Vec<u8>>,
) {
    let size = piece_size(file.metadata().map_or(u64::MAX, |m| m.len()));
    let mut c = Cutter {
        piece_size: size,
        phase: Phase::Head,
        buf: Vec::with_capacity(size + (size >> 2)),
        buf_at: 0,
        at: 0,
        in_string: false,
        string_start: 0,
        depth: 0,
        body_depth: 0,
        object: None,
        objects,
        key_is_articles: false,
        articles_next: false,
        head: Vec::new(),
        tail: Vec::new(),
        pieces: 0,
        articles: 0,
        first: 0,
        expect_article: false,
        start: None,
        ranges: Vec::new(),
        spare,
    };
    // For the tests only: a slow disk, so that keys can be seen to work
    // while a file is still being read.
    let pause = std::env::var("LEKTYR_TEST_SLOW_READ_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map(std::time::Duration::from_millis);
    let give_up = |tx: &std::sync::mpsc::SyncSender<Work>| {
        let _ = tx.send(Work::GiveUp);
    };
    while c.phase != Phase::Tail {
        if let Some(pause) = pause {
            std::thread::sleep(pause);
        }
        // Up to the piece's size at once, then a little at a time until
        // an article ends there.
        let want = c.piece_size.saturating_sub(c.buf.len()).max(READ_MORE);
        let before = c.buf.len();
        if (&mut file)
            .take(want as u64)
            .read_to_end(&mut c.buf)
            .is_err()
        {
            return give_up(tx);
        }
        let n = c.buf.len() - before;
        if n == 0 {
            break;
        }
        read.fetch_add(n as u64, Ordering::Relaxed);
        if before == 0 && c.buf.starts_with(&[0xef, 0xbb, 0xbf]) {
            return give_up(tx);
        }
        if !c.follow(tx) {
            return give_up(tx);
        }
    }
    // What follows the articles is read by the careful parser at the end
    // (or must be space), so it is only kept.
    let before = c.tail.len();
    if c.phase != Phase::Tail || file.read_to_end(&mut c.tail).is_err() {
        return give_up(tx);
    }
    read.fetch_add((c.tail.len() - before) as u64, Ordering::Relaxed);
    if memchr::memmem::find(&c.tail, b"\"articles\"").is_some() {
        return give_up(tx);
    }
    let _ = tx.send(Work::End {
        pieces: c.pieces,
        object: c.object == Some(true),
        head: c.head,
        tail: c.tail,
    });
}

impl Cutter {
    /// Follows what was read into `buf` since the last call, sending the
    /// pieces filled; `false` to give up.
    fn follow(&mut self, tx: &std::sync::mpsc::SyncSender<Work>) -> bool {
        while self.phase != Phase::Tail {
            if self.in_string {
                // The closing quote is the first one after an even number
                // of backslashes (strings never span two pieces, nor the
                // head and a piece: a run of backslashes ends in `buf`).
                let Some(k) = self
                    .buf
                    .get(self.at..)
                    .and_then(|rest| memchr::memchr(b'"', rest))
                else {
                    self.at = self.buf.len();
                    return true;
                };
                let quote = self.at + k;
                self.at = quote + 1;
                let backslashes = self
                    .buf
                    .get(self.string_start..quote)
                    .map_or(0, |s| s.iter().rev().take_while(|&&b| b == b'\\').count());
                if backslashes % 2 == 1 {
                    continue;
                }
                self.in_string = false;
                if self.depth == 1 && self.object == Some(true) {
                    // A key with an escape is not `articles`.
                    self.key_is_articles =
                        self.buf.get(self.string_start + 1..quote) == Some(&b"articles"[..]);
                }
                continue;
            }
            let i = self.at;
            let Some(&byte) = self.buf.get(i) else {
                return true;
            };
            self.at += 1;
            if self.phase == Phase::Head
                && self.depth == 0
                && !matches!(byte, b' ' | b'\n' | b'\r' | b'\t' | b'{' | b'[')
            {
                // Something before the top-level value.
                return false;
            }
            if self.expect_article
                && self.depth == self.body_depth
                && !matches!(byte, b' ' | b'\n' | b'\r' | b'\t' | b',' | b']')
            {
                self.articles += 1;
                self.expect_article = false;
                self.start = Some(self.buf_at + i as u64);
            }
            match byte {
                b'"' => {
                    self.in_string = true;
                    self.string_start = i;
                    self.articles_next = false;
                }
                b':' if self.depth == 1 => {
                    self.articles_next = self.key_is_articles && self.phase == Phase::Head;
                    self.key_is_articles = false;
                }
                b'{' | b'[' => {
                    if self.object.is_none() {
                        if byte == b'{' && !self.objects {
                            return false;
                        }
                        self.object = Some(byte == b'{');
                    }
                    let opens_body = self.phase == Phase::Head
                        && byte == b'['
                        && ((self.depth == 0 && self.object == Some(false))
                            || (self.depth == 1 && self.articles_next));
                    self.depth += 1;
                    if self.depth >= TOO_DEEP {
                        return false;
                    }
                    self.articles_next = false;
                    if opens_body && !self.open_body(i, tx) {
                        return false;
                    }
                }
                b'}' | b']' => {
                    if self.phase == Phase::Body && self.depth == self.body_depth {
                        return self.close_body(i, byte, tx);
                    }
                    let Some(d) = self.depth.checked_sub(1) else {
                        return false;
                    };
                    self.depth = d;
                    self.articles_next = false;
                }
                b',' if self.phase == Phase::Body && self.depth == self.body_depth => {
                    self.expect_article = true;
                    if !self.end_article(i) {
                        return false;
                    }
                    // Between two articles: the piece ends here when big.
                    if i >= self.piece_size && !self.cut_at(i, tx) {
                        return false;
                    }
                }
                b' ' | b'\n' | b'\r' | b'\t' => {}
                _ => self.articles_next = false,
            }
        }
        true
    }

    /// The articles array opens at `buf[i]`: what came before is the
    /// head, and the first piece starts with that `[`.
    fn open_body(&mut self, i: usize, tx: &std::sync::mpsc::SyncSender<Work>) -> bool {
        self.head
            .extend_from_slice(self.buf.get(..=i).unwrap_or_default());
        self.buf.drain(..i);
        self.buf_at += i as u64;
        self.at = 1;
        self.phase = Phase::Body;
        self.body_depth = self.depth;
        self.expect_article = true;
        !(self.object == Some(true) && tx.send(Work::Head(self.head.clone())).is_err())
    }

    /// The articles array closes at `buf[i]` (with `byte`): the piece is
    /// sent and what follows is the tail.
    fn close_body(&mut self, i: usize, byte: u8, tx: &std::sync::mpsc::SyncSender<Work>) -> bool {
        // `}` for `]` would be read as the end of the array here. A comma
        // before it may have closed a piece, which left the next one
        // empty: `[]` would parse.
        if byte != b']' || (self.expect_article && self.articles > 0) || !self.end_article(i) {
            return false;
        }
        self.tail = self.buf.split_off(i + 1);
        self.buf.truncate(i);
        let piece = std::mem::take(&mut self.buf);
        self.phase = Phase::Tail;
        self.send_piece(piece, tx)
    }

    /// Cuts the piece at the comma at `buf[i]`: it is sent, and the next
    /// one starts with `[` in the comma's place and what was read after.
    fn cut_at(&mut self, i: usize, tx: &std::sync::mpsc::SyncSender<Work>) -> bool {
        let room = self.piece_size + (self.piece_size >> 2);
        let mut next = match self.spare.try_recv() {
            Ok(spare) => spare,
            Err(_) => Vec::with_capacity(room),
        };
        next.clear();
        next.push(b'[');
        next.extend_from_slice(self.buf.get(i + 1..).unwrap_or_default());
        let mut piece = std::mem::replace(&mut self.buf, next);
        piece.truncate(i);
        self.buf_at += i as u64;
        self.at = 1;
        self.send_piece(piece, tx)
    }

    /// The article begun ends before `buf[i]`; `false` for one too long
    /// to note.
    fn end_article(&mut self, i: usize) -> bool {
        let Some(start) = self.start.take() else {
            return true;
        };
        let Ok(len) = u32::try_from(self.buf_at + i as u64 - start) else {
            return false;
        };
        // The article's bytes are all in the buffer: a piece is cut only
        // between articles. Their checksum tells a detail read again later
        // from bytes changed since.
        let from = start
            .checked_sub(self.buf_at)
            .and_then(|k| usize::try_from(k).ok())
            .unwrap_or(usize::MAX);
        let Some(bytes) = self.buf.get(from..i) else {
            return false;
        };
        self.ranges.push((start, len, crc32fast::hash(bytes)));
        true
    }

    /// Closes `piece` (`[` and whole articles) and sends it.
    fn send_piece(&mut self, mut piece: Vec<u8>, tx: &std::sync::mpsc::SyncSender<Work>) -> bool {
        piece.push(b']');
        let work = Work::Articles {
            seq: self.pieces,
            first: self.first,
            object: self.object == Some(true),
            bytes: piece,
            ranges: std::mem::take(&mut self.ranges),
        };
        self.pieces += 1;
        self.first = self.articles;
        tx.send(work).is_ok()
    }
}

/// Room for all the articles of a file of `len` bytes, guessed from its
/// first piece: `count` articles in `span` bytes. Growing the list by
/// doubling would copy it, and the old copy and the new one would be held
/// at once; room never filled is never touched, so costs no memory.
fn reserve_for_file(b: &mut Builder, count: usize, span: u64, len: u64) {
    if span == 0 {
        return;
    }
    let guess = u64::try_from(count).unwrap_or(u64::MAX).saturating_mul(len) / span;
    // A tenth more, for articles shorter than the first ones.
    let guess = guess.saturating_add(guess / 10);
    b.reserve(usize::try_from(guess).unwrap_or(0).min(MAX_GUESS));
}

/// The most articles room is made for at once (a first piece of tiny
/// articles in a file of huge ones guesses high).
const MAX_GUESS: usize = 4_000_000;

/// Where an article is in the file, and whether its body has a pull quote
/// (for the list's mark, without reading it again).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    pub at: u64,
    pub len: u32,
    pub crc: u32,
    /// `None`: not known without making the body's blocks (an HTML body,
    /// converted only when shown).
    pub pullquote: Option<bool>,
}

/// Related entries as settled when the whole archive was read, by an
/// article's index in the file's array: held as they are settled, or read
/// from where a cache keeps them.
pub(crate) trait Settled: std::fmt::Debug + Send + Sync {
    fn get(&self, src: usize) -> Option<Vec<Related>>;
    /// Notes article `src`'s entries (while the file is read).
    fn set(&self, src: usize, related: Vec<Related>);
}

/// Settled entries held in memory.
#[derive(Debug, Default)]
struct InMemory(std::sync::Mutex<std::collections::HashMap<usize, Vec<Related>>>);

impl Settled for InMemory {
    fn get(&self, src: usize) -> Option<Vec<Related>> {
        self.0.lock().ok()?.get(&src).cloned()
    }

    fn set(&self, src: usize, related: Vec<Related>) {
        if let Ok(mut all) = self.0.lock() {
            all.insert(src, related);
        }
    }
}

/// The details of an archive read in pieces, read again from its file.
#[derive(Debug)]
pub(crate) struct FileDetails {
    file: std::fs::File,
    name: String,
    /// The format's reader of a piece: a detail is read with its article.
    piece: ReadPiece,
    /// The file as it was read: a detail is read again only from that.
    size: u64,
    modified: Option<std::time::SystemTime>,
    /// Each article of the file's array, by its index there, as the pieces
    /// are taken in.
    places: std::sync::RwLock<Vec<Place>>,
    /// Related entries settled once every article was in (an entry read
    /// again is as written, without its target).
    related: Box<dyn Settled>,
    /// Set once a detail's bytes were found changed.
    changed: std::sync::atomic::AtomicBool,
}

impl FileDetails {
    fn open(path: &Path, piece: ReadPiece) -> Option<FileDetails> {
        let file = std::fs::File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        Some(FileDetails {
            name: path.display().to_string(),
            piece,
            size: meta.len(),
            modified: meta.modified().ok(),
            file,
            places: std::sync::RwLock::default(),
            related: Box::<InMemory>::default(),
            changed: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// The details of the file at `path`, whose articles (by their index in
    /// its array) are where `places` says, as the cache kept them; `None`
    /// when the file cannot be opened or is no longer `size` bytes.
    pub(crate) fn reopen(
        path: &Path,
        piece: ReadPiece,
        size: u64,
        places: Vec<Place>,
        related: Box<dyn Settled>,
    ) -> Option<FileDetails> {
        let details = FileDetails::open(path, piece)?;
        if details.size != size {
            return None;
        }
        if let Ok(mut all) = details.places.write() {
            *all = places;
        }
        Some(FileDetails { related, ..details })
    }

    /// The next piece's articles, in order.
    fn extend(&self, places: Vec<Place>) {
        if let Ok(mut all) = self.places.write() {
            all.extend(places);
        }
    }

    fn settle(&self, index: usize, related: Vec<Related>) {
        self.related.set(index, related);
    }

    fn place(&self, index: usize) -> Option<Place> {
        self.places.read().ok()?.get(index).copied()
    }

    /// Article `index`'s detail, or why it could not be read.
    fn read_again(&self, index: usize) -> Result<Detail, String> {
        let changed = || {
            format!(
                "This article's text could not be read again: {} has changed since \
                 lektyr opened it. Open it again to read the new text.",
                self.name
            )
        };
        let place = self.place(index).ok_or_else(changed)?;
        let meta = self.file.metadata().map_err(|_| changed())?;
        if meta.len() != self.size || meta.modified().ok() != self.modified {
            return Err(changed());
        }
        let text = super::bytes::read_at(&self.file, place.at, u64::from(place.len))
            .map_err(|_| changed())?;
        // Bytes changed in place (the same size, the time put back) are
        // told by their checksum.
        if crc32fast::hash(&text) != place.crc {
            self.changed.store(true, Ordering::Relaxed);
            return Err(changed());
        }
        let mut bytes = Vec::with_capacity(text.len() + 2);
        bytes.push(b'[');
        bytes.extend_from_slice(&text);
        bytes.push(b']');
        let mut b = Builder::default();
        let text = std::str::from_utf8(&bytes).map_err(|_| changed())?;
        let mut de = serde_json::Deserializer::from_str(text);
        if !matches!((self.piece)(&mut b, &mut de, index), Ok(true)) {
            return Err(changed());
        }
        let [article] = b.articles_mut() else {
            return Err(changed());
        };
        let mut detail = article.take_detail();
        if let Some(related) = self.related.get(index) {
            detail.related = related;
        }
        Ok(detail)
    }
}

impl DetailSource for FileDetails {
    fn read(&self, index: usize) -> Detail {
        self.read_again(index).unwrap_or_else(|why| Detail {
            body: Body::from(vec![Block::Paragraph(Rich::plain(why))]),
            ..Detail::default()
        })
    }

    fn has_pullquote(&self, index: usize) -> Option<bool> {
        self.place(index).and_then(|p| p.pullquote)
    }

    fn pointer(&self, index: usize) -> Option<Pointer> {
        let place = self.place(index)?;
        let related = self.related.get(index);
        Some(Pointer {
            src: index,
            at: place.at,
            len: place.len,
            crc: place.crc,
            related,
        })
    }

    fn changed(&self) -> bool {
        self.changed.load(Ordering::Relaxed)
    }
}
