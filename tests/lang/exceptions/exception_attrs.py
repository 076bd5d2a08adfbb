# extra attributes and with_traceback-free inspection
class HttpError(Exception):
    def __init__(self, status, reason):
        super().__init__(status, reason)
        self.status = status
        self.reason = reason
try:
    raise HttpError(404, "Not Found")
except HttpError as e:
    print(e.status, e.reason, e.args, str(e), repr(e))
err = KeyError("missing")
print(str(err), repr(err), err.args[0])
oe = OSError(2, "No such file or directory")
print(oe.errno, oe.strerror, str(oe))
si = StopIteration("val")
print(si.value, StopIteration().value)
try:
    raise SystemExit(3)
except SystemExit as e:
    print("SystemExit", e.code)
