//! Everything generated code and the runtime agree on, defined once: the
//! layouts they share (`layout`), the libcall table (`libcalls`), native
//! signatures (`sig`), the reference-key grammar (`refs`) and the exported
//! tables and stamp of an AOT image (`image`).
//!
//! This module imports nothing of the crate but `util`: both sides build on
//! it, and neither can change what it says without the other seeing it.

pub mod image;
pub mod layout;
pub mod libcalls;
pub mod refs;
pub mod sig;
