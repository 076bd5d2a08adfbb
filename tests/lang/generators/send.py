# send() into generators
def accumulator():
    total = 0
    while True:
        v = yield total
        if v is None:
            break
        total += v
acc = accumulator()
print(next(acc))
print(acc.send(5), acc.send(10), acc.send(-3))
try:
    acc.send(None)
except StopIteration:
    print("stopped")
def echo():
    received = []
    while len(received) < 3:
        received.append((yield len(received)))
    return received
e = echo()
print(e.send(None), e.send("a"), e.send("b"))
try:
    e.send("c")
except StopIteration as s:
    print("returned", s.value)
g = echo()
try:
    g.send(1)
except TypeError as err:
    print("TypeError", err)
