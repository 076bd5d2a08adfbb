# context managers used in loops and with multiple resources
class Pool:
    opened = 0
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        Pool.opened += 1
        return self
    def __exit__(self, et, ev, tb):
        Pool.opened -= 1
        print(f"release {self.name} (open now {Pool.opened})")
        return et is KeyError
for i in range(3):
    with Pool(f"r{i}") as p:
        if i == 1:
            raise KeyError("suppressed in loop")
        print("work", p.name, Pool.opened)
with Pool("outer") as o, Pool("inner") as n:
    print("both", o.name, n.name, Pool.opened)
print("final", Pool.opened)
