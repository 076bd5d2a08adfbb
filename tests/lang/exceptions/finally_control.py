# finally with return/break/continue
def f():
    try:
        return "try"
    finally:
        print("finally runs")
print(f())
def g():
    try:
        return "try"
    finally:
        return "finally wins"
print(g())
def h():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed by return"
print(h())
for i in range(3):
    try:
        if i == 1:
            break
    finally:
        print("finally", i)
for i in range(3):
    try:
        if i < 2:
            continue
        print("body", i)
    finally:
        print("cont-finally", i)
def nested():
    try:
        try:
            return 1
        finally:
            print("inner finally")
    finally:
        print("outer finally")
print(nested())
