//! Internal calls of Files.

use crate::abi::layout::Slot;
use crate::runtime::exception::{self, Thrown};
use crate::runtime::object::string_to_rust;

use super::*;

pub(super) const ENTRIES: &[(&str, Icall)] = &[
    ("System.IO.File::InternalReadAllText", file_read),
    ("System.IO.File::InternalWriteAllText", file_write),
    ("System.IO.File::InternalExists", |fp| {
        let p = string_to_rust(ao(fp, 0));
        ret(fp, std::path::Path::new(&p).is_file() as Slot)
    }),
];

fn file_read(fp: *mut Slot) -> Result<(), Thrown> {
    let p = string_to_rust(non_null(ao(fp, 0))?);
    match std::fs::read(&p) {
        Ok(b) => ret_str(fp, &String::from_utf8_lossy(&b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(exception::throw_msg("System.IO", "FileNotFoundException", &format!("Could not find file \"{p}\"")))
        }
        Err(e) => Err(exception::throw_msg("System.IO", "IOException", &e.to_string())),
    }
}

fn file_write(fp: *mut Slot) -> Result<(), Thrown> {
    let p = string_to_rust(non_null(ao(fp, 0))?);
    let text = string_to_rust(ao(fp, 1));
    std::fs::write(&p, text).map_err(|e| exception::throw_msg("System.IO", "IOException", &e.to_string()))
}
