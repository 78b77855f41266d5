//! The layers of ARCHITECTURE.md, enforced: every `crate::` path in a
//! module must name a layer that module may use. A forbidden edge fails
//! the build's tests with the file, the line and the rule it breaks.

use std::path::{Path, PathBuf};

/// The top-level modules of the crate, each with the modules it must not
/// name. Absent modules (and `util`, `main`, `lib`) may name anything not
/// listed for them.
const FORBIDDEN: &[(&str, &[&str])] = &[
    ("util", &["abi", "metadata", "types", "interp", "codegen", "runtime", "cli"]),
    ("abi", &["metadata", "types", "interp", "codegen", "runtime", "cli"]),
    ("metadata", &["types", "interp", "codegen", "runtime", "cli"]),
    ("types", &["interp", "codegen", "cli"]),
    ("interp", &["codegen", "cli"]),
    ("runtime", &["codegen", "cli"]),
    ("codegen", &["cli"]),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file under src/ belongs to.
fn layer_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let first = rel.components().next().expect("a component").as_os_str().to_string_lossy().into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// The modules named by `crate::NAME` paths on `line` (not `$crate::`,
/// which a macro resolves where it expands).
fn named_modules(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = &rest[..at];
        let after = &rest[at + "crate::".len()..];
        let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if !before.ends_with('$') && !before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            out.push(name);
        }
        rest = after;
    }
    out
}

#[test]
fn every_crate_path_respects_the_layers() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 20, "found only {} files under src/", files.len());
    let mut broken = Vec::new();
    for f in &files {
        let layer = layer_of(&src, f);
        let Some((_, forbidden)) = FORBIDDEN.iter().find(|(l, _)| *l == layer) else { continue };
        let text = std::fs::read_to_string(f).expect("read source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for m in named_modules(code) {
                if forbidden.contains(&m.as_str()) {
                    broken.push(format!("{}:{}: {layer} must not use {m}: {}", f.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "forbidden edges between layers:\n{}", broken.join("\n"));
}

#[test]
fn the_checker_sees_paths() {
    assert_eq!(named_modules("use crate::runtime::rt;"), vec!["runtime"]);
    assert_eq!(
        named_modules("let x = crate::codegen::jit::X; y(crate::abi::image::CALLBACKS)"),
        vec!["codegen", "abi"]
    );
    assert!(named_modules("$crate::abi::layout::Slot").is_empty());
    assert!(named_modules("some_crate::codegen").is_empty());
}
