# deep merge of nested dictionaries
def merge(a, b):
    out = dict(a)
    for k, v in b.items():
        if k in out and isinstance(out[k], dict) and isinstance(v, dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out
base = {"db": {"host": "localhost", "port": 5432}, "debug": False, "tags": ["a"]}
override = {"db": {"port": 6543, "user": "admin"}, "debug": True, "tags": ["b"]}
m = merge(base, override)
print(m)
print(base["db"], m["db"] is base["db"])
print(merge({}, {"a": {"b": 1}}), merge({"a": 1}, {}))
