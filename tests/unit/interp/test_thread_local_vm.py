"""threading.local on the VM (kernel/vm/thread.c, "Thread-local objects"):
what the CPython comparison in tests/lang/threads cannot see. A thread's
values are freed when it ends, a dead local's values are freed in the
threads that outlive it, preempted threads keep their own values, and an
__init__ that raises in a new thread raises there and is retried."""

PRELUDE = """
import threading, gc
def used_mib(base):
    gc.collect()
    return (gc.mem_alloc() - base) >> 20
"""


def test_a_threads_values_are_freed_when_it_ends(run_vm):
    status, out, err = run_vm(PRELUDE + """
l = threading.local()
class Sub(threading.local):
    pass
s = Sub()
gc.collect()
base = gc.mem_alloc()
def fill():
    l.data = bytearray(8 << 20)
    s.data = [bytearray(1 << 20) for _ in range(4)]
    print("in thread", used_mib(base))
t = threading.Thread(target=fill)
t.start()
t.join()
print("after", used_mib(base))
""")
    assert status == 0, err
    assert out.split("\n")[:2] == ["in thread 12", "after 0"], out


def test_a_dead_locals_values_are_freed_in_living_threads(run_vm):
    status, out, err = run_vm(PRELUDE + """
keep = threading.local()
keep.x = 1
gc.collect()
base = gc.mem_alloc()
def make():
    tmp = threading.local()
    tmp.data = bytearray(8 << 20)
for _ in range(3):
    make()
gc.collect()            # finds the last one dead; the next safepoint forgets its values
print(used_mib(base), keep.x)
fresh = threading.local()
print(hasattr(fresh, "data"))     # maybe at a dead one's address: starts empty
""")
    assert status == 0, err
    assert out.split() == ["0", "1", "False"], out


def test_preempted_threads_keep_their_own_values(run_vm):
    status, out, err = run_vm(PRELUDE + """
import time
data = threading.local()
stop = [False]
counts = {}
bad = []
def spin(i):
    data.me = i
    data.n = 0
    while not stop[0]:          # no blocking call: only time slices switch threads
        data.n += 1
        if data.me != i:
            bad.append(i)
            return
    counts[i] = data.n
ts = [threading.Thread(target=spin, args=(i,)) for i in range(3)]
for t in ts:
    t.start()
time.sleep(0.3)
stop[0] = True
for t in ts:
    t.join()
print(bad, sorted(counts), all(n > 0 for n in counts.values()))
""")
    assert status == 0, err
    assert out.strip() == "[] [0, 1, 2] True", out


def test_init_raising_in_a_new_thread_raises_there_and_is_retried(run_vm):
    status, out, err = run_vm(PRELUDE + """
calls = []
class Flaky(threading.local):
    def __init__(self, n):
        calls.append(n)
        if len(calls) == 2:
            raise ValueError("second init")
        self.n = n
f = Flaky(5)
seen = []
def use():
    try:
        f.n
    except ValueError as e:
        seen.append(str(e))
    seen.append(f.n)            # __init__ runs again: this thread's dict was not kept
t = threading.Thread(target=use)
t.start()
t.join()
print(calls, seen, f.n)
""")
    assert status == 0, err
    assert out.strip() == "[5, 5, 5] ['second init', 5] 5", out
