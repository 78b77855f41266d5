//! Internal calls: the Rust implementations of the corlib's `extern`
//! methods, bound by name (`Namespace.Type::Method`), one file per area,
//! each with its `ENTRIES`; [`table`] is their union.
//!
//! Every internal call takes the interpreter frame of its arguments
//! (`this` first) and writes its result to the first slot. The helpers
//! here read arguments and write results; area files import them with
//! `use super::*`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::abi::layout::Slot;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object;
use crate::types::class::ClassRef;
use crate::types::method::Method;

mod array;
mod console;
mod enums;
mod environment;
mod exceptions;
mod interop;
mod io;
mod math;
mod memory;
mod number;
mod objects;
mod reflection;
mod string;
mod threading;
mod types;

pub(crate) use array::{array_info, elem_ptr, load_boxed, store_unboxed};
pub use console::{flush_stdout, flush_stdout_from_signal};
pub(crate) use types::new_type_array;

pub type Icall = fn(*mut Slot) -> Result<(), Thrown>;

// ---- argument access ----------------------------------------------------
// SAFETY (all helpers): an internal call's frame holds its arguments in
// consecutive slots, as the transform lays them out for the signature
// declared in ICALLS.md, and the first slot receives the result.

pub(crate) fn a(fp: *mut Slot, i: usize) -> Slot {
    // SAFETY: see above.
    unsafe { *fp.add(i) }
}
pub(crate) fn ai(fp: *mut Slot, i: usize) -> i32 {
    a(fp, i) as i32
}
fn af(fp: *mut Slot, i: usize) -> f64 {
    f64::from_bits(a(fp, i))
}
pub(crate) fn ao(fp: *mut Slot, i: usize) -> *mut u8 {
    a(fp, i) as *mut u8
}
pub(crate) fn ret(fp: *mut Slot, v: Slot) -> Result<(), Thrown> {
    // SAFETY: see above.
    unsafe { *fp = v };
    Ok(())
}
fn ret_f(fp: *mut Slot, v: f64) -> Result<(), Thrown> {
    ret(fp, v.to_bits())
}
pub(crate) fn ret_o(fp: *mut Slot, o: *mut u8) -> Result<(), Thrown> {
    ret(fp, o as Slot)
}
pub(crate) fn ret_str(fp: *mut Slot, s: &str) -> Result<(), Thrown> {
    ret_o(fp, object::new_string_from_str(s))
}
pub(crate) fn nre() -> Thrown {
    exception::null_reference()
}
pub(crate) fn non_null(o: *mut u8) -> Result<*mut u8, Thrown> {
    if o.is_null() {
        Err(nre())
    } else {
        Ok(o)
    }
}
pub(crate) fn klass(fp: *mut Slot, i: usize) -> Result<ClassRef, Thrown> {
    let p = a(fp, i) as *const crate::types::Class;
    if p.is_null() {
        return Err(nre());
    }
    // SAFETY: klass arguments come from RuntimeType._klass or ldtoken.
    Ok(unsafe { &*p })
}
pub(crate) fn load_err(e: crate::metadata::error::LoadError) -> Thrown {
    exception::from_load_error(&e)
}
pub(crate) fn type_obj(c: Option<ClassRef>) -> Result<*mut u8, Thrown> {
    c.map_or(Ok(std::ptr::null_mut()), object::type_object)
}

// ---- the table ----------------------------------------------------------

/// The internal call implementing `m`, if the runtime has one.
pub fn lookup(m: &'static Method) -> Option<Icall> {
    *m.icall.get_or_init(|| {
        let mut owner = String::new();
        let mut c = Some(m.class.generic_def.unwrap_or(m.class));
        let mut parts = Vec::new();
        while let Some(k) = c {
            parts.push(k);
            c = k.enclosing;
        }
        for (i, k) in parts.iter().rev().enumerate() {
            if i == 0 {
                if !k.namespace.is_empty() {
                    owner.push_str(&k.namespace);
                    owner.push('.');
                }
            } else {
                owner.push('/');
            }
            owner.push_str(&k.name);
        }
        table().get(format!("{owner}::{}", m.name).as_str()).copied()
    })
}

/// Every internal call the runtime implements, by area.
fn table() -> &'static HashMap<&'static str, Icall> {
    static T: OnceLock<HashMap<&'static str, Icall>> = OnceLock::new();
    T.get_or_init(|| {
        [
            array::ENTRIES,
            console::ENTRIES,
            enums::ENTRIES,
            environment::ENTRIES,
            exceptions::ENTRIES,
            interop::ENTRIES,
            io::ENTRIES,
            math::ENTRIES,
            memory::ENTRIES,
            number::ENTRIES,
            objects::ENTRIES,
            reflection::ENTRIES,
            string::ENTRIES,
            threading::ENTRIES,
            types::ENTRIES,
        ]
        .iter()
        .flat_map(|e| e.iter())
        .copied()
        .collect()
    })
}
