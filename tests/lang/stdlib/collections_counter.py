# counting patterns
text = "one two three two three three"
counts = {}
for w in text.split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
from collections import Counter, defaultdict, OrderedDict
c = Counter(text.split())
print(c.most_common(2), c["two"], c["zzz"], sorted(c.elements()))
dd = defaultdict(list)
for i, w in enumerate(text.split()):
    dd[w].append(i)
print(dict(dd), dd["missing"], len(dd))
od = OrderedDict()
od["b"] = 1; od["a"] = 2
od.move_to_end("b")
print(list(od), od.popitem(last=False))
c2 = Counter("abracadabra")
print(sorted(c2.items()), c2.most_common(1))
