# module globals read and written from functions
counter = 0
def bump(n=1):
    global counter
    counter += n
    return counter
bump(); bump(5)
print(counter)
def read_only():
    return counter * 2
print(read_only())
def make_global():
    global created
    created = "made"
make_global()
print(created)
def shadow():
    counter = 100
    return counter
print(shadow(), counter)
def uses_before_global():
    total = 0
    for i in range(3):
        total += bump()
    return total
print(uses_before_global(), counter)
print("counter" in globals(), globals()["counter"])
