//! How the process takes memory from the system.
//!
//! lektyr's heap is many small objects (titles, ids, dates) spread over
//! the allocator's size classes. With transparent huge pages, each 2 MiB
//! region they touch is committed whole, which more than doubled the peak
//! memory of opening a 10,000-article archive (72 MB for a 29 MB file,
//! see README, "Speed"). So the binary asks for small pages from its
//! start (see [`small_pages_from_start`]), except while it fills a big
//! block of memory densely (see [`dense`]).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Asks the kernel not to back this process with transparent huge pages.
/// Does nothing where that cannot be asked; a refusal changes nothing
/// but memory use, so it is not reported.
pub fn small_pages() {
    SMALL.store(true, Ordering::SeqCst);
    set_huge_pages(false);
}

/// [`small_pages`] from the process's first allocation on, for a
/// program's `main` to call before anything else.
///
/// The allocator takes its first pages before `main` runs, and where the
/// system grants huge pages to memory that asks for them (mimalloc asks),
/// those few are huge and stay so: 2.7 MB of the 25 MB that opening a
/// 12 MB archive took. The setting is kept across `exec`, so on Linux a
/// process that finds huge pages allowed refuses them and starts its own
/// binary again, with the same arguments and environment, which costs
/// well under a millisecond. If that cannot be done, it goes on as it is.
pub fn small_pages_from_start() {
    #[cfg(target_os = "linux")]
    if huge_pages_at_start() {
        use std::os::unix::process::CommandExt;
        small_pages();
        // Only once refused for sure: the new process must not try again.
        // By its path, not `/proc/self/exe`, which would rename the
        // process `exe` for `ps` and `pkill`.
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
    small_pages();
}

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
