# nested generator expressions
rows = ((r, c) for r in range(3) for c in range(r + 1))
print(list(rows))
matrix = [[1, 2], [3, 4], [5, 6]]
print(list(sum(row) for row in matrix), list(x for row in matrix for x in row if x % 2))
gen_of_gens = ((x * k for x in range(3)) for k in range(1, 4))
print([list(g) for g in gen_of_gens])
print(sum(sum(x for x in range(k)) for k in range(5)))
