# json.dumps of nested data
import json
data = {"name": "TensorOS", "version": [0, 1], "ok": True, "none": None, "pi": 3.14, "nested": {"k": "v"}, "empty": []}
print(json.dumps(data))
print(json.dumps(data, sort_keys=True))
print(json.dumps(data, indent=2, sort_keys=True))
print(json.dumps([1, "two", 3.0, None, False]), json.dumps("é\n\"q\""), json.dumps("é", ensure_ascii=False))
print(json.dumps({"a": 1}, separators=(",", ":")), json.dumps((1, 2)), json.dumps({1: "int key"}))
print(json.dumps(1e100), json.dumps(0.1), json.dumps(-0.0), json.dumps(10 ** 30))
try:
    json.dumps({"s": {1, 2}})
except TypeError as e:
    print("TypeError", e)
