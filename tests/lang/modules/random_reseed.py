# re-seeding reproduces sequences
import random
def draw():
    return [random.randint(0, 9) for _ in range(8)]
random.seed(7)
a = draw()
random.seed(7)
b = draw()
print(a, a == b)
random.seed(0)
print(random.random(), random.randrange(1000), random.choice(["x", "y", "z"]))
r = random.Random(99)
print([r.randint(1, 6) for _ in range(10)], r.random())
random.seed(2 ** 40 + 3)
print(random.randint(0, 10 ** 12))
