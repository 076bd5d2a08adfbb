/* Test driver scenarios: the collector under pressure, and object
 * behaviour printed as "name: repr" lines that test_vm.py checks against
 * CPython. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm/obj.h"
#include "vm/gc.h"

extern uint64_t shim_now_ns(void);
extern void shim_set_page_limit(size_t bytes);

#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d %s\n", __FILE__, __LINE__, #c); return 1; } } while (0)

static value_t S(const char *s) { return str_new_cstr(s); }
static value_t I(long i) { return int_from_i64(i); }

static void line(const char *name, value_t v)
{
    printf("%s: ", name);
    if (!v) {
        value_t e = vm_take_exception();
        value_t m = vm_str(e);
        printf("!%s: %.*s\n", type_name_of(e), m ? (int)str_len(m) : 0, m ? str_data(m) : "");
        return;
    }
    value_t r = vm_repr(v);
    printf("%.*s\n", (int)str_len(r), str_data(r));
}

static value_t call(value_t obj, const char *m, int n, ...)
{
    value_t args[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        args[i] = va_arg(ap, value_t);
    va_end(ap);
    return vm_call_method(obj, m, args, (size_t)n);
}

static value_t ints(int n, ...)
{
    value_t l = list_new(0);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        list_append(l, I(va_arg(ap, int)));
    va_end(ap);
    return l;
}

void object_scenarios(void)
{
    value_t s = set_new(&type_set);
    set_update(s, ints(11, 5, 3, 17, 9, 33, 1, 100, 8, 64, -1, 1000000));
    line("set1", s);
    for (int i = 0; i < 40; i++)
        set_add(s, I(i * 7));
    set_discard(s, I(21));
    set_discard(s, I(5));
    line("set2", s);
    value_t fs = set_new(&type_frozenset);
    set_update(fs, ints(3, 1, 2, 3));
    intptr_t h;
    vm_hash(fs, &h);
    line("fshash", I(h));
    value_t t = tuple_from_array((value_t[]){I(1), I(2), I(3)}, 3);
    vm_hash(t, &h);
    line("tuplehash", I(h));
    value_t t2 = tuple_from_array((value_t[]){I(-1), float_new(1.5), I(1LL << 62)}, 3);
    vm_hash(t2, &h);
    line("tuplehash2", I(h));
    line("tuple1", tuple_from_array((value_t[]){S("a")}, 1));

    value_t d = dict_new(0);
    for (int i = 0; i < 20; i++)
        dict_set(d, I(i * 3 % 7 + i), I(i));
    dict_delete(d, I(3));
    dict_set(d, S("x"), S("y"));
    dict_set(d, I(3), float_new(0.1));
    line("dict1", d);
    line("dictget", vm_getitem(d, S("nope")));
    line("dictkeys", call(d, "keys", 0));
    line("dictpop", call(d, "pop", 1, I(100)));

    value_t l = ints(10, 5, 2, 9, 1, 5, 6, -3, 100, 0, 7);
    list_sort(l, VALUE_NULL, false);
    line("sort1", l);
    list_sort(l, VALUE_NULL, true);
    line("sort2", l);
    value_t words = call(S("the quick  brown fox jumps over the lazy dog"), "split", 0);
    line("split1", words);
    list_sort(words, VALUE_NULL, false);
    line("sortwords", words);
    line("join", str_join(S("-"), words));
    line("split2", call(S("a,b,,c"), "split", 1, S(",")));
    line("rsplit", call(S("a,b,,c"), "rsplit", 2, S(","), I(1)));
    line("strip", call(S("  \t hi there \n"), "strip", 0));
    line("replace", call(S("aaaa"), "replace", 3, S("a"), S("bb"), I(3)));
    line("find", call(S("h\xc3\xa9llo w\xc3\xb6rld"), "find", 1, S("w")));
    line("upper", call(S("h\xc3\xa9llo"), "upper", 0));
    line("title", call(S("hello wORLD"), "title", 0));
    line("center", call(S("ab"), "center", 2, I(7), S("*")));
    line("zfill", call(S("-42"), "zfill", 1, I(6)));
    line("partition", call(S("k=v=w"), "partition", 1, S("=")));
    line("startswith", call(S("hello"), "startswith", 1, tuple_from_array((value_t[]){S("x"), S("he")}, 2)));
    line("format", call(S("{0}-{1!r}-{x:>5}|{:.3f}"), "format", 0));
    {
        value_t kw = tuple_from_array((value_t[]){S("x")}, 1);
        value_t args[] = {I(1), S("b"), S("k")};
        extern value_t str_format_args(value_t fmt, const value_t *args, size_t nargs, value_t kwnames);
        line("format2", str_format_args(S("{0}-{1!r}-{x:>5}|{0:+08.2f}"), args, 2, kw));
    }
    line("pct", vm_binary_op(OP_MOD, S("%5d|%-4s|%.2f|%x|%r|%%"),
                             tuple_from_array((value_t[]){I(42), S("ab"), float_new(3.14159), I(255), S("q")}, 5)));
    value_t str = S("h\xc3\xa9llo w\xc3\xb6rld");
    line("slice1", vm_getitem(str, slice_new(I(1), I(8), I(2))));
    line("slice2", vm_getitem(str, slice_new(VALUE_NONE, VALUE_NONE, I(-1))));
    line("index", vm_getitem(str, I(-4)));
    value_t big = list_new(0);
    for (int i = 0; i < 20; i++)
        list_append(big, I(i));
    line("lslice1", vm_getitem(big, slice_new(I(-3), I(2), I(-4))));
    vm_setitem(big, slice_new(I(2), I(18), I(3)), ints(6, -1, -2, -3, -4, -5, -6));
    line("lslice2", big);
    vm_delitem(big, slice_new(VALUE_NONE, VALUE_NONE, I(2)));
    line("lslice3", big);
    vm_setitem(big, slice_new(I(1), I(3), VALUE_NONE), ints(4, 7, 7, 7, 7));
    line("lslice4", big);
    line("range", vm_getitem(range_new(0, 100, 7), slice_new(I(2), I(-1), I(3))));
    line("rangelist", list_from_iterable(range_new(10, -10, -3)));
    line("bytes", bytes_new((const uint8_t *)"a'b\"\x00\xff\n", 7));
    value_t ba = bytearray_new((const uint8_t *)"hello", 5);
    call(ba, "append", 1, I(33));
    line("bytearray", ba);
    line("hex", call(bytes_new((const uint8_t *)"\x01\xab", 2), "hex", 0));
    line("frombytes", int_from_bytes((const uint8_t *)"\xff\xfe", 2, true, true));
    line("repr_str", S("it's \"q\"\n\t\\ \x7f \xc3\xa9 \xe2\x80\xa8"));
    line("zerodiv", vm_binary_op(OP_FLOORDIV, I(1), I(0)));
    line("typeerr", vm_binary_op(OP_ADD, I(1), S("a")));
    line("idx", vm_getitem(ints(1, 1), I(5)));
    line("nested", tuple_from_array((value_t[]){ints(2, 1, 2), d, S("x"), float_new(1e16), VALUE_NONE, VALUE_TRUE}, 6));
    value_t self_ref = list_new(0);
    list_append(self_ref, self_ref);
    line("selfref", self_ref);
    line("boolops", vm_binary_op(OP_AND, VALUE_TRUE, VALUE_FALSE));
    line("boolarith", vm_binary_op(OP_ADD, VALUE_TRUE, VALUE_TRUE));
    line("mixcmp", vm_compare(I(1), float_new(1.0), CMP_EQ));
    line("setcmp", vm_compare(s, fs, CMP_GT));
    line("strmul", vm_binary_op(OP_MUL, I(3), S("ab")));
    line("listmul", vm_binary_op(OP_MUL, ints(2, 1, 2), I(2)));
    line("setops", vm_binary_op(OP_XOR, fs, s));
    line("intnew", vm_call(obj_value(&type_int), (value_t[]){S(" -0x_1F "), I(0)}, 2, VALUE_NULL));
    line("floatnew", vm_call(obj_value(&type_float), (value_t[]){S("  1_000.5e-3 ")}, 1, VALUE_NULL));
    line("floatbad", vm_call(obj_value(&type_float), (value_t[]){S("1e")}, 1, VALUE_NULL));
}

/* ---- collector ---- */
int gc_scenarios(void)
{
    struct gc_stats st;
    gc_get_stats(&st);
    printf("init: heap=%zu used=%zu\n", st.heap_bytes, st.used_bytes);

    /* 0. the used size after a collection is exact: the live objects'
     * blocks, nothing more (the sweep counts it from the free runs). First,
     * before any garbage a stale stack word could keep alive. */
    gc_collect();
    size_t base = gc_mem_alloc();
    value_t floats = list_new(1000);
    CHECK(floats);
    for (long i = 0; i < 1000; i++)
        CHECK(as_list(floats)->items[i] = float_new((double)i));
    gc_collect();
    size_t expect = gc_block_bytes((void *)floats) + gc_block_bytes(as_list(floats)->items) + 1000 * 16;
    printf("used: %zu more bytes after collecting, %zu expected\n", gc_mem_alloc() - base, expect);
    CHECK(gc_mem_alloc() - base == expect);
    for (long i = 0; i < 1000; i++)
        CHECK(float_value(as_list(floats)->items[i]) == (double)i);
    floats = VALUE_NONE;

    /* 1. garbage churn with survivors */
    value_t keep = list_new(0);
    for (long i = 0; i < 300000; i++) {
        value_t t = tuple_from_array((value_t[]){I(i), float_new((double)i), S("garbage string")}, 3);
        CHECK(t);
        if (i % 1000 == 0)
            CHECK(list_append(keep, t));
    }
    for (long i = 0; i < 300; i++) {
        value_t t = as_list(keep)->items[i];
        CHECK(as_tuple(t)->items[0] == I(i * 1000));
        CHECK(float_value(as_tuple(t)->items[1]) == (double)(i * 1000));
        CHECK(str_equal(as_tuple(t)->items[2], S("garbage string")));
    }
    gc_collect();
    gc_get_stats(&st);
    printf("churn: heap=%zu used=%zu collections=%llu\n", st.heap_bytes, st.used_bytes,
           (unsigned long long)st.collections);
    CHECK(st.heap_bytes < ((size_t)16 << 20));

    /* 2. a deep chain: overflows the mark stack */
    value_t chain = VALUE_NONE;
    for (long i = 0; i < 200000; i++) {
        chain = tuple_from_array((value_t[]){I(i), chain}, 2);
        CHECK(chain);
    }
    gc_collect();
    long sum = 0, n = 0;
    for (value_t c = chain; c != VALUE_NONE; c = as_tuple(c)->items[1]) {
        sum += small_int_value(as_tuple(c)->items[0]);
        n++;
    }
    CHECK(n == 200000 && sum == 199999L * 200000 / 2);
    chain = VALUE_NONE;
    /* a wide list of small containers overflows the mark stack */
    value_t wide = list_new(0);
    for (long i = 0; i < 100000; i++)
        CHECK(list_append(wide, tuple_from_array((value_t[]){float_new((double)i), I(i)}, 2)));
    gc_collect();
    for (long i = 0; i < 100000; i++)
        CHECK(float_value(as_tuple(as_list(wide)->items[i])->items[0]) == (double)i);
    gc_get_stats(&st);
    printf("wide: overflows=%zu\n", st.mark_stack_overflows);
    CHECK(st.mark_stack_overflows > 0);
    wide = VALUE_NONE;

    /* 3. big objects, realloc growth */
    value_t l = list_new(0);
    for (long i = 0; i < 1000000; i++)
        CHECK(list_append(l, I(i)));
    gc_collect();
    for (long i = 0; i < 1000000; i += 9999)
        CHECK(as_list(l)->items[i] == I(i));
    l = VALUE_NONE;

    /* 4. objects the collector scans lie next to each other: tuples made
     * with a float and a str each follow one another 48 bytes apart (the
     * leaves take the other end of the bump region), instead of 112 bytes
     * apart interleaved with their leaves */
    gc_collect();
    value_t rows = list_new(2000);
    CHECK(rows);
    for (long i = 0; i < 2000; i++)
        CHECK(as_list(rows)->items[i] = tuple_from_array((value_t[]){I(i), float_new(i * 0.5), S("a leaf string")}, 3));
    long adjacent = 0;
    for (long i = 1; i < 2000; i++)
        adjacent += as_list(rows)->items[i] - as_list(rows)->items[i - 1] == 48;
    printf("layout: %ld of 1999 tuples right after the previous one\n", adjacent);
    CHECK(adjacent >= 1900);
    gc_collect();
    for (long i = 0; i < 2000; i++) {
        value_t t = as_list(rows)->items[i];
        CHECK(as_tuple(t)->items[0] == I(i) && float_value(as_tuple(t)->items[1]) == i * 0.5);
        CHECK(str_equal(as_tuple(t)->items[2], S("a leaf string")));
    }
    rows = VALUE_NONE;

    /* 5. MemoryError, then recovery */
    gc_collect();
    gc_get_stats(&st);
    gc_set_limit(st.heap_bytes + ((size_t)8 << 20));
    value_t hog = list_new(0);
    value_t r = VALUE_NONE;
    long count = 0;
    while (r) {
        str_obj_t *s = str_alloc(&type_str, 100000);
        r = s ? str_finish(s) : VALUE_NULL;
        if (r && !list_append(hog, r))
            r = VALUE_NULL;
        count++;
        CHECK(count < 100000);
    }
    value_t e = vm_take_exception();
    CHECK(e && type_of(e) == &type_MemoryError);
    printf("memoryerror after %ld strings of 100 KB\n", count);
    hog = VALUE_NONE;
    gc_collect();
    value_t again = list_new(1000);
    CHECK(again);
    gc_get_stats(&st);
    printf("recovered: heap=%zu used=%zu free=%zu\n", st.heap_bytes, st.used_bytes, st.free_bytes);
    printf("ok\n");
    return 0;
}

