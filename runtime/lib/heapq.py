"""heapq: min-heaps on plain lists (CPython 3.11 API).

The sift routines follow the classic layout (heap[k] <= heap[2k+1], heap[2k+2])
and the same order of moves as CPython's, so the lists they leave behind are
element for element the ones CPython leaves: programs print heaps.
"""


def _sift_toward_root(heap, startpos, pos):
    # Move heap[pos] up until its parent is not larger (parents at >= startpos).
    item = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if item < parent:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = item


def _sift_toward_leaves(heap, pos):
    # Floyd's trick: walk the smaller child down to a leaf without comparing
    # against the item, then sift the item back up. Fewer comparisons on
    # average, and it fixes the final layout we must reproduce.
    endpos = len(heap)
    startpos = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < endpos:
        right = child + 1
        if right < endpos and not heap[child] < heap[right]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _sift_toward_root(heap, startpos, pos)


def heappush(heap, item):
    heap.append(item)
    _sift_toward_root(heap, 0, len(heap) - 1)


def heappop(heap):
    last = heap.pop()
    if heap:
        smallest = heap[0]
        heap[0] = last
        _sift_toward_leaves(heap, 0)
        return smallest
    return last


def heapreplace(heap, item):
    """Pop the smallest, then push item (the heap must not be empty)."""
    smallest = heap[0]
    heap[0] = item
    _sift_toward_leaves(heap, 0)
    return smallest


def heappushpop(heap, item):
    """Push item, then pop the smallest; faster than the two calls."""
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _sift_toward_leaves(heap, 0)
    return item


def heapify(x):
    n = len(x)
    for i in range(n // 2 - 1, -1, -1):
        _sift_toward_leaves(x, i)


# The max-heap helpers (for merge(reverse=True); CPython has them too) are the two
# sift routines with each comparison's operands swapped. They are copies on
# purpose: passing the comparison in would cost a call per comparison in
# the VM, on the hot path of every heap operation.

def _sift_toward_root_max(heap, startpos, pos):
    item = heap[pos]
    while pos > startpos:
        parentpos = (pos - 1) >> 1
        parent = heap[parentpos]
        if parent < item:
            heap[pos] = parent
            pos = parentpos
            continue
        break
    heap[pos] = item


def _sift_toward_leaves_max(heap, pos):
    endpos = len(heap)
    startpos = pos
    item = heap[pos]
    child = 2 * pos + 1
    while child < endpos:
        right = child + 1
        if right < endpos and not heap[right] < heap[child]:
            child = right
        heap[pos] = heap[child]
        pos = child
        child = 2 * pos + 1
    heap[pos] = item
    _sift_toward_root_max(heap, startpos, pos)


def _heappop_max(heap):
    last = heap.pop()
    if heap:
        largest = heap[0]
        heap[0] = last
        _sift_toward_leaves_max(heap, 0)
        return largest
    return last


def _heapify_max(x):
    for i in range(len(x) // 2 - 1, -1, -1):
        _sift_toward_leaves_max(x, i)


def _heapreplace_max(heap, item):
    largest = heap[0]
    heap[0] = item
    _sift_toward_leaves_max(heap, 0)
    return largest


def merge(*iterables, key=None, reverse=False):
    """Merge sorted inputs into one sorted stream (lazy, stable)."""
    # Entries are [value-or-key, input order, value, iterator]; the input
    # order breaks ties so earlier inputs come first, as in CPython.
    entries = []
    direction = -1 if reverse else 1
    order = 0
    for it in iterables:
        it = iter(it)
        for value in it:
            k = value if key is None else key(value)
            entries.append([k, order * direction, value, it])
            break
        order += 1
    if reverse:
        _heapify_max(entries)
        pop, replace = _heappop_max, _heapreplace_max
    else:
        heapify(entries)
        pop, replace = heappop, heapreplace
    while entries:
        entry = entries[0]
        yield entry[2]
        it = entry[3]
        advanced = False
        for value in it:
            entry[0] = value if key is None else key(value)
            entry[2] = value
            replace(entries, entry)
            advanced = True
            break
        if not advanced:
            pop(entries)


def nsmallest(n, iterable, key=None):
    """The n smallest items, as sorted(iterable, key=key)[:n] (CPython's contract)."""
    if n <= 0:
        return []
    return sorted(iterable, key=key)[:n]


def nlargest(n, iterable, key=None):
    """The n largest items, as sorted(iterable, key=key, reverse=True)[:n]."""
    if n <= 0:
        return []
    return sorted(iterable, key=key, reverse=True)[:n]
