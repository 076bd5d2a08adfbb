# string slicing idioms
s = "Hello, World"
print(s[:5], s[7:], s[-5:], s[::-1], s[::3], s[1::2], s[-1::-2])
print(s[:s.index(",")], s[s.index(" ") + 1:], s[len(s) // 2:], s[3:-3])
def rotate(t, n):
    n %= len(t)
    return t[n:] + t[:n]
print(rotate("abcdef", 2), rotate("abcdef", -1), rotate("abcdef", 8))
print("abcdef"[::-1][::2], "abcdef"[1:5][::-1], "x"[5:], "x"[-5:])
