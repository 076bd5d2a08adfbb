# json.loads parsing
import json
text = '{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "d\\u00e9\\n"}, "e": ""}'
obj = json.loads(text)
print(obj)
print(obj["a"][2], type(obj["a"][1]).__name__, obj["b"]["c"])
print(json.loads("[]"), json.loads("123"), json.loads('"s"'), json.loads(" null "), json.loads("1.0"))
print(json.loads(json.dumps({"x": [1, {"y": None}]})))
for bad in ['{"a": }', "[1, 2", "nul", "{'a': 1}"]:
    try:
        json.loads(bad)
    except ValueError as e:
        print(type(e).__name__, isinstance(e, json.JSONDecodeError))
