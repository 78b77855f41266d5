//! Mono's `System.AppDomain`: the one application domain of the process
//! (monoxide has no others), made on first use and kept for the life of
//! the process, as Mono's root domain is.

use std::sync::OnceLock;

use crate::runtime::roots::{new_root, Root};
use crate::runtime::rt;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.AppDomain::getCurDomain", |fp| ret_o(fp, domain()?)),
    ("System.AppDomain::getRootDomain", |fp| ret_o(fp, domain()?)),
];

/// The AppDomain object.
fn domain() -> Result<*mut u8, Thrown> {
    static DOMAIN: OnceLock<Root> = OnceLock::new();
    if let Some(r) = DOMAIN.get() {
        return Ok(r.get());
    }
    let class = rt().corlib_class("System", "AppDomain").map_err(load_err)?;
    let obj = object::alloc_object(class)?;
    Ok(DOMAIN.get_or_init(|| new_root(obj)).get())
}
