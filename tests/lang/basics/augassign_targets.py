# augmented assignment evaluates the target once
calls = []
class Store:
    def __init__(self):
        self.data = {"k": 1}
    def get(self):
        calls.append("get")
        return self.data
s = Store()
s.get()["k"] += 10
print(s.data, calls)
lst = [[0, 0], [0, 0]]
i = 0
def idx():
    global i
    i += 1
    return i - 1
lst[idx()][idx()] += 5
print(lst, i)
a = [1, 2, 3]
a[1:] += [4]
print(a)
