//! Internal calls the code generator expands inline instead of calling the
//! runtime: the hot few whose meaning fits in a handful of instructions
//! (string indexing, square roots and roundings). Each has exactly the
//! semantics of its entry in `runtime::icalls`.

use inkwell::intrinsics::Intrinsic;
use inkwell::types::{BasicType, BasicTypeEnum};
use inkwell::values::BasicMetadataValueEnum;
use inkwell::AddressSpace;
use inkwell::IntPredicate;

use crate::abi::layout::{STRING_CHARS_OFFSET, STRING_LENGTH_OFFSET};
use crate::abi::libcalls::ThrowKind;
use crate::codegen::lower::{err, Lower, R};
use crate::interp::code::S;
use crate::types::method::Method;

/// The LLVM intrinsic implementing `System.Math::<name>(double)`, if any.
fn math_intrinsic(name: &str) -> Option<&'static str> {
    Some(match name {
        "Sqrt" => "llvm.sqrt",
        "Floor" => "llvm.floor",
        "Ceiling" => "llvm.ceil",
        _ => return None,
    })
}

impl<'a, 'ctx> Lower<'a, 'ctx> {
    /// Expands internal call `m` on the arguments at `a0` when it is one of
    /// the intrinsics; false when it must be called.
    pub(super) fn intrinsic(&self, m: &'static Method, a0: S, il: u32) -> R<bool> {
        if !m.class.is_corlib() || m.class.namespace != "System" {
            return Ok(false);
        }
        let sig = m.sig().map_err(|e| err(e.message()))?;
        match (m.class.name.as_str(), m.name) {
            ("String", "get_Chars") => {
                let s = self.null_check(a0, il)?;
                let idx = self.b.build_int_truncate(self.ld(a0 + 1)?, self.i32t(), "").map_err(err)?;
                let len = self.load_at(s, STRING_LENGTH_OFFSET, self.i32t().into())?.into_int_value();
                let out = self.b.build_int_compare(IntPredicate::UGE, idx, len, "").map_err(err)?;
                self.throw_if(out, ThrowKind::IndexOutOfRange, il)?;
                let idx = self.b.build_int_z_extend(idx, self.i64t(), "").map_err(err)?;
                let off = self.b.build_int_mul(idx, self.ci(2), "").map_err(err)?;
                let at = self.b.build_int_add(s, off, "").map_err(err)?;
                let c = self.load_at(at, STRING_CHARS_OFFSET, self.ctx().i16_type().into())?.into_int_value();
                self.st(a0, self.b.build_int_z_extend(c, self.i64t(), "").map_err(err)?)?;
                Ok(true)
            }
            ("Math", name) if sig.params.len() == 1 && sig.params[0].is("System", "Double") => {
                let Some(intrinsic) = math_intrinsic(name) else { return Ok(false) };
                let f64t = self.ctx().f64_type();
                let f = Intrinsic::find(intrinsic)
                    .and_then(|i| i.get_declaration(&self.u.module, &[f64t.into()]))
                    .ok_or_else(|| err(format!("no LLVM intrinsic {intrinsic}")))?;
                let x = self.b.build_bit_cast(self.ld(a0)?, f64t, "").map_err(err)?;
                let args: [BasicMetadataValueEnum<'ctx>; 1] = [x.into()];
                let r = self.b.build_call(f, &args, "").map_err(err)?;
                let r = r.try_as_basic_value().left().ok_or_else(|| err("intrinsic result"))?;
                self.st(a0, self.b.build_bit_cast(r, self.i64t(), "").map_err(err)?.into_int_value())?;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Loads a `ty` at `base + off`.
    fn load_at(
        &self,
        base: inkwell::values::IntValue<'ctx>,
        off: usize,
        ty: BasicTypeEnum<'ctx>,
    ) -> R<inkwell::values::BasicValueEnum<'ctx>> {
        let a = self.b.build_int_add(base, self.ci(off as i64), "").map_err(err)?;
        let p = self.b.build_int_to_ptr(a, ty.ptr_type(AddressSpace::default()), "").map_err(err)?;
        self.b.build_load(p, "").map_err(err)
    }
}
