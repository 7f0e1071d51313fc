//! Blocks → wrapped, styled lines at a width.
