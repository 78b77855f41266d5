//! Dynamic methods (System.Reflection.Emit.DynamicMethod): each one's
//! memory in its own arena, freed when nothing can call it any more.
//!
//! A record is created at the first CreateDelegate or Invoke: its arena
//! holds the method, its IL and token table (the data items), the
//! transformed code with its exception clauses and call-site caches, and its
//! function descriptor (the entry every delegate to it uses). The record is
//! verified (transformed) before it is published, so bad IL raises
//! InvalidProgramException there and the rejected arena is dropped at once.
//!
//! Each memory manager (one per image that hosts dynamic methods) maps the
//! DynamicMethod object to its record and the entry descriptor to the
//! DynamicMethod object. The DynamicMethod's finalizer frees the record:
//! the keys go first, then the arena (Mono's DynamicMethod has none: the
//! runtime registers one, `icalls/emit.rs`). Delegates to the method keep
//! the DynamicMethod reachable (`Delegate._methodBase`, Mono's
//! `method_info`), so the finalizer runs only when the object and every
//! delegate to it are unreachable; the token table's objects (strings the
//! code loads by address) are held by the DynamicMethod (its generator, or
//! Mono's `refs`) as long as the code exists. Both corlibs build records
//! through [`create`].

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use cildec::Token;
use dashmap::mapref::entry::Entry;
use dashmap::DashMap;

use crate::interp::code::CallSig;
use crate::interp::exec;
use crate::metadata::error::{invalid_program, LoadError};
use crate::metadata::Image;
use crate::runtime::exception::Thrown;
use crate::runtime::{gc, rt};
use crate::types::class::{ClassRef, Field};
use crate::types::method::{Method, Sig};
use crate::util::Arena;

/// Token tables of the IL the corlib's ILGenerator writes (top byte).
pub const TOK_TYPE: u8 = 0x02;
const TOK_FIELD: u8 = 0x04;
const TOK_METHOD: u8 = 0x06;
pub const TOK_SIG: u8 = 0x11;
const TOK_STRING: u8 = 0x70;

