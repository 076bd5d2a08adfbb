# building strings with join, format, and accumulation
rows = [("name", "qty", "price"), ("apple", 3, 0.5), ("melon", 10, 2.25)]
for r in rows:
    print("|".join(str(x).ljust(6) for x in r))
lines = []
for i in range(1, 4):
    lines.append(" ".join(str(i * j).rjust(3) for j in range(1, 6)))
print("\n".join(lines))
csv = "a,1\nb,2\nc,3"
pairs = [line.split(",") for line in csv.split("\n")]
print({k: int(v) for k, v in pairs})
print("".join(sorted("hello world".replace(" ", ""))))
print("".join(map(str, range(10)))[::3])
