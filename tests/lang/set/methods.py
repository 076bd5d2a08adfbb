# mutating set methods
s = set()
s.add(3); s.add(1); s.add(3)
print(sorted(s), len(s))
s.update([5, 6], (7,))
print(sorted(s))
s.discard(99); s.discard(5)
s.remove(6)
print(sorted(s))
try:
    s.remove(42)
except KeyError as e:
    print("KeyError", e)
x = s.pop()
print(len(s), x in s)
s = {1, 2, 3, 4, 5}
s &= {1, 2, 3, 9}; print(sorted(s))
s |= {10}; print(sorted(s))
s -= {1}; print(sorted(s))
s ^= {2, 99}; print(sorted(s))
s.intersection_update([3, 10, 11]); print(sorted(s))
s.difference_update({3}); print(sorted(s))
s.symmetric_difference_update({10, 12}); print(sorted(s))
c = s.copy(); c.clear(); print(sorted(s), c)
