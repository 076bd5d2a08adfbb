"""Loads the subset's standard modules (runtime/lib/) under distinct names
(tensoros_lib_json, ...) so they never shadow CPython's own modules, which the
tests use as the reference."""

import importlib.util
import sys
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[3] / "runtime" / "lib"
_loaded = {}


def load_lib(name):
    """runtime/lib/<name>.py as a module object.  While it executes, its own
    imports of sibling lib modules resolve to the lib versions."""
    if name in _loaded:
        return _loaded[name]
    deps = {"base64": ["binascii"]}.get(name, [])
    dep_modules = {dep: load_lib(dep) for dep in deps}
    spec = importlib.util.spec_from_file_location("tensoros_lib_" + name, LIB / (name + ".py"))
    module = importlib.util.module_from_spec(spec)
    saved = {dep: sys.modules.get(dep) for dep in dep_modules}
    try:
        sys.modules.update(dep_modules)
        spec.loader.exec_module(module)
    finally:
        for dep, old in saved.items():
            if old is None:
                sys.modules.pop(dep, None)
            else:
                sys.modules[dep] = old
    _loaded[name] = module
    return module


@pytest.fixture(scope="session")
def lib_json():
    return load_lib("json")


@pytest.fixture(scope="session")
def lib_re():
    return load_lib("re")


@pytest.fixture(scope="session")
def lib_random():
    return load_lib("random")


@pytest.fixture(scope="session")
def lib_binascii():
    return load_lib("binascii")


@pytest.fixture(scope="session")
def lib_base64():
    return load_lib("base64")


@pytest.fixture(scope="session")
def lib_stdlib():
    """The standard modules written for issue 3, as attributes of one object."""
    class Libs:
        pass
    libs = Libs()
    for name in ("abc", "bisect", "collections", "contextlib", "copy", "dataclasses", "functools", "heapq",
                 "operator"):
        setattr(libs, name, load_lib(name))
    return libs
