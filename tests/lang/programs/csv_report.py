# parse CSV text and produce aggregated report
data = """region,product,units,price
north,widget,10,2.50
south,widget,4,2.50
north,gadget,3,10.00
east,widget,7,2.75
south,gadget,1,9.50
north,widget,5,2.50"""
lines = data.splitlines()
header = lines[0].split(",")
rows = [dict(zip(header, l.split(","))) for l in lines[1:]]
for r in rows:
    r["units"] = int(r["units"])
    r["price"] = float(r["price"])
by_region = {}
for r in rows:
    by_region[r["region"]] = by_region.get(r["region"], 0) + r["units"] * r["price"]
for region, total in sorted(by_region.items(), key=lambda kv: -kv[1]):
    print(f"{region:<6} {total:8.2f}")
units = {}
for r in rows:
    units[r["product"]] = units.get(r["product"], 0) + r["units"]
print(units, max(units, key=units.get))
print(f"grand total: {sum(by_region.values()):.2f}")
