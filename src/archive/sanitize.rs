//! The sanitizer: every string read from an archive passes through here once,
//! so nothing drawn later can move the cursor, retitle the terminal, reorder
//! text with bidi controls or hide characters. Also the small text shapers
//! the loader applies on top (one-line titles, prose tabs, code tabs).

use std::borrow::Cow;

use crate::width::display_width;

const ESC: char = '\u{1b}';
const ZWJ: char = '\u{200d}';

/// Removes terminal escape sequences, control characters, bidi controls and
/// invisible formatting characters from `s`. Visible text is kept, in order.
/// Borrows when nothing needs changing, which is the common case.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if is_clean(s) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(clean(s))
    }
}

/// Bytes tested per step of [`each_marked`].
const LANES: usize = 32;

/// Calls `visit` with the index of every byte of `bytes` that `mark` picks,
/// in order, until `visit` returns false (then returns false). Each step of
/// 32 bytes is marked branch-free into a bit mask, which the compiler turns
/// into vector code, so text with few marked bytes is passed over quickly.
#[inline]
pub(crate) fn each_marked(
    bytes: &[u8],
    mark: impl Fn(u8) -> bool,
    mut visit: impl FnMut(usize) -> bool,
) -> bool {
    let mut i = 0;
    while let Some(step) = bytes
        .get(i..i + LANES)
        .and_then(|w| <&[u8; LANES]>::try_from(w).ok())
    {
        let mut mask = 0u32;
        for (k, &x) in step.iter().enumerate() {
            mask |= u32::from(mark(x)) << k;
        }
        while mask != 0 {
            if !visit(i + mask.trailing_zeros() as usize) {
                return false;
            }
            mask &= mask - 1;
        }
        i += LANES;
    }
    for (k, &x) in bytes.get(i..).unwrap_or_default().iter().enumerate() {
        if mark(x) && !visit(i + k) {
            return false;
        }
    }
    true
}

/// The fast check. Steps of 32 bytes go through branch-free tests the
/// compiler vectorizes: first for controls and for lead bytes of characters
/// that might be removed, then, only where there is such a lead byte, a
/// test on the bytes after it. Only a step that may still hold something
/// to remove is looked at byte by byte.
fn is_clean(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(window) = bytes
        .get(i..i + LANES + 2)
        .and_then(|w| <&[u8; LANES + 2]>::try_from(w).ok())
    {
        let (control, lead) = scan_step(window);
        if (control || (lead && may_go(window)))
            && !(i..i + LANES)
                .all(|k| !is_suspect(bytes.get(k).copied().unwrap_or(0)) || byte_is_clean(s, k))
        {
            return false;
        }
        i += LANES;
    }
    each_marked(bytes.get(i..).unwrap_or_default(), is_suspect, |k| {
        byte_is_clean(s, i + k)
    })
}

fn is_control(x: u8) -> bool {
    (x < 0x20) & (x != b'\t') & (x != b'\n') | (x == 0x7f)
}

/// A lead byte of a character that might be removed.
fn is_lead(x: u8) -> bool {
    (x == 0xc2) | (x == 0xd8) | (x == 0xe2) | (x == 0xef)
}

/// A control other than tab and newline, DEL, or a lead byte of a
/// character that might be removed.
#[inline]
fn is_suspect(x: u8) -> bool {
    is_control(x) | is_lead(x)
}

/// Whether the first 32 bytes of `w` hold a control (other than tab and
/// newline) or DEL, and whether they hold a lead byte of interest.
#[inline]
fn scan_step(w: &[u8; LANES + 2]) -> (bool, bool) {
    let (mut control, mut lead) = (0u8, 0u8);
    for &x in w.iter().take(LANES) {
        control |= u8::from(is_control(x));
        lead |= u8::from(is_lead(x));
    }
    (control != 0, lead != 0)
}

