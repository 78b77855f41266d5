//! Internal calls of System.Globalization: culture data. The runtime
//! provides the invariant culture only (what mono shows under C.UTF-8);
//! asking for another culture answers "not found".

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.Globalization.CultureInfo::construct_internal_locale_from_lcid", from_lcid),
    ("System.Globalization.CultureInfo::construct_internal_locale_from_name", from_name),
    ("System.Globalization.CultureInfo::get_current_locale_name", |fp| ret_o(fp, std::ptr::null_mut())),
];

const INVARIANT_LCID: i32 = 0x7f;

fn from_lcid(fp: *mut Slot) -> Result<(), Thrown> {
    let found = ai(fp, 1) == INVARIANT_LCID;
    if found {
        fill_invariant(ao(fp, 0))?;
    }
    ret(fp, found as Slot)
}

fn from_name(fp: *mut Slot) -> Result<(), Thrown> {
    let name = crate::runtime::object::string_to_rust(non_null(ao(fp, 1))?);
    let found = name.is_empty() || name.eq_ignore_ascii_case("iv");
    if found {
        fill_invariant(ao(fp, 0))?;
    }
    ret(fp, found as Slot)
}

/// The fields Mono's CultureInfo expects the runtime to set.
fn fill_invariant(ci: *mut u8) -> Result<(), Thrown> {
    let s = object::new_string_from_str;
    set_field(ci, "lcid", INVARIANT_LCID)?;
    set_field(ci, "name", s(""))?;
    set_field(ci, "englishname", s("Invariant Language (Invariant Country)"))?;
    set_field(ci, "nativename", s("Invariant Language (Invariant Country)"))?;
    set_field(ci, "win3lang", s("IVL"))?;
    set_field(ci, "iso3lang", s("IVL"))?;
    set_field(ci, "iso2lang", s("iv"))?;
    set_field(ci, "parent_lcid", INVARIANT_LCID)?;
    set_field(ci, "datetime_index", 0i32)?;
    set_field(ci, "number_index", 0i32)?;
    set_field(ci, "calendar_type", 1i32)?;
    Ok(())
}
