# sliding windows and chunking with slices
s = "abcdefghijk"
print([s[i:i + 3] for i in range(0, len(s), 3)])
print([s[i:i + 4] for i in range(len(s) - 3)])
nums = list(range(1, 11))
print([sum(nums[i:i + 3]) for i in range(len(nums) - 2)])
print(nums[len(nums) // 2:], nums[:len(nums) // 2])
def chunks(seq, n):
    return [seq[i:i + n] for i in range(0, len(seq), n)]
print(chunks(nums, 4), chunks("hello world", 5), chunks((1, 2, 3), 2))
print(s[::-1][:3], s[-3:][::-1], s[1:-1][::2])
