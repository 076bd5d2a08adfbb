for i in range(5):
    if i == 1:
        continue
    if i == 4:
        break
    print('for', i)
else:
    print('not reached')
for i in range(2):
    pass
else:
    print('for-else')
n = 0
while n < 10:
    n += 3
    if n == 6:
        continue
    print('while', n)
else:
    print('while-else')
while True:
    n -= 1
    if n < 5:
        break
print(n)
for i, ch in enumerate('ab'):
    for j in range(3):
        if j == 1:
            break
        print(i, ch, j)
result = []
for x in [1, 2, 3]:
    for y in [10, 20]:
        if y == 20 and x == 2:
            continue
        result.append(x * y)
print(result)
for k, v in {'a': 1, 'b': 2}.items():
    print(k, v)
i = 0
while i < 3:
    i += 1
    try:
        if i == 2:
            continue
        print('try', i)
    finally:
        print('finally', i)
for i in range(3):
    try:
        if i == 1:
            break
    finally:
        print('fin-break', i)
print((y := 10), y)
data = [1, 2, 3, 4]
if (count := len(data)) > 3:
    print('count', count)
print([w for v in data if (w := v * 2) > 4], w)
assert True
assert 1 + 1 == 2, 'math'
try:
    assert False, 'message here'
except AssertionError as e:
    print('assert', e)
try:
    assert 0
except AssertionError as e:
    print('assert2', repr(e))
x = [1, 2, 3]
del x[0], x[0]
print(x)
