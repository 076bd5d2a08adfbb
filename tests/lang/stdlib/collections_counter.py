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

# Operators with zero and negative counts on either side, and elements only one side has.
p = Counter(a=3, b=-1, c=0, d=2)
q = Counter(a=1, b=2, e=-4, f=5, c=-2)
for r in (p + q, p - q, q - p, p | q, q | p, p & q, q & p):
    print(sorted(r.items()))
print(Counter(a=1).__add__({"a": 1}))
