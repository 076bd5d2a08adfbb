# BaseException vs Exception, KeyboardInterrupt and SystemExit not caught by Exception
def throw(exc):
    try:
        raise exc
    except Exception as e:
        return "Exception caught " + type(e).__name__
    except BaseException as e:
        return "BaseException caught " + type(e).__name__
for exc in (ValueError(), KeyboardInterrupt(), SystemExit(0), GeneratorExit(), StopIteration()):
    print(throw(exc))
try:
    raise ValueError("bare except")
except:
    print("bare except caught it")
