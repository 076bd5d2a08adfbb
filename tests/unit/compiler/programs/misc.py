import math
from math import sqrt as root, pi
import os.path
import os.path as osp
print(math.floor(2.5), root(16), round(pi, 3), os.path.basename('/a/b'), osp.join('a', 'b'))
class Managed:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print('enter', self.name)
        return self
    def __exit__(self, kind, value, tb):
        print('exit', self.name, kind.__name__ if kind else None)
        return self.suppress
with Managed('a') as m:
    print('inside', m.name)
with Managed('outer'), Managed('inner') as i:
    print('both', i.name)
with Managed('s', True):
    raise ValueError('suppressed')
try:
    with Managed('p'):
        raise KeyError('propagates')
except KeyError as e:
    print('after with', e)
def with_return():
    with Managed('r'):
        return 'returned'
print(with_return())
for k in range(3):
    with Managed('loop%d' % k):
        if k == 1:
            break
print('chained', 1 < 2 < 3 < 4, 1 < 3 < 2, (lambda a, b, c: a < b < c)(1, 2, 3))
x = [0, 1, 2, 3, 4, 5]
print(x[1:5:2], x[::-2], x[-2:], x[:-2], x[slice(1, 3)])
x[::2] = [9, 9, 9]
print(x)
del x[::3]
print(x)
a = b = c = [1]
print(a is b is c)
def many_args(*args):
    return len(args)
print(many_args(*range(300)))
big = {i: str(i) for i in range(50)}
print(len(big), big[49])
print(type(...).__name__, ... is Ellipsis)
values = [3, 1, 2]
values.sort(reverse=True)
print(values, min(values), any(v > 2 for v in values), all([]))
matrix = [[1, 2], [3, 4]]
print([[row[i] for row in matrix] for i in range(2)])
t = 1,
print(t, (1, 2) + (3,), [1] * 3, 'ab' * 2)
def returns_tuple():
    return 1, 2
q, w = returns_tuple()
print(q, w)
