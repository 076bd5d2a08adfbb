# sorting dictionary contents various ways
scores = {"ann": 88, "bob": 95, "cy": 72, "di": 95, "ed": 60}
print(sorted(scores), sorted(scores, key=scores.get), sorted(scores, key=lambda k: (-scores[k], k)))
print(sorted(scores.items(), key=lambda kv: kv[1]), sorted(scores.values(), reverse=True))
ranked = {k: i + 1 for i, k in enumerate(sorted(scores, key=lambda k: -scores[k]))}
print(ranked)
print(dict(sorted(scores.items())), list(dict(sorted(scores.items(), key=lambda kv: kv[1]))))