/// One entry of a dynamic method's token table.
pub enum Tok {
    Type(ClassRef),
    Method(&'static Method),
    /// The dynamic method itself (recursive calls).
    This,
    Field(ClassRef, &'static Field),
    /// A string object, kept alive by the DynamicMethod's generator.
    Str(*mut u8),
    /// A `calli` signature.
    Sig(&'static CallSig),
}

impl Tok {
    /// The metadata table a token naming this entry carries in its top byte.
    pub fn table(&self) -> u8 {
        match self {
            Tok::Type(_) => TOK_TYPE,
            Tok::Method(_) | Tok::This => TOK_METHOD,
            Tok::Field(..) => TOK_FIELD,
            Tok::Str(_) => TOK_STRING,
            Tok::Sig(_) => TOK_SIG,
        }
    }
}

/// What the transform reads instead of metadata for a dynamic method.
pub struct DynBody {
    /// A fat method body (header, code, exception section).
    pub body: &'static [u8],
    pub tokens: &'static [Tok],
    pub locals: &'static [ClassRef],
    /// The record's arena: everything of this method is allocated here.
    pub arena: &'static Arena,
}

// SAFETY: the table is immutable once built; the string pointers it holds
// are only read (their objects stay alive as explained in the module doc).
unsafe impl Sync for DynBody {}
// SAFETY: as above.
unsafe impl Send for DynBody {}

impl DynBody {
    /// The entry `tok` names, if it exists and belongs to table `table`
    /// (anything else is the wrong token kind: InvalidProgramException).
    pub fn token(&self, tok: Token, table: u8) -> Result<&Tok, LoadError> {
        let ok = (tok.0 >> 24) as u8 == table;
        let i = (tok.0 & 0x00ff_ffff) as usize;
        match self.tokens.get(i.wrapping_sub(1)) {
            Some(t) if ok => Ok(t),
            _ => Err(invalid_program(format!("bad token 0x{:08x} in a dynamic method", tok.0))),
        }
    }

    pub fn type_token(&self, tok: Token) -> Result<ClassRef, LoadError> {
        match self.token(tok, TOK_TYPE)? {
            Tok::Type(c) => Ok(c),
            _ => Err(invalid_program("token is not a type")),
        }
    }

    /// The method `tok` names; `this` is the dynamic method being transformed.
    pub fn method_token(&self, tok: Token, this: &'static Method) -> Result<&'static Method, LoadError> {
        match self.token(tok, TOK_METHOD)? {
            Tok::Method(m) => Ok(m),
            Tok::This => Ok(this),
            _ => Err(invalid_program("token is not a method")),
        }
    }

    pub fn field_token(&self, tok: Token) -> Result<(ClassRef, &'static Field), LoadError> {
        match self.token(tok, TOK_FIELD)? {
            Tok::Field(c, f) => Ok((c, f)),
            _ => Err(invalid_program("token is not a field")),
        }
    }

    pub fn sig_token(&self, tok: Token) -> Result<&'static CallSig, LoadError> {
        match self.token(tok, TOK_SIG)? {
            Tok::Sig(s) => Ok(s),
            _ => Err(invalid_program("token is not a signature")),
        }
    }

    pub fn string_token(&self, tok: Token) -> Result<*mut u8, LoadError> {
        match self.token(tok, TOK_STRING)? {
            Tok::Str(s) => Ok(*s),
            _ => Err(invalid_program("token is not a string")),
        }
    }
}

/// A published dynamic method: its arena and the method allocated in it.
struct Record {
    method: &'static Method,
    /// Arena bytes when published (what the statistics count).
    bytes: usize,
    /// Boxed so that `&'static` references into it stay valid while the
    /// record moves between maps; dropped after the method (field order).
    arena: Box<Arena>,
}

impl Drop for Record {
    fn drop(&mut self) {
        // SAFETY: the method lives in `self.arena`, which is still alive;
        // its keys are gone and no delegate or DynamicMethod can reach it,
        // so this is the last use. Dropping it frees its signature and the
        // transform's result, which hold process-allocator memory.
        unsafe { std::ptr::drop_in_place(self.method as *const Method as *mut Method) }
    }
}

/// The dynamic methods of one image, with their memory statistics.
pub struct Manager {
    name: &'static str,
    /// DynamicMethod object -> its record.
    by_method: DashMap<usize, Record>,
    /// Entry descriptor -> DynamicMethod object.
    by_entry: DashMap<usize, usize>,
    /// Records whose DynamicMethod was finalized in the current batch of
    /// finalizers (see `finalizers_done`).
    finalized: Mutex<Vec<(Record, usize)>>,
    /// Records kept until their DynamicMethod is reclaimed: a program
    /// finalizer of the same batch may have brought it (or a delegate to it)
    /// back to life.
    condemned: Mutex<Vec<(Record, gc::LongWeakHandle)>>,
    /// Collection count at the last look at `condemned`.
    swept_at: AtomicUsize,
    live: AtomicUsize,
    peak: AtomicUsize,
    bytes: AtomicUsize,
    peak_bytes: AtomicUsize,
}

/// Every manager; managers live as long as the runtime (in its arena).
static MANAGERS: Mutex<Vec<(usize, &'static Manager)>> = Mutex::new(Vec::new());

fn manager(image: &'static Image) -> &'static Manager {
    let mut all = MANAGERS.lock().unwrap_or_else(|e| e.into_inner());
    let key = image as *const Image as usize;
    if let Some((_, m)) = all.iter().find(|(k, _)| *k == key) {
        return m;
    }
    let m: &'static Manager = rt().arena.alloc(Manager {
        name: image.name.as_str(),
        by_method: DashMap::new(),
        by_entry: DashMap::new(),
        live: AtomicUsize::new(0),
        finalized: Mutex::new(Vec::new()),
        condemned: Mutex::new(Vec::new()),
        swept_at: AtomicUsize::new(0),
        peak: AtomicUsize::new(0),
        bytes: AtomicUsize::new(0),
        peak_bytes: AtomicUsize::new(0),
    });
    all.push((key, m));
    m
}

fn managers() -> Vec<&'static Manager> {
    MANAGERS.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|(_, m)| *m).collect()
}

/// The DynamicMethod object whose method `desc` is the entry of, while its
/// record is live (delegates to the method reference it).
pub fn owner_of(desc: *const crate::abi::layout::FtnDesc) -> Option<*mut u8> {
    managers().iter().find_map(|m| m.by_entry.get(&(desc as usize)).map(|k| *k as *mut u8))
}

/// What a DynamicMethod gives for its record: a static method of
/// `owner` with a fat `body`, whose token table `tokens` makes in the
/// record's arena.
pub struct Source<'a, F: FnOnce(&'static Arena) -> Result<Vec<Tok>, Thrown>> {
    pub owner: ClassRef,
    pub name: &'a str,
    pub body: &'a [u8],
    pub tokens: F,
    pub sig: Sig,
    pub locals: &'a [ClassRef],
}

