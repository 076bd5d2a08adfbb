"""dataclasses: the @dataclass decorator (CPython 3.11 API).

CPython generates each method's source and exec's it; the subset has no exec,
so the methods here are closures over the field list that do the same work
in a loop. Fields come from the class's __annotations__ in definition order.
"""

__all__ = ["dataclass", "field", "Field", "FrozenInstanceError", "InitVar",
           "KW_ONLY", "MISSING", "fields", "asdict", "astuple", "make_dataclass",
           "replace", "is_dataclass"]


class FrozenInstanceError(AttributeError):
    pass


class _MissingType:
    def __repr__(self):
        return "MISSING"


MISSING = _MissingType()


class _KwOnlyType:
    def __repr__(self):
        return "KW_ONLY"


KW_ONLY = _KwOnlyType()


class InitVar:
    def __init__(self, type):
        self.type = type

    def __repr__(self):
        name = getattr(self.type, "__name__", None) or repr(self.type)
        return "dataclasses.InitVar[%s]" % name


_FIELD = "_FIELD"
_FIELD_CLASSVAR = "_FIELD_CLASSVAR"
_FIELD_INITVAR = "_FIELD_INITVAR"


class Field:
    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only
        self._field_type = None

    def __repr__(self):
        return ("Field(name=%r,type=%r,default=%r,default_factory=%r,init=%r,repr=%r,"
                "hash=%r,compare=%r,metadata=%r,kw_only=%r,_field_type=%s)"
                % (self.name, self.type, self.default, self.default_factory, self.init,
                   self.repr, self.hash, self.compare, self.metadata, self.kw_only,
                   self._field_type))


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True,
          hash=None, compare=True, metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


class _DataclassParams:
    def __init__(self, init, repr, eq, order, unsafe_hash, frozen):
        self.init = init
        self.repr = repr
        self.eq = eq
        self.order = order
        self.unsafe_hash = unsafe_hash
        self.frozen = frozen

    def __repr__(self):
        return ("_DataclassParams(init=%r,repr=%r,eq=%r,order=%r,unsafe_hash=%r,frozen=%r)"
                % (self.init, self.repr, self.eq, self.order, self.unsafe_hash, self.frozen))


def _is_classvar(annotation):
    if isinstance(annotation, str):
        return annotation.startswith("ClassVar") or annotation.startswith("typing.ClassVar")
    return getattr(annotation, "__name__", None) == "ClassVar" or repr(annotation).startswith("typing.ClassVar")


def _is_initvar(annotation):
    if isinstance(annotation, InitVar) or annotation is InitVar:
        return True
    return isinstance(annotation, str) and (annotation.startswith("InitVar")
                                            or annotation.startswith("dataclasses.InitVar"))


def _get_field(cls, name, annotation, default_kw_only):
    default = cls.__dict__.get(name, MISSING)
    if isinstance(default, Field):
        f = default
    else:
        f = field(default=default)
    f.name = name
    f.type = annotation
    f._field_type = _FIELD
    if _is_classvar(annotation):
        f._field_type = _FIELD_CLASSVAR
    elif _is_initvar(annotation):
        f._field_type = _FIELD_INITVAR
    if f._field_type != _FIELD and f.default_factory is not MISSING:
        raise TypeError("field %s cannot have a default factory" % name)
    if f._field_type == _FIELD and f.kw_only is MISSING:
        f.kw_only = default_kw_only
    if f._field_type == _FIELD and f.default is not MISSING:
        cls_default = f.default
        if type(cls_default) in (list, dict, set):
            raise ValueError("mutable default %s for field %s is not allowed: use default_factory"
                             % (type(cls_default), name))
    return f


