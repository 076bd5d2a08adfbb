# recursive-descent calculator with precedence and variables
class Parser:
    def __init__(self, text, env):
        self.toks = text.replace("(", " ( ").replace(")", " ) ").split()
        self.pos = 0
        self.env = env
    def peek(self):
        return self.toks[self.pos] if self.pos < len(self.toks) else None
    def take(self):
        t = self.peek()
        self.pos += 1
        return t
    def expr(self):
        v = self.term()
        while self.peek() in ("+", "-"):
            v = v + self.term() if self.take() == "+" else v - self.term()
        return v
    def term(self):
        v = self.factor()
        while self.peek() in ("*", "/", "%"):
            op = self.take()
            r = self.factor()
            v = v * r if op == "*" else v // r if op == "/" else v % r
        return v
    def factor(self):
        t = self.take()
        if t == "(":
            v = self.expr()
            self.take()
            return v
        if t == "-":
            return -self.factor()
        if t.isdigit():
            return int(t)
        return self.env[t]
env = {"x": 7, "y": 3}
for e in ["1 + 2 * 3", "( 1 + 2 ) * 3", "x * y - 4 / 2", "- ( x % y ) + 100", "2 * ( 3 + ( 4 - 1 ) ) * 2"]:
    print(e, "=", Parser(e, env).expr())
try:
    Parser("z + 1", env).expr()
except KeyError as e:
    print("unknown variable", e)
