# converting between strings and numbers
print(str(42), repr(42), str(-3.5), int("42") + 1, float("2.5") * 2, int("  -8 "))
print(str(1 / 3), repr(1 / 3), str(2 ** 64), int("1" * 20) % 97)
print("%d|%5.2f|%s" % (3, 2.0, 1e-3), f"{3:03d}", "{:.1e}".format(12345))
print(int(str(123)[::-1]), float(str(0.1)) == 0.1, str(10 ** 21), str(1e21), str(100.0))
print(list(map(int, "1 2 3".split())), sum(map(float, ["0.5", "1.5"])), [str(x) for x in (1, 2.0, True)])
