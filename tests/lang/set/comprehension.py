# set comprehensions and dedup
words = "the cat and the hat and the bat".split()
print(sorted({w for w in words}), len({w for w in words}))
print(sorted({len(w) for w in words}), sorted({w[0] for w in words if len(w) == 3}))
print(sorted({x % 7 for x in range(100)}))
print(sorted({(a, b) for a in range(3) for b in range(3) if a < b}))
seen = set()
order = []
for w in words:
    if w not in seen:
        seen.add(w)
        order.append(w)
print(order)
primes = set(range(2, 50))
for i in range(2, 8):
    primes -= set(range(i * i, 50, i))
print(sorted(primes))
