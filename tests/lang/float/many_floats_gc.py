# Many float results kept alive across collections beside other objects
# (floats take their own allocation path in the VM's heap).
import gc

kept = []
total = 0.0
for i in range(4000):
    x = i * 0.5 + 0.25
    total += x
    if i % 3 == 0:
        kept.append(x)
    if i % 7 == 0:
        kept.append((x, str(i), [x * 2.0]))
    if i % 1000 == 999:
        gc.collect()
gc.collect()
check = 0.0
for k in kept:
    check += k if isinstance(k, float) else k[0] + k[2][0]
print(total, check, len(kept))
print(kept[0], kept[1], kept[-1])
