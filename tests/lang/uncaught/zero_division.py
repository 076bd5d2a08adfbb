# ends with an uncaught ZeroDivisionError after printing
print("before")
x = 10
y = x - 10
print("dividing")
print(x / y)
print("never printed")