/// Whether some lead byte among the first 32 of `w`, with the two bytes
/// after it, may start a C1 control (U+0080–U+009F), the soft hyphen,
/// U+061C, U+200B–U+200F, U+2028–U+202E, U+2060–U+206E or U+FEFF (a few
/// neighbours such as `…` and `•` are let through to the exact look).
#[inline]
fn may_go(w: &[u8; LANES + 2]) -> bool {
    let mut hit = 0u8;
    for k in 0..LANES {
        let (x, y, z) = (w[k], w[k + 1], w[k + 2]);
        let latin = (x == 0xc2) & ((y < 0xa0) | (y == 0xad));
        let arabic = (x == 0xd8) & (y == 0x9c);
        let bom = (x == 0xef) & (y == 0xbb);
        let punct = (x == 0xe2)
            & ((y & 0xfe) == 0x80)
            & ((z.wrapping_sub(0x8b) <= 4) | (z.wrapping_sub(0xa0) <= 14));
        hit |= u8::from(latin | arabic | bom | punct);
    }
    hit != 0
}

/// Whether the byte at `i` (a control, DEL or lead byte) leaves `s`
/// unchanged. Lead bytes are settled by the bytes after them where that is
/// enough, and decoded only for the characters that may go.
fn byte_is_clean(s: &str, i: usize) -> bool {
    let bytes = s.as_bytes();
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    let (x, y, z) = (at(0), at(1), at(2));
    let may_go = match x {
        b'\n' | b'\t' => return true,
        0x00..=0x1f | 0x7f => return false,
        // U+0080–U+009F (C1) and U+00AD (soft hyphen).
        0xc2 => y < 0xa0 || y == 0xad,
        // U+061C.
        0xd8 => y == 0x9c,
        // U+200B–U+200F, U+2028–U+202E; U+2060, U+2066–U+2069.
        0xe2 => match y {
            0x80 => (0x8b..=0x8f).contains(&z) || (0xa8..=0xae).contains(&z),
            0x81 => z == 0xa0 || (0xa6..=0xa9).contains(&z),
            _ => false,
        },
        // U+FEFF.
        0xef => y == 0xbb && z == 0xbf,
        _ => false,
    };
    if !may_go {
        return true;
    }
    match s.get(i..).and_then(|t| t.chars().next()) {
        Some(ZWJ) => zwj_joins(s, i),
        Some(c) => !(is_removed_format(c) || is_c1(c) || is_line_separator(c)),
        None => true,
    }
}

/// The slow path: strip sequences and controls, then decide each ZWJ by the
/// text that is left, so a second run changes nothing.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ESC => skip_after_esc(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            // OSC, DCS, SOS, PM, APC: a string body up to the terminator.
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            c if is_line_separator(c) => out.push('\n'),
            c if c.is_control() || is_removed_format(c) => {}
            c => out.push(c),
        }
    }
    if out.contains(ZWJ) {
        let keep: Vec<bool> = out
            .char_indices()
            .filter(|&(_, c)| c == ZWJ)
            .map(|(i, _)| zwj_joins(&out, i))
            .collect();
        let mut verdicts = keep.into_iter();
        out.retain(|c| c != ZWJ || verdicts.next().unwrap_or(false));
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After a 7-bit ESC: CSI, a string sequence, or an ECMA-48 escape
/// sequence (intermediates 0x20–0x2F, then one final byte 0x30–0x7E).
fn skip_after_esc(chars: &mut Chars<'_>) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        Some('\u{20}'..='\u{2f}') => {
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(c));
        }
        Some('\u{30}'..='\u{7e}') => {
            chars.next();
        }
        // A lone ESC: dropped, the next character is read as usual.
        _ => {}
    }
}

