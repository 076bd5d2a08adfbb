# repeated find/replace passes over text
text = "the cat sat on the mat with the hat"
pos = []
i = text.find("the")
while i != -1:
    pos.append(i)
    i = text.find("the", i + 1)
print(pos)
t = text
for old, new in [("cat", "dog"), ("the ", ""), ("at", "AT")]:
    t = t.replace(old, new)
    print(t)
print(text.replace("the", "THE", 2), text.count("at"), text.rfind("the"), text.index("mat"))
