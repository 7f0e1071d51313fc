//! The lenient JSON reading kit every format's reader uses. Two styles:
//! hand-written seeds and visitors ([`Shape`], [`Leaf`], [`Key`]) for the
//! native format, which reads straight into the model; and [`Loose`], a
//! field type for serde's derive, for the import formats. Either way a
//! value of the wrong type becomes something to report, never a failure:
//! only malformed JSON stops a load.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::sanitize::{one_line, prose, sanitize};
use crate::width::truncate;

// ---------------------------------------------------------------------------
// Leaf values and wrong-type descriptions

/// A JSON value reduced to what a message needs. Strings are sanitized;
/// arrays and objects are skipped over and only named.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Array,
    Object,
}

impl Json {
    /// "the number 42", "an object", `the text "yes"`: quoted, sanitized, short.
    pub(crate) fn describe(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => format!("`{b}`"),
            Json::Int(n) => format!("the number {n}"),
            Json::Float(f) => format!("the number {f}"),
            Json::Str(s) if s.trim().is_empty() => "blank text".into(),
            Json::Str(s) => format!("the text \"{}\"", quote(s)),
            Json::Array => "an array".into(),
            Json::Object => "an object".into(),
        }
    }

    /// A whole number, also when written as `3.0`.
    pub(crate) fn as_int(&self) -> Option<i128> {
        match *self {
            Json::Int(n) => Some(n),
            Json::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 => {
                Some(f as i128)
            }
            _ => None,
        }
    }
}

/// A value quoted in a message: one line, at most 40 cells.
pub(crate) fn quote(s: &str) -> String {
    truncate(&one_line(s.to_string()), 40)
}

pub(crate) fn owned_clean(s: &str) -> String {
    sanitize(s).into_owned()
}

pub(crate) fn clean_string(s: String) -> String {
    match sanitize(&s) {
        std::borrow::Cow::Owned(o) => o,
        std::borrow::Cow::Borrowed(_) => s,
    }
}

/// Prose as stored: tabs as spaces, no blank edges (indentation means
/// nothing in wrapped text).
pub(crate) fn prose_text(s: String) -> String {
    let s = prose(s);
    let t = s.trim();
    if t.len() == s.len() { s } else { t.to_string() }
}

/// Skips a value. Unlike serde's `IgnoredAny` it descends through
/// `deserialize_any`, so serde_json's nesting limit holds everywhere and an
/// absurdly deep file is reported as such.
pub(crate) struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        skip_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        skip_map(map)
    }
}

pub(crate) fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element_seed(Skip)?.is_some() {}
    Ok(())
}

pub(crate) fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_key_seed(Skip)?.is_some() {
        map.next_value_seed(Skip)?;
    }
    Ok(())
}

/// The visits of a lenient visitor for every value that is not a string:
/// each becomes a [`Json`] handed to `Self::other`.
macro_rules! visit_scalars {
    ($value:ty) => {
        fn visit_bool<E>(self, v: bool) -> Result<$value, E> {
            Ok(self.other(Json::Bool(v)))
        }
        fn visit_i64<E>(self, v: i64) -> Result<$value, E> {
            Ok(self.other(Json::Int(v.into())))
        }
        fn visit_u64<E>(self, v: u64) -> Result<$value, E> {
            Ok(self.other(Json::Int(v.into())))
        }
        fn visit_f64<E>(self, v: f64) -> Result<$value, E> {
            Ok(self.other(Json::Float(v)))
        }
        fn visit_unit<E>(self) -> Result<$value, E> {
            Ok(self.other(Json::Null))
        }
        fn visit_none<E>(self) -> Result<$value, E> {
            Ok(self.other(Json::Null))
        }
    };
}

/// Arrays and objects skipped (within the nesting limit) and handed to
/// `Self::other` as [`Json::Array`] / [`Json::Object`].
macro_rules! visit_containers {
    ($value:ty) => {
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<$value, A::Error> {
            skip_seq(seq)?;
            Ok(self.other(Json::Array))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<$value, A::Error> {
            skip_map(map)?;
            Ok(self.other(Json::Object))
        }
    };
}

/// Reads any value as a [`Json`].
pub(crate) struct Leaf;

impl Leaf {
    fn other(self, v: Json) -> Json {
        v
    }
}

impl<'de> DeserializeSeed<'de> for Leaf {
    type Value = Json;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Leaf {
    type Value = Json;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Str(owned_clean(v)))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::Str(clean_string(v)))
    }
    visit_scalars!(Json);
    visit_containers!(Json);
}

