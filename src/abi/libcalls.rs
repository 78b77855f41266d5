//! The functions compiled code calls in the runtime, declared once (as
//! wasmtime declares its builtin functions): [`foreach_libcall!`] lists
//! each one with its parameters and how it reports a managed exception.
//! From that list come the `#[repr(C)]` table the runtime hands to every
//! image ([`Libcalls`]; its field order is the ABI), the index compiled
//! code reads a function at ([`Libcall`]), the signature the code
//! generator declares ([`Libcall::signature`]), and the runtime's shims
//! that turn a `Result` into the convention (`runtime::libcalls`).
//!
//! Conventions (the word after `->`):
//! - `status`: returns a `u32`, 0, or 1 with an exception pending; the
//!   runtime's implementation returns `Result<(), Thrown>`.
//! - `raises`: always leaves an exception pending; the implementation
//!   returns the `Thrown`.
//! - `or_null T`: returns a pointer, null with an exception pending; the
//!   implementation returns `Result<T, Thrown>`.
//! - `value T`: returns `T` and raises nothing itself (what it documents
//!   as left pending is for the caller's caller to see).

/// The runtime's record of a bound image, through which its references
/// are resolved on first use (`runtime::aot::ImageRefs`); opaque here.
#[repr(C)]
pub struct ImageRecord {
    _opaque: [u8; 0],
}

/// What `eh_enter` returns for a frame it did not put on the first pass's
/// chain (compiled code then calls no `eh_leave`).
pub const NO_MARK: u64 = u64::MAX;

