# random with a fixed seed matches CPython's MT19937
import random
random.seed(42)
print([random.randint(1, 100) for _ in range(10)])
print([random.random() for _ in range(3)])
print(random.choice("abcdefg"), random.choice([10, 20, 30]), random.randrange(0, 100, 5))
items = list(range(10))
random.shuffle(items)
print(items)
random.seed(12345)
print(random.getrandbits(32), random.getrandbits(64), random.randint(-10, 10))
print(random.sample(range(100), 5), random.uniform(1, 2))
