# Indexing and slicing a non-ASCII str in every order (the VM maps a code
# point index to a UTF-8 offset from the nearest known point), with
# allocations and collections in between.
import gc

s = "naïve — café ☕ façade — 𝄞 clef " * 7
chars = list(s)
n = len(s)
print(n, len(s.encode()))

order = list(range(n)) + list(range(n - 1, -1, -1)) + [(i * 37) % n for i in range(n)]
bad = 0
for k, i in enumerate(order):
    if s[i] != chars[i] or s[-1 - i] != chars[n - 1 - i]:
        bad += 1
    if k % 50 == 0:
        junk = [{"k": j} for j in range(20)]    # dict tables made and freed
    if k % 300 == 0:
        gc.collect()
print("mismatches", bad)

pieces = []
i = 0
while i < n:
    j = min(n, i + 1 + i % 5)
    pieces.append(s[i:j])
    pieces.append(s[j - 1:i - 1 if i else None:-1][::-1])
    i = j
print("".join(pieces[0::2]) == s, "".join(pieces[1::2]) == s)
print(s[::-3][:12], s[5:40:4], s.find("☕", 50), s.index("𝄞", 10), s.rfind("é"))
print(s[n - 1], s[n // 2], s[0], s[-n])
