# a simple round-robin scheduler over generator tasks
def task(name, steps):
    for i in range(steps):
        yield f"{name} step {i}"
    return f"{name} done"
class Scheduler:
    def __init__(self):
        self.ready = []
        self.log = []
    def spawn(self, gen):
        self.ready.append(gen)
    def run(self):
        while self.ready:
            g = self.ready.pop(0)
            try:
                self.log.append(next(g))
                self.ready.append(g)
            except StopIteration as stop:
                self.log.append(stop.value)
        return self.log
s = Scheduler()
s.spawn(task("A", 3))
s.spawn(task("B", 1))
s.spawn(task("C", 2))
for line in s.run():
    print(line)
