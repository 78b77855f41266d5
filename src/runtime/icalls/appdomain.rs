//! Mono's `System.AppDomain`: the one application domain of the process
//! (monoxide has no others), made on first use and kept for the life of
//! the process, as Mono's root domain is.

use crate::runtime::rt;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.AppDomain::getCurDomain", |fp| ret_o(fp, domain()?)),
    ("System.AppDomain::getRootDomain", |fp| ret_o(fp, domain()?)),
];

static DOMAIN: ObjectCache<()> = ObjectCache::new();

/// The AppDomain object.
fn domain() -> Result<*mut u8, Thrown> {
    DOMAIN.get((), || object::alloc_object(rt().corlib_class("System", "AppDomain").map_err(load_err)?))
}
