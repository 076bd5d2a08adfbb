# counting and grouping with plain dicts
text = "one two three two three three"
counts = {}
for w in text.split():
    counts[w] = counts.get(w, 0) + 1
print(counts)
print(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
groups = {}
for i, w in enumerate(text.split()):
    groups.setdefault(w, []).append(i)
print(groups)
letters = {}
for c in "abracadabra":
    if c in letters:
        letters[c] += 1
    else:
        letters[c] = 1
print(letters, max(letters, key=letters.get))
by_len = {}
for w in text.split():
    by_len.setdefault(len(w), set()).add(w)
print({k: sorted(v) for k, v in sorted(by_len.items())})
