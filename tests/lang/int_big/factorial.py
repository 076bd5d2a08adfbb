# factorial and products of big ints
def fact(n):
    r = 1
    for i in range(2, n + 1):
        r *= i
    return r
print(fact(20), fact(25))
print(fact(100))
f = fact(200)
print(len(str(f)), sum(int(c) for c in str(f)))
z = 0
while f % 10 == 0:
    f //= 10
    z += 1
print("trailing zeros of 200!:", z)
print(fact(30) // fact(28), fact(50) // (fact(25) * fact(25)))
