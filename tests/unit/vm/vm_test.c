/* Test driver: reads commands from stdin, prints results computed by the
 * VM's C code; test_vm.py compares them with CPython. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "vm/obj.h"
#include "vm/gc.h"
#include "lib/math.h"

extern uint64_t shim_now_ns(void);
extern void shim_set_page_limit(size_t bytes);

static void put_value_str(value_t s)
{
    fwrite(str_data(s), 1, str_len(s), stdout);
}

/* prints repr(v) or the pending exception as "!Type: message" */
static void show(value_t v)
{
    if (!v) {
        value_t e = vm_take_exception();
        value_t msg = vm_str(e);
        printf("!%s: ", type_name_of(e));
        if (msg)
            put_value_str(msg);
        else
            vm_take_exception();
        putchar('\n');
        return;
    }
    value_t r = vm_repr(v);
    if (!r) {
        show(VALUE_NULL);
        return;
    }
    put_value_str(r);
    putchar('\n');
}

static double bits_to_double(const char *hex)
{
    uint64_t b = strtoull(hex, 0, 16);
    double d;
    memcpy(&d, &b, 8);
    return d;
}

static uint64_t double_bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    return b;
}

static char *chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

static value_t parse_int(const char *s) { return int_from_str(s, strlen(s), 10); }

static const struct { const char *name; int op; } binops[] = {
    {"+", OP_ADD}, {"-", OP_SUB}, {"*", OP_MUL}, {"//", OP_FLOORDIV}, {"%", OP_MOD}, {"**", OP_POW},
    {"<<", OP_LSHIFT}, {">>", OP_RSHIFT}, {"&", OP_AND}, {"|", OP_OR}, {"^", OP_XOR}, {"divmod", OP_DIVMOD},
    {"/", OP_TRUEDIV},
};

/* int OP a b [c] */
static void cmd_int(char *line)
{
    char *op = strtok(line, " "), *a = strtok(0, " "), *b = strtok(0, " "), *c = strtok(0, " ");
    if (!b)
        b = "";
    if (!strcmp(op, "frombytes") || !strcmp(op, "parse"))
        goto no_x;
    value_t x = parse_int(a);
    if (!strcmp(op, "str")) { show(x); return; }
    if (!strcmp(op, "hash")) { printf("%ld\n", (long)int_hash(x)); return; }
    if (!strcmp(op, "hex")) { show(int_to_str(x, 16, true)); return; }
    if (!strcmp(op, "bin")) { show(int_to_str(x, 2, true)); return; }
    if (!strcmp(op, "oct")) { show(int_to_str(x, 8, true)); return; }
    if (!strcmp(op, "b36")) { show(int_to_str(x, 36, false)); return; }
    if (!strcmp(op, "neg")) { show(vm_unary_op(UOP_NEG, x)); return; }
    if (!strcmp(op, "inv")) { show(vm_unary_op(UOP_INVERT, x)); return; }
    if (!strcmp(op, "abs")) { show(vm_unary_op(UOP_ABS, x)); return; }
    if (!strcmp(op, "float")) {
        bool o;
        double d = int_as_double(x, &o);
        if (o) printf("!OverflowError\n"); else printf("%016llx\n", (unsigned long long)double_bits(d));
        return;
    }
    if (!strcmp(op, "tobytes")) {
        value_t r = int_to_bytes(x, (size_t)atoi(b), c[0] == 'l', c[1] == 's');
        if (r) { printf("%s:", type_name_of(r)); for (size_t i = 0; i < str_len(r); i++) printf("%02x", (uint8_t)str_data(r)[i]); putchar('\n'); }
        else show(r);
        return;
    }
    value_t y;
no_x:
    if (!strcmp(op, "frombytes")) {
        /* a: hex string */
        uint8_t buf[256];
        size_t n = strlen(a) / 2;
        for (size_t i = 0; i < n; i++) { unsigned v; sscanf(a + 2 * i, "%2x", &v); buf[i] = (uint8_t)v; }
        show(int_from_bytes(buf, n, b[0] == 'l', b[1] == 's'));
        return;
    }
    if (!strcmp(op, "parse")) {
        /* parse <base> <text with \x20 for spaces> */
        static char text[1 << 16];
        size_t n = 0;
        for (const char *p = b; *p && n < sizeof text - 1; p++) {
            if (p[0] == '\\' && p[1] == 's') { text[n++] = ' '; p++; }
            else text[n++] = *p;
        }
        show(int_from_str(text, n, (unsigned)atoi(a)));
        return;
    }
    y = parse_int(b);
    if (!strcmp(op, "pow3")) { show(int_pow3(x, y, parse_int(c))); return; }
    if (!strcmp(op, "cmp")) { printf("%d\n", int_cmp(x, y)); return; }
    for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++) {
        if (!strcmp(op, binops[i].name)) {
            value_t r = vm_binary_op(binops[i].op, x, y);
            if (r && binops[i].op == OP_TRUEDIV && is_float(r))
                printf("%016llx\n", (unsigned long long)double_bits(float_value(r)));
            else
                show(r);
            return;
        }
    }
    printf("?? %s\n", op);
}

