"""More codegen-by-execution: tracebacks, imports, REPL and eval modes."""

import contextlib
import io
import os
import sys
import traceback

import pytest

from compiler import compile_source
from harness import run_cpython, run_refvm
from refvm import VM, refvm_traceback

TRACEBACK_PROGRAMS = [
    'def a():\n    return b()\n\ndef b():\n    x = [1]\n    return x[\n        5]\n\na()\n',
    'class C:\n    def m(self):\n        raise ValueError(\n            "multi-line")\n\nC().m()\n',
    'def g():\n    yield 1\n    1 / 0\n\nfor v in g():\n    pass\n',
    'def f():\n    try:\n        raise KeyError(1)\n    finally:\n        pass\n\nf()\n',
    'def f():\n    try:\n        raise KeyError(1)\n    except KeyError:\n        raise\n\nf()\n',
    'def f():\n    with open("/nonexistent/x") as h:\n        pass\n\nf()\n',
    'x = [i for i in range(3)]\ny = [1 / (i - 1) for i in x]\n',
    'def f(n):\n    if n == 0:\n        {}["k"]\n    f(n - 1)\n\nf(3)\n',
    'import math\n\n\nmath.sqrt(-1)\n',
    'x = 1\nassert x == 2, "no"\n',
    'def f():\n    for i in range(3):\n        if i == 2:\n            raise RuntimeError(i)\nf()\n',
]


def cpython_traceback_lines(source):
    try:
        exec(compile(source, 'prog.py', 'exec'), {'__name__': '__main__'})
    except Exception as error:
        return [(frame.lineno) for frame in traceback.extract_tb(error.__traceback__)
                if frame.filename == 'prog.py']
    raise AssertionError('program did not fail')


def refvm_traceback_lines(source):
    vm = VM()
    try:
        vm.run_module(compile_source(source, 'prog.py'), {'__name__': '__main__'})
    except Exception as error:
        return [line for filename, _, line in refvm_traceback(error) if filename == 'prog.py']
    raise AssertionError('program did not fail')


@pytest.mark.parametrize('source', TRACEBACK_PROGRAMS)
def test_traceback_lines_match_cpython(source):
    assert refvm_traceback_lines(source) == cpython_traceback_lines(source)


def test_imports_packages_and_relative_imports(tmp_path):
    package = tmp_path / 'pkg'
    (package / 'sub').mkdir(parents=True)
    (package / '__init__.py').write_text('from .util import helper\nNAME = "pkg"\n')
    (package / 'util.py').write_text('def helper():\n    return "helped"\n_private = 1\npublic = 2\n')
    (package / 'sub' / '__init__.py').write_text('')
    (package / 'sub' / 'deep.py').write_text(
        'from .. import util\nfrom ..util import helper as h\nfrom . import sibling\n'
        'def run():\n    return util.helper() + h() + sibling.VALUE\n')
    (package / 'sub' / 'sibling.py').write_text('VALUE = "!"\n')
    (tmp_path / 'starry.py').write_text('from pkg.util import *\nprint(public, "_private" in dir())\n')
    source = ('import pkg\nimport pkg.sub.deep\nimport pkg.sub.deep as d\nfrom pkg import helper, NAME\n'
              'from pkg.sub import deep\nimport starry\n'
              'print(pkg.NAME, helper(), NAME, d.run(), deep is d, pkg.sub.deep.run())\n')
    sys.path.insert(0, str(tmp_path))
    try:
        expected = run_cpython(source)
    finally:
        sys.path.remove(str(tmp_path))
        for name in list(sys.modules):
            if name == 'pkg' or name.startswith('pkg.') or name == 'starry':
                del sys.modules[name]
    assert 'UNCAUGHT' not in expected
    assert run_refvm(source, path=[str(tmp_path)]) == expected


def test_single_mode_prints_expression_statements():
    out = io.StringIO()
    vm = VM()
    namespace = {'__name__': '__main__'}
    with contextlib.redirect_stdout(out):
        for line in ['1 + 1', 'x = 5', 'x', 'None', 'for i in range(2): i', '"s"']:
            vm.run_module(compile_source(line + '\n', '<stdin>', 'single'), namespace)
    assert out.getvalue() == "2\n5\n0\n1\n's'\n"


def test_eval_mode_returns_value():
    vm = VM()
    code = compile_source('[x * 2 for x in range(3)] + [y]', '<eval>', 'eval')
    assert vm.run_module(code, {'y': 7}) == [0, 2, 4, 7]


EXTRA_PROGRAMS = {
    'scopes': '''
x = 'global'
def f():
    x = 'enclosing'
    class C:
        y = x
        x = 'class'
        z = x
        def m(self):
            return x
    return C.y, C.z, C().m()
print(f())
def g():
    v = 1
    def h():
        return [v + i for i in range(2)]
    return h()
print(g())
def deleter():
    a = 1
    del a
    try:
        a
    except NameError as e:
        print(type(e).__name__)
deleter()
class K:
    global gk
    gk = 'set from class'
print(gk)
def nested_nonlocal():
    total = 0
    def add():
        def inner():
            nonlocal total
            total += 5
        inner()
    add(); add()
    return total
print(nested_nonlocal())
''',
    'generators_more': '''
def averager():
    total = count = 0
    average = None
    while True:
        value = yield average
        if value is None:
            return (count, average)
        total += value
        count += 1
        average = total / count
def grouper(results, key):
    while True:
        results[key] = yield from averager()
results = {}
for key, values in {'a': [1, 2, 3], 'b': [10, 20]}.items():
    group = grouper(results, key)
    next(group)
    for v in values:
        group.send(v)
    group.send(None)
print(results)
def closer():
    try:
        yield 1
    except GeneratorExit:
        print('exit seen')
        raise
c = closer(); next(c); c.close()
g = (x * x for x in range(3))
print(list(zip(g, 'abc')))
def thrower():
    while True:
        try:
            yield
        except KeyError:
            print('key!')
t = thrower(); next(t); t.throw(KeyError); t.throw(KeyError)
try:
    t.throw(ValueError('out'))
except ValueError as e:
    print('escaped', e)
''',
    'calls': '''
class A:
    def m(self, *args, **kw):
        return (args, sorted(kw.items()))
a = A()
print(a.m(1, 2, x=3), a.m(*[1], **{'y': 2}), A.m(a, 0), getattr(a, 'm')(k=1))
args = (1, 2)
print(max(*args), '{}-{}'.format(*args), dict(a=1, **{'b': 2}))
def f(a, b, *, c=3):
    return a, b, c
print(f(*(1,), *[2], c=4), f(b=2, a=1))
try:
    f(1, 2, 3)
except TypeError as e:
    print('TypeError')
try:
    f(1, **{'b': 2, 'a': 3})
except TypeError:
    print('dup')
print((lambda *a: a)(*range(3), *'xy'))
print(sorted({3, 1, 2}), list(map(lambda v: v + 1, [1, 2])), list(filter(None, [0, 1, 2])))
''',
}


@pytest.mark.parametrize('name', sorted(EXTRA_PROGRAMS))
def test_extra_program(name):
    source = EXTRA_PROGRAMS[name]
    expected = run_cpython(source)
    assert 'UNCAUGHT' not in expected, expected
    assert run_refvm(source) == expected