/// The method of DynamicMethod `key`:
/// built, verified and published at the first call, the published one
/// afterwards.
pub fn create<F: FnOnce(&'static Arena) -> Result<Vec<Tok>, Thrown>>(
    key: usize,
    src: Source<F>,
) -> Result<&'static Method, Thrown> {
    let mgr = manager(src.owner.image);
    mgr.sweep();
    if let Some(r) = mgr.by_method.get(&key) {
        return Ok(r.method);
    }
    let record = Record::build(src)?;
    Ok(mgr.publish(key, record))
}

impl Record {
    /// A verified record: bad IL is rejected here (InvalidProgramException)
    /// and the arena with everything built so far is dropped.
    fn build<F: FnOnce(&'static Arena) -> Result<Vec<Tok>, Thrown>>(src: Source<F>) -> Result<Record, Thrown> {
        let Source { owner, name, body, tokens, sig, locals } = src;
        let arena = Box::new(Arena::new());
        // SAFETY: the arena is boxed and owned by the record built below,
        // which outlives every user of what is allocated in it (module doc).
        let a: &'static Arena = unsafe { &*(&*arena as *const Arena) };
        let name = std::str::from_utf8(a.alloc_slice(name.as_bytes())).unwrap_or("");
        let tokens = tokens(a)?;
        let dyn_body = a.alloc(DynBody {
            body: a.alloc_slice(body),
            tokens: a.alloc_vec(tokens),
            locals: a.alloc_slice(locals),
            arena: a,
        });
        let method = Method::dynamic(owner, name, sig, dyn_body);
        let mut record = Record { method, bytes: 0, arena };
        exec::code_of(method)?;
        record.bytes = record.arena.allocated_bytes();
        Ok(record)
    }
}

impl Manager {
    /// Publishes `record` as the record of `key` and returns its method;
    /// when another thread published first, `record` is dropped and the
    /// winner's method returned.
    fn publish(&self, key: usize, record: Record) -> &'static Method {
        let (method, bytes) = (record.method, record.bytes);
        match self.by_method.entry(key) {
            Entry::Occupied(e) => e.get().method,
            Entry::Vacant(v) => {
                self.by_entry.insert(&method.desc as *const _ as usize, key);
                v.insert(record);
                let live = self.live.fetch_add(1, Ordering::AcqRel) + 1;
                self.peak.fetch_max(live, Ordering::AcqRel);
                let live_bytes = self.bytes.fetch_add(bytes, Ordering::AcqRel) + bytes;
                self.peak_bytes.fetch_max(live_bytes, Ordering::AcqRel);
                method
            }
        }
    }

    /// Unpublishes the record of `key` (its keys go first) and returns it.
    fn unpublish(&self, key: usize) -> Option<Record> {
        let (_, record) = self.by_method.remove(&key)?;
        self.by_entry.remove(&(&record.method.desc as *const _ as usize));
        Some(record)
    }

    /// Frees an unpublished record's memory.
    fn free(&self, record: Record) {
        self.live.fetch_sub(1, Ordering::AcqRel);
        self.bytes.fetch_sub(record.bytes, Ordering::AcqRel);
        drop(record);
    }

    /// Frees the condemned records whose DynamicMethod was reclaimed; links
    /// change only in collections, so once per collection is enough.
    fn sweep(&self) {
        let gc_no = gc::collection_count();
        if self.swept_at.swap(gc_no, Ordering::AcqRel) == gc_no {
            return;
        }
        let mut condemned = self.condemned.lock().unwrap_or_else(|e| e.into_inner());
        let (dead, kept): (Vec<_>, Vec<_>) = condemned.drain(..).partition(|(_, link)| link.is_cleared());
        *condemned = kept;
        drop(condemned);
        for (record, _) in dead {
            self.free(record);
        }
    }
}

