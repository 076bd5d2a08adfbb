# matrix operations with comprehensions
A = [[1, 2], [3, 4], [5, 6]]
B = [[7, 8, 9], [10, 11, 12]]
def matmul(X, Y):
    return [[sum(a * b for a, b in zip(row, col)) for col in zip(*Y)] for row in X]
print(matmul(A, B))
print(matmul(B, A))
I = [[int(i == j) for j in range(3)] for i in range(3)]
print(I, matmul(I, I) == I)
print([[A[i][j] for i in range(len(A))] for j in range(len(A[0]))])
print([sum(row) for row in A], [sum(col) for col in zip(*A)])
print([[x * 10 for x in row] for row in B])
