# if/elif/else chains
def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    elif n < 100:
        return "medium"
    else:
        return "large"
print([classify(v) for v in (-5, 0, 7, 42, 1000)])
def grade(s):
    if s >= 90: return "A"
    if s >= 80: return "B"
    if s >= 70: return "C"
    return "F"
print([grade(s) for s in (95, 85, 75, 10)])
x = 7
if x > 5:
    if x % 2:
        print("odd > 5")
    else:
        print("even > 5")
if []:
    print("no")
elif {}:
    print("no")
elif "s":
    print("string truthy")
