# exceptions from the body are visible to __exit__ and chain properly
class Recorder:
    def __init__(self):
        self.seen = []
    def __enter__(self):
        return self
    def __exit__(self, et, ev, tb):
        self.seen.append(repr(ev))
        if isinstance(ev, ZeroDivisionError):
            raise ArithmeticError("wrapped") from ev
        return False
rec = Recorder()
try:
    with rec:
        1 / 0
except ArithmeticError as e:
    print(e, "cause:", repr(e.__cause__))
try:
    with rec:
        [][0]
except IndexError as e:
    print("IndexError passes through:", e)
print(rec.seen)
