# uncaught ValueError raised in a nested method call
class Parser:
    def parse(self, s):
        return [self.item(x) for x in s.split(",")]
    def item(self, x):
        if not x.strip().isdigit():
            raise ValueError(f"not a number: {x.strip()!r}")
        return int(x)
p = Parser()
print(p.parse("1, 2, 3"))
print(p.parse("4, five, 6"))
