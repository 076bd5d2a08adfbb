def risky(n):
    if n == 0:
        raise ValueError('zero')
    if n == 1:
        raise KeyError('one')
    return 1 / (n - 2)
for n in range(4):
    try:
        print('result', risky(n))
    except ValueError as e:
        print('value', e)
    except (KeyError, TypeError) as e:
        print('key', repr(e))
    except ZeroDivisionError:
        print('zero division')
    else:
        print('else', n)
    finally:
        print('finally', n)
def reraise():
    try:
        raise IndexError('inner')
    except IndexError:
        raise
try:
    reraise()
except IndexError as e:
    print('reraised', e)
try:
    try:
        raise TypeError('first')
    except TypeError as e:
        raise ValueError('second') from e
except ValueError as e:
    print('chained', e, repr(e.__cause__), e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError('during')
except KeyError as e:
    print('context', type(e.__context__).__name__)
def finally_return():
    try:
        return 'try'
    finally:
        print('cleanup runs')
print(finally_return())
def finally_overrides():
    try:
        raise ValueError
    finally:
        return 'swallowed'
print(finally_overrides())
def nested():
    try:
        try:
            raise ValueError('v')
        finally:
            print('inner finally')
    except ValueError as e:
        print('outer caught', e)
        return 'done'
    finally:
        print('outer finally')
print(nested())
try:
    raise RuntimeError
except RuntimeError as e:
    pass
try:
    print(e)
except NameError as err:
    print('name cleared', type(err).__name__)
def in_handler_return():
    try:
        raise OSError('x')
    except OSError as e:
        return 'from handler ' + str(e)
print(in_handler_return())
def loop_in_try():
    out = []
    for i in range(5):
        try:
            if i % 2:
                raise ValueError(i)
            out.append(i)
        except ValueError as e:
            out.append(-e.args[0])
            if i == 3:
                break
            continue
    return out
print(loop_in_try())
class Custom(Exception):
    pass
try:
    raise Custom
except Exception as e:
    print(type(e).__name__, isinstance(e, Custom))
try:
    raise ValueError('a')
except ValueError:
    try:
        raise TypeError('b')
    except TypeError:
        pass
    try:
        raise
    except ValueError as e:
        print('bare raise restores', e)
try:
    [].pop()
except IndexError as e:
    print('builtin error', e)
try:
    {}['missing']
except LookupError as e:
    print('lookup', repr(e))
def gen_cleanup():
    try:
        yield 1
        yield 2
    finally:
        print('gen finally')
g = gen_cleanup()
print(next(g))
g.close()
try:
    undefined_name
except NameError as e:
    print(e)
try:
    x, y = [1, 2, 3]
except ValueError as e:
    print(e)
try:
    raise ValueError from None
except ValueError as e:
    print(e.__cause__, e.__suppress_context__)
def bare(kind):
    try:
        if kind:
            raise kind('bare')
        value = 'none'
    except:
        value = 'caught'
    return value
print(bare(None), bare(ValueError), bare(KeyboardInterrupt))
def bare_return():
    for i in range(3):
        try:
            1 / i
        except:
            continue
        else:
            return i
print(bare_return())
