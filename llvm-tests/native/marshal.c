/* Native side of llvm-tests/interop/marshal_*.cs: each function checks or
 * transforms what the marshaller gave it, so the C# side can print what
 * crossed. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Strings in. */
int utf8_length(const char *s) { return s ? (int)strlen(s) : -1; }
int utf8_sum(const char *s)
{
    int sum = 0;
    for (; s && *s; s++)
        sum = sum * 31 + (unsigned char)*s;
    return sum;
}
int utf16_length(const uint16_t *s)
{
    int n = 0;
    if (!s)
        return -1;
    while (s[n])
        n++;
    return n;
}
int utf16_sum(const uint16_t *s)
{
    int sum = 0;
    for (; s && *s; s++)
        sum = sum * 31 + *s;
    return sum;
}
int concat_length(const char *a, const uint16_t *b, const char *c)
{
    return utf8_length(a) * 10000 + utf16_length(b) * 100 + utf8_length(c);
}

/* Scalars through out and ref. */
void div_mod(int a, int b, int *q, int *r)
{
    *q = a / b;
    *r = a % b;
}
void scale(double *x, double k) { *x *= k; }
void bump_all(int8_t *a, int16_t *b, int64_t *c, float *d)
{
    *a += 1;
    *b += 1;
    *c += 1;
    *d += 1.5f;
}
short neg_short(short x) { return -x; }
unsigned char low_byte(int x) { return (unsigned char)x; }
signed char as_signed_char(int x) { return (signed char)x; }
unsigned short as_ushort(int x) { return (unsigned short)x; }
uint16_t next_char(uint16_t c) { return c + 1; }

/* Structs through pointers and by value. */
struct point { int x, y; };
struct rect { struct point lo, hi; };
struct mixed { double d; int i; float f; };
struct floats3 { float a, b, c; };
struct big { int64_t a, b, c; int32_t d; };
struct bytes3 { uint8_t a, b, c; };

void make_rect(int x, int y, int w, int h, struct rect *out)
{
    out->lo.x = x;
    out->lo.y = y;
    out->hi.x = x + w;
    out->hi.y = y + h;
}
int rect_area(const struct rect *r) { return (r->hi.x - r->lo.x) * (r->hi.y - r->lo.y); }
struct point point_add(struct point a, struct point b)
{
    struct point p = {a.x + b.x, a.y + b.y};
    return p;
}
struct rect rect_grow(struct rect r, int by)
{
    r.lo.x -= by;
    r.lo.y -= by;
    r.hi.x += by;
    r.hi.y += by;
    return r;
}
double mixed_sum(struct mixed m) { return m.d + m.i + m.f; }
struct mixed mixed_make(double d, int i, float f)
{
    struct mixed m = {d, i, f};
    return m;
}
struct floats3 floats3_scale(struct floats3 v, float k)
{
    v.a *= k;
    v.b *= k;
    v.c *= k;
    return v;
}
int64_t big_sum(struct big b) { return b.a + b.b + b.c + b.d; }
struct big big_make(int64_t seed)
{
    struct big b = {seed, seed * 2, seed * 3, (int32_t)(seed * 4)};
    return b;
}
int bytes3_sum(struct bytes3 b, int extra) { return b.a + b.b * 10 + b.c * 100 + extra; }
/* Many arguments: the registers run out and structs go on the stack. */
int64_t many(int a, int b, int c, int d, struct point p, struct point q, int e, struct big g)
{
    return a + b + c + d + p.x + p.y + q.x + q.y + e + g.a + g.b + g.c + g.d;
}

/* Booleans: 4-byte Win32 BOOL by default, 1 byte with MarshalAs(U1). */
int bool_to_int(int b) { return b; }
int bool1_to_int(uint8_t b) { return b; }
int is_positive(int x) { return x > 0 ? 7 : 0; }
uint8_t is_even1(int x) { return x % 2 == 0 ? 3 : 0; }
void negate_bool(int *b) { *b = !*b; }

/* Handles: a table of counters opened and closed by number. */
static int counters[16];
static int open_count;
int64_t counter_open(int start)
{
    for (int i = 1; i < 16; i++)
        if (counters[i] == 0) {
            counters[i] = start + 1;
            open_count++;
            return i;
        }
    return -1;
}
int counter_next(int64_t h) { return h > 0 && h < 16 && counters[h] ? counters[h]++ - 1 : -1; }
int counter_close(int64_t h)
{
    if (h <= 0 || h >= 16 || !counters[h])
        return 0;
    counters[h] = 0;
    open_count--;
    return 1;
}
int counters_open(void) { return open_count; }

/* errno for SetLastError. */
int fail_with(int code)
{
    errno = code;
    return -1;
}
int succeed(void) { return 0; }
