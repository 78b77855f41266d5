//! Metadata: PE images and ECMA-335 tables, decoded by `cildec`.
//!
//! Owns the bytes of every loaded assembly and answers questions about
//! tables, heaps and signatures. Knows nothing about classes or execution.

pub mod image;

pub use image::Image;
