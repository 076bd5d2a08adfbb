# algorithms using sets
def unique_chars(s):
    return len(set(s)) == len(s)
print([unique_chars(w) for w in ["abc", "hello", "", "world"]])
a = [1, 5, 9, 13, 5, 1]
b = [5, 13, 2, 1]
print(sorted(set(a) & set(b)), sorted(set(a) - set(b)), sorted(set(a) | set(b)))
def has_pair_sum(nums, target):
    seen = set()
    for n in nums:
        if target - n in seen:
            return (target - n, n)
        seen.add(n)
    return None
print(has_pair_sum([3, 8, 11, 4, 6], 10), has_pair_sum([1, 2], 10))
edges = [(1, 2), (2, 3), (4, 5), (6, 6)]
nodes = set()
for x, y in edges:
    nodes |= {x, y}
print(sorted(nodes))
