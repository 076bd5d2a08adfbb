# mixin classes contributing methods
class JsonMixin:
    def to_json(self):
        import json
        return json.dumps(self.__dict__, sort_keys=True)
class EqMixin:
    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__
    __hash__ = None
class ReprMixin:
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({fields})"
class User(JsonMixin, EqMixin, ReprMixin):
    def __init__(self, name, age):
        self.name = name
        self.age = age
u = User("ann", 30)
print(u, u.to_json(), u == User("ann", 30), u == User("bob", 30))
print([c.__name__ for c in User.__mro__])
