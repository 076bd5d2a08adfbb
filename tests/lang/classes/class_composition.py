# composition over inheritance
class Engine:
    def __init__(self, hp):
        self.hp = hp
        self.running = False
    def start(self):
        self.running = True
        return f"engine {self.hp}hp started"
class Wheel:
    def __init__(self, pos):
        self.pos = pos
class Car:
    def __init__(self, name, hp):
        self.name = name
        self.engine = Engine(hp)
        self.wheels = [Wheel(p) for p in ("fl", "fr", "rl", "rr")]
    def start(self):
        return f"{self.name}: {self.engine.start()}"
    def __repr__(self):
        return f"Car({self.name!r}, {self.engine.hp}hp, {len(self.wheels)} wheels, running={self.engine.running})"
c = Car("mini", 90)
print(c)
print(c.start())
print(c, [w.pos for w in c.wheels])
