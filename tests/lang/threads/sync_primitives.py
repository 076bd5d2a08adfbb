# Condition, Event, Semaphore, RLock between threads.
import threading

items = []
cond = threading.Condition()
N = 50


def producer():
    for i in range(N):
        with cond:
            items.append(i)
            cond.notify()


def consumer(out):
    got = 0
    while got < N:
        with cond:
            cond.wait_for(lambda: items)
            out.append(items.pop(0))
            got += 1


out = []
c = threading.Thread(target=consumer, args=(out,))
p = threading.Thread(target=producer)
c.start()
p.start()
p.join()
c.join()
print(out == list(range(N)))

sem = threading.BoundedSemaphore(2)
inside = [0]
peak = [0]
guard = threading.Lock()


def limited():
    with sem:
        with guard:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        for _ in range(2000):
            pass
        with guard:
            inside[0] -= 1


ts = [threading.Thread(target=limited) for _ in range(6)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(peak[0] <= 2, inside[0])
try:
    sem.release()
except ValueError as e:
    print("ValueError:", e)

rl = threading.RLock()
with rl:
    with rl:
        print("reentered")
try:
    rl.release()
except RuntimeError as e:
    print("RuntimeError:", e)

ev = threading.Event()
print(ev.is_set(), ev.wait(0.01))
threading.Thread(target=ev.set).start()
print(ev.wait(5), ev.is_set())
