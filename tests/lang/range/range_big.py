# ranges with big bounds are lazy
r = range(0, 10 ** 18, 10 ** 15)
print(len(r), r[999], r[-1], 10 ** 17 in r, 10 ** 17 + 1 in r, r.index(5 * 10 ** 15))
r2 = range(10 ** 30, 10 ** 30 + 5)
print(list(r2)[:2], r2[4] - 10 ** 30, len(r2))
for i in range(2 ** 62, 2 ** 62 + 3):
    print(i)
print(range(-10 ** 20, 10 ** 20, 10 ** 19)[::5])