/// A CSI body: parameter and intermediate bytes, then one final byte. A
/// character that fits none of these ends the sequence and is kept.
fn skip_csi(chars: &mut Chars<'_>) {
    while chars
        .next_if(|c| ('\u{20}'..='\u{3f}').contains(c))
        .is_some()
    {}
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// An OSC/DCS/SOS/PM/APC body, up to BEL or ST (`ESC \` or U+009C). An ESC
/// not followed by `\`, CAN, SUB or another C1 control aborts the string as
/// a terminal would; without a terminator it runs to the end.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{7}' | '\u{9c}' | '\u{18}' | '\u{1a}' => {
                chars.next();
                return;
            }
            ESC => {
                let mut ahead = chars.clone();
                ahead.next();
                if ahead.peek() == Some(&'\\') {
                    chars.next();
                    chars.next();
                }
                return;
            }
            c if is_c1(c) => return,
            _ => {
                chars.next();
            }
        }
    }
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Bidi controls, zero-width characters and the soft hyphen. ZWJ is decided
/// separately.
fn is_removed_format(c: char) -> bool {
    matches!(
        c,
        '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{061c}'
            | '\u{200b}'
            | '\u{2060}'
            | '\u{feff}'
            | '\u{ad}'
    )
}

/// Whether the ZWJ at byte `at` of `s` sits between two pictographs (the
/// one before may carry a variation selector, skin tone or tag characters).
fn zwj_joins(s: &str, at: usize) -> bool {
    let before = s
        .get(..at)
        .and_then(|head| head.chars().rev().find(|&c| !is_emoji_modifier(c)));
    let after = s
        .get(at + ZWJ.len_utf8()..)
        .and_then(|tail| tail.chars().next());
    matches!((before, after), (Some(b), Some(a)) if is_pictographic(b) && is_pictographic(a))
}

/// Characters that extend an emoji without ending it.
fn is_emoji_modifier(c: char) -> bool {
    matches!(
        c,
        '\u{fe0e}' | '\u{fe0f}' | '\u{20e3}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{e0020}'..='\u{e007f}'
    )
}

/// Extended_Pictographic, as ranges (Unicode emoji data, condensed).
const PICTOGRAPHIC: &[(u32, u32)] = &[
    (0x00a9, 0x00a9),
    (0x00ae, 0x00ae),
    (0x203c, 0x203c),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x2199),
    (0x21a9, 0x21aa),
    (0x231a, 0x231b),
    (0x2328, 0x2328),
    (0x2388, 0x2388),
    (0x23cf, 0x23cf),
    (0x23e9, 0x23f3),
    (0x23f8, 0x23fa),
    (0x24c2, 0x24c2),
    (0x25aa, 0x25ab),
    (0x25b6, 0x25b6),
    (0x25c0, 0x25c0),
    (0x25fb, 0x25fe),
    (0x2600, 0x2605),
    (0x2607, 0x2612),
    (0x2614, 0x2685),
    (0x2690, 0x2705),
    (0x2708, 0x2712),
    (0x2714, 0x2714),
    (0x2716, 0x2716),
    (0x271d, 0x271d),
    (0x2721, 0x2721),
    (0x2728, 0x2728),
    (0x2733, 0x2734),
    (0x2744, 0x2744),
    (0x2747, 0x2747),
    (0x274c, 0x274c),
    (0x274e, 0x274e),
    (0x2753, 0x2755),
    (0x2757, 0x2757),
    (0x2763, 0x2767),
    (0x2795, 0x2797),
    (0x27a1, 0x27a1),
    (0x27b0, 0x27b0),
    (0x27bf, 0x27bf),
    (0x2934, 0x2935),
    (0x2b05, 0x2b07),
    (0x2b1b, 0x2b1c),
    (0x2b50, 0x2b50),
    (0x2b55, 0x2b55),
    (0x3030, 0x3030),
    (0x303d, 0x303d),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0x1f000, 0x1f0ff),
    (0x1f10d, 0x1f10f),
    (0x1f12f, 0x1f12f),
    (0x1f16c, 0x1f171),
    (0x1f17e, 0x1f17f),
    (0x1f18e, 0x1f18e),
    (0x1f191, 0x1f19a),
    (0x1f1ad, 0x1f1e5),
    (0x1f201, 0x1f20f),
    (0x1f21a, 0x1f21a),
    (0x1f22f, 0x1f22f),
    (0x1f232, 0x1f23a),
    (0x1f23c, 0x1f23f),
    (0x1f249, 0x1f3fa),
    (0x1f400, 0x1f53d),
    (0x1f546, 0x1f64f),
    (0x1f680, 0x1f6ff),
    (0x1f774, 0x1f77f),
    (0x1f7d5, 0x1f7ff),
    (0x1f80c, 0x1f80f),
    (0x1f848, 0x1f84f),
    (0x1f85a, 0x1f85f),
    (0x1f888, 0x1f88f),
    (0x1f8ae, 0x1f8ff),
    (0x1f90c, 0x1f93a),
    (0x1f93c, 0x1f945),
    (0x1f947, 0x1faff),
    (0x1fc00, 0x1fffd),
];