/* float repr: hexbits */
static void cmd_repr(char *line)
{
    char buf[64];
    float_repr_buf(bits_to_double(line), buf);
    puts(buf);
}

static void cmd_parse(char *line)
{
    double d;
    if (!float_parse(line, strlen(line), &d))
        puts("invalid");
    else
        printf("%016llx\n", (unsigned long long)double_bits(d));
}

/* fmt f:<hexbits>|i:<int>|s:<text> <TAB> spec */
static void cmd_fmt(char *line)
{
    char *tab = strchr(line, '\t');
    *tab = 0;
    char *spec = tab + 1;
    value_t v;
    if (line[0] == 'f')
        v = float_new(bits_to_double(line + 2));
    else if (line[0] == 'i')
        v = parse_int(line + 2);
    else
        v = str_new_cstr(line + 2);
    value_t r = vm_format(v, str_new_cstr(spec));
    if (!r) { show(r); return; }
    put_value_str(r);
    putchar('\n');
}

/* pct <fmt> <TAB> kind:value ... : printf-style with one or more args */
static void cmd_pct(char *line)
{
    char *tab = strchr(line, '\t');
    *tab = 0;
    value_t args[8];
    size_t n = 0;
    for (char *tok = strtok(tab + 1, "\t"); tok && n < 8; tok = strtok(0, "\t")) {
        if (tok[0] == 'f') args[n++] = float_new(bits_to_double(tok + 2));
        else if (tok[0] == 'i') args[n++] = parse_int(tok + 2);
        else args[n++] = str_new_cstr(tok + 2);
    }
    value_t t = tuple_from_array(args, n);
    value_t r = vm_binary_op(OP_MOD, str_new_cstr(line), t);
    if (!r) { show(r); return; }
    put_value_str(r);
    putchar('\n');
}

/* math fn hexbits [hexbits] -> hexbits */
static void cmd_math(char *line)
{
    char *fn = strtok(line, " "), *a = strtok(0, " "), *b = strtok(0, " ");
    double x = bits_to_double(a), y = b ? bits_to_double(b) : 0, r;
    static const struct { const char *n; double (*f)(double); } one[] = {
        {"sqrt", math_sqrt}, {"exp", math_exp}, {"expm1", math_expm1}, {"log", math_log}, {"log1p", math_log1p},
        {"log2", math_log2}, {"log10", math_log10}, {"sin", math_sin}, {"cos", math_cos}, {"tan", math_tan},
        {"asin", math_asin}, {"acos", math_acos}, {"atan", math_atan}, {"sinh", math_sinh}, {"cosh", math_cosh},
        {"tanh", math_tanh}, {"erf", math_erf}, {"erfc", math_erfc}, {"floor", math_floor}, {"ceil", math_ceil},
        {"trunc", math_trunc},
    };
    static const struct { const char *n; double (*f)(double, double); } two[] = {
        {"pow", math_pow}, {"atan2", math_atan2}, {"hypot", math_hypot}, {"fmod", math_fmod},
    };
    for (size_t i = 0; i < sizeof one / sizeof one[0]; i++)
        if (!strcmp(fn, one[i].n)) { r = one[i].f(x); goto out; }
    for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
        if (!strcmp(fn, two[i].n)) { r = two[i].f(x, y); goto out; }
    if (!strcmp(fn, "frexp")) { int e; r = math_frexp(x, &e); printf("%016llx %d\n", (unsigned long long)double_bits(r), e); return; }
    if (!strcmp(fn, "ldexp")) { r = math_ldexp(x, (int)strtol(b, 0, 10)); goto out; }
    printf("?? %s\n", fn);
    return;
out:
    printf("%016llx\n", (unsigned long long)double_bits(r));
}