/// Calls `$m!` with the list of libcalls, in table order.
#[macro_export]
macro_rules! foreach_libcall {
    ($m:ident) => {
        $m! {
            /// Calls `method` (interpreted or compiled) with `nargs` argument
            /// slots at `args`; its `nret` result slots replace them.
            call(method: *const $crate::abi::layout::MethodRecord, args: *mut $crate::abi::layout::Slot, nargs: u32, nret: u32) -> status;
            /// As `call`, dispatching virtual `method` on the receiver in `args[0]`.
            call_virtual(method: *const $crate::abi::layout::MethodRecord, args: *mut $crate::abi::layout::Slot, nargs: u32, nret: u32) -> status;
            /// Raises a [`ThrowKind`] exception.
            throw(kind: u32) -> raises;
            /// 1 when an exception is pending on this thread.
            pending() -> value u32;
            /// Records a compiled frame in the pending exception's stack trace:
            /// that of the method reference `method_ref` of the image whose
            /// loader record is `image` names (filled first if empty).
            unwind(image: *const $crate::abi::libcalls::ImageRecord, method_ref: u32, il_offset: u32) -> value ();
            /// Allocates an instance of `ctor`'s class and runs `ctor` with the
            /// `nargs` arguments at `args`; the object replaces `args[0]`.
            new_object(ctor: *const $crate::abi::layout::MethodRecord, args: *mut $crate::abi::layout::Slot, nargs: u32) -> status;
            /// A new SZ array of class `array_class` with `len` elements, in `*out`.
            new_array(array_class: *const $crate::abi::layout::ClassRecord, len: i64, out: *mut $crate::abi::layout::Slot) -> status;
            /// `isinst`: 1 when non-null `obj` is an instance of `class`, else 0.
            isinst(class: *const $crate::abi::layout::ClassRecord, obj: $crate::abi::layout::Slot) -> value u32;
            /// `castclass` of non-null `obj`: InvalidCastException unless it is
            /// an instance of `class`.
            castclass(class: *const $crate::abi::layout::ClassRecord, obj: $crate::abi::layout::Slot) -> status;
            /// The descriptor of the implementation of interface (or generic
            /// virtual) `method` for receiver `obj`, or null when only
            /// `call_virtual` can make the call (no native code, an array's
            /// interface method).
            resolve(method: *const $crate::abi::layout::MethodRecord, obj: $crate::abi::layout::Slot) -> value *const $crate::abi::layout::FtnDesc;
            /// Runs the static constructor of `class` if it has not run.
            init_class(class: *const $crate::abi::layout::ClassRecord) -> status;
            /// Boxes the value of class `class` held in the slots at `src`; the box in `*out`.
            box_value(class: *const $crate::abi::layout::ClassRecord, src: *mut $crate::abi::layout::Slot, out: *mut $crate::abi::layout::Slot) -> status;
            /// Unboxes `obj` as `class`: the address of its value in `*out`.
            unbox(class: *const $crate::abi::layout::ClassRecord, obj: $crate::abi::layout::Slot, out: *mut $crate::abi::layout::Slot) -> status;
            /// Boxes the value at address `src` (`constrained.` calls); the box in `*out`.
            box_at(class: *const $crate::abi::layout::ClassRecord, src: $crate::abi::layout::Slot, out: *mut $crate::abi::layout::Slot) -> status;
            /// `stelem.ref`: checked store of `value` into `arr[index]`.
            store_ref(arr: $crate::abi::layout::Slot, index: $crate::abi::layout::Slot, value: $crate::abi::layout::Slot) -> status;
            /// `ldelema` of a reference-type element with the exact-type check;
            /// the address in `*out`.
            elem_addr_checked(class: *const $crate::abi::layout::ClassRecord, arr: $crate::abi::layout::Slot, index: $crate::abi::layout::Slot, out: *mut $crate::abi::layout::Slot) -> status;
            /// A runtime-implemented operation (see [`Op`]) on the `nargs`
            /// slots at `args`; results replace `args[0]`.
            op(op: u32, target: *const u8, args: *mut $crate::abi::layout::Slot, nargs: u32) -> status;
            /// Throws the exception object `obj` (null: NullReferenceException).
            throw_object(obj: $crate::abi::layout::Slot) -> raises;
            /// First call of a compiled method: runs the static constructors the
            /// interpreter would run before its first execution (beforefieldinit).
            prepare(method: *const $crate::abi::layout::MethodRecord) -> status;
            /// A catch clause of `class`: when the pending exception is one,
            /// takes it (publishing its trace) and returns it; else 0.
            catch(class: *const $crate::abi::layout::ClassRecord) -> value $crate::abi::layout::Slot;
            /// Takes the pending exception (entering a finally while unwinding).
            take_pending() -> value $crate::abi::layout::Slot;
            /// Makes `obj` the pending exception again (leaving that finally).
            set_pending(obj: $crate::abi::layout::Slot) -> value ();
            /// `rethrow` of the caught exception `obj` (its trace goes on).
            rethrow(obj: $crate::abi::layout::Slot) -> raises;
            /// Resolves reference `index` of the image whose loader record is
            /// `image` on its first use, fills its slot and returns the value.
            resolve_ref(image: *const $crate::abi::libcalls::ImageRecord, index: u32) -> or_null *const u8;
            /// A compiled frame with catch clauses, of the method reference
            /// `method_ref` of `image` names (as for `unwind`), shows itself to
            /// the first pass of exception handling; `il` is the cell holding
            /// the IL offset it is at. Returns its mark for `eh_leave`.
            eh_enter(image: *const $crate::abi::libcalls::ImageRecord, method_ref: u32, il: *const u32) -> value u64;
            /// The frame of `eh_enter`'s `mark` leaves.
            eh_leave(mark: u64) -> value ();
            /// Runs the first pass for the pending exception (before a finally
            /// or fault runs), unless it has run.
            first_pass() -> value ();
            /// The native function P/Invoke method `method` calls.
            native_target(method: *const $crate::abi::layout::MethodRecord) -> or_null *const u8;
            /// A native function pointer invoking delegate `d`: its thunk (0
            /// for null; 0 with an exception left pending when it cannot be
            /// made, and the P/Invoke stub then returns without calling).
            delegate_to_native(d: $crate::abi::layout::Slot) -> value $crate::abi::layout::Slot;
            /// A NUL-terminated UTF-8 copy of string `s` in C memory (0 for
            /// null), which the P/Invoke stub frees with `free_native` after
            /// the call.
            string_to_utf8(s: $crate::abi::layout::Slot) -> value $crate::abi::layout::Slot;
            /// Frees C memory a stub got from `string_to_utf8` (0: nothing).
            free_native(p: $crate::abi::layout::Slot) -> value ();
            /// A SafeHandle parameter before the call: DangerousAddRef of `h`,
            /// then its handle in `*out`.
            safe_handle_add_ref(h: $crate::abi::layout::Slot, out: *mut $crate::abi::layout::Slot) -> status;
            /// A SafeHandle parameter after the call: DangerousRelease of `h`.
            safe_handle_release(h: $crate::abi::layout::Slot) -> status;
            /// A new instance of the SafeHandle class P/Invoke method `method`
            /// returns, holding `handle`.
            safe_handle_wrap(method: *const $crate::abi::layout::MethodRecord, handle: $crate::abi::layout::Slot) -> or_null *const u8;
            /// Keeps errno as the thread's last error (`SetLastError` methods,
            /// right after the native call).
            save_last_error() -> value ();
        }
    };
}

