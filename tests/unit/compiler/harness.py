"""Run a program under CPython and under refvm; return what each printed."""

import contextlib
import io
import traceback

from compiler import compile_source
from refvm import VM


def describe_exception(error):
    return 'UNCAUGHT %s: %s\n' % (type(error).__name__, error)


def run_cpython(source, filename='prog.py'):
    out = io.StringIO()
    namespace = {'__name__': '__main__'}
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(source, filename, 'exec'), namespace)
        except Exception as error:
            print(describe_exception(error), end='')
    return out.getvalue()


def run_refvm(source, filename='prog.py', path=None):
    out = io.StringIO()
    vm = VM(path)
    namespace = {'__name__': '__main__'}
    code = compile_source(source, filename)
    with contextlib.redirect_stdout(out):
        try:
            vm.run_module(code, namespace)
        except Exception as error:
            print(describe_exception(error), end='')
    return out.getvalue()
