# send values that steer generator behaviour
def ticker():
    step = 1
    value = 0
    while True:
        cmd = yield value
        if cmd == "reset":
            value = 0
        elif isinstance(cmd, int):
            step = cmd
        else:
            value += step
t = ticker()
print(next(t), next(t), next(t), t.send(10), next(t), t.send("reset"), next(t))
def collector():
    items = []
    try:
        while True:
            items.append((yield len(items)))
    finally:
        print("collected", items)
c = collector()
next(c)
for w in ["a", "b", "c"]:
    c.send(w)
c.close()
