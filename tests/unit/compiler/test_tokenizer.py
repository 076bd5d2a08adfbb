"""Our tokenizer against CPython's tokenize module."""

import io
import tokenize as cpython_tokenize

import pytest

from compiler.errors import CompileError
from compiler.tokenizer import tokenize
import corpus

SIGNIFICANT = {
    cpython_tokenize.NAME: 'NAME', cpython_tokenize.NUMBER: 'NUMBER', cpython_tokenize.STRING: 'STRING',
    cpython_tokenize.OP: 'OP', cpython_tokenize.NEWLINE: 'NEWLINE', cpython_tokenize.INDENT: 'INDENT',
    cpython_tokenize.DEDENT: 'DEDENT', cpython_tokenize.ENDMARKER: 'ENDMARKER',
}


def cpython_tokens(source):
    result = []
    for token in cpython_tokenize.generate_tokens(io.StringIO(source).readline):
        kind = SIGNIFICANT.get(token.type)
        if kind is None:
            continue
        text = token.string
        if kind in ('NEWLINE', 'DEDENT', 'ENDMARKER', 'INDENT'):
            result.append((kind, None, None))
        else:
            result.append((kind, text, token.start))
    return result


def our_tokens(source):
    result = []
    for token in tokenize(source):
        if token.kind in ('NEWLINE', 'DEDENT', 'ENDMARKER', 'INDENT'):
            result.append((token.kind, None, None))
        else:
            result.append((token.kind, token.text, (token.line, token.col)))
    return result


def sources():
    items = []
    for snippet in corpus.SNIPPETS:
        items.append(snippet)
    for path in corpus.runtime_files() + corpus.program_files():
        items.append(corpus.read(path))
    return items


def cpython_accepts(source):
    try:
        compile(source, '<t>', 'exec')
        return True
    except SyntaxError:
        return False
    except ValueError:
        return False


_COMPARABLE = []


def comparable_sources():
    # CPython's tokenize is lenient on invalid input, and compile() rejects a
    # BOM in a str: compare on the valid inputs only.
    if not _COMPARABLE:
        _COMPARABLE.extend(s for s in sources()
                           if '\r' not in s and not s.startswith('\ufeff') and cpython_accepts(s))
    return _COMPARABLE


@pytest.mark.parametrize('index', range(len(comparable_sources())))
def test_tokens_match_cpython(index):
    source = comparable_sources()[index]
    assert our_tokens(source) == cpython_tokens(source)


def test_positions_are_exact():
    tokens = tokenize('def f(x):\n    return "a" + 1.5\n')
    described = [(t.kind, t.text, t.line, t.col, t.end_line, t.end_col) for t in tokens]
    assert described[:4] == [('NAME', 'def', 1, 0, 1, 3), ('NAME', 'f', 1, 4, 1, 5),
                             ('OP', '(', 1, 5, 1, 6), ('NAME', 'x', 1, 6, 1, 7)]
    assert ('STRING', '"a"', 2, 11, 2, 14) in described
    assert ('NUMBER', '1.5', 2, 17, 2, 20) in described


@pytest.mark.parametrize('source, line, message', [
    ('x = "abc\n', 1, 'unterminated string literal'),
    ('x = """abc\n\n', 1, 'unterminated triple-quoted string literal'),
    ('x = (1,\n2\n', 1, "'(' was never closed"),
    ('x = 1)\n', 1, "unmatched ')'"),
    ('x = (1]\n', 1, "closing parenthesis ']' does not match opening parenthesis '('"),
    ('if x:\n        a\n    b\n', 3, 'unindent does not match any outer indentation level'),
    ('x = 09\n', 1, 'leading zeros'),
    ('x = 1_\n', 1, 'invalid decimal literal'),
    ('x = 0b2\n', 1, 'invalid binary literal'),
    ('x = a $ b\n', 1, 'invalid syntax'),
    ('x = \u20ac\n', None, None),
])
def test_tokenizer_errors(source, line, message):
    if line is None:
        tokenize(source)     # non-ASCII is accepted as a name character (documented)
        return
    with pytest.raises(CompileError) as info:
        tokenize(source)
    assert info.value.lineno == line
    assert message in info.value.msg
