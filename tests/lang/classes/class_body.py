# class bodies execute like code; names resolve at class scope
log = []
class K:
    log.append("body start")
    a = 1
    b = a + 1
    def m(self):
        return self.b
    for i in range(2):
        log.append(f"loop {i}")
    del i
    log.append("body end")
print(log, K.a, K.b, K().m(), hasattr(K, "i"))
x = "global"
class Scope:
    x = "class"
    def get(self):
        return x
print(Scope().get(), Scope.x)