/// The C result type of a libcall of convention `$conv`.
#[macro_export]
macro_rules! libcall_ret {
    (status) => {
        u32
    };
    (raises) => {
        ()
    };
    (value $t:ty) => {
        $t
    };
    (or_null $t:ty) => {
        $t
    };
}

/// A value kind crossing the table, as the code generator declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    I32,
    I64,
    Ptr,
}

/// How a libcall reports a managed exception (see the module comment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conv {
    Status,
    Raises,
    OrNull,
    Value,
}

/// The declared type of one libcall.
#[derive(Debug)]
pub struct Signature {
    pub params: &'static [Ty],
    /// None for no result.
    pub ret: Option<Ty>,
    pub conv: Conv,
}

/// The [`Ty`] of a Rust type that crosses the table (`()` has none).
pub trait AbiTy {
    const TY: Option<Ty>;
}
impl AbiTy for () {
    const TY: Option<Ty> = None;
}
impl AbiTy for u32 {
    const TY: Option<Ty> = Some(Ty::I32);
}
impl AbiTy for i64 {
    const TY: Option<Ty> = Some(Ty::I64);
}
impl AbiTy for u64 {
    const TY: Option<Ty> = Some(Ty::I64);
}
impl<T> AbiTy for *const T {
    const TY: Option<Ty> = Some(Ty::Ptr);
}
impl<T> AbiTy for *mut T {
    const TY: Option<Ty> = Some(Ty::Ptr);
}

/// The `Ty` of a parameter type (every parameter has one).
const fn param(t: Option<Ty>) -> Ty {
    match t {
        Some(t) => t,
        None => panic!("a libcall parameter of no type"),
    }
}

#[doc(hidden)]
#[macro_export]
macro_rules! libcall_conv {
    (status) => {
        $crate::abi::libcalls::Conv::Status
    };
    (raises) => {
        $crate::abi::libcalls::Conv::Raises
    };
    (value $t:ty) => {
        $crate::abi::libcalls::Conv::Value
    };
    (or_null $t:ty) => {
        $crate::abi::libcalls::Conv::OrNull
    };
}

