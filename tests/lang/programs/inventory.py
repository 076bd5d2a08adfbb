# an inventory system with classes, dicts and reporting
class Item:
    def __init__(self, sku, name, price, qty):
        self.sku, self.name, self.price, self.qty = sku, name, price, qty
    @property
    def value(self):
        return self.price * self.qty
class Inventory:
    def __init__(self):
        self.items = {}
    def add(self, item):
        if item.sku in self.items:
            self.items[item.sku].qty += item.qty
        else:
            self.items[item.sku] = item
    def remove(self, sku, qty):
        it = self.items[sku]
        if qty > it.qty:
            raise ValueError(f"only {it.qty} of {it.name} left")
        it.qty -= qty
        if it.qty == 0:
            del self.items[sku]
    def report(self):
        lines = [f"{'SKU':<6}{'NAME':<10}{'QTY':>5}{'VALUE':>10}"]
        for it in sorted(self.items.values(), key=lambda i: -i.value):
            lines.append(f"{it.sku:<6}{it.name:<10}{it.qty:>5}{it.value:>10.2f}")
        lines.append(f"{'TOTAL':<21}{sum(i.value for i in self.items.values()):>10.2f}")
        return "\n".join(lines)
inv = Inventory()
inv.add(Item("A1", "bolts", 0.25, 400))
inv.add(Item("B2", "nuts", 0.1, 1000))
inv.add(Item("C3", "gears", 12.5, 8))
inv.add(Item("A1", "bolts", 0.25, 100))
inv.remove("C3", 3)
try:
    inv.remove("B2", 5000)
except ValueError as e:
    print("error:", e)
inv.remove("C3", 5)
print(inv.report())
