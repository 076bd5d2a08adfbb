# unpacking errors
tests = []
def t1():
    a, b, c = [1, 2]
def t2():
    a, b = [1, 2, 3]
def t3():
    a, b = 1
def t4():
    a, *b, c = [1]
def t5():
    (a, b), c = [1, 2, 3], 3
def t6():
    a, b = "xyz"
def t7():
    a, b = {}
for t in (t1, t2, t3, t4, t5, t6, t7):
    try:
        t()
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
