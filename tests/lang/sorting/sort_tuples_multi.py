# sorting by multiple criteria
students = [("ann", "B", 88), ("bob", "A", 95), ("cy", "B", 72), ("di", "A", 95), ("ed", "C", 60)]
print(sorted(students, key=lambda s: (s[1], -s[2], s[0])))
print(sorted(students, key=lambda s: s[2], reverse=True)[:3])
by_grade = {}
for name, grade, score in sorted(students):
    by_grade.setdefault(grade, []).append(name)
print(by_grade)
print([s[0] for s in sorted(students, key=lambda s: (len(s[0]), s[0]))])
print(sorted(range(10), key=lambda x: (x % 2, -x)))
