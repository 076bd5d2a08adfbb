# threading.local: each thread sees its own attributes; subclasses run
# __init__ once per thread that uses the object.
import threading
import time

data = threading.local()
data.name = "main"
print(data.name, hasattr(data, "other"), data.__dict__)

seen = []
guard = threading.Lock()


def worker(i):
    before = hasattr(data, "name")
    data.name = "worker-%d" % i
    data.items = []
    for k in range(3000):
        data.items.append(k * i)
        if k % 300 == 0:
            time.sleep(0)           # the other threads use data meanwhile
            if data.name != "worker-%d" % i or len(data.items) != k + 1:
                raise AssertionError("another thread's value")
    del data.items
    with guard:
        seen.append((i, before, data.name, hasattr(data, "items"), sorted(data.__dict__)))


threads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
for row in sorted(seen):
    print(row)
print(data.name, hasattr(data, "items"), data.__dict__)

try:
    data.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    del data.missing
except AttributeError as e:
    print("AttributeError:", e)
try:
    data.__dict__ = {}
except AttributeError as e:
    print("AttributeError:", e)
try:
    threading.local(1)
except TypeError as e:
    print("TypeError:", e)


class Counter(threading.local):
    step = 1                        # class attribute: each thread may shadow it
    inits = []

    def __init__(self, start, *, label):
        self.value = start
        self.label = label
        with guard:
            Counter.inits.append(label)

    def bump(self):
        self.value += self.step
        return self.value


c = Counter(10, label="c")
c.step = 5
print(c.bump(), c.bump(), c.value, c.step, Counter.step)
results = []


def use_counter():
    r = (c.value, c.label, c.step, c.bump(), c.bump())
    c.extra = True
    with guard:
        results.append(r)


threads = [threading.Thread(target=use_counter) for _ in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(results)
print(len(Counter.inits), c.value, hasattr(c, "extra"))
try:
    c.nothing
except AttributeError as e:
    print("AttributeError:", e)
try:
    Counter()
except TypeError as e:
    print("TypeError:", type(e).__name__)
print(isinstance(c, threading.local), isinstance(data, threading.local))
