"""nqueens: count the placements of N non-attacking queens by backtracking,
once with lists of flags and once with a generator of partial boards.

Size: N, the board side (the flag-based count is done twice).
"""

import sys


def count_with_flags(n):
    columns = [False] * n
    rising = [False] * (2 * n)       # row + column
    falling = [False] * (2 * n)      # row - column + n
    count = 0
    stack = [0]
    row = 0
    # Iterative backtracking: stack[row] is the next column to try on `row`.
    while row >= 0:
        col = stack[row]
        if col > 0:
            # undo the queen placed at col - 1 on this row
            prev = col - 1
            columns[prev] = False
            rising[row + prev] = False
            falling[row - prev + n] = False
        placed = False
        while col < n:
            if not columns[col] and not rising[row + col] and not falling[row - col + n]:
                placed = True
                break
            col += 1
        if not placed:
            stack.pop()
            row -= 1
            continue
        stack[row] = col + 1
        if row == n - 1:
            count += 1
            # try the next column on this same row after counting
            columns[col] = True
            rising[row + col] = True
            falling[row - col + n] = True
            continue
        columns[col] = True
        rising[row + col] = True
        falling[row - col + n] = True
        stack.append(0)
        row += 1
    return count


def solutions(n, queens):
    row = len(queens)
    if row == n:
        yield queens
        return
    for col in range(n):
        ok = True
        for r, c in enumerate(queens):
            if c == col or row - r == abs(col - c):
                ok = False
                break
        if ok:
            yield from solutions(n, queens + (col,))


def main(n, rounds=2):
    for _ in range(rounds):
        first = count_with_flags(n)
    checksum = 0
    second = 0
    for board in solutions(n, ()):
        second += 1
        weight = 0
        for c in board:
            weight = weight * n + c
        checksum = (checksum * 31 + weight) % 1000000007
    print("queens(%d): flags %d, generator %d" % (n, first, second))
    print("result nqueens n=%d count=%d checksum=%d" % (n, first if first == second else -1, checksum))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
