# an LRU cache implemented with a dict and explicit ordering
class LRU:
    def __init__(self, cap):
        self.cap = cap
        self.data = {}
        self.hits = self.misses = 0
    def get(self, k):
        if k in self.data:
            v = self.data.pop(k)
            self.data[k] = v
            self.hits += 1
            return v
        self.misses += 1
        return None
    def put(self, k, v):
        if k in self.data:
            self.data.pop(k)
        elif len(self.data) >= self.cap:
            oldest = next(iter(self.data))
            del self.data[oldest]
        self.data[k] = v
c = LRU(3)
for k in "abc":
    c.put(k, k.upper())
c.get("a")
c.put("d", "D")
print(list(c.data), c.get("b"), c.get("a"), c.hits, c.misses)
for i in range(10):
    if c.get(i % 4) is None:
        c.put(i % 4, i)
print(list(c.data.items()), c.hits, c.misses)
