# gc.collect() runs without changing program results
import gc
class Node:
    def __init__(self):
        self.other = None
for _ in range(100):
    a, b = Node(), Node()
    a.other, b.other = b, a
gc.collect()
print("collected", isinstance(gc.collect(), int))
data = [list(range(100)) for _ in range(50)]
gc.collect()
print(sum(map(sum, data)))
