# exceptions raised from methods, properties and __init__
class Config:
    def __init__(self, data):
        if not isinstance(data, dict):
            raise TypeError(f"expected dict, got {type(data).__name__}")
        self.data = data
    @property
    def port(self):
        try:
            return int(self.data["port"])
        except KeyError:
            raise KeyError("port not configured") from None
        except ValueError as e:
            raise ValueError(f"bad port: {self.data['port']!r}") from e
for d in [{"port": "80"}, {}, {"port": "http"}, [1]]:
    try:
        print(Config(d).port)
    except (KeyError, ValueError, TypeError) as e:
        print(type(e).__name__, e, "cause:", type(e.__cause__).__name__ if e.__cause__ else None)