// ---------------------------------------------------------------------------
// Containers: a shape says what it accepts; anything else comes back as Json

/// A value the reader wants in one or two JSON forms. Each method gets the
/// form it accepts; the defaults turn everything else into `Err(Json)`.
pub(crate) trait Shape<'de>: Sized {
    type Out;
    fn text(self, s: String) -> Result<Self::Out, Json> {
        Err(Json::Str(s))
    }
    /// Text before sanitizing; by default sanitized and handed to `text`.
    /// A shape that may hold markup takes it raw, so that entities are
    /// decoded before the one sanitizing pass.
    fn raw_text(self, s: String) -> Result<Self::Out, Json> {
        self.text(clean_string(s))
    }
    fn seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Result<Self::Out, Json>, A::Error> {
        skip_seq(seq)?;
        Ok(Err(Json::Array))
    }
    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Result<Self::Out, Json>, A::Error> {
        skip_map(map)?;
        Ok(Err(Json::Object))
    }
}

pub(crate) struct Shaped<S>(pub S);

impl<'de, S: Shape<'de>> DeserializeSeed<'de> for Shaped<S> {
    type Value = Result<S::Out, Json>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<S> Shaped<S> {
    fn other<T>(self, v: Json) -> Result<T, Json> {
        Err(v)
    }
}

impl<'de, S: Shape<'de>> Visitor<'de> for Shaped<S> {
    type Value = Result<S::Out, Json>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.raw_text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(self.0.raw_text(v))
    }
    visit_scalars!(Self::Value);
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.map(map)
    }
}

/// Reads an object key and maps it to a field tag without allocating.
pub(crate) struct Key<F>(pub fn(&str) -> F);

impl<'de, F> DeserializeSeed<'de> for Key<F> {
    type Value = F;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<F, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de, F> Visitor<'de> for Key<F> {
    type Value = F;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, v: &str) -> Result<F, E> {
        Ok((self.0)(v))
    }
}

pub(crate) use {visit_containers, visit_scalars};

// ---------------------------------------------------------------------------
// Loose fields for serde's derive

/// A field of an import format, read leniently: what the reader wanted,
/// what was there instead, or nothing (absent or `null`). Text is kept raw,
/// not sanitized: each reader decides how a string is cleaned (plain text,
/// entity-decoded, HTML), so every string passes the sanitizer once.
#[derive(Debug, Default)]
pub(crate) enum Loose<T> {
    #[default]
    Missing,
    Got(T),
    Wrong(Json),
}

impl<T> Loose<T> {
    /// The value, if it was of the wanted type.
    pub fn ok(self) -> Option<T> {
        match self {
            Loose::Got(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Loose::Got(t) => Some(t),
            _ => None,
        }
    }
}

/// What a [`Loose`] field accepts. Each method gets one JSON form; the
/// defaults refuse it (the field then holds [`Loose::Wrong`]).
pub(crate) trait Accept: Sized {
    /// Text, raw; refused text is handed back.
    fn text(s: String) -> Result<Self, String> {
        Err(s)
    }
    fn int(_: i128) -> Option<Self> {
        None
    }
    fn float(_: f64) -> Option<Self> {
        None
    }
    fn flag(_: bool) -> Option<Self> {
        None
    }
    fn map<'de, A: MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
        skip_map(map)?;
        Ok(None)
    }
    fn seq<'de, A: SeqAccess<'de>>(seq: A) -> Result<Option<Self>, A::Error> {
        skip_seq(seq)?;
        Ok(None)
    }
}

/// Raw text.
impl Accept for String {
    fn text(s: String) -> Result<Self, String> {
        Ok(s)
    }
}

/// A whole number, also when written as `3.0` or as text (`"42"`).
impl Accept for i64 {
    fn int(n: i128) -> Option<Self> {
        i64::try_from(n).ok()
    }
    fn float(f: f64) -> Option<Self> {
        Json::Float(f).as_int().and_then(|n| i64::try_from(n).ok())
    }
    fn text(s: String) -> Result<Self, String> {
        s.trim().parse().map_err(|_| s)
    }
}

