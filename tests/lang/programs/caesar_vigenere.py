# classical ciphers
def caesar(s, k):
    out = []
    for c in s:
        if c.isalpha():
            base = ord("A") if c.isupper() else ord("a")
            out.append(chr((ord(c) - base + k) % 26 + base))
        else:
            out.append(c)
    return "".join(out)
def vigenere(s, key, sign=1):
    out, i = [], 0
    for c in s:
        if c.isalpha():
            k = ord(key[i % len(key)].lower()) - ord("a")
            base = ord("A") if c.isupper() else ord("a")
            out.append(chr((ord(c) - base + sign * k) % 26 + base))
            i += 1
        else:
            out.append(c)
    return "".join(out)
msg = "Attack at Dawn, 5 AM!"
c = caesar(msg, 3)
print(c, caesar(c, -3))
v = vigenere(msg, "lemon")
print(v, vigenere(v, "lemon", -1))
print([caesar("xyz", k) for k in range(0, 52, 13)])
