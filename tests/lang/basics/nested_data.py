# nested containers
grid = [[r * 3 + c for c in range(3)] for r in range(3)]
print(grid)
print(grid[1][2], grid[-1][-1], [row[0] for row in grid])
transposed = list(map(list, zip(*grid)))
print(transposed)
db = {"users": [{"name": "ann", "tags": ["a", "b"]}, {"name": "bo", "tags": []}]}
print(db["users"][0]["tags"][1], len(db["users"][1]["tags"]))
db["users"].append({"name": "cy", "tags": ["z"]})
print([u["name"] for u in db["users"] if u["tags"]])
deep = [1, [2, [3, [4, [5]]]]]
def flatten(x):
    if isinstance(x, list):
        out = []
        for y in x:
            out.extend(flatten(y))
        return out
    return [x]
print(flatten(deep))
print({k: [v] * 2 for k, v in (("a", 1), ("b", 2))})
