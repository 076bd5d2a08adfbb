# A thread that never stops (never sleeps or blocks) does not keep the
# main thread from finishing: the scheduler preempts it.
import threading

spins = [0]


def runaway():
    while True:
        spins[0] += 1


t = threading.Thread(target=runaway, daemon=True)
t.start()
total = 0
for i in range(50000):
    total += i % 7
print(total)
print(t.is_alive(), t.daemon)
done = threading.Event()
threading.Thread(target=done.set).start()
print(done.wait(5))
