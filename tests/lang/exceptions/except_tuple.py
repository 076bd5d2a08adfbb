# except with tuples and ordering of clauses
def trigger(kind):
    if kind == "key":
        return {}["x"]
    if kind == "index":
        return [][1]
    if kind == "type":
        return 1 + "a"
    if kind == "value":
        return int("z")
    return "fine"
for kind in ("key", "index", "type", "value", "none"):
    try:
        print(trigger(kind))
    except (KeyError, IndexError) as e:
        print("lookup", type(e).__name__)
    except TypeError:
        print("type error")
    except Exception as e:
        print("generic", type(e).__name__)
try:
    raise ValueError
except Exception:
    print("Exception first")
except ValueError:
    print("never")
