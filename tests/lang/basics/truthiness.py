# truth values in conditions
items = [0, 1, -1, 0.0, 2.5, "", "0", [], [0], (), (None,), {}, {0: 0}, None, range(0), range(1)]
for it in items:
    if it:
        print(repr(it), "truthy")
    else:
        print(repr(it), "falsy")
class Empty:
    def __len__(self):
        return 0
class Full:
    def __bool__(self):
        return True
print(bool(Empty()), bool(Full()))
print("yes" if [] else "no", "yes" if [[]] else "no")
