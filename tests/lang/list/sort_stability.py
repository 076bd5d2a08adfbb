# sort stability, key, reverse
people = [("bob", 25), ("alice", 30), ("carol", 25), ("dave", 30), ("eve", 22)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
print(sorted(people, key=lambda p: (-p[1], p[0])))
by_name = sorted(people)
print(sorted(by_name, key=lambda p: p[1]))
words = "the Quick brown fox Jumps over The lazy dog".split()
words.sort(key=str.lower)
print(words)
words.sort(key=len, reverse=True)
print(words)
nums = [5, -3, 2, -8, 0, 7, -1]
print(sorted(nums, key=abs), sorted(nums, key=lambda v: v * v, reverse=True))
l = [3, 1, 2]
print(l.sort(), l)
print(sorted([[2, 1], [1, 2], [1], []]), sorted("bca"), sorted((3, 1, 2)))
