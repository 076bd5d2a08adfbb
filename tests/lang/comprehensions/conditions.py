# filters and conditional expressions in comprehensions
nums = range(-5, 6)
print([n for n in nums if n > 0])
print([n if n >= 0 else -n for n in nums])
print([n for n in nums if n % 2 if n > 0])
print(["fizzbuzz" if i % 15 == 0 else "fizz" if i % 3 == 0 else "buzz" if i % 5 == 0 else i for i in range(1, 16)])
print([w for w in "a bb ccc dd e".split() if len(w) > 1 and w[0] != "d"])
print({n: ("even" if n % 2 == 0 else "odd") for n in range(4)})
print([c for c in "Hello World" if c.isupper() or c == "o"])
