//! The interpreter: CIL is transformed once per method into compact code
//! (`code`, `transform`) that the exec loop (`exec`) runs over a frame of
//! fixed slots on the thread's interpreter stack (`runtime::thread`).

pub mod code;
pub mod exec;
pub mod first_pass;
pub mod transform;
