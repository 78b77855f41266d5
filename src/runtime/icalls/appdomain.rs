//! Mono's `System.AppDomain`: the one application domain of the process
//! (monoxide has no others), made on first use and kept for the life of
//! the process, as Mono's root domain is.

use std::sync::OnceLock;

use dashmap::DashMap;

use crate::runtime::roots::{new_root, Root};
use crate::runtime::rt;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.AppDomain::getCurDomain", |fp| ret_o(fp, domain()?)),
    ("System.AppDomain::getRootDomain", |fp| ret_o(fp, domain()?)),
    ("System.AppDomain::GetData", get_data),
    ("System.AppDomain::SetData", set_data),
];

static DOMAIN: ObjectCache<()> = ObjectCache::new();

/// The AppDomain object.
fn domain() -> Result<*mut u8, Thrown> {
    DOMAIN.get((), || object::alloc_object(rt().corlib_class("System", "AppDomain").map_err(load_err)?))
}

/// Values set with `AppDomain.SetData`, by name (a process-lifetime root
/// cell each: programs set a handful).
static DATA: OnceLock<DashMap<String, Root>> = OnceLock::new();

/// The name argument of GetData/SetData (argument 1).
fn data_name(fp: *mut Slot) -> Result<String, Thrown> {
    let name = ao(fp, 1);
    if name.is_null() {
        // ArgumentNullException(string) takes the parameter name.
        return Err(exception::throw_msg("System", "ArgumentNullException", "name"));
    }
    Ok(object::string_to_rust(name))
}

/// `AppDomain.GetData(name)`: what SetData stored, else the domain's setup
/// value for the names Mono answers (the program's directory, with a
/// trailing slash, and its configuration file), else null.
fn get_data(fp: *mut Slot) -> Result<(), Thrown> {
    let name = data_name(fp)?;
    if let Some(r) = DATA.get().and_then(|d| d.get(&name).map(|r| *r)) {
        return ret_o(fp, r.get());
    }
    let program = rt().command_line.get().and_then(|c| c.first()).map(|p| std::path::absolute(p).unwrap_or_default());
    let value = match (name.as_str(), program) {
        ("APPBASE", Some(p)) => p.parent().map(|d| format!("{}/", d.display())),
        ("APP_CONFIG_FILE", Some(p)) => Some(format!("{}.config", p.display())),
        _ => None,
    };
    match value {
        Some(v) => ret_str(fp, &v),
        None => ret_o(fp, std::ptr::null_mut()),
    }
}

/// `AppDomain.SetData(name, value)`.
fn set_data(fp: *mut Slot) -> Result<(), Thrown> {
    let name = data_name(fp)?;
    let value = ao(fp, 2);
    let data = DATA.get_or_init(DashMap::new);
    data.entry(name).or_insert_with(|| new_root(std::ptr::null_mut())).set(value);
    Ok(())
}