def _format_missing(names):
    quoted = ["'%s'" % n for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return quoted[0] + " and " + quoted[1]
    return ", ".join(quoted[:-1]) + ", and " + quoted[-1]


def _make_init(cls, fields_list, frozen, has_post_init):
    init_fields = [f for f in fields_list if f.init]
    positional = [f for f in init_fields if not f.kw_only]
    keyword_only = [f for f in init_fields if f.kw_only]
    # Fields not taken by __init__ still get their default / factory value.
    other_fields = [f for f in fields_list if not f.init and f._field_type == _FIELD]
    seen_default = False
    for f in positional:
        if f.default is not MISSING or f.default_factory is not MISSING:
            seen_default = True
        elif seen_default:
            raise TypeError("non-default argument '%s' follows default argument" % f.name)
    qualname = cls.__qualname__ + ".__init__"
    assign = object.__setattr__ if frozen else setattr

    def __init__(self, *args, **kwargs):
        if len(args) > len(positional):
            low = len([f for f in positional
                       if f.default is MISSING and f.default_factory is MISSING])
            if low == len(positional):
                expected = "%d positional argument%s" % (low + 1, "" if low == 0 else "s")
            else:
                expected = "from %d to %d positional arguments" % (low + 1, len(positional) + 1)
            raise TypeError("%s() takes %s but %d were given"
                            % (qualname, expected, len(args) + 1))
        values = {}
        for f, value in zip(positional, args):
            values[f.name] = value
        for name in kwargs:
            if name in values:
                raise TypeError("%s() got multiple values for argument '%s'" % (qualname, name))
            ok = False
            for f in init_fields:
                if f.name == name:
                    ok = True
                    break
            if not ok:
                raise TypeError("%s() got an unexpected keyword argument '%s'" % (qualname, name))
            values[name] = kwargs[name]
        missing = []
        missing_kw = []
        for f in init_fields:
            if f.name in values:
                continue
            if f.default is not MISSING:
                values[f.name] = f.default
            elif f.default_factory is not MISSING:
                values[f.name] = f.default_factory()
            elif f.kw_only:
                missing_kw.append(f.name)
            else:
                missing.append(f.name)
        if missing:
            raise TypeError("%s() missing %d required positional argument%s: %s"
                            % (qualname, len(missing), "" if len(missing) == 1 else "s",
                               _format_missing(missing)))
        if missing_kw:
            raise TypeError("%s() missing %d required keyword-only argument%s: %s"
                            % (qualname, len(missing_kw), "" if len(missing_kw) == 1 else "s",
                               _format_missing(missing_kw)))
        for f in init_fields:
            if f._field_type == _FIELD:
                assign(self, f.name, values[f.name])
        for f in other_fields:
            if f.default is not MISSING:
                assign(self, f.name, f.default)
            elif f.default_factory is not MISSING:
                assign(self, f.name, f.default_factory())
        if has_post_init:
            initvars = [values[f.name] for f in init_fields if f._field_type == _FIELD_INITVAR]
            self.__post_init__(*initvars)

    __init__.__qualname__ = qualname
    return __init__


def _make_repr(cls, fields_list):
    shown = [f.name for f in fields_list if f.repr and f._field_type == _FIELD]
    # Guard against a dataclass that contains itself, as reprlib does.
    running = set()

    def __repr__(self):
        key = id(self)
        if key in running:
            return "..."
        running.add(key)
        try:
            parts = ["%s=%r" % (name, getattr(self, name)) for name in shown]
        finally:
            running.discard(key)
        return "%s(%s)" % (type(self).__qualname__, ", ".join(parts))

    __repr__.__qualname__ = cls.__qualname__ + ".__repr__"
    return __repr__


def _tuple_of(obj, names):
    return tuple([getattr(obj, name) for name in names])


def _make_compare(cls, names, op):
    def compare(self, other):
        if other.__class__ is self.__class__:
            a = _tuple_of(self, names)
            b = _tuple_of(other, names)
            if op == "eq":
                return a == b
            if op == "lt":
                return a < b
            if op == "le":
                return a <= b
            if op == "gt":
                return a > b
            return a >= b
        return NotImplemented
    compare.__name__ = "__%s__" % op
    compare.__qualname__ = cls.__qualname__ + ".__%s__" % op
    return compare


def _make_frozen_methods(cls, names):
    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise FrozenInstanceError("cannot assign to field %r" % (name,))
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise FrozenInstanceError("cannot delete field %r" % (name,))
        object.__delattr__(self, name)

    return __setattr__, __delattr__


def _make_hash(names):
    def __hash__(self):
        return hash(_tuple_of(self, names))
    return __hash__


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args,
                   kw_only, slots):
    all_fields = {}
    # Fields of dataclass bases first, most basic first, so overrides keep
    # the base's position but take the subclass's definition.
    for base in reversed(cls.__mro__[1:]):
        base_fields = base.__dict__.get("__dataclass_fields__")
        if base_fields is not None:
            for f in base_fields.values():
                all_fields[f.name] = f
    annotations = cls.__dict__.get("__annotations__", {})
    own_kw_only = kw_only
    for name, annotation in annotations.items():
        if annotation is KW_ONLY or annotation == "KW_ONLY" or annotation == "dataclasses.KW_ONLY":
            own_kw_only = True
            continue
        f = _get_field(cls, name, annotation, own_kw_only)
        all_fields[name] = f
        # As in CPython: a plain default stays as the class attribute, a
        # field() object is replaced by its default or removed.
        if isinstance(cls.__dict__.get(name), Field):
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
    for name, value in cls.__dict__.items():
        if isinstance(value, Field) and name not in annotations:
            raise TypeError("%r is a field but has no type annotation" % (name,))

    cls.__dataclass_fields__ = all_fields
    cls.__dataclass_params__ = _DataclassParams(init, repr, eq, order, unsafe_hash, frozen)

    fields_list = list(all_fields.values())
    real_fields = [f for f in fields_list if f._field_type == _FIELD]
    compare_names = [f.name for f in real_fields if f.compare]
    own = cls.__dict__

    if init:
        has_post_init = hasattr(cls, "__post_init__")
        init_fields = [f for f in fields_list if f._field_type in (_FIELD, _FIELD_INITVAR)]
        cls.__init__ = _make_init(cls, init_fields, frozen, has_post_init)
    if repr and "__repr__" not in own:
        cls.__repr__ = _make_repr(cls, fields_list)
    if eq and "__eq__" not in own:
        cls.__eq__ = _make_compare(cls, compare_names, "eq")
    if order:
        if not eq:
            raise ValueError("eq must be true if order is true")
        for op in ("lt", "le", "gt", "ge"):
            name = "__%s__" % op
            if name in own:
                raise TypeError("Cannot overwrite attribute %s in class %s. "
                                "Consider using functools.total_ordering"
                                % (name, cls.__name__))
            setattr(cls, name, _make_compare(cls, compare_names, op))
    if frozen:
        for name in ("__setattr__", "__delattr__"):
            if name in own:
                raise TypeError("Cannot overwrite attribute %s in class %s" % (name, cls.__name__))
        setter, deleter = _make_frozen_methods(cls, set([f.name for f in real_fields]))
        cls.__setattr__ = setter
        cls.__delattr__ = deleter

    # __hash__, following CPython's table of (unsafe_hash, eq, frozen,
    # explicit __hash__ in the class body).
    has_explicit_hash = "__hash__" in own and own["__hash__"] is not None
    hash_names = [f.name for f in real_fields
                  if (f.compare if f.hash is None else f.hash)]
    if unsafe_hash:
        if has_explicit_hash:
            raise TypeError("Cannot overwrite attribute __hash__ in class %s" % cls.__name__)
        cls.__hash__ = _make_hash(hash_names)
    elif eq and frozen:
        if not has_explicit_hash:
            cls.__hash__ = _make_hash(hash_names)
    elif eq:
        if not has_explicit_hash:
            cls.__hash__ = None

    if match_args and "__match_args__" not in own:
        cls.__match_args__ = tuple([f.name for f in fields_list if f.init and not f.kw_only
                                    and f._field_type == _FIELD])
    if "__doc__" not in own or own["__doc__"] is None:
        try:
            cls.__doc__ = "%s(%s)" % (cls.__name__, ", ".join([f.name for f in real_fields]))
        except (AttributeError, TypeError):
            pass
    return cls


