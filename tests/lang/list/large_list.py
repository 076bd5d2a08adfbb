# larger lists built and reduced
n = 5000
sq = [i * i for i in range(n)]
print(len(sq), sq[-1], sum(sq), sq[::1000])
evens = [x for x in sq if x % 2 == 0]
print(len(evens), evens[:5])
acc = []
for i in range(1000):
    acc.append(i)
    if len(acc) > 10:
        acc.pop(0)
print(acc)
big = list(range(10000))
big.reverse()
print(big[:3], big[-3:], big.index(5000))
del big[100:9900]
print(len(big), big[98:102])
