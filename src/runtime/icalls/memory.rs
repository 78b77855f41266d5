//! Internal calls of GC and weak references.

use crate::abi::layout::Slot;
use crate::runtime::exception::Thrown;
use crate::runtime::gc;
use crate::runtime::object::{self, obj_class};

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.GC::GetCollectionCount", |fp| ret(fp, gc::collection_count() as Slot)),
    ("System.GC::GetMaxGeneration", |fp| ret(fp, 0)),
    ("System.GC::GetGeneration", |fp| ret(fp, 0)),
    ("System.GC::KeepAlive", |_| Ok(())),
    ("System.GC::_SuppressFinalize", |fp| {
        gc::unregister_finalizer(non_null(ao(fp, 0))?);
        Ok(())
    }),
    ("System.GC::_ReRegisterForFinalize", reregister_finalize),
    ("System.GC::RecordPressure", |_| Ok(())),
    ("System.GC::InternalCollect", |_| {
        gc::collect();
        Ok(())
    }),
    ("System.GC::WaitForPendingFinalizers", |_| {
        object::run_pending_finalizers();
        Ok(())
    }),
    ("System.GC::GetTotalMemory", |fp| {
        if ai(fp, 0) != 0 {
            gc::collect();
        }
        ret(fp, (gc::heap_size() - gc::free_bytes()) as Slot)
    }),
    // Ephemerons (ConditionalWeakTable) are kept as strong references:
    // a table's values then live as long as the table.
    ("System.GC::register_ephemeron_array", |_| Ok(())),
];

fn reregister_finalize(fp: *mut Slot) -> Result<(), Thrown> {
    let o = non_null(ao(fp, 0))?;
    // SAFETY: `o` is a live object whose vtable says whether it finalizes.
    if unsafe { (*obj_class(o).rt_vtable().map_err(load_err)?).has_finalizer } != 0 {
        gc::register_finalizer(o, object::finalize);
    }
    Ok(())
}
