//! Back and forward: following a related article, a link into the archive
//! or a search hit into another article leaves a place to come back to.
//! The history lasts for the session.

use super::*;

/// How many places each direction keeps.
const PLACES: usize = 200;

/// A place in the archive: an article and where in it the reader was.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    pub article: usize,
    anchor: Option<Anchor>,
}

/// The places behind and ahead.
#[derive(Debug, Default)]
pub struct History {
    pub back: Vec<Place>,
    pub forward: Vec<Place>,
}

impl App {
    /// Where the reader is now, if it shows an article.
    fn place(&self) -> Option<Place> {
        let article = self.article?;
        let anchor = self.current_anchor();
        Some(Place { article, anchor })
    }

    /// Before a jump to `to`: remember where the reader was. A new jump
    /// forgets the places ahead, as a browser does.
    pub(super) fn leave_for(&mut self, to: usize) {
        if let Some(here) = self.place()
            && here.article != to
        {
            self.history.back.push(here);
            let extra = self.history.back.len().saturating_sub(PLACES);
            self.history.back.drain(..extra);
            self.history.forward.clear();
        }
    }

    /// Back (`dir` < 0) or forward to the place last left that way.
    pub(super) fn travel(&mut self, dir: isize) {
        let (from, to) = if dir < 0 {
            (&mut self.history.back, "back")
        } else {
            (&mut self.history.forward, "forward")
        };
        let Some(place) = from.pop() else {
            self.message = Some(format!("Nothing to go {to} to"));
            return;
        };
        if let Some(here) = self.place() {
            let other = if dir < 0 {
                &mut self.history.forward
            } else {
                &mut self.history.back
            };
            other.push(here);
        }
        self.show_article(place.article);
        // Where the reader was, once the article is laid out again.
        if place.anchor.is_some() {
            self.reader.pending = place.anchor;
        }
    }
}
