//! How the process takes memory from the system.
//!
//! lektyr's heap is many small objects (titles, ids, dates) spread over
//! the allocator's size classes. With transparent huge pages, each 2 MiB
//! region they touch is committed whole, which more than doubled the peak
//! memory of opening a 10,000-article archive (72 MB for a 29 MB file,
//! see README, "Speed"). So the binary asks for small pages from its
//! start (see [`small_pages_from_start`], and [`before_reading_a_file`]
//! for the few it is given before), except while it fills a big block of
//! memory densely (see [`dense`]).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Asks the kernel not to back this process with transparent huge pages.
/// Does nothing where that cannot be asked; a refusal changes nothing
/// but memory use, so it is not reported.
pub fn small_pages() {
    SMALL.store(true, Ordering::SeqCst);
    set_huge_pages(false);
}

/// [`small_pages`] for a program's `main`, before anything else; and a
/// process that [`before_reading_a_file`] may start again.
pub fn small_pages_from_start() {
    #[cfg(target_os = "linux")]
    RESTART.store(huge_pages_at_start(), Ordering::SeqCst);
    small_pages();
}

/// Called when an archive is about to be read from its file (not from the
/// cache), where peak memory counts most. The allocator takes its first
/// pages before `main` runs, and where the system grants huge pages to
/// memory that asks for them (mimalloc asks), those few are huge and stay
/// so: 3.5 MB of the 18.6 MB that the first open of a 12 MB archive took.
/// Refusing them is kept across `exec`, so a process that started with
/// them allowed starts its own binary again, with the same arguments and
/// environment, on small pages from its first allocation. That costs
/// about 2 ms, a second start of the process: a little beside reading a
/// file, too much beside a reopen from the cache, which is why it waits
/// until a file is read. If the binary cannot be started again, nothing
/// changes.
///
/// Only a process that called [`small_pages_from_start`] is started again,
/// at most once, and before anything is shown or written.
pub fn before_reading_a_file() {
    #[cfg(target_os = "linux")]
    if RESTART.swap(false, Ordering::SeqCst) {
        use std::os::unix::process::CommandExt;
        // Only once refused for sure, so the new process does not try again;
        // by its path, not `/proc/self/exe`, which would rename the process
        // `exe` for `ps` and `pkill`.
        if rustix::thread::transparent_huge_pages_are_disabled().unwrap_or(false)
            && let Ok(binary) = std::env::current_exe()
        {
            let mut args = std::env::args_os();
            let mut again = std::process::Command::new(binary);
            if let Some(arg0) = args.next() {
                again.arg0(arg0);
            }
            // Returns only if the binary could not be started again.
            let _ = again.args(args).exec();
        }
    }
}

/// Whether [`before_reading_a_file`] starts the binary again: the process
/// started with huge pages allowed, and refuses them now.
#[cfg(target_os = "linux")]
static RESTART: AtomicBool = AtomicBool::new(false);

/// Whether this process may have been given huge pages before `main`.
#[cfg(target_os = "linux")]
fn huge_pages_at_start() -> bool {
    !rustix::thread::transparent_huge_pages_are_disabled().unwrap_or(true)
        && std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
            .is_ok_and(|mode| !mode.contains("[never]"))
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
    if bytes < DENSE_FROM {
        return fill();
    }
    huge_pages_allowed(fill)
}

/// Runs `start`, which starts another program, with huge pages allowed:
/// a child keeps the setting, and the system's own is its due.
pub fn for_child<T>(start: impl FnOnce() -> T) -> T {
    huge_pages_allowed(start)
}

/// Runs `f` with huge pages allowed, if [`small_pages`] refused them.
fn huge_pages_allowed<T>(f: impl FnOnce() -> T) -> T {
    if !SMALL.load(Ordering::SeqCst) {
        return f();
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
    f()
}

/// How many threads are inside [`huge_pages_allowed`].
static INSIDE: AtomicUsize = AtomicUsize::new(0);

fn set_huge_pages(allow: bool) {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::thread::disable_transparent_huge_pages(!allow);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = allow;
}
