//! Native signatures: how a managed method's parameters and result travel
//! in compiled code and entry and out wrappers. Two methods with equal
//! `NativeSig`s share wrappers.

/// How a parameter or result travels in a native signature.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Abi {
    Int,
    Float,
    /// A value type of this many slots: a parameter travels as the address
    /// of its slots (the callee copies it in), a result through a leading
    /// buffer parameter (sret).
    Struct(u16),
}

impl Abi {
    /// Interpreter slots a value of this kind takes.
    pub fn slots(self) -> u16 {
        match self {
            Abi::Struct(n) => n,
            _ => 1,
        }
    }
}

/// A method's native signature: `this` first (a reference, or a pointer
/// for value types), then the CIL parameters; the hidden `arg` is always
/// appended.
pub struct NativeSig {
    pub params: Vec<Abi>,
    pub ret: Option<Abi>,
}

impl NativeSig {
    /// Frame slot of each parameter, counted from the first argument slot.
    pub fn offsets(&self) -> Vec<u16> {
        let mut at = 0;
        self.params
            .iter()
            .map(|a| {
                let o = at;
                at += a.slots();
                o
            })
            .collect()
    }
    /// Slots the arguments take in a frame.
    pub fn arg_slots(&self) -> usize {
        self.params.iter().map(|a| a.slots() as usize).sum()
    }
    /// Slots the result takes (0 for void).
    pub fn ret_slots(&self) -> usize {
        self.ret.map_or(0, |a| a.slots() as usize)
    }
    /// What signatures share wrappers by.
    pub fn key(&self) -> String {
        format!("{:?}{:?}", self.params, self.ret)
    }
    /// Whether the result travels through a leading buffer parameter.
    pub fn sret(&self) -> bool {
        matches!(self.ret, Some(Abi::Struct(_)))
    }
}
