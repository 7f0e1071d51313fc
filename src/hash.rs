//! The one stable hash lektyr keeps on disk or shows: FNV-1a, 64 bits.
//! Unlike the standard hasher it is the same across Rust versions,
//! platforms and builds, so state files, cache files, notes and ids made
//! from it keep their names. (`build.rs` has its own copy: a build script
//! cannot use the crate it builds.)

/// FNV-1a, 64 bits, of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_values() {
        assert_eq!(super::fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
