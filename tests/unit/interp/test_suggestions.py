"""NameError / AttributeError "Did you mean" (kernel/vm/suggest.c): many
typos, each an uncaught error in its own program, run on the hosted VM and
on CPython 3.11; the last traceback line must be the same. The typos cover
the edit distance's rules (case changes cost less, a third of the
characters at most, the first best match wins, long names and big
namespaces are not searched) and where names are looked for (locals,
globals, builtins, dir(obj), modules)."""

import subprocess
import sys

import pytest

BUILTIN_TYPOS = ["pritn", "lenn", "Len", "LEN", "rnge", "isinstanc", "Exceptio", "ValueErorr", "zzz", "x", "lsit",
                 "sortd", "prin", "iter_", "a" * 45, "Tru", "none", "NONE", "sum_", "abss", "maxx", "divmd"]

CASES = {f"builtin_{i}": f"print({name})" for i, name in enumerate(BUILTIN_TYPOS)}
CASES.update({
    "global_first": "counter = 1\ncountr = 2\nprint(countre)",
    "global_over_builtin": "lem = 3\nprint(lenn)",
    "local_over_global": "total_sum = 1\ndef f(total_sun):\n    return total_summ\nf(1)",
    "local_in_function": "def f():\n    alpha = 1\n    beta = 2\n    return alph + beta\nf()",
    "class_body": "class C:\n    value = 1\n    print(valeu)",
    "many_globals": "\n".join(f"name_{i} = {i}" for i in range(800)) + "\nprint(name_10x)",
    "del_global": "thing = 1\ndel thign",
    "nested_closure": "def outer():\n    width = 3\n    def inner():\n        return widht\n    return inner()\nouter()",
    "attr_instance": "class P:\n    def __init__(self):\n        self.x_pos = 1\nP().x_pso",
    "attr_method": "class P:\n    def move(self):\n        pass\nP().mvoe()",
    "attr_str": "'abc'.uper()",
    "attr_list": "[].apend(1)",
    "attr_dict": "{}.iterms()",
    "attr_none": "None.real",
    "attr_class": "class K:\n    limit = 3\nK.limti",
    "attr_module": "import math\nmath.flor(2.5)",
    "attr_module_none": "import math\nmath.zzzzzz",
    "attr_int": "(5).bit_lenght()",
    "no_suggestion_caught_str": "try:\n    undefined_nm\nexcept NameError as e:\n    print(str(e), e.name)\nraise NameError('plain')",
    "attr_fields": "try:\n    (1).foo\nexcept AttributeError as e:\n    print(e.name, e.obj)\nraise AttributeError('x')",
})


def last_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


@pytest.mark.parametrize("case", sorted(CASES))
def test_suggestion_like_cpython(case, run_vm, tmp_path):
    source = CASES[case] + "\n"
    path = tmp_path / "ref.py"
    path.write_text(source)
    ref = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60)
    status, out, err = run_vm(source)
    assert (status, out) == (ref.returncode, ref.stdout)
    assert last_line(err) == last_line(ref.stderr)
