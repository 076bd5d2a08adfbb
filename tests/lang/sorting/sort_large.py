# sorting larger pseudo-random data generated deterministically
x = 12345
data = []
for _ in range(2000):
    x = (1103515245 * x + 12345) % 2 ** 31
    data.append(x % 1000)
s = sorted(data)
print(s[:10], s[-10:], s[1000], len(set(data)))
print(all(s[i] <= s[i + 1] for i in range(len(s) - 1)))
r = sorted(data, reverse=True)
print(r[:5], r == s[::-1])
pairs = sorted(enumerate(data), key=lambda p: p[1])
print(pairs[:5])
