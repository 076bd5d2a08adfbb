# assignment expressions
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print("long", n)
print([y for x in data if (y := x * 2) > 6])
print(y)
it = iter(["a", "b", "", "c"])
out = []
while (item := next(it)):
    out.append(item)
print(out)
total = 0
print([total := total + v for v in range(5)], total)
def first_big(xs):
    for x in xs:
        if (sq := x * x) > 20:
            return x, sq
print(first_big(range(10)))
print((z := 10), z + 1)