fn is_pictographic(c: char) -> bool {
    let c = u32::from(c);
    if c < 0xa9 {
        return false;
    }
    PICTOGRAPHIC
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// One line: every whitespace run (newlines included) becomes one space,
/// and the ends are trimmed. For titles, names, topics, captions.
pub(crate) fn one_line(s: String) -> String {
    match one_line_ref(&s) {
        Cow::Borrowed(b) if b.len() == s.len() => s,
        other => other.into_owned(),
    }
}

/// [`one_line`] for borrowed text; borrows when the text already is one.
pub(crate) fn one_line_ref(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b' ') {
        return Cow::Owned(join_words(s));
    }
    // Only ASCII whitespace and the lead bytes of the non-ASCII whitespace
    // characters (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) are looked at.
    let single = each_marked(
        bytes,
        |x| (x <= b' ') | (x == 0xc2) | (x == 0xe1) | (x == 0xe2) | (x == 0xe3),
        |i| match bytes.get(i) {
            Some(b' ') => bytes
                .get(i + 1)
                .is_some_and(|&n| n != b' ' && !(n as char).is_ascii_whitespace()),
            Some(b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) => false,
            Some(0x80..) => !s
                .get(i..)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_whitespace),
            _ => true,
        },
    );
    if single {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(join_words(s))
    }
}

fn join_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `s` holds the ASCII byte `b`. Without an early exit per byte,
/// so the compiler can vectorize it: prose is long and rarely has tabs.
pub(crate) fn has_byte(s: &str, b: u8) -> bool {
    s.as_bytes()
        .chunks(LANES)
        .any(|chunk| chunk.iter().fold(false, |hit, &x| hit | (x == b)))
}

/// Prose: a tab is just a space.
pub(crate) fn prose(s: String) -> String {
    if has_byte(&s, b'\t') {
        s.replace('\t', " ")
    } else {
        s
    }
}

/// Code: tabs expanded to the next multiple of 8 columns, columns counted in
/// display cells from the start of each line.
pub(crate) fn expand_tabs(s: String) -> String {
    if !has_byte(&s, b'\t') {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (n, line) in s.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut col = 0;
        for (k, piece) in line.split('\t').enumerate() {
            if k > 0 {
                let pad = 8 - col % 8;
                out.extend(std::iter::repeat_n(' ', pad));
                col += pad;
            }
            out.push_str(piece);
            col += display_width(piece);
        }
    }
    out
}

