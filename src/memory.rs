//! How the process takes memory from the system.
//!
//! lektyr's heap is many small objects (titles, ids, dates) spread over
//! the allocator's size classes. With transparent huge pages, each 2 MiB
//! region they touch is committed whole, which more than doubled the peak
//! memory of opening a 10,000-article archive (72 MB for a 29 MB file,
//! see README, "Speed"). So the binary asks for small pages only.

/// Asks the kernel not to back this process with transparent huge pages.
/// Does nothing where that cannot be asked; a refusal changes nothing
/// but memory use, so it is not reported.
pub fn small_pages() {
    #[cfg(target_os = "linux")]
    {
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}
