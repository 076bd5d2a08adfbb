# return from inside loops and try blocks
def find_pair(nums, target):
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                return i, j
    return None
print(find_pair([2, 7, 11, 15], 9), find_pair([1, 2], 10))
def early(xs):
    total = 0
    for x in xs:
        if x < 0:
            return "negative found", total
        total += x
    return "done", total
print(early([1, 2, 3]), early([1, -1, 5]))
def loop_with_try():
    for i in range(5):
        try:
            if i == 3:
                return i
        finally:
            print("finally", i)
print(loop_with_try())
