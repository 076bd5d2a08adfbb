# iterating over copies while mutating the original
items = [1, 2, 3, 4, 5, 6]
for x in items[:]:
    if x % 2 == 0:
        items.remove(x)
print(items)
d = {"a": 1, "b": 2, "c": 3}
for k in list(d):
    if d[k] > 1:
        d[k + k] = d.pop(k) * 10
print(d)
s = {1, 2, 3}
for v in sorted(s):
    s.discard(v - 1)
print(sorted(s))
queue = [1]
for x in queue:
    if x < 20:
        queue.append(x * 3)
print(queue)
