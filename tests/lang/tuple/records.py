# tuples as lightweight records
people = [("ann", 31, "nyc"), ("bob", 25, "sf"), ("cy", 31, "la")]
for name, age, city in people:
    print(f"{name:<4}{age:>3} {city}")
print(max(people, key=lambda p: p[1]), sorted(people, key=lambda p: (-p[1], p[0])))
by_age = {}
for p in people:
    by_age.setdefault(p[1], []).append(p[0])
print(by_age)
names, ages, cities = zip(*people)
print(names, sum(ages), cities)
NAME, AGE = 0, 1
print([p[NAME] for p in people if p[AGE] > 30])
