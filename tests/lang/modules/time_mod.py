# time: only differences are used, never printed values
import time
t0 = time.time()
m0 = time.monotonic()
total = sum(range(10000))
t1 = time.time()
m1 = time.monotonic()
print(total, t1 >= t0, m1 >= m0, (m1 - m0) < 10, isinstance(t0, float))
time.sleep(0.001)
print("slept", time.monotonic() >= m1)
