# find/index/count/startswith/endswith
s = "the quick brown fox jumps over the lazy dog"
print(s.find("the"), s.find("the", 1), s.rfind("the"), s.find("cat"), s.find(""))
print(s.index("o"), s.rindex("o"), s.count("o"), s.count("the"), s.count(""), "aaaa".count("aa"))
print(s.startswith("the"), s.startswith(("a", "t")), s.endswith("dog"), s.endswith("og", 0, 10))
print(s.find("o", 20, 30), s.count("o", 20), s.startswith("quick", 4))
try:
    s.index("cat")
except ValueError as e:
    print("ValueError", e)
print("abcabc".rfind("c", 0, 5), "abc".find("c", -1), "abc".find("a", -1))
