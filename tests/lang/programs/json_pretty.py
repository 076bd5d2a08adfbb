# a JSON-like pretty printer written by hand
def pretty(v, indent=0):
    pad = "  " * indent
    if isinstance(v, dict):
        if not v:
            return "{}"
        items = [f'{pad}  "{k}": {pretty(val, indent + 1)}' for k, val in v.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(v, list):
        if not v:
            return "[]"
        if all(not isinstance(x, (dict, list)) for x in v):
            return "[" + ", ".join(pretty(x) for x in v) + "]"
        return "[\n" + ",\n".join(pad + "  " + pretty(x, indent + 1) for x in v) + "\n" + pad + "]"
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v)
doc = {"name": "demo", "tags": ["a", "b"], "nested": {"x": 1, "y": [1.5, None, True], "z": {}},
       "list": [{"id": 1}, {"id": 2, "q": 'say "hi"'}], "empty": []}
print(pretty(doc))
