# nonlocal across multiple levels and global from nested functions
g = 0
def level1():
    x = 1
    def level2():
        nonlocal x
        x += 10
        def level3():
            nonlocal x
            global g
            x *= 2
            g += x
        level3()
        return x
    r = level2()
    return x, r
print(level1(), g)
def counter_pair():
    n = 0
    def get():
        return n
    def put(v):
        nonlocal n
        n = v
    return get, put
get, put = counter_pair()
put(42)
print(get())
