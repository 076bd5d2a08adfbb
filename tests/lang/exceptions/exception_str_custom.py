# custom __str__ and __repr__ in exceptions
class ParseError(Exception):
    def __init__(self, line, col, msg):
        super().__init__(line, col, msg)
        self.line, self.col, self.msg = line, col, msg
    def __str__(self):
        return f"line {self.line}, col {self.col}: {self.msg}"
e = ParseError(3, 14, "unexpected token")
print(e, "|", repr(e), "|", e.args)
try:
    raise e
except Exception as caught:
    print(type(caught).__name__, caught.line, str(caught))
class Quiet(Exception):
    def __repr__(self):
        return "Quiet!"
print(repr(Quiet("x")), str(Quiet("x")), [Quiet()])
