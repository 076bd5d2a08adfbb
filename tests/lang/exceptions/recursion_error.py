# RecursionError is catchable
def forever(n):
    return forever(n + 1)
try:
    forever(0)
except RecursionError as e:
    print("RecursionError", "maximum recursion depth exceeded" in str(e))
def ok(n):
    return 0 if n == 0 else 1 + ok(n - 1)
print(ok(200))
