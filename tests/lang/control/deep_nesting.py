# deeply nested control structures
result = []
for i in range(4):
    if i % 2 == 0:
        for j in range(3):
            if j == 1:
                continue
            k = 0
            while k < 2:
                if i == 2 and j == 2 and k == 1:
                    break
                result.append((i, j, k))
                k += 1
    else:
        try:
            if i == 3:
                raise ValueError(i)
            result.append(("odd", i))
        except ValueError as e:
            result.append(("caught", e.args[0]))
print(result)
print(len(result))
