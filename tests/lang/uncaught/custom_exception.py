# uncaught user-defined exception with a message
class ConfigError(Exception):
    pass
def load(name):
    print("loading", name)
    raise ConfigError(f"bad config: {name}")
load("app.cfg")
