# tuples are immutable but may hold mutable items
t = (1, [2, 3])
try:
    t[0] = 9
except TypeError as e:
    print("TypeError", e)
t[1].append(4)
print(t)
try:
    t += ([5],)
except Exception as e:
    print("unexpected", e)
print(t)
try:
    del t[0]
except TypeError as e:
    print("TypeError", e)
try:
    (1, 2).append(3)
except AttributeError as e:
    print("AttributeError", e)
print(hash((1, 2)) == hash((1, 2)), {(1, 2): "pair"}[(1, 2)])
try:
    hash((1, [2]))
except TypeError as e:
    print("TypeError", e)
