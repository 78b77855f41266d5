//! Compiles the C# corlib (runtime/corlib) into mscorlib.dll with mcs (the
//! runtime embeds the result) and the runtime's C part (runtime/native).

use std::path::{Path, PathBuf};
use std::process::Command;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "cs") {
            out.push(p);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=runtime/corlib");
    println!("cargo:rustc-link-lib=gc");
    println!("cargo:rerun-if-changed=runtime/native");
    cc::Build::new().file("runtime/native/thread_state.c").compile("monoxide_native");
    // Images loaded at run time refer to it (see thread_state.c); every
    // executable that may load one (the CLI, the fuzzer's fork server) exports it.
    println!("cargo:rustc-link-arg=-Wl,--export-dynamic-symbol=mx_pending");
    // Mono's native shim (libmono-native.so) binds these at load time
    // (src/runtime/embedding.rs).
    for f in [
        "mono_add_internal_call_with_flags",
        "mono_marshal_set_last_error",
        "mono_threads_enter_gc_safe_region_internal",
        "mono_threads_exit_gc_safe_region_internal",
    ] {
        println!("cargo:rustc-link-arg=-Wl,--export-dynamic-symbol={f}");
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut files = Vec::new();
    sources(Path::new("runtime/corlib"), &mut files);
    files.sort();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let dll = out.join("mscorlib.dll");
    let status = Command::new("mcs")
        .args(["-nostdlib", "-target:library", "-unsafe", "-optimize+", "-nowarn:169,414,649,0618,0067,1718"])
        .arg(format!("-out:{}", dll.display()))
        .args(&files)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("mcs failed to compile the corlib ({s}); see the errors above"),
        Err(e) => panic!("cannot run mcs ({e}); run ci/deps to install mono-mcs"),
    }
}