/// `text` with whitespace runs folded to one space and trimmed.
pub fn fold_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(x: &str) -> String {
        sanitize(x).into_owned()
    }

    #[test]
    fn clean_text_is_borrowed() {
        for t in [
            "plain",
            "åäö “quotes” — dash…",
            "👩\u{200d}💻 at work",
            "a\tb\nc",
            "",
        ] {
            assert!(matches!(sanitize(t), Cow::Borrowed(_)), "{t:?}");
        }
    }

    #[test]
    fn fast_check_sees_every_position() {
        for len in 0..24 {
            for at in 0..len {
                for bad in ["\x01", "\x7f", "\u{85}", "\u{202e}", "\u{feff}", "\u{200d}"] {
                    let mut t = "a".repeat(at);
                    t.push_str(bad);
                    t.push_str(&"b".repeat(len - at));
                    assert!(matches!(sanitize(&t), Cow::Owned(_)), "{t:?}");
                    assert_eq!(sanitize(&t), "a".repeat(at) + &"b".repeat(len - at));
                }
            }
        }
    }

    #[test]
    fn escape_sequences_go_whole() {
        assert_eq!(s("\x1b[31mred\x1b[0m"), "red");
        assert_eq!(s("a\x1b[38;2;255;0;0mb"), "ab");
        assert_eq!(s("x\x1b]0;evil title\x07y"), "xy");
        assert_eq!(s("x\x1b]0;evil title\x1b\\y"), "xy");
        assert_eq!(s("x\x1b]0;unterminated"), "x");
        assert_eq!(s("\x1b]8;;http://e.x\x1b\\link\x1b]8;;\x1b\\"), "link");
        assert_eq!(s("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(s("a\x1b_apc\x1b\\b\x1b^pm\x07c\x1bXsos\x1b\\d"), "abcd");
        assert_eq!(s("a\x1b7b\x1b8c\x1bcd"), "abcd");
        assert_eq!(s("a\x1b(Bb"), "ab");
        assert_eq!(s("a\u{9b}2Jb"), "ab");
        assert_eq!(s("a\u{9d}0;t\u{9c}b"), "ab");
        assert_eq!(s("a\u{90}dcs\u{9c}b\u{85}c"), "abc");
        // An ESC inside an OSC starts a new sequence, as in a terminal.
        assert_eq!(s("\x1b]0;t\x1b[1mbold"), "bold");
        assert_eq!(s("trailing\x1b"), "trailing");
    }

    #[test]
    fn controls_and_carriage_returns() {
        assert_eq!(s("safe\rEVIL"), "safe\nEVIL");
        assert_eq!(s("a\r\nb\r\r\nc"), "a\nb\n\nc");
        assert_eq!(s("a\x00b\x08c\x7fd\te\nf"), "abcd\te\nf");
        assert_eq!(s("p\u{2028}q"), "p\nq");
    }

    #[test]
    fn bidi_and_invisibles() {
        assert_eq!(s("\u{202e}txt.exe\u{202c}"), "txt.exe");
        assert_eq!(s("a\u{2066}b\u{2069}\u{200e}\u{200f}\u{61c}c"), "abc");
        assert_eq!(s("\u{feff}zero\u{200b}width\u{2060}"), "zerowidth");
        assert_eq!(s("hy\u{ad}phen"), "hyphen");
    }

    #[test]
    fn zwj_only_between_pictographs() {
        assert_eq!(s("👩\u{200d}💻"), "👩\u{200d}💻");
        assert_eq!(s("❤\u{fe0f}\u{200d}🔥"), "❤\u{fe0f}\u{200d}🔥");
        assert_eq!(s("👩🏽\u{200d}💻"), "👩🏽\u{200d}💻");
        assert_eq!(s("a\u{200d}b"), "ab");
        assert_eq!(s("👩\u{200d}"), "👩");
        assert_eq!(s("👩\u{200d}\u{200d}💻"), "👩💻");
        // Decided on the text that remains once sequences are gone.
        assert_eq!(s("👩\x1b[0m\u{200d}💻"), "👩\u{200d}💻");
    }

    #[test]
    fn shapers() {
        assert_eq!(one_line("  a \n\t b  ".into()), "a b");
        assert_eq!(one_line("a b".into()), "a b");
        assert_eq!(one_line("a ".into()), "a");
        assert_eq!(one_line(" ".into()), "");
        assert_eq!(one_line("".into()), "");
        assert_eq!(one_line("a\u{a0}\u{a0}b".into()), "a b");
        assert!(matches!(one_line_ref("one line"), Cow::Borrowed(_)));
        assert_eq!(prose("a\tb".into()), "a b");
        assert_eq!(expand_tabs("a\tb\n\tc".into()), "a       b\n        c");
        assert_eq!(expand_tabs("日本\tx".into()), "日本    x");
    }

    fn visible() -> impl Strategy<Value = String> {
        // Printable text: no controls, no format characters the sanitizer drops.
        "[a-zA-Z0-9 .,;:!?'\"\\[\\]_^\\\\åäöéü日本語€—…αβ👩💻]{0,12}"
    }

    fn sequence() -> impl Strategy<Value = String> {
        prop_oneof![
            "[0-9;?]{0,6}[@-~]".prop_map(|b| format!("\x1b[{b}")),
            "[ -~&&[^\x1b]]{0,10}".prop_map(|b| format!("\x1b]{b}\x07")),
            "[ -~&&[^\x1b]]{0,10}".prop_map(|b| format!("\x1b]{b}\x1b\\")),
            "[ -~&&[^\x1b]]{0,10}".prop_map(|b| format!("\x1bP{b}\x1b\\")),
            "[ -~&&[^\x1b]]{0,10}".prop_map(|b| format!("\x1b_{b}\u{9c}")),
            "[0-9a-zA-OQ-WYZ=>]".prop_map(|b| format!("\x1b{b}")),
            "[0-9;]{0,6}[@-~]".prop_map(|b| format!("\u{9b}{b}")),
            Just("\u{202e}".to_string()),
            Just("\u{200b}\u{feff}\u{ad}".to_string()),
            Just("\x00\x07\x08\x7f".to_string()),
            Just("\u{85}".to_string()),
        ]
    }

    fn is_bidi(c: char) -> bool {
        matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
    }

    proptest! {
        #[test]
        fn one_line_matches_the_plain_definition(s in "[a b\t\n\u{a0}\u{2003}\u{3000}é日\u{85}\u{2028}]{0,12}") {
            let plain = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let got = one_line_ref(&s).into_owned();
            prop_assert_eq!(got.as_str(), plain.as_str());
            prop_assert_eq!(one_line(s.clone()), plain);
        }

        #[test]
        fn arbitrary_strings_come_out_safe(input in any::<String>()) {
            let out = sanitize(&input);
            for c in out.chars() {
                prop_assert!(!c.is_control() || c == '\n' || c == '\t', "control {:?}", c);
                prop_assert!(!is_bidi(c), "bidi {:?}", c);
            }
            let again = sanitize(&out).into_owned();
            prop_assert_eq!(again.as_str(), out.as_ref());
        }

        #[test]
        fn adversarial_payloads_keep_visible_text(
            parts in proptest::collection::vec((visible(), sequence()), 0..8),
            tail in visible(),
        ) {
            let mut input = String::new();
            let mut expected = String::new();
            for (text, seq) in &parts {
                input.push_str(text);
                input.push_str(seq);
                expected.push_str(text);
            }
            input.push_str(&tail);
            expected.push_str(&tail);
            let out = sanitize(&input);
            prop_assert_eq!(out.as_ref(), expected.as_str());
            let again = sanitize(&out).into_owned();
            prop_assert_eq!(again.as_str(), out.as_ref());
        }

        #[test]
        fn mixed_control_soup_is_idempotent(
            input in "[a-z\x1b\\[\\]\x07\\\\P_^X0-9;\r\n\t\u{9b}\u{9c}\u{9d}\u{200d}👩💻\u{fe0f}\u{202e}]{0,40}"
        ) {
            let out = sanitize(&input);
            let again = sanitize(&out).into_owned();
            prop_assert_eq!(again.as_str(), out.as_ref());
            prop_assert!(!out.chars().any(|c| is_c1(c) || c == ESC || c == '\r'));
        }
    }
}
