# natural sort vs lexicographic sort
files = ["file10.txt", "file2.txt", "File1.txt", "file1.txt", "file20.txt", "file3.txt"]
print(sorted(files))
def natural_key(s):
    key, num = [], ""
    for c in s:
        if c.isdigit():
            num += c
        else:
            if num:
                key.append(int(num))
                num = ""
            key.append(c.lower())
    if num:
        key.append(int(num))
    return key
print(sorted(files, key=natural_key))
print(sorted(["10", "9", "100", "1"]), sorted(["10", "9", "100", "1"], key=int))
print(sorted([3.14, 2, 2.72, -1, 0.5]))