/// DynamicMethod `key` was finalized: its record is unpublished, and
/// `finalizers_done` decides when to free it.
pub fn release(key: usize) {
    for m in managers() {
        if let Some(record) = m.unpublish(key) {
            m.finalized.lock().unwrap_or_else(|e| e.into_inner()).push((record, key));
        }
    }
}

/// A batch of finalizers ended. Without program finalizers in it, nothing
/// can have resurrected the dynamic methods it finalized: they are freed.
/// Otherwise they wait until their DynamicMethod is reclaimed.
pub fn finalizers_done(program_finalizer_ran: bool) {
    for m in managers() {
        let batch = std::mem::take(&mut *m.finalized.lock().unwrap_or_else(|e| e.into_inner()));
        for (record, key) in batch {
            if program_finalizer_ran {
                // The object is still valid: its finalizer just ran.
                let link = gc::LongWeakHandle::new(key as *mut u8);
                m.condemned.lock().unwrap_or_else(|e| e.into_inner()).push((record, link));
            } else {
                m.free(record);
            }
        }
        m.sweep();
    }
}

/// `--stats`: live and peak dynamic methods and arena bytes per manager.
pub fn print_stats() {
    for m in managers() {
        m.sweep();
        eprintln!(
            "dynamic methods [{}]: live {} peak {}, arena bytes live {} peak {}",
            m.name,
            m.live.load(Ordering::Acquire),
            m.peak.load(Ordering::Acquire),
            m.bytes.load(Ordering::Acquire),
            m.peak_bytes.load(Ordering::Acquire)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `int f(int x) { return x; }` as a tiny-format body.
    const IDENTITY: &[u8] = &[0x0a, 0x02, 0x2a];

    #[test]
    fn racing_first_creations_publish_one_record() {
        let _thread = crate::runtime::thread::attach();
        crate::runtime::init().expect("runtime");
        let int = rt().wk().int32;
        let mgr = manager(rt().corlib);
        let key = 0x1000usize;
        let sig = || Sig { has_this: false, params: vec![int], ret: int, generic_params: 0, vararg: false };
        let barrier = std::sync::Barrier::new(2);
        let winners: Vec<usize> = std::thread::scope(|s| {
            let racers: Vec<_> = (0..2)
                .map(|_| {
                    s.spawn(|| {
                        let src = Source {
                            owner: int,
                            name: "race",
                            body: IDENTITY,
                            tokens: |_| Ok(Vec::new()),
                            sig: sig(),
                            locals: &[],
                        };
                        let r = Record::build(src).ok().expect("valid IL");
                        barrier.wait();
                        mgr.publish(key, r) as *const Method as usize
                    })
                })
                .collect();
            racers.into_iter().map(|h| h.join().expect("racer")).collect()
        });
        assert_eq!(winners[0], winners[1]);
        assert_eq!(mgr.by_method.len(), 1);
        assert_eq!(mgr.live.load(Ordering::Acquire), 1);
        assert_eq!(owner_of(&mgr.by_method.get(&key).expect("published").method.desc), Some(key as *mut u8));
        mgr.free(mgr.unpublish(key).expect("published"));
        assert_eq!((mgr.live.load(Ordering::Acquire), mgr.bytes.load(Ordering::Acquire)), (0, 0));
        assert!(mgr.by_entry.is_empty());
    }

    #[test]
    fn bad_il_is_rejected_before_publication() {
        let _thread = crate::runtime::thread::attach();
        crate::runtime::init().expect("runtime");
        let int = rt().wk().int32;
        // `add` with one value on the stack.
        let r = Record::build(Source {
            owner: int,
            name: "bad",
            body: &[0x0e, 0x02, 0x58, 0x2a],
            tokens: |_| Ok(Vec::new()),
            sig: Sig { has_this: false, params: vec![int], ret: int, generic_params: 0, vararg: false },
            locals: &[],
        });
        assert!(r.is_err());
        crate::runtime::exception::take_pending();
    }
}
