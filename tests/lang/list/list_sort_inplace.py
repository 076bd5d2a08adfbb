# list.sort in place with key and reverse, sorting nested
data = [[3, "c"], [1, "a"], [2, "b"], [1, "z"]]
data.sort()
print(data)
data.sort(key=lambda r: r[1], reverse=True)
print(data)
words = ["Banana", "apple", "Cherry", "date"]
words.sort()
print(words)
words.sort(key=str.lower)
print(words)
nums = [3.5, -2, 7, 0, -2.5]
nums.sort(key=abs)
print(nums)
nums.sort(reverse=True)
print(nums)
