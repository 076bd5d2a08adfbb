# nested dict updates and traversal
tree = {"root": {"left": {"val": 1}, "right": {"val": 2, "kids": {"x": {"val": 3}}}}}
def total(node):
    s = node.get("val", 0)
    for k, v in node.items():
        if isinstance(v, dict):
            s += total(v)
    return s
print(total(tree))
def paths(node, prefix=""):
    for k, v in node.items():
        p = prefix + "/" + k
        if isinstance(v, dict):
            yield from paths(v, p)
        else:
            yield p, v
print(list(paths(tree)))
cfg = {}
for key, val in [("a.b.c", 1), ("a.b.d", 2), ("a.e", 3)]:
    cur = cfg
    parts = key.split(".")
    for p in parts[:-1]:
        cur = cur.setdefault(p, {})
    cur[parts[-1]] = val
print(cfg)