macro_rules! declare_libcalls {
    ($( $(#[$doc:meta])* $name:ident ( $($p:ident : $t:ty),* ) -> $conv:ident $($ret:ty)? ; )*) => {
        /// The table the runtime hands to every image's `mx_init`; compiled
        /// code reads function [`Libcall`]` as usize` of it.
        #[repr(C)]
        pub struct Libcalls {
            $( $(#[$doc])* pub $name: unsafe extern "C" fn($($p: $t),*) -> $crate::libcall_ret!($conv $($ret)?), )*
        }

        /// The index of each function in [`Libcalls`].
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        pub enum Libcall {
            $( $(#[$doc])* $name, )*
        }

        impl Libcall {
            /// Every libcall, in table order.
            pub const ALL: &'static [Libcall] = &[$(Libcall::$name),*];

            pub fn name(self) -> &'static str {
                match self {
                    $( Libcall::$name => stringify!($name), )*
                }
            }

            /// Its declared parameters, result and convention.
            pub fn signature(self) -> &'static Signature {
                match self {
                    $( Libcall::$name => const { &Signature {
                        params: &[$(param(<$t as AbiTy>::TY)),*],
                        ret: <$crate::libcall_ret!($conv $($ret)?) as AbiTy>::TY,
                        conv: $crate::libcall_conv!($conv $($ret)?),
                    } }, )*
                }
            }

            /// Byte offset of its function pointer in [`Libcalls`].
            pub fn offset(self) -> usize {
                match self {
                    $( Libcall::$name => std::mem::offset_of!(Libcalls, $name), )*
                }
            }
        }
    };
}

foreach_libcall!(declare_libcalls);

/// Exceptions compiled code raises itself through `throw`, by number.
#[repr(u32)]
#[derive(Clone, Copy, Debug)]
pub enum ThrowKind {
    NullReference,
    IndexOutOfRange,
    DivideByZero,
    Overflow,
    Arithmetic,
    InvalidCast,
}

impl ThrowKind {
    pub const ALL: [ThrowKind; 6] = [
        ThrowKind::NullReference,
        ThrowKind::IndexOutOfRange,
        ThrowKind::DivideByZero,
        ThrowKind::Overflow,
        ThrowKind::Arithmetic,
        ThrowKind::InvalidCast,
    ];
}

/// Operations of the `op` libcall: rare instructions whose work lives in
/// the runtime's object model. Compiled code passes `op as u32`, an index
/// into `Op::ALL` (declaration order).
#[repr(u32)]
#[derive(Clone, Copy, Debug)]
pub enum Op {
    /// `target` is a string constructor; args are its parameters.
    NewString,
    /// `target` is the md-array class; args are the dimensions (or bounds).
    NewMdArray,
    /// `target` is the array accessor (Get/Set/Address); args[0] the array.
    MdAccess,
    /// args[0] is a delegate, then `nargs` argument slots and two spare ones.
    InvokeDelegate,
    /// `target` is the delegate class; args are [target object, descriptor].
    NewDelegate,
    /// `target` is the virtual method; args[0] the object: its descriptor.
    VirtFtn,
    /// `target` is null; args[0] a checked-arithmetic code (`runtime::libcalls::checked_code`).
    Checked,
    /// `target` is a class: args[0] receives its assembly's `Assembly` object.
    AssemblyOf,
}

impl Op {
    pub const ALL: [Op; 8] = [
        Op::NewString,
        Op::NewMdArray,
        Op::MdAccess,
        Op::InvokeDelegate,
        Op::NewDelegate,
        Op::VirtFtn,
        Op::Checked,
        Op::AssemblyOf,
    ];
}

// The table is read as an array of pointers: every entry one pointer wide.
const _: () = assert!(std::mem::size_of::<Libcalls>() == std::mem::size_of::<usize>() * Libcall::ALL.len());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_order_is_the_declaration_order() {
        for (i, l) in Libcall::ALL.iter().enumerate() {
            assert_eq!(*l as usize, i);
            assert_eq!(l.offset(), i * std::mem::size_of::<usize>(), "{}", l.name());
        }
    }

    #[test]
    fn numbered_kinds_decode_to_themselves() {
        assert!(Op::ALL.iter().enumerate().all(|(i, o)| *o as usize == i));
        assert!(ThrowKind::ALL.iter().enumerate().all(|(i, k)| *k as usize == i));
    }

    #[test]
    fn conventions_have_the_results_they_promise() {
        for l in Libcall::ALL {
            let s = l.signature();
            match s.conv {
                Conv::Status => assert_eq!(s.ret, Some(Ty::I32), "{}", l.name()),
                Conv::Raises => assert_eq!(s.ret, None, "{}", l.name()),
                Conv::OrNull => assert_eq!(s.ret, Some(Ty::Ptr), "{}", l.name()),
                Conv::Value => {}
            }
        }
    }
}
