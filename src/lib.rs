//! monoxide: a .NET runtime. See ARCHITECTURE.md for the map.

pub mod cli;
pub mod interp;
pub mod metadata;
pub mod runtime;
pub mod types;
pub mod util;
