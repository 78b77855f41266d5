/* Native side of llvm-tests/interop/native_icalls.cs: registers internal
 * calls with the host runtime as Mono's System.Native shim does, through
 * the functions its host exports (mono, monoxide). */
#include <errno.h>

void mono_add_internal_call_with_flags(const char *name, const void *method, int cooperative);
void mono_marshal_set_last_error(void);
void *mono_threads_enter_gc_safe_region_internal(void *stackdata);
void mono_threads_exit_gc_safe_region_internal(void *cookie, void *stackdata);

static int twice(int x) { return 2 * x; }

static long long add_scaled(long long a, int b, double k) { return a + (long long)(b * k); }

/* Fails with `code` as errno, kept as the last error the way the shim's
 * own internal calls keep it, inside a GC-safe region. */
static int fail_in_region(int code)
{
    struct { void *sp; const char *fn; } data = { &data, __func__ };
    void *cookie = mono_threads_enter_gc_safe_region_internal(&data);
    errno = code;
    mono_marshal_set_last_error();
    mono_threads_exit_gc_safe_region_internal(cookie, &data);
    return -1;
}

void register_icalls(void)
{
    mono_add_internal_call_with_flags("Icalls::Twice", (const void *)twice, 1);
    mono_add_internal_call_with_flags("Icalls::AddScaled", (const void *)add_scaled, 1);
    mono_add_internal_call_with_flags("Icalls::FailInRegion", (const void *)fail_in_region, 1);
}