/// A flag: `true`/`false`, `1`/`0`, or those as text.
impl Accept for bool {
    fn flag(b: bool) -> Option<Self> {
        Some(b)
    }
    fn int(n: i128) -> Option<Self> {
        match n {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn text(s: String) -> Result<Self, String> {
        match s.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(s),
        }
    }
}

/// An identifier: text, or a whole number written as its digits.
#[derive(Debug)]
pub(crate) struct IdText(pub String);

impl Accept for IdText {
    fn text(s: String) -> Result<Self, String> {
        Ok(IdText(s))
    }
    fn int(n: i128) -> Option<Self> {
        Some(IdText(n.to_string()))
    }
}

/// An array whose elements are each read leniently.
impl<T: Accept> Accept for Vec<Loose<T>> {
    fn seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(v) = seq.next_element::<Loose<T>>()? {
            out.push(v);
        }
        Ok(Some(out))
    }
}

/// Objects of a derived struct whose fields are all [`Loose`] (so reading
/// one never fails on a wrong type).
macro_rules! accept_object {
    ($($t:ty),* $(,)?) => {
        $(impl $crate::archive::json::Accept for $t {
            fn map<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Option<Self>, A::Error> {
                $crate::archive::json::object(map).map(Some)
            }
        })*
    };
}
pub(crate) use accept_object;

/// Reads a derived struct from an object's entries.
pub(crate) fn object<'de, T: Deserialize<'de>, A: MapAccess<'de>>(map: A) -> Result<T, A::Error> {
    T::deserialize(MapAccessDeserializer::new(map))
}

impl<'de, T: Accept> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor(PhantomData))
    }
}

struct LooseVisitor<T>(PhantomData<T>);

/// The text goes into the wanted value unsanitized; only a refused one is
/// cleaned, for the message.
fn loose_text<T: Accept>(v: String) -> Loose<T> {
    match T::text(v) {
        Ok(t) => Loose::Got(t),
        Err(v) => Loose::Wrong(Json::Str(clean_string(v))),
    }
}

fn either<T>(got: Option<T>, json: impl FnOnce() -> Json) -> Loose<T> {
    match got {
        Some(t) => Loose::Got(t),
        None => Loose::Wrong(json()),
    }
}

impl<'de, T: Accept> Visitor<'de> for LooseVisitor<T> {
    type Value = Loose<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Loose<T>, E> {
        Ok(loose_text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Loose<T>, E> {
        Ok(loose_text(v))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Loose<T>, E> {
        Ok(either(T::flag(v), || Json::Bool(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Loose<T>, E> {
        Ok(either(T::int(v.into()), || Json::Int(v.into())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Loose<T>, E> {
        Ok(either(T::int(v.into()), || Json::Int(v.into())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Loose<T>, E> {
        Ok(either(T::float(v), || Json::Float(v)))
    }
    fn visit_unit<E>(self) -> Result<Loose<T>, E> {
        Ok(Loose::Missing)
    }
    fn visit_none<E>(self) -> Result<Loose<T>, E> {
        Ok(Loose::Missing)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Loose<T>, A::Error> {
        Ok(either(T::seq(seq)?, || Json::Array))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Loose<T>, A::Error> {
        Ok(either(T::map(map)?, || Json::Object))
    }
}

/// Reads an array element by element, handing each to `f` with its index
/// as soon as it is read, so a long array is never held whole. With `one`,
/// a lone object is read as the only element (index `None`). Anything else
/// comes back as `Err(Json)`.
pub(crate) struct Each<T, F> {
    pub f: F,
    pub one: bool,
    pub element: PhantomData<T>,
}

impl<T, F> Each<T, F> {
    pub fn new(one: bool, f: F) -> Self {
        Each {
            f,
            one,
            element: PhantomData,
        }
    }

    fn other(self, v: Json) -> Result<(), Json> {
        Err(v)
    }
}

impl<'de, T: Accept, F: FnMut(Option<usize>, Loose<T>)> DeserializeSeed<'de> for Each<T, F> {
    type Value = Result<(), Json>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Accept, F: FnMut(Option<usize>, Loose<T>)> Visitor<'de> for Each<T, F> {
    type Value = Result<(), Json>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.other(Json::Str(owned_clean(v))))
    }
    visit_scalars!(Self::Value);
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut i = 0;
        while let Some(v) = seq.next_element::<Loose<T>>()? {
            (self.f)(Some(i), v);
            i += 1;
        }
        Ok(Ok(()))
    }
    fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<Self::Value, A::Error> {
        if !self.one {
            skip_map(map)?;
            return Ok(self.other(Json::Object));
        }
        let v = match T::map(map)? {
            Some(t) => Loose::Got(t),
            None => Loose::Wrong(Json::Object),
        };
        (self.f)(None, v);
        Ok(Ok(()))
    }
}
