# comprehensions with multiple for and if clauses
print([(x, y) for x in range(4) if x % 2 for y in range(x) if y != 1])
print([c for word in ["ab", "cd", "e"] for c in word if c != "c"])
print([i * j for i in range(1, 4) for j in range(1, 4) if i <= j])
triples = [(a, b, c) for c in range(1, 21) for b in range(1, c) for a in range(1, b) if a * a + b * b == c * c]
print(triples)
print([[y for y in range(x) if y % 2 == 0] for x in range(6) if x > 1])
