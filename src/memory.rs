//! How the process takes memory from the system.
//!
//! lektyr's heap is many small objects (titles, ids, dates) spread over
//! the allocator's size classes. With transparent huge pages, each 2 MiB
//! region they touch is committed whole, which more than doubled the peak
//! memory of opening a 10,000-article archive (72 MB for a 29 MB file,
//! see README, "Speed"). So the binary asks for small pages, except
//! while it fills a big block of memory densely (see [`dense`]).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Asks the kernel not to back this process with transparent huge pages.
/// Does nothing where that cannot be asked; a refusal changes nothing
/// but memory use, so it is not reported.
pub fn small_pages() {
    SMALL.store(true, Ordering::SeqCst);
    set_huge_pages(false);
}

/// Whether [`small_pages`] was asked for: without it, [`dense`] leaves
/// the pages as they are (a program using the library keeps its own).
static SMALL: AtomicBool = AtomicBool::new(false);

/// Below this, huge pages save too little to be worth asking for.
const DENSE_FROM: u64 = 8 << 20;

/// Runs `fill`, which fills about `bytes` of fresh memory densely, with
/// huge pages allowed: one page fault per 2 MiB instead of per 4 KiB.
/// Reopening 100,000 articles from the cache spent half its time in page
/// faults without; reading a big import whole, a sixth.
///
/// The setting is the process's: while any thread is inside `dense`,
/// huge pages stay allowed.
pub fn dense<T>(bytes: u64, fill: impl FnOnce() -> T) -> T {
    if bytes < DENSE_FROM || !SMALL.load(Ordering::SeqCst) {
        return fill();
    }
    struct Inside;
    impl Drop for Inside {
        fn drop(&mut self) {
            if INSIDE.fetch_sub(1, Ordering::SeqCst) == 1 {
                set_huge_pages(false);
            }
        }
    }
    if INSIDE.fetch_add(1, Ordering::SeqCst) == 0 {
        set_huge_pages(true);
    }
    let _inside = Inside;
    fill()
}

/// How many threads are inside [`dense`].
static INSIDE: AtomicUsize = AtomicUsize::new(0);

fn set_huge_pages(allow: bool) {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::thread::disable_transparent_huge_pages(!allow);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = allow;
}
