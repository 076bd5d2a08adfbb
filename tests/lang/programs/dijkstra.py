# Dijkstra with a hand-written binary heap
def push(h, item):
    h.append(item)
    i = len(h) - 1
    while i and h[(i - 1) // 2] > h[i]:
        h[i], h[(i - 1) // 2] = h[(i - 1) // 2], h[i]
        i = (i - 1) // 2
def pop(h):
    top = h[0]
    last = h.pop()
    if h:
        h[0] = last
        i = 0
        while True:
            l, r, s = 2 * i + 1, 2 * i + 2, i
            if l < len(h) and h[l] < h[s]: s = l
            if r < len(h) and h[r] < h[s]: s = r
            if s == i: break
            h[i], h[s] = h[s], h[i]
            i = s
    return top
edges = {"A": {"B": 7, "C": 9, "F": 14}, "B": {"A": 7, "C": 10, "D": 15}, "C": {"A": 9, "B": 10, "D": 11, "F": 2},
         "D": {"B": 15, "C": 11, "E": 6}, "E": {"D": 6, "F": 9}, "F": {"A": 14, "C": 2, "E": 9}}
dist, prev, h = {"A": 0}, {}, [(0, "A")]
while h:
    d, n = pop(h)
    if d > dist[n]:
        continue
    for m, w in edges[n].items():
        if d + w < dist.get(m, 10 ** 9):
            dist[m] = d + w
            prev[m] = n
            push(h, (d + w, m))
print(sorted(dist.items()))
path, n = [], "E"
while n != "A":
    path.append(n)
    n = prev[n]
print("->".join(["A"] + path[::-1]))
