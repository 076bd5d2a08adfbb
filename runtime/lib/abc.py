"""abc: abstract base classes without metaclasses.

The VM has no metaclasses, so ABCMeta cannot hook class creation. ABC instead
checks at instantiation time, in __new__, which methods are still abstract;
the error message is CPython's. Subclasses that define their own __new__ must
call super().__new__ for the check to run. register() records virtual
subclasses for code that asks abc about them, but isinstance() does not
consult it.
"""


def abstractmethod(funcobj):
    funcobj.__isabstractmethod__ = True
    return funcobj


class abstractproperty(property):
    __isabstractmethod__ = True


def _abstract_names(cls):
    names = set()
    for klass in cls.__mro__:
        for name in klass.__dict__:
            if name in names:
                continue
            value = getattr(cls, name, None)
            if getattr(value, "__isabstractmethod__", False):
                names.add(name)
            elif isinstance(value, property) and getattr(value.fget, "__isabstractmethod__", False):
                names.add(name)
    return frozenset(names)


def update_abstractmethods(cls):
    cls.__abstractmethods__ = _abstract_names(cls)
    return cls


_virtual_subclasses = {}


class ABC:
    """Helper base class: instantiating a subclass that still has abstract
    methods raises TypeError."""

    def __new__(cls, *args, **kwargs):
        # Recomputed per class the first time it is instantiated: methods are
        # not normally added to a class after that.
        abstract = cls.__dict__.get("__abstractmethods__")
        if abstract is None:
            abstract = _abstract_names(cls)
            cls.__abstractmethods__ = abstract
        if abstract:
            names = sorted(abstract)
            raise TypeError("Can't instantiate abstract class %s with abstract method%s %s"
                            % (cls.__name__, "" if len(names) == 1 else "s", ", ".join(names)))
        return object.__new__(cls)

    @classmethod
    def register(cls, subclass):
        _virtual_subclasses.setdefault(cls, []).append(subclass)
        return subclass


ABCMeta = type


def get_cache_token():
    return 0
