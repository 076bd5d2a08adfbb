# re with simple patterns
import re
print(re.match(r"\d+", "123abc").group(), re.match(r"\d+", "abc"), re.search(r"[a-z]+", "123abc456").group())
print(re.findall(r"\d+", "a1b22c333"), re.findall(r"(\w)=(\d)", "a=1 b=2"), re.split(r"[,;]\s*", "a, b;c"))
print(re.sub(r"\s+", " ", "too   many    spaces"), re.sub(r"(\d+)", r"<\1>", "x1y22"), re.subn("a", "b", "aaa"))
m = re.match(r"(?P<key>\w+):(?P<val>\d+)", "port:8080")
print(m.group("key"), m.group("val"), m.groups(), m.groupdict(), m.span(), m.start(2), m.end())
print(bool(re.fullmatch(r"[A-Z][a-z]*", "Hello")), bool(re.fullmatch(r"[A-Z][a-z]*", "Hello!")))
pat = re.compile(r"^(\w+)@(\w+)\.com$")
for s in ["bob@example.com", "bad@", "x@y.com"]:
    mm = pat.match(s)
    print(s, mm.groups() if mm else None)
print([m.group() for m in re.finditer(r"\b\w{3}\b", "the cat sat on a mat")])
print(re.sub(r"[aeiou]", lambda m: m.group().upper(), "regular expression"), re.escape("a.b*c"))
print(re.findall(r"a|b", "cabbage", flags=0), re.search(r"X", "abc", re.I), re.search(r"B", "abc", re.IGNORECASE).group())