void gc_benchmark(size_t mib)
{
    size_t target = mib << 20;
    /* preallocate the heap in one arena so the figure is for one heap */
    value_t keep = list_new(0);
    size_t n = 0;
    value_t chunk = VALUE_NONE;
    while (gc_mem_alloc() < target * 9 / 10) {
        if (n % 1024 == 0) {
            chunk = list_new(0);
            list_append(keep, chunk);
        }
        value_t t = tuple_from_array((value_t[]){I((long)n), float_new((double)n), VALUE_NONE}, 3);
        list_append(chunk, t);
        n++;
    }
    struct gc_stats st;
    uint64_t best = ~0ull, total = 0;
    for (int i = 0; i < 5; i++) {
        gc_collect();
        gc_get_stats(&st);
        total += st.last_collect_ns;
        if (st.last_collect_ns < best)
            best = st.last_collect_ns;
    }
    printf("objects=%zu heap=%zu used=%zu best_ms=%.2f mean_ms=%.2f\n", n * 2, st.heap_bytes, st.used_bytes,
           best / 1e6, total / 5 / 1e6);
    /* the same heap, all garbage */
    keep = chunk = VALUE_NONE;
    uint64_t t0 = shim_now_ns();
    gc_collect();
    printf("garbage_collect_ms=%.2f used_after=%zu\n", (shim_now_ns() - t0) / 1e6, gc_mem_alloc());
}
