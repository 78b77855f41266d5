//! monoxide: a .NET runtime. See ARCHITECTURE.md for the map.

// Object references are raw pointers into the managed heap that the
// interpreter and the runtime pass around by design; they are valid by the
// invariants of the transform and the collector, not per call site.
#![allow(clippy::not_unsafe_ptr_arg_deref)]
#![deny(unsafe_op_in_unsafe_fn)]

pub mod abi;
pub mod cli;
pub mod codegen;
pub mod interp;
pub mod metadata;
pub mod runtime;
pub mod types;
pub mod util;
