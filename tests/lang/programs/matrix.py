# matrix operations with lists: multiply, transpose, determinant, power
def matmul(A, B):
    return [[sum(A[i][k] * B[k][j] for k in range(len(B))) for j in range(len(B[0]))] for i in range(len(A))]
def transpose(A):
    return [list(r) for r in zip(*A)]
def det(M):
    if len(M) == 1:
        return M[0][0]
    return sum((-1) ** j * M[0][j] * det([row[:j] + row[j + 1:] for row in M[1:]]) for j in range(len(M)))
def identity(n):
    return [[int(i == j) for j in range(n)] for i in range(n)]
def matpow(M, e):
    R = identity(len(M))
    while e:
        if e & 1:
            R = matmul(R, M)
        M = matmul(M, M)
        e >>= 1
    return R
A = [[2, 0, 1], [1, 3, 2], [1, 1, 1]]
B = [[1, 2], [0, 1], [4, 0]]
print(matmul(A, B))
print(transpose(B), det(A), det([[1, 2], [3, 4]]))
print(matpow([[1, 1], [1, 0]], 90)[0][1])
for row in matpow(A, 5):
    print(" ".join(f"{v:6d}" for v in row))
