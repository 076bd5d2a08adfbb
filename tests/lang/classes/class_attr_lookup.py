# attribute lookup order: instance, class, bases
class A:
    x = "A.x"
    y = "A.y"
class B(A):
    x = "B.x"
b = B()
print(b.x, b.y)
b.x = "instance"
print(b.x, B.x, A.x)
del b.x
print(b.x)
A.y = "A.y changed"
print(b.y)
B.y = "B.y new"
print(b.y, A.y)
class C(B):
    pass
print(C().x, C().y, C.__mro__[1].__name__)
