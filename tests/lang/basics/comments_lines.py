# line continuation, semicolons, comments
total = 1 + \
    2 + \
    3
print(total)
values = [
    1,  # one
    2,  # two
    3,
]
print(values)
a = 1; b = 2; c = a + b; print(c)
s = ("implicit "
     "string "
     'concatenation')
print(s)
d = {
    "k": (1,
          2),
}
print(d)
if (a < b and
        b < c):
    print("multi-line condition")
print(len("""triple
quoted
"""))
