"""copy: shallow and deep copies (CPython 3.11 API).

Without pickle's __reduce_ex__ protocol in the VM, instances of user classes
are copied by creating an empty instance with cls.__new__(cls) and copying
their __dict__ (what __reduce_ex__(4) amounts to for plain classes);
__copy__ / __deepcopy__ and __getstate__/__setstate__ are honoured.
"""


class Error(Exception):
    pass


error = Error

def _function():
    pass


# Immutable values, functions and classes are their own copies, as in CPython.
_ATOMIC = (type(None), int, float, bool, str, bytes, type, range, slice,
           type(print), type(_function), type(Ellipsis), type(NotImplemented))


def _is_atomic(x):
    return type(x) in _ATOMIC or isinstance(x, type)


def _new_instance(cls):
    return cls.__new__(cls)


def _copy_state(result, state, deep, memo):
    if deep:
        state = deepcopy(state, memo)
    setstate = getattr(result, "__setstate__", None)
    if setstate is not None and type(result).__dict__.get("__setstate__") is not None:
        setstate(state)
        return
    if isinstance(state, tuple) and len(state) == 2:
        state, slotstate = state
    else:
        slotstate = None
    if state:
        result.__dict__.update(state)
    if slotstate:
        for key, value in slotstate.items():
            setattr(result, key, value)


def _get_state(x):
    getstate = getattr(type(x), "__getstate__", None)
    if getstate is not None and getstate is not getattr(object, "__getstate__", None):
        return getstate(x)
    return getattr(x, "__dict__", None)


def copy(x):
    """Shallow copy: a new container holding the same items."""
    cls = type(x)
    if _is_atomic(x) or cls is tuple or cls is frozenset:
        return x
    if cls is list:
        return list(x)
    if cls is dict:
        return dict(x)
    if cls is set:
        return set(x)
    if cls is bytearray:
        return bytearray(x)
    copier = getattr(cls, "__copy__", None)
    if copier is not None:
        return copier(x)
    if isinstance(x, BaseException):
        result = cls.__new__(cls, *x.args)
        result.__dict__.update(x.__dict__)
        return result
    return _reconstruct(x, False, None)


def _reconstruct(x, deep, memo):
    cls = type(x)
    if isinstance(x, (list, dict, set, tuple)):
        # Subclasses of the builtin containers: rebuild the container part too.
        if isinstance(x, tuple):
            items = [deepcopy(v, memo) for v in x] if deep else list(x)
            result = cls.__new__(cls, *items) if hasattr(cls, "_fields") else tuple.__new__(cls, items)
            if memo is not None:
                memo[id(x)] = result
            return result
        result = _new_instance(cls)
        if memo is not None:
            memo[id(x)] = result
        if isinstance(x, list):
            for v in x:
                result.append(deepcopy(v, memo) if deep else v)
        elif isinstance(x, dict):
            for k, v in x.items():
                if deep:
                    result[deepcopy(k, memo)] = deepcopy(v, memo)
                else:
                    result[k] = v
        else:
            for v in x:
                result.add(deepcopy(v, memo) if deep else v)
    else:
        result = _new_instance(cls)
        if memo is not None:
            memo[id(x)] = result
    state = _get_state(x)
    if state:
        _copy_state(result, state, deep, memo)
    return result


def deepcopy(x, memo=None, _nil=[]):
    """Deep copy: containers and instances are copied recursively; shared and
    cyclic references stay shared and cyclic in the copy (memo by id)."""
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    if _is_atomic(x):
        return x
    if cls is list:
        y = []
        memo[d] = y
        for a in x:
            y.append(deepcopy(a, memo))
    elif cls is tuple:
        items = [deepcopy(a, memo) for a in x]
        # A tuple reached again through its own items was copied meanwhile.
        if d in memo:
            return memo[d]
        same = True
        for a, b in zip(x, items):
            if a is not b:
                same = False
                break
        y = x if same else tuple(items)
    elif cls is dict:
        y = {}
        memo[d] = y
        for key, value in x.items():
            y[deepcopy(key, memo)] = deepcopy(value, memo)
    elif cls is set:
        y = set()
        memo[d] = y
        for a in x:
            y.add(deepcopy(a, memo))
    elif cls is frozenset:
        y = frozenset([deepcopy(a, memo) for a in x])
    elif cls is bytearray:
        y = bytearray(x)
    else:
        copier = getattr(cls, "__deepcopy__", None)
        if copier is not None:
            y = copier(x, memo)
        else:
            y = _reconstruct(x, True, memo)
    if y is not x:
        memo[d] = y
        # Keep x alive for as long as memo is: ids must not be reused.
        keep = memo.get(id(memo), None)
        if keep is None:
            memo[id(memo)] = [x]
        else:
            keep.append(x)
    return y
