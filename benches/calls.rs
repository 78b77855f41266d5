//! Micro-benchmarks of the calls between the worlds (criterion):
//! one call from native code into the interpreter through a JIT-compiled
//! entry wrapper, and one interface dispatch through an IMT slot.
//! Run with `cargo bench --bench calls`.

use std::ffi::c_void;
use std::sync::atomic::Ordering;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use monoxide::abi::layout::{FtnDesc, VTable};
use monoxide::runtime::imt::{imt_slot, ImtThunk};
use monoxide::runtime::{self, object, rt, thread};

fn calls(c: &mut Criterion) {
    runtime::init().expect("runtime");
    let _attached = thread::attach();

    // Math.Max(int, int), interpreted, called as native code would call it.
    let max = rt().corlib_class("System", "Math").expect("Math").find_method("Max", Some(2)).expect("Math.Max");
    runtime::generator::install(Box::new(monoxide::codegen::jit::JitGenerator));
    let wrapper = runtime::generator::entry_wrapper(max).expect("entry wrapper");
    // SAFETY: the entry wrapper of (int, int) -> int takes two i64 slots
    // and the interpreter record as `arg`.
    let call: extern "C" fn(i64, i64, *const c_void) -> i64 = unsafe { std::mem::transmute(wrapper) };
    let record = max as *const _ as *const c_void;
    assert_eq!(call(3, 7, record), 7);
    c.bench_function("entry wrapper call (native -> interpreted Math.Max)", |b| {
        b.iter(|| call(black_box(3), black_box(7), record))
    });

    // IComparable.CompareTo on a string: IMT slot -> thunk -> descriptor.
    let s = object::new_string_from_str("imt");
    let icomparable = rt().corlib_class("System", "IComparable").expect("IComparable");
    let compare_to = icomparable.find_method("CompareTo", Some(1)).expect("CompareTo");
    // SAFETY: `s` is a live string; its header's first word is its vtable.
    let vt = unsafe { &**(s as *const *const VTable) };
    let slot = &vt.imt[imt_slot(compare_to)];
    let dispatch = || {
        // SAFETY: IMT slots always hold descriptors whose addr is an ImtThunk.
        unsafe {
            let d = &*slot.load(Ordering::Acquire);
            let thunk: ImtThunk = std::mem::transmute::<*mut c_void, ImtThunk>(d.addr.load(Ordering::Relaxed));
            thunk(black_box(compare_to), d.arg.load(Ordering::Relaxed))
        }
    };
    let target: *const FtnDesc = dispatch();
    assert!(!target.is_null(), "string implements IComparable");
    c.bench_function("IMT dispatch (IComparable.CompareTo on a string)", |b| b.iter(dispatch));
    c.bench_function("runtime resolver, for comparison (resolve_virtual)", |b| {
        // SAFETY: `s` is a live object implementing the interface.
        b.iter(|| unsafe { monoxide::interp::exec::resolve_virtual(black_box(compare_to), s) })
    });
}

criterion_group!(benches, calls);
criterion_main!(benches);
