# sums and products whose float results are exactly determined
vals = [0.5, 0.25, 0.125, 1.0, 2.0, 1024.0]
print(sum(vals), sum(vals) * 2, vals[0] * vals[1] * vals[2])
p = 1.0
for v in vals:
    p *= v
print(p, 1.5 * 1.5, 0.1 * 10, 0.1 + 0.1 + 0.1, 3 * 0.1)
print(2.0 ** 52 + 0.5, 2.0 ** 53 + 1.0, 1e308 + 1e308, -1e308 - 1e308)
print([x / 8 for x in range(9)], [2.0 ** -k for k in range(0, 60, 10)])
