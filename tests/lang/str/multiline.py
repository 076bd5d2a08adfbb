# multi-line strings and dedent-free processing
doc = """Line one
    indented line
Line three
"""
lines = doc.splitlines()
print(len(lines), lines)
print([l.strip() for l in lines], [len(l) - len(l.lstrip()) for l in lines])
print(doc.count("\n"), doc.endswith("\n"), repr(doc[:8]))
raw = r"""raw \n stays"""
print(raw, len(raw))
s = ("a"
     "b"
     "c")
print(s)
