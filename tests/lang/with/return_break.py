# leaving with-blocks through return, break and continue runs __exit__
class Log:
    def __init__(self, tag):
        self.tag = tag
    def __enter__(self):
        print("enter", self.tag)
    def __exit__(self, *a):
        print("exit", self.tag)
def f():
    with Log("f"):
        return "returned"
print(f())
for i in range(3):
    with Log(i):
        if i == 0:
            continue
        if i == 1:
            break
print("loop done")
def g():
    for i in range(2):
        with Log(f"g{i}"):
            try:
                return i
            finally:
                print("finally", i)
print(g())
