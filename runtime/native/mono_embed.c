/* The four functions Mono's System.Native shim (libmono-native.so, which
 * Mono's class libraries P/Invoke for file-system work) imports from the
 * runtime that loads it; the dynamic loader resolves them against the
 * executable, which exports them (build.rs). Signatures as Mono declares
 * them (mono/metadata/icall-internals.h, marshal.h,
 * mono/utils/mono-threads-api.h). */

#include <errno.h>

/* Where registrations go: the runtime's internal-call table
 * (runtime::icalls::native), set before the first library is loaded. */
static void (*icall_sink)(const char *name, const void *method);

void mx_set_icall_sink(void (*sink)(const char *name, const void *method)) { icall_sink = sink; }

/* The shim registers native functions as internal calls (its init
 * functions, which managed code calls through P/Invoke). */
void mono_add_internal_call_with_flags(const char *name, const void *method, int cooperative)
{
    (void)cooperative;
    if (icall_sink)
        icall_sink(name, method);
}

/* The thread's last P/Invoke error (Marshal.GetLastWin32Error): stubs of
 * SetLastError methods store errno here right after the call, as does the
 * shim's own internal calls through mono_marshal_set_last_error. */
static __thread int last_error;

int *mx_last_error_cell(void) { return &last_error; }

void mono_marshal_set_last_error(void) { last_error = errno; }

/* Mono's cooperative suspend: native code announces it will not touch
 * managed objects. Boehm stops threads preemptively, wherever they are, so
 * there is nothing to record; the cookie is handed back unchanged. */
void *mono_threads_enter_gc_safe_region_internal(void *stackdata) { return stackdata; }

void mono_threads_exit_gc_safe_region_internal(void *cookie, void *stackdata)
{
    (void)cookie;
    (void)stackdata;
}