/* float binary ops and hashes: fop OP hexbits hexbits */
static void cmd_fop(char *line)
{
    char *op = strtok(line, " "), *a = strtok(0, " "), *b = strtok(0, " ");
    value_t x = float_new(bits_to_double(a));
    if (!strcmp(op, "hash")) { printf("%ld\n", (long)float_hash(float_value(x))); return; }
    if (!strcmp(op, "round")) {
        extern value_t float_round(double x, value_t nd);
        value_t r = float_round(float_value(x), b[0] == 'N' ? VALUE_NULL : parse_int(b));
        if (r && is_float(r)) printf("%016llx\n", (unsigned long long)double_bits(float_value(r)));
        else show(r);
        return;
    }
    value_t y = b[0] == 'i' ? parse_int(b + 2) : float_new(bits_to_double(b));
    if (!strcmp(op, "cmp")) {
        for (int k = 0; k < 6; k++) {
            value_t r = vm_compare(x, y, k);
            printf("%c", r == VALUE_TRUE ? 'T' : 'F');
        }
        putchar('\n');
        return;
    }
    for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++) {
        if (!strcmp(op, binops[i].name)) {
            value_t r = vm_binary_op(binops[i].op, x, y);
            if (r && is_float(r))
                printf("%016llx\n", (unsigned long long)double_bits(float_value(r)));
            else if (r && type_of(r) == &type_tuple)
                printf("%016llx %016llx\n", (unsigned long long)double_bits(float_value(as_tuple(r)->items[0])),
                       (unsigned long long)double_bits(float_value(as_tuple(r)->items[1])));
            else
                show(r);
            return;
        }
    }
}

extern int gc_scenarios(void);
extern void gc_benchmark(size_t mib);
extern void object_scenarios(void);

int main(int argc, char **argv)
{
    if (!vm_init(__builtin_frame_address(0))) {
        fprintf(stderr, "vm_init failed\n");
        return 1;
    }
    gc_set_clock(shim_now_ns);
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "gcbench")) {
        gc_benchmark(argc > 2 ? (size_t)atoi(argv[2]) : 64);
        return 0;
    }
    if (!strcmp(mode, "gc"))
        return gc_scenarios();
    if (!strcmp(mode, "objects")) {
        object_scenarios();
        return 0;
    }
    static char line[1 << 16];
    while (fgets(line, sizeof line, stdin)) {
        chomp(line);
        if (!strcmp(mode, "int")) cmd_int(line);
        else if (!strcmp(mode, "repr")) cmd_repr(line);
        else if (!strcmp(mode, "parse")) cmd_parse(line);
        else if (!strcmp(mode, "fmt")) cmd_fmt(line);
        else if (!strcmp(mode, "pct")) cmd_pct(line);
        else if (!strcmp(mode, "math")) cmd_math(line);
        else if (!strcmp(mode, "fop")) cmd_fop(line);
        if (vm_error_pending()) {
            printf("!! leaked exception\n");
            vm_take_exception();
        }
        fflush(stdout);
    }
    return 0;
}
