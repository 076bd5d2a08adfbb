# Names, idents, current_thread, daemon flags, errors of the thread API.
import threading
import _thread

seen = {}


def who(key):
    t = threading.current_thread()
    seen[key] = (t.name, t.ident == threading.get_ident(), t is not threading.main_thread())


t = threading.Thread(target=who, args=("a",), name="worker-a")
print(repr(t.name), t.ident is None, t.is_alive(), t.daemon)
t.start()
t.join()
print(seen["a"])
print(isinstance(t.ident, int), t.is_alive())
try:
    t.start()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.Thread(target=who).join()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.current_thread().join()
except RuntimeError as e:
    print("RuntimeError:", e)
print(threading.main_thread().name, threading.current_thread() is threading.main_thread())
d = threading.Thread(target=who, args=("d",), daemon=True)
print(d.daemon)
d.start()
d.join()
try:
    d.daemon = False
except RuntimeError as e:
    print("RuntimeError:", e)


def named():
    pass


print(threading.Thread(target=named).name.endswith("(named)"))

# the low-level module
lock = _thread.allocate_lock()
lock.acquire()
box = []


def low(a, b, c=0):
    box.append(a + b + c)
    lock.release()


ident = _thread.start_new_thread(low, (1, 2), {"c": 3})
print(isinstance(ident, int), ident != _thread.get_ident())
lock.acquire()
print(box)
try:
    lock.release()
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    _thread.start_new_thread(low, [1, 2])
except TypeError as e:
    print("TypeError:", e)


class Worker(threading.Thread):
    def __init__(self, n):
        threading.Thread.__init__(self)
        self.n = n
        self.result = None

    def run(self):
        self.result = self.n * 2


w = Worker(21)
w.start()
w.join()
print(w.result)
