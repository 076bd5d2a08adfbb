# heapq and bisect give sorted results
import heapq, bisect
h = []
for v in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(h, v)
print([heapq.heappop(h) for _ in range(len(h))])
data = [7, 2, 9, 4, 1]
heapq.heapify(data)
print(data[0], heapq.nsmallest(3, [7, 2, 9, 4, 1]), heapq.nlargest(2, [7, 2, 9, 4, 1]))
a = [1, 3, 3, 5, 8]
print(bisect.bisect_left(a, 3), bisect.bisect_right(a, 3), bisect.bisect(a, 4))
bisect.insort(a, 4)
print(a)
grades = "FDCBA"
print([grades[bisect.bisect([60, 70, 80, 90], s)] for s in (33, 99, 77, 70, 89, 90)])
