# membership and containment
s = "The rain in Spain"
print("rain" in s, "Rain" in s, "" in s, "ain" in s, s.count("ain"))
print([w for w in s.split() if "ai" in w])
print("x" not in s, "S" in s, s.lower().count("s"))
vowels = "aeiou"
print("".join(c for c in s.lower() if c in vowels))
print(sum(1 for c in s if c not in vowels + " "))
try:
    1 in "abc"
except TypeError as e:
    print("TypeError", e)
