# uncaught AttributeError
class Thing:
    def __init__(self):
        self.name = "thing"
t = Thing()
print(t.name)
print(t.size)
