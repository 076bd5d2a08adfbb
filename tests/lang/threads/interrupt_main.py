# _thread.interrupt_main() from another thread: KeyboardInterrupt in the
# main thread's running loop, caught by the handler around that loop.
import _thread
import threading


def poke(ready):
    ready.wait()
    _thread.interrupt_main()


def arm():
    """A thread that interrupts the main thread once `ready` is set."""
    ready = threading.Event()
    threading.Thread(target=poke, args=(ready,)).start()
    return ready


def spin(ready):
    n = 0
    try:
        ready.set()
        while True:
            n += 1
    except KeyboardInterrupt:
        return "interrupted in spin"


ready = arm()
try:
    ready.set()
    while True:
        pass
except KeyboardInterrupt as e:
    print("caught at module level", type(e).__name__, e.args)

print(spin(arm()))

for i in range(2):
    ready = arm()
    try:
        ready.set()
        while True:
            pass
    except KeyboardInterrupt:
        print("round", i)
print("done")
