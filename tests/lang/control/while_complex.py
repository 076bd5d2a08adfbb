# while loops with multiple exit conditions
def gcd_steps(a, b):
    steps = 0
    while b and steps < 100:
        a, b = b, a % b
        steps += 1
    return a, steps
print([gcd_steps(a, b) for a, b in [(48, 18), (1071, 462), (17, 5), (0, 7)]])
data = [3, 7, 2, 9, 4, 11, 1]
i, total = 0, 0
while i < len(data) and total + data[i] <= 20:
    total += data[i]
    i += 1
print(i, total)
n, digits = 9875, []
while n:
    n, d = divmod(n, 10)
    digits.insert(0, d)
print(digits)
