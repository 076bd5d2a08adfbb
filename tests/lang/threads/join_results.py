# Threads compute parts of a result; join() waits for each.
import threading

results = [None] * 6


def work(i):
    total = 0
    for k in range(1000 * (i + 1)):
        total += k * k
    results[i] = total


threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(results)
print([t.is_alive() for t in threads])
print(sum(results) % 1000003)
