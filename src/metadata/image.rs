//! One loaded assembly: its bytes, decoded headers and per-token caches.

use std::path::PathBuf;
use std::sync::OnceLock;

use cildec::tables::{AssemblyRefRow, AssemblyRow, ManifestResourceRow, ModuleRow, TypeDefRow};
use cildec::{Metadata, PeImage, TableId};

use crate::metadata::error::LoadError;
use crate::util::Arena;

/// A loaded assembly. Lives as long as the runtime; classes, methods and
/// other per-image data are allocated from its arena.
pub struct Image {
    // `pe` and `md` borrow `bytes`: they are declared first so they drop first.
    pe: PeImage<'static>,
    md: Metadata<'static>,
    _bytes: Box<[u8]>,
    pub name: String,
    pub dir: Option<PathBuf>,
    pub mvid: [u8; 16],
    pub arena: Arena,
    /// One cell per TypeDef row for the type system's class of that row
    /// (a `types::Class` in this image's arena, as an address: metadata
    /// does not know classes).
    pub(crate) typedefs: Box<[OnceLock<usize>]>,
    pub(crate) assembly_refs: Box<[OnceLock<&'static Image>]>,
    /// (namespace, name, enclosing typedef rid or 0) -> typedef rid.
    type_index: OnceLock<std::collections::HashMap<(&'static str, &'static str, u32), u32>>,
}

fn bad(msg: impl std::fmt::Display) -> LoadError {
    LoadError::BadImage(msg.to_string())
}

impl Image {
    /// Parses `bytes` as a managed assembly. Any structural problem is a
    /// `BadImageFormatException` reason, never a panic.
    pub fn parse(bytes: Box<[u8]>, dir: Option<PathBuf>) -> Result<Image, LoadError> {
        // SAFETY: the slice points into `bytes`' heap allocation, which the
        // Image owns and never mutates or frees before `pe` and `md` (declared
        // earlier, dropped earlier). Moving the Box does not move its data.
        let data: &'static [u8] = unsafe { std::slice::from_raw_parts(bytes.as_ptr(), bytes.len()) };
        let pe = PeImage::parse(data).map_err(|e| bad(format!("not a valid PE image: {e}")))?;
        // A section whose file data runs past the end means a truncated file.
        for sec in pe.sections() {
            let end = sec.pointer_to_raw_data as u64 + sec.size_of_raw_data as u64;
            if end > data.len() as u64 {
                return Err(bad(format!(
                    "the file is truncated: section {} ends at byte {end} of {}",
                    sec.name().unwrap_or("?"),
                    data.len()
                )));
            }
        }
        let md = pe.metadata().map_err(|e| bad(format!("invalid CLI metadata: {e}")))?;
        let tables = md.tables();
        let name = match tables.iter::<AssemblyRow>().next() {
            Some((_, Ok(row))) => md.strings().str(row.name).map_err(bad)?.to_string(),
            Some((_, Err(e))) => return Err(bad(e)),
            None => return Err(bad("the module has no assembly manifest")),
        };
        let mvid = match tables.iter::<ModuleRow>().next() {
            Some((_, Ok(row))) => md.guids().get(row.mvid).map(|g| g.0).unwrap_or([0; 16]),
            _ => return Err(bad("missing Module table")),
        };
        let n = |t: TableId| tables.logical_row_count(t) as usize + 1;
        let typedefs = (0..n(TableId::TypeDef)).map(|_| OnceLock::new()).collect();
        let assembly_refs = (0..n(TableId::AssemblyRef)).map(|_| OnceLock::new()).collect();
        Ok(Image {
            pe,
            md,
            _bytes: bytes,
            name,
            dir,
            mvid,
            arena: Arena::new(),
            typedefs,
            assembly_refs,
            type_index: OnceLock::new(),
        })
    }

    pub fn md(&self) -> &Metadata<'static> {
        &self.md
    }

    pub fn pe(&self) -> &PeImage<'static> {
        &self.pe
    }

    pub fn str(&self, idx: cildec::StringIndex) -> Result<&'static str, LoadError> {
        self.md.strings().str(idx).map_err(bad)
    }

    pub fn blob(&self, idx: cildec::BlobIndex) -> Result<&'static [u8], LoadError> {
        self.md.blobs().get(idx).map_err(bad)
    }

    pub fn row<R: cildec::TableRow>(&self, rid: u32) -> Result<R, LoadError> {
        self.md.tables().row_indirect::<R>(rid).map_err(bad)
    }

    pub fn row_count(&self, t: TableId) -> u32 {
        self.md.tables().logical_row_count(t)
    }

    /// Finds a top-level (`enclosing` 0) or nested type definition.
    pub fn find_typedef(&self, namespace: &str, name: &str, enclosing: u32) -> Option<u32> {
        let index = self.type_index.get_or_init(|| {
            let tables = self.md.tables();
            let strings = self.md.strings();
            let mut map = std::collections::HashMap::new();
            for (rid, row) in tables.iter::<TypeDefRow>() {
                let Ok(row) = row else { continue };
                let enc = tables.enclosing_type(cildec::Rid::new(rid)).ok().flatten().map_or(0, |r| r.get());
                let ns = if enc != 0 { "" } else { strings.str_opt(row.type_namespace).unwrap_or("") };
                let name = strings.str_opt(row.type_name).unwrap_or("");
                map.insert((ns, name, enc), rid);
            }
            map
        });
        let ns = if enclosing != 0 { "" } else { namespace };
        index.get(&(ns, name, enclosing)).copied()
    }

    /// The bytes of embedded manifest resource `name` (II.24.2.4: a length
    /// then the data, at the row's offset in the resources directory);
    /// None when there is none or it lies outside the file.
    pub fn manifest_resource(&self, name: &str) -> Option<&'static [u8]> {
        let dir = self.pe.cli_header().ok()?.resources;
        let base = self.pe.rva_to_offset(dir.rva)?;
        let bytes = self.pe.bytes();
        let tables = self.md.tables();
        let row = tables.iter::<ManifestResourceRow>().find_map(|(_, row)| {
            let row = row.ok()?;
            let embedded = row.implementation.rid() == 0;
            (embedded && self.md.strings().str_opt(row.name) == Some(name)).then_some(row)
        })?;
        let at = base.checked_add(row.offset as usize)?;
        let len = u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?) as usize;
        bytes.get(at + 4..(at + 4).checked_add(len)?)
    }

    pub fn assembly_ref_name(&self, rid: u32) -> Result<&'static str, LoadError> {
        let row: AssemblyRefRow = self.row(rid)?;
        self.str(row.name)
    }

    /// The user string at `offset`, as UTF-16 code units.
    pub fn user_string(&self, offset: u32) -> Result<Vec<u16>, LoadError> {
        let s = self.md.user_strings().get_at(offset).map_err(bad)?;
        Ok(s.code_units().collect())
    }
}
