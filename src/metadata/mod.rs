//! Metadata: PE images and ECMA-335 tables, decoded by `cildec`.
//!
//! Owns the bytes of every loaded assembly and answers questions about
//! tables, heaps and signatures. Knows nothing about classes or execution.
//! `LoadError` is the error of everything that loads, from here up.

pub mod error;
pub mod image;

pub use error::LoadError;
pub use image::Image;
