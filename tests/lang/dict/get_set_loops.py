# iteration patterns over dicts
prices = {"apple": 0.5, "pear": 0.75, "kiwi": 0.25}
for name in prices:
    print(name, prices[name])
for name, price in prices.items():
    print(f"{name:>6}: {price:.2f}")
print(max(prices, key=prices.get), min(prices.values()), sum(prices.values()))
print(sorted(prices, key=lambda k: prices[k]))
cheap = {k: v for k, v in prices.items() if v < 0.6}
print(cheap)
inventory = dict.fromkeys(prices, 0)
for item in ["apple", "kiwi", "apple"]:
    inventory[item] += 1
print(inventory)
print(list(zip(prices, inventory.values())))
