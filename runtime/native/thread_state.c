/* Per-thread state compiled code reads directly, without a libcall.
 * It is C because stable Rust cannot define an exported thread-local:
 * images reach it with an initial-exec TLS reference that the dynamic
 * loader resolves against the executable (build.rs exports the symbol).
 * runtime::thread sets it; its name is abi::image::PENDING. */

/* A copy of this thread's pending exception (non-null while one is
 * pending), which compiled code tests after calls that may leave one.
 * The collector does not scan it: the runtime's pending-exception cell,
 * a GC root, holds the same object. */
__thread void *mx_pending;

void mx_set_pending(void *exception) { mx_pending = exception; }
