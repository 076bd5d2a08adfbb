# str/repr of big ints, digit sums, round-trips
n = 7 ** 123
s = str(n)
print(s)
print(repr(-n)[:10], len(s), s.count("7"))
print(int(s[::-1]) % 999983)
print(str(10 ** 99 - 1).count("9"), str(10 ** 99)[0], len(str(-(10 ** 99))))
m = int("9" * 200)
print((m + 1) == 10 ** 200, (m + 1) // 10 ** 199)
print(f"{n % 10 ** 30:040d}", f"{-(2 ** 90):>40}")
