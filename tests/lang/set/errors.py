# set error messages
try:
    {[1]}
except TypeError as e:
    print("TypeError", e)
try:
    set().pop()
except KeyError as e:
    print("KeyError", e)
try:
    {1} + {2}
except TypeError as e:
    print("TypeError", e)
try:
    s = {1}
    s[0]
except TypeError as e:
    print("TypeError", e)
try:
    set([1, 2]).remove(3)
except KeyError as e:
    print("KeyError", repr(e))
try:
    {1} < [1]
except TypeError as e:
    print("TypeError", e)
print(sorted({1, 2} | set(range(3))))
