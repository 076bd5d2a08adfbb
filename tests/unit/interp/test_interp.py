"""Interpreter specifics on the hosted VM: exit statuses, tracebacks,
recursion limits, generators, imports, exec/compile."""


def test_exit_status_and_uncaught_traceback(run_vm):
    assert run_vm("print('hi')\n")[:2] == (0, "hi\n")
    status, out, err = run_vm("import sys\nsys.exit(7)\n")
    assert status == 7
    status, out, err = run_vm("raise SystemExit('bye')\n")
    assert status == 1 and err.strip().endswith("bye")
    status, out, err = run_vm("def f():\n    return 1 / 0\nprint('a')\nf()\n")
    assert status == 1 and out == "a\n"
    lines = err.strip().splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[-1] == "ZeroDivisionError: division by zero"
    assert 'line 4, in <module>' in err and 'line 2, in f' in err
    assert err.index("line 4, in <module>") < err.index("line 2, in f")     # outermost first


def test_traceback_entries(run_vm):
    src = '''
import kernel
def inner():
    raise ValueError("x")
def outer():
    inner()
try:
    outer()
except ValueError as e:
    for filename, line, name in kernel.traceback_entries(e)[-3:]:
        print(line, name)
    print(type(e.__traceback__).__name__, e.__traceback__[-1][1])
'''
    status, out, err = run_vm(src)
    assert status == 0, err
    assert out.splitlines() == ["8 <module>", "6 outer", "4 inner", "list 4"]


def test_recursion_limit_is_an_exception(run_vm):
    src = '''
import sys
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print("RecursionError", e)
class R:
    def __repr__(self):
        return repr(self)
try:
    repr(R())
except RecursionError:
    print("deep C recursion caught")
def ok(n):
    return 0 if n == 0 else 1 + ok(n - 1)
print(ok(900), sys.getrecursionlimit())
'''
    status, out, err = run_vm(src)
    assert status == 0, err
    assert out.splitlines() == ["RecursionError maximum recursion depth exceeded", "deep C recursion caught",
                                "900 1000"]


def test_generators_send_throw_close_yield_from(run_vm):
    src = '''
def inner():
    try:
        x = yield 1
        yield x * 2
    except KeyError as e:
        yield "caught %s" % e
    return "done"
def outer():
    r = yield from inner()
    yield r
g = outer()
print(next(g), g.send(21), g.throw(KeyError("k")) if False else next(g))
g = outer(); next(g)
print(g.throw(KeyError("boom")))
print(next(g))
g.close()
def gen():
    try:
        yield 1
    finally:
        print("cleanup")
g = gen(); next(g); g.close()
def ret():
    yield 1
    return 5
g = ret(); next(g)
try:
    next(g)
except StopIteration as e:
    print("value", e.value)
'''
    status, out, err = run_vm(src)
    assert status == 0, err
    assert out.splitlines() == ["1 42 done", "caught 'boom'", "done", "cleanup", "value 5"]


def test_exec_compile_and_local_imports(run_vm, tmp_path):
    (tmp_path / "helper_mod.py").write_text("VALUE = 41\ndef inc(x):\n    return x + 1\n")
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from .sub import NAME\n")
    (pkg / "sub.py").write_text("NAME = 'sub'\n")
    src = '''
import helper_mod
from pkg import NAME
import pkg.sub
ns = {}
exec("y = helper_mod_inc(1)", {"helper_mod_inc": helper_mod.inc}, ns)
code = compile("1 + 2", "<expr>", "eval")
print(helper_mod.inc(helper_mod.VALUE), NAME, pkg.sub.NAME, ns["y"], eval(code), __name__)
'''
    status, out, err = run_vm(src)
    assert status == 0, err
    assert out == "42 sub sub 2 3 __main__\n"


def test_argv(run_vm):
    status, out, err = run_vm("import sys\nprint(sys.argv[1:])\n", "a", "b c")
    assert status == 0, err
    assert out == "['a', 'b c']\n"
