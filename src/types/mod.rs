//! The type system: classes (including arrays, pointers, generic
//! instantiations), their layouts and vtables, methods and signatures, and
//! the resolution of metadata tokens to them.
//!
//! Generic instantiations are per instantiation: `List<int>` and
//! `List<string>` are distinct classes with their own methods, code and
//! statics. See ARCHITECTURE.md for why.

pub mod class;
pub mod method;
pub mod resolve;

pub use class::{Class, ElemKind, Kind};
pub use method::Method;
