//! Compiles the runtime's C part (runtime/native).

fn main() {
    println!("cargo:rustc-link-lib=gc");
    println!("cargo:rerun-if-changed=runtime/native");
    cc::Build::new().files(["runtime/native/thread_state.c", "runtime/native/mono_embed.c"]).compile("monoxide_native");
    // Images loaded at run time refer to mx_pending (see thread_state.c),
    // Mono's libmono-native.so to the functions of mono_embed.c: every
    // executable that may load them (the CLI, the fuzzer's fork server)
    // exports them.
    for symbol in [
        "mx_pending",
        "mono_add_internal_call_with_flags",
        "mono_marshal_set_last_error",
        "mono_threads_enter_gc_safe_region_internal",
        "mono_threads_exit_gc_safe_region_internal",
    ] {
        println!("cargo:rustc-link-arg=-Wl,--export-dynamic-symbol={symbol}");
    }
}
