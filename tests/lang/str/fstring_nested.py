# nested replacement fields and expressions with quotes
data = {"name": "Ada", "langs": ["py", "c"]}
width = 8
print(f"{data['name']:>{width}}|{data['langs'][1]!r:^{width}}|")
for prec in range(4):
    print(f"{3.14159:.{prec}f}", end=" ")
print()
for align in "<^>":
    print(f"[{'ab':{align}{width}}]", f"[{42:{'0'}{align}{5}}]")
rows = [("x", 1.5), ("yy", 22.25)]
for label, val in rows:
    print(f"{label:<4}{val:>8.2f}{'!' if val > 10 else '':>2}")
fmt = ">10"
print(f"{'dyn':{fmt}}", f"{f'{1 + 1}':>3}", f"{'{'}{'}'}")
