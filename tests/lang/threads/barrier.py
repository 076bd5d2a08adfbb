# threading.Barrier: indexes, the action, rounds, abort, reset, timeouts.
import threading
import time

N = 4
rounds_done = []
b = threading.Barrier(N, action=lambda: rounds_done.append(len(rounds_done)))
print(b.parties, b.n_waiting, b.broken)
indexes = []
guard = threading.Lock()


def party(rounds):
    for r in range(rounds):
        i = b.wait()
        with guard:
            indexes.append((r, i))


threads = [threading.Thread(target=party, args=(3,)) for _ in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(rounds_done)
for r in range(3):
    print(r, sorted(i for rr, i in indexes if rr == r))
print(b.n_waiting, b.broken)


def wait_until(predicate):
    while not predicate():
        time.sleep(0.001)


# abort() while two of three wait: both get BrokenBarrierError, so do later calls
b = threading.Barrier(3)
errors = []


def waiter():
    try:
        b.wait()
    except threading.BrokenBarrierError:
        with guard:
            errors.append("broken")


threads = [threading.Thread(target=waiter) for _ in range(2)]
for t in threads:
    t.start()
wait_until(lambda: b.n_waiting == 2)
print("waiting:", b.n_waiting)
b.abort()
for t in threads:
    t.join()
print(errors, b.broken, b.n_waiting)
try:
    b.wait()
except threading.BrokenBarrierError:
    print("later wait: BrokenBarrierError")

# reset() makes it usable again; threads waiting at reset time are told so
b.reset()
print("after reset:", b.broken)
errors.clear()
t = threading.Thread(target=waiter)
t.start()
wait_until(lambda: b.n_waiting == 1)
b.reset()
t.join()
print(errors, b.broken, b.n_waiting)
threads = [threading.Thread(target=lambda: indexes.append(b.wait())) for _ in range(2)]
indexes.clear()
for t in threads:
    t.start()
indexes.append(b.wait())
for t in threads:
    t.join()
print(sorted(indexes))

# a timeout breaks the barrier for everyone
b = threading.Barrier(2, timeout=0.05)
try:
    b.wait()
except threading.BrokenBarrierError:
    print("timeout: BrokenBarrierError", b.broken)
b = threading.Barrier(2)
try:
    b.wait(0.02)
except threading.BrokenBarrierError:
    print("wait(0.02): BrokenBarrierError", b.broken)

# an action that raises: the last thread gets the exception, the others BrokenBarrierError
def bad_action():
    raise ValueError("action failed")


b = threading.Barrier(2, action=bad_action)
errors.clear()
t = threading.Thread(target=waiter)
t.start()
wait_until(lambda: b.n_waiting == 1)
try:
    b.wait()
except ValueError as e:
    print("ValueError:", e)
t.join()
print(errors, b.broken)
print(issubclass(threading.BrokenBarrierError, RuntimeError))
