//! Internal calls of String and Buffer.

use crate::abi::layout::Slot;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object::{self};

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.String::FastAllocateString", string_alloc),
    ("System.String::get_Chars", string_get_chars),
    ("System.String::InternalEquals", string_equals),
    ("System.String::InternalIntern", string_intern),
    ("System.String::InternalIsInterned", string_is_interned),
    ("System.Buffer::Memmove", buffer_memmove),
];

fn string_alloc(fp: *mut Slot) -> Result<(), Thrown> {
    let n = ai(fp, 0);
    if n < 0 {
        return Err(exception::throw_new("System", "OverflowException"));
    }
    ret_o(fp, object::new_string(n as usize)?)
}

fn string_get_chars(fp: *mut Slot) -> Result<(), Thrown> {
    let s = non_null(ao(fp, 0))?;
    let chars = object::string_chars(s);
    match chars.get(ai(fp, 1) as u32 as usize) {
        Some(c) => ret(fp, *c as Slot),
        None => Err(exception::throw_new("System", "IndexOutOfRangeException")),
    }
}

fn string_equals(fp: *mut Slot) -> Result<(), Thrown> {
    let (x, y) = (non_null(ao(fp, 0))?, non_null(ao(fp, 1))?);
    ret(fp, (object::string_chars(x) == object::string_chars(y)) as Slot)
}

fn string_intern(fp: *mut Slot) -> Result<(), Thrown> {
    ret_o(fp, object::intern(non_null(ao(fp, 0))?))
}

fn string_is_interned(fp: *mut Slot) -> Result<(), Thrown> {
    ret_o(fp, object::is_interned(non_null(ao(fp, 0))?))
}

fn buffer_memmove(fp: *mut Slot) -> Result<(), Thrown> {
    let n = ai(fp, 2);
    if n > 0 {
        // SAFETY: the corlib passes pointers into pinned objects or stack
        // memory with at least `n` bytes (its callers check ranges).
        unsafe { std::ptr::copy(ao(fp, 1), ao(fp, 0), n as usize) };
    }
    Ok(())
}
