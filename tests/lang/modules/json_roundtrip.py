# json round trips of varied values
import json
values = [0, -1, 2 ** 70, 1.5, 1e-7, "", "tab\t", "uni ü 😀", [], {}, [[]], {"a": {"b": {"c": []}}}, True, None]
for v in values:
    s = json.dumps(v)
    print(s, json.loads(s) == v)
print(json.dumps({"b": 1, "a": [1, 2]}, indent=4))
print(json.loads('{"dup": 1, "dup": 2}'), json.loads('[1e3, -0.5, 1E-2]'))
