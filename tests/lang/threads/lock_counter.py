# A lock keeps a read-modify-write with a call in between whole.
import threading

lock = threading.Lock()
counter = {"n": 0}


def bump():
    return 1


def add(times):
    for _ in range(times):
        with lock:
            value = counter["n"]
            value += bump()
            counter["n"] = value


threads = [threading.Thread(target=add, args=(2000,)) for _ in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(counter["n"])
print(lock.locked())
print(lock.acquire(False), lock.acquire(False))
lock.release()
print(lock.acquire(True, 0.01))
lock.release()
