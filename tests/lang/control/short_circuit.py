# short-circuit evaluation of and/or
log = []
def t(x):
    log.append(x)
    return x
print(t(0) and t(1), log)
log.clear()
print(t(1) and t(2), log)
log.clear()
print(t(0) or t(3), log)
log.clear()
print(t(4) or t(5), log)
log.clear()
print(t(1) and t(0) or t(6), log)
log.clear()
x = None
print(x is not None and x.attr, x or "default", (x or []) + [1])
d = {}
print(d and d["k"], d.get("k") or "missing")
