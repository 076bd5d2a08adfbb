# try/except/else inside loops with break and continue
results = []
for token in ["1", "2", "x", "3", "stop", "4"]:
    try:
        if token == "stop":
            break
        n = int(token)
    except ValueError:
        results.append("skip " + token)
        continue
    else:
        results.append(n * n)
    finally:
        results.append("|")
print(results)