def dataclass(cls=None, *, init=True, repr=True, eq=True, order=False,
              unsafe_hash=False, frozen=False, match_args=True, kw_only=False,
              slots=False, weakref_slot=False):
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen,
                              match_args, kw_only, slots)
    if cls is None:
        return wrap
    return wrap(cls)


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, "__dataclass_fields__")


def fields(class_or_instance):
    try:
        all_fields = class_or_instance.__dataclass_fields__
    except AttributeError:
        raise TypeError("must be called with a dataclass type or instance") from None
    return tuple([f for f in all_fields.values() if f._field_type == _FIELD])


def _is_dataclass_instance(obj):
    return hasattr(type(obj), "__dataclass_fields__")


def _asdict_inner(obj, dict_factory):
    if _is_dataclass_instance(obj):
        return dict_factory([(f.name, _asdict_inner(getattr(obj, f.name), dict_factory))
                             for f in fields(obj)])
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[_asdict_inner(v, dict_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)([_asdict_inner(v, dict_factory) for v in obj])
    if isinstance(obj, dict):
        return type(obj)([(_asdict_inner(k, dict_factory), _asdict_inner(v, dict_factory))
                          for k, v in obj.items()])
    import copy
    return copy.deepcopy(obj)


def asdict(obj, *, dict_factory=dict):
    if not _is_dataclass_instance(obj):
        raise TypeError("asdict() should be called on dataclass instances")
    return _asdict_inner(obj, dict_factory)


def _astuple_inner(obj, tuple_factory):
    if _is_dataclass_instance(obj):
        return tuple_factory([_astuple_inner(getattr(obj, f.name), tuple_factory)
                              for f in fields(obj)])
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[_astuple_inner(v, tuple_factory) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)([_astuple_inner(v, tuple_factory) for v in obj])
    if isinstance(obj, dict):
        return type(obj)([(_astuple_inner(k, tuple_factory), _astuple_inner(v, tuple_factory))
                          for k, v in obj.items()])
    import copy
    return copy.deepcopy(obj)


def astuple(obj, *, tuple_factory=tuple):
    if not _is_dataclass_instance(obj):
        raise TypeError("astuple() should be called on dataclass instances")
    return _astuple_inner(obj, tuple_factory)


def replace(obj, **changes):
    if not _is_dataclass_instance(obj):
        raise TypeError("replace() should be called on dataclass instances")
    for f in type(obj).__dataclass_fields__.values():
        if f._field_type == _FIELD_CLASSVAR:
            continue
        if not f.init:
            if f.name in changes:
                raise ValueError("field %s is declared with init=False, it cannot be "
                                 "specified with replace()" % f.name)
            continue
        if f.name not in changes:
            if f._field_type == _FIELD_INITVAR and f.default is MISSING:
                raise ValueError("InitVar %r must be specified with replace()" % (f.name,))
            changes[f.name] = getattr(obj, f.name)
    return type(obj)(**changes)


def make_dataclass(cls_name, fields, *, bases=(), namespace=None, init=True,
                   repr=True, eq=True, order=False, unsafe_hash=False, frozen=False,
                   match_args=True, kw_only=False, slots=False, weakref_slot=False,
                   module=None):
    namespace = {} if namespace is None else dict(namespace)
    annotations = {}
    for item in fields:
        if isinstance(item, str):
            name, tp = item, "typing.Any"
        elif len(item) == 2:
            name, tp = item
        elif len(item) == 3:
            name, tp, spec = item
            namespace[name] = spec
        else:
            raise TypeError("Invalid field: %r" % (item,))
        if not isinstance(name, str) or not name.isidentifier():
            raise TypeError("Field names must be valid identifiers: %r" % (name,))
        if name in annotations:
            raise TypeError("Field name duplicated: %r" % (name,))
        annotations[name] = tp
    namespace["__annotations__"] = annotations
    cls = type(cls_name, bases, namespace)
    return dataclass(cls, init=init, repr=repr, eq=eq, order=order, unsafe_hash=unsafe_hash,
                     frozen=frozen, match_args=match_args, kw_only=kw_only)
