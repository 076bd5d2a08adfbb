"""fib: naive doubly recursive Fibonacci (calls, int add, compares).

Size: n, the Fibonacci index of the recursive call tree.
"""

import sys


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fib_iterative(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def main(n):
    result = fib(n)
    check = fib_iterative(n)
    big = fib_iterative(n * 20)                # a few big-int additions as a cross-check
    print("fib(%d) = %d" % (n, result))
    print("fib(%d) digits %d, mod 1000003 = %d" % (n * 20, len(str(big)), big % 1000003))
    print("result fib n=%d ok=%s value=%d" % (n, result == check, result))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 33)
