"""kernel/lib/format.c against Python's %-formatting, which follows C's
printf for the conversions the kernel supports."""

import random
import subprocess


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_cases(count=600, seed=7):
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        conv = rng.choice("diuxXoscp")
        flags = "".join(sorted(set(rng.choice(["", "-", "0", " ", "+"]) for _ in range(2))))
        width = rng.choice(["", "", str(rng.randint(1, 24))])
        precision = rng.choice(["", "", "." + str(rng.randint(0, 12))]) if conv != "c" else ""
        if conv in "di":
            value = rng.choice([0, 1, -1, rng.randint(-2**63, 2**63 - 1), rng.randint(-1000, 1000)])
            cases.append((f"%{flags}{width}{precision}ll{conv}", f"{value}LL" if value != -2**63 else "(-9223372036854775807LL-1)", value))
        elif conv in "uxXo":
            value = rng.choice([0, 1, 2**64 - 1, rng.randint(0, 2**64 - 1), rng.randint(0, 5000)])
            flags = flags.replace("+", "").replace(" ", "")
            cases.append((f"%{flags}{width}{precision}ll{conv}", f"{value}ULL", value))
        elif conv == "s":
            value = rng.choice(["", "a", "hello", "TensorOS kernel", "x" * 30])
            flags = flags.replace("0", "").replace("+", "").replace(" ", "")
            cases.append((f"%{flags}{width}{precision}s", c_string(value), value))
        elif conv == "c":
            value = rng.choice("az09!~")
            flags = flags.replace("0", "").replace("+", "").replace(" ", "")
            cases.append((f"%{flags}{width}c", f"'{value}'", value))
        else:
            value = rng.randint(0, 2**48)
            cases.append(("%p", f"(void *){value}ULL", value))
    return cases


def expected(fmt, value):
    if fmt == "%p":
        return "0x%016x" % value
    fmt = fmt.replace("ll", "")
    if "." in fmt and fmt[-1] in "diuxXo":
        # C ignores the 0 flag when an integer conversion has a precision; Python does not.
        flags_end = 1
        while fmt[flags_end] in "-0 +":
            flags_end += 1
        flags = fmt[1:flags_end].replace("0", "")
        fmt = "%" + flags + fmt[flags_end:]
        width_precision = fmt[1 + len(flags):-1]
        if value == 0 and width_precision.split(".")[1] in ("", "0"):
            # C: a zero with precision 0 prints no digits at all (only a sign, for d/i).
            sign = ("+" if "+" in flags else " " if " " in flags else "") if fmt[-1] in "di" else ""
            width = int(width_precision.split(".")[0] or 0)
            return sign.ljust(width) if "-" in flags else sign.rjust(width)
    return fmt % value


def test_snprintf_matches_c_semantics(build_host_program):
    cases = make_cases()
    lines = ['#include "lib/format.h"', "int write(int, const void *, unsigned long);",
             "static char buf[256];", "static void out(int n) { write(1, buf, n); write(1, \"\\n\", 1); }",
             "int main(void) {"]
    for fmt, c_value, _ in cases:
        lines.append(f"    out(snprintf(buf, sizeof buf, {c_string(fmt)}, {c_value}));")
    lines.append("    return 0; }")
    exe = build_host_program("format_test", ["kernel/lib/format.c"], "\n".join(lines))
    got = subprocess.run([exe], capture_output=True, text=True, check=True).stdout.split("\n")
    for i, (fmt, _, value) in enumerate(cases):
        assert got[i] == expected(fmt, value), f"case {i}: {fmt!r} with {value!r}"


def test_snprintf_truncates_and_counts(build_host_program):
    driver = r'''
#include "lib/format.h"
#include <stdio.h>
int main(void) {
    char small[8];
    int n = snprintf(small, sizeof small, "%s-%d", "abcdefgh", 42);
    printf("%d [%s]\n", n, small);
    n = snprintf(small, 1, "xyz");
    printf("%d [%s]\n", n, small);
    n = snprintf(NULL, 0, "%5d", 7);
    printf("%d\n", n);
    n = snprintf(small, sizeof small, "100%%");
    printf("%d [%s]\n", n, small);
    return 0;
}
'''
    exe = build_host_program("format_trunc", ["kernel/lib/format.c"], driver)
    out = subprocess.run([exe], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["11 [abcdefg]", "3 []", "5", "4 [100%]"]
