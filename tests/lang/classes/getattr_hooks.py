# __getattr__ / __setattr__ / __getattribute__-free delegation
class Proxy:
    def __init__(self, target):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "log", [])
    def __getattr__(self, name):
        self.log.append(name)
        return getattr(self._target, name)
    def __setattr__(self, name, value):
        self.log.append("set " + name)
        setattr(self._target, name, value)
class T:
    x = 1
t = T()
p = Proxy(t)
print(p.x)
p.y = 5
print(t.y, p.y, p.log)
class Defaults:
    def __getattr__(self, name):
        if name.startswith("opt_"):
            return name[4:]
        raise AttributeError(f"no attribute {name!r}")
d = Defaults()
print(d.opt_color, hasattr(d, "opt_x"), hasattr(d, "other"))
