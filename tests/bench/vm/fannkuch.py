"""fannkuch: for every permutation of 1..N, count the prefix reversals
("pancake flips") until 1 comes first; report the maximum and a signed
checksum (list indexing, slicing, swaps).

Size: N, the permutation length (the whole count is done five times, so
that the default N=8 takes about as long as the other programs).
"""

import sys


def fannkuch(n):
    perm = list(range(n))
    count = [0] * n
    max_flips = 0
    checksum = 0
    sign = 1
    permutations = 0
    r = n
    while True:
        while r > 1:
            count[r - 1] = r
            r -= 1
        # count the flips of this permutation on a copy
        p = perm[:]
        flips = 0
        first = p[0]
        while first:
            # reverse the first first+1 items
            i, j = 0, first
            while i < j:
                p[i], p[j] = p[j], p[i]
                i += 1
                j -= 1
            flips += 1
            first = p[0]
        if flips > max_flips:
            max_flips = flips
        checksum += sign * flips
        sign = -sign
        permutations += 1
        # next permutation in the counting order: rotate prefixes
        while True:
            if r == n:
                return max_flips, checksum, permutations
            head = perm[0]
            for i in range(r):
                perm[i] = perm[i + 1]
            perm[r] = head
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1


def main(n, rounds=5):
    for _ in range(rounds):
        max_flips, checksum, permutations = fannkuch(n)
    print("fannkuch(%d): %d permutations, max flips %d" % (n, permutations, max_flips))
    print("result fannkuch n=%d max=%d checksum=%d" % (n, max_flips, checksum))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8)
