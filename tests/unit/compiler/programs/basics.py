# ints of any size, floats, strings, containers, operators
a = 2 ** 100
print(a, -a, a // 7, a % 1000, a >> 3, a << 2, a & 0xFFFF, a | 1, a ^ a, ~5)
print(7 / 2, 7 // 2, -7 // 2, -7 % 3, 2 ** -1, 1e300 * 10, 0.1 + 0.2, -0.0, 1_000_000, 0x_ff, 0o17, 0b101)
print(True + True, None, ..., 3 < 4 < 5, 3 < 4 > 5, 1 == 1.0, 'a' < 'b' <= 'c')
x = 5
print(-x, +x, not x, ~x, x if x > 3 else 0, x and 0, x or 0, 0 or None, 1 and 2 and 3)
s = 'hello'
print(s[1], s[-1], s[1:3], s[::-1], s[::2], s[1:], s[:-1], len(s), s.upper(), 'll' in s, 'z' not in s)
b = b'bytes\x00\xff'
print(b, b[0], b[1:3], bytearray(b'ab'), memoryview(b'xyz')[1])
t = (1, 2, 3)
l = [4, 5, 6]
d = {'a': 1, 'b': 2}
st = {1, 2, 3}
print(t, l, d, sorted(st), frozenset([1]), (), (1,), [], {})
l[1] = 50
l[0:1] = [40, 41]
del l[-1]
d['c'] = 3
del d['a']
print(l, d, t[::-1], l[::-2])
print('%s-%d-%.2f' % ('x', 3, 2.5), '{}/{}'.format(1, 2), 'a' 'b' "c", '''tri
ple''', r'raw\n', 'esc\t\n\\\'\x41\u00e9\101')
x = y = 3
x += 1
y *= 2
l2 = [1]
l2 += [2]
l2 *= 2
print(x, y, l2)
a, b = 1, 2
a, b = b, a
print(a, b)
first, *rest = [1, 2, 3, 4]
*init, last = 'abc'
p, (q, r), *z = 1, (2, 3), 4, 5
print(first, rest, init, last, p, q, r, z)
print(*[1, 2], *(3,), sep='-')
print([*t, *l], (*t, 0), {*t, 9} == {1, 2, 3, 9}, {**d, 'z': 0, **{'y': 1}})
n = 10
if n > 5:
    print('big')
elif n > 2:
    print('mid')
else:
    print('small')
print(0x7fffffffffffffff + 1, -(2 ** 63), 123456789012345678901234567890 * 987654321)
print(divmod(17, 5), abs(-3), round(2.675, 2), int('42'), float('1.5'), str(3), repr('q'))
print(1 if 0 else 2 if 0 else 3)
print(isinstance(True, int), type(1.5).__name__, [] is [], None is None)
