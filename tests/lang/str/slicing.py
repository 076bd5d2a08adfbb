# slicing with steps
s = "abcdefghij"
print(s[2:5], s[:3], s[7:], s[-3:], s[:-3], s[:], s[::2], s[1::2], s[::-1], s[::-2])
print(s[8:2:-1], s[8:2:-2], s[-1:-4:-1], s[100:], s[-100:2], s[5:2], s[2:100:3])
print(s[0], s[-1], s[len(s) - 1], s[3:4], repr(s[3:3]))
u = "héllo wörld"
print(u[1:4], u[::-1], u[-5:], len(u))
for step in (1, 2, 3, -1, -3):
    print(step, s[::step])
print(s[slice(2, 8, 2)], s[slice(None, None, -1)])
