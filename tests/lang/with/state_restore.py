# context managers that restore state
class Settings:
    values = {"debug": False, "level": 1}
class override:
    def __init__(self, **kw):
        self.kw = kw
        self.saved = {}
    def __enter__(self):
        for k, v in self.kw.items():
            self.saved[k] = Settings.values[k]
            Settings.values[k] = v
        return Settings.values
    def __exit__(self, *exc):
        Settings.values.update(self.saved)
        return False
print(Settings.values)
with override(debug=True) as s:
    print(s)
    with override(level=5):
        print(Settings.values)
    print(Settings.values)
print(Settings.values)
try:
    with override(level=9):
        raise RuntimeError("x")
except RuntimeError:
    pass
print(Settings.values)
