# custom exception classes
class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, what):
        super().__init__(f"{what} not found")
        self.what = what
class WithCode(AppError):
    def __init__(self, msg, code):
        super().__init__(msg, code)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[0]}"
for exc in (NotFound("user"), WithCode("bad", 400), AppError("plain")):
    try:
        raise exc
    except NotFound as e:
        print("NotFound", e, e.what, e.args)
    except AppError as e:
        print(type(e).__name__, e, repr(e) if type(e) is AppError else e.args)
print(issubclass(NotFound, Exception), NotFound.__mro__[1].__name__)
