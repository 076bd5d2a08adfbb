# deterministic bank-queue simulation driven by a seeded LCG
seed = 2024
def rnd(n):
    global seed
    seed = (seed * 6364136223846793005 + 1442695040888963407) % 2 ** 64
    return (seed >> 33) % n
queue, served, waits, clock = [], 0, [], 0
for minute in range(60):
    for _ in range(rnd(3)):
        queue.append(minute)
    if queue and rnd(4) != 0:
        arrived = queue.pop(0)
        waits.append(minute - arrived)
        served += 1
print(served, len(queue), max(waits), sum(waits), f"{sum(waits) / len(waits):.3f}")
print(waits[:20])
