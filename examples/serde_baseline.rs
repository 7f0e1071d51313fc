//! The yardstick for lektyr's start-up: read an archive and deserialize it
//! with serde_json into plain structs, nothing else. `lektyr snapshot` of
//! the same file is compared against this (see README, "Speed").
//!
//! ```text
//! cargo build --release --example serde_baseline
//! hyperfine 'target/release/examples/serde_baseline big.json' \
//!           'target/release/lektyr snapshot big.json'
//! hyperfine 'target/release/examples/serde_baseline --wordpress posts.json' \
//!           'target/release/lektyr snapshot posts.json'
//! ```
//!
//! `--wordpress` reads a WordPress REST dump (`wp/v2/posts?_embed`, a JSON
//! array of posts) into structs of every field lektyr reads from it; a
//! top-level array whose first post has `date_gmt` is taken as one without
//! the flag too.

use serde::Deserialize;

#[derive(Deserialize)]
pub struct File {
    pub articles: Vec<Article>,
}

/// Every field of the format as plain types, the way a serde user would
/// write them without caring about bad input.
#[derive(Deserialize)]
pub struct Article {
    pub id: Option<Id>,
    pub title: String,
    pub date: Option<String>,
    pub author: Option<Author>,
    #[serde(alias = "tags")]
    pub topics: Option<Vec<String>>,
    pub series: Option<String>,
    pub summary: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub related: Option<Vec<Id>>,
    pub body: Option<Body>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum Id {
    Text(String),
    Number(u64),
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum Author {
    Name(String),
    Full {
        name: String,
        role: Option<String>,
        bio: Option<String>,
        url: Option<String>,
    },
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum Body {
    Text(String),
    Blocks(Vec<Block>),
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum Block {
    Paragraph(String),
    Typed(TypedBlock),
}

#[derive(Deserialize)]
pub struct TypedBlock {
    #[serde(rename = "type")]
    pub kind: String,
    pub text: Option<String>,
    pub level: Option<u8>,
    pub cite: Option<String>,
    pub src: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub items: Option<Vec<String>>,
    pub ordered: Option<bool>,
}

/// The lower bound: only the list's fields are built; authors and bodies
/// are parsed but skipped (`--skip-body`).
#[derive(Deserialize)]
pub struct SkimFile {
    pub articles: Vec<SkimArticle>,
}

#[derive(Deserialize)]
pub struct SkimArticle {
    pub id: Option<Id>,
    pub title: String,
    pub date: Option<String>,
    pub topics: Option<Vec<String>>,
    pub author: Option<serde::de::IgnoredAny>,
    pub body: Option<serde::de::IgnoredAny>,
}

/// A WordPress post as `wp/v2/posts?_embed` serves it, with the fields
/// lektyr reads; serde skips the rest (`guid`, `_links`, `meta`, …).
#[derive(Deserialize)]
pub struct WpPost {
    pub id: u64,
    pub date: Option<String>,
    pub date_gmt: Option<String>,
    pub link: Option<String>,
    pub title: Option<Rendered>,
    pub content: Option<Rendered>,
    pub excerpt: Option<Rendered>,
    pub categories: Option<Vec<u64>>,
    pub tags: Option<Vec<u64>>,
    #[serde(rename = "_embedded")]
    pub embedded: Option<WpEmbedded>,
}

#[derive(Deserialize)]
pub struct Rendered {
    pub rendered: String,
}

#[derive(Deserialize)]
pub struct WpEmbedded {
    pub author: Option<Vec<WpAuthor>>,
    #[serde(rename = "wp:term")]
    pub terms: Option<Vec<Vec<WpTerm>>>,
}

#[derive(Deserialize)]
pub struct WpAuthor {
    pub name: Option<String>,
    pub description: Option<String>,
    pub link: Option<String>,
}

#[derive(Deserialize)]
pub struct WpTerm {
    pub id: u64,
    pub name: String,
    pub taxonomy: Option<String>,
}

/// A top-level array whose first element has `date_gmt` before its first
/// `}`: a WordPress dump. Only the start of the text is looked at.
fn looks_like_wordpress(text: &str) -> bool {
    let start = text.trim_start();
    let head = start
        .get(..start.find('}').unwrap_or(start.len()))
        .unwrap_or("");
    start.starts_with('[') && head.contains("\"date_gmt\"")
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let skim = args.iter().any(|a| a == "--skip-body");
    let wordpress = args.iter().any(|a| a == "--wordpress");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: serde_baseline [--skip-body | --wordpress] ARCHIVE.json");
        return std::process::ExitCode::from(2);
    };
    // Nothing is freed before the process ends, as lektyr leaves its app
    // to the exit: the floor is reading and parsing, not freeing.
    let parsed = std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| {
            let text = &*Box::leak(text.into_boxed_str());
            if wordpress || looks_like_wordpress(text) {
                serde_json::from_str::<Vec<WpPost>>(text)
                    .map(|posts| std::mem::ManuallyDrop::new(posts).len())
            } else if skim {
                serde_json::from_str::<SkimFile>(text)
                    .map(|f| std::mem::ManuallyDrop::new(f).articles.len())
            } else {
                serde_json::from_str::<File>(text)
                    .map(|f| std::mem::ManuallyDrop::new(f).articles.len())
            }
            .map_err(|e| e.to_string())
        });
    match parsed {
        Ok(n) => {
            println!("{n} articles");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
