"""Acceptance and rejection against CPython's compile(): valid programs
compile (or get a clear 'not supported' error), invalid ones raise a
SyntaxError on the same line."""

import pytest

from compiler import compile_source
from compiler.errors import CompileError
import corpus


def cpython_verdict(source):
    try:
        compile(source, '<t>', 'exec')
        return None
    except SyntaxError as error:
        return error.lineno


def our_verdict(source):
    try:
        compile_source(source, '<t>')
        return None, None
    except CompileError as error:
        return error.lineno, error.msg


@pytest.mark.parametrize('index', range(len(corpus.SNIPPETS)))
def test_snippet_verdict_matches_cpython(index):
    source = corpus.SNIPPETS[index]
    if source.startswith('\ufeff'):
        pytest.skip('a byte-order mark is accepted on purpose (files may start with one)')
    expected_line = cpython_verdict(source)
    line, message = our_verdict(source)
    if expected_line is None:
        if line is not None:
            assert 'not supported by TensorOS Python' in message, (line, message)
        return
    assert line is not None, 'accepted invalid source'
    assert line == expected_line, message


def test_runtime_and_program_files_compile():
    from compiler import serialize, deserialize
    for path in corpus.runtime_files() + corpus.program_files():
        code = compile_source(corpus.read(path), path)
        deserialize(serialize(code))          # the loader's checks hold


@pytest.mark.parametrize('index', range(len(corpus.SNIPPETS)))
def test_valid_snippets_pass_loader_checks(index):
    from compiler import serialize, deserialize
    try:
        code = compile_source(corpus.SNIPPETS[index], '<t>')
    except CompileError:
        return
    deserialize(serialize(code))


@pytest.mark.parametrize('source, fragment', [
    ('async def f(): pass\n', 'async/await'),
    ('def f():\n    await x\n', 'async/await'),
    ('match x:\n    case 1: pass\n', 'match statement'),
    ('x = 2j\n', 'complex numbers'),
    ('class C(metaclass=M): pass\n', 'metaclass='),
    ("x = '\\N{BULLET}'\n", '\\N{...}'),
    ('try:\n    pass\nexcept* E:\n    pass\n', 'except*'),
    ('x[*a]\n', 'star expressions in subscripts'),
])
def test_unsupported_features_say_so(source, fragment):
    with pytest.raises(CompileError) as info:
        compile_source(source, 'u.py')
    assert fragment in info.value.msg
    assert info.value.msg.endswith('is not supported by TensorOS Python')


def test_soft_keywords_stay_names():
    compile_source('match = 1\nmatch(x)\nmodel = 2\nlayer(model)\ninfer = train = deploy = 0\n')


def test_soft_keyword_hook():
    from compiler import syntax_tree as ast
    from compiler import parser as parser_module

    def hello_statement(parser):
        start = parser.advance()
        if parser.tok.kind != 'STRING':
            return None
        value = parser.parse_atom()
        parser.expect_statement_end = None
        if parser.tok.kind != 'NEWLINE':
            return None
        parser.advance()
        call = ast.Call(start.line, start.col, ast.Name(start.line, start.col, 'print', ast.LOAD), [value], [])
        return [ast.Expr(start.line, start.col, call)]

    words = dict(parser_module.SOFT_KEYWORD_STATEMENTS)
    words['hello'] = hello_statement
    code = compile_source('hello "world"\nhello = 3\n', 'h.py', soft_keywords=words)
    assert 'print' in code.names and 'hello' in code.names
