# true division of big ints is correctly rounded
print(10 ** 40 / 3, 2 ** 200 / 3 ** 100, 1 / 10 ** 20)
print((2 ** 53 + 1) / 1, (10 ** 30 + 1) / (10 ** 15))
print(7 ** 300 / 7 ** 299, -(10 ** 50) / 7)
try:
    (10 ** 400) / 1
except OverflowError as e:
    print("OverflowError", e)
print((10 ** 400) // (10 ** 399), 10 ** 400 / 10 ** 399)
