# uncaught exception raised from another: last line is the final exception
def parse(s):
    try:
        return int(s)
    except ValueError as e:
        raise RuntimeError("parse failed") from e
print(parse("12"))
parse("x")
