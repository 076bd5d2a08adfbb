"""Compile errors carry location and never escape as anything else."""

import random
import time

import pytest

from compiler import compile_source
from compiler.errors import CompileError
import corpus


def error_for(source, filename='bad.py'):
    with pytest.raises(CompileError) as info:
        compile_source(source, filename)
    return info.value


def test_error_has_location_line_and_caret():
    error = error_for('x = 1\ny = (2 +\n    * 3)\n')
    assert isinstance(error, SyntaxError)
    assert error.filename == 'bad.py'
    assert (error.lineno, error.column, error.offset) == (3, 5, 5)
    assert error.text == '    * 3)'
    assert error.report() == ('  File "bad.py", line 3\n'
                              '    * 3)\n'
                              '    ^\n'
                              'SyntaxError: invalid syntax')
    assert str(error) == 'invalid syntax (bad.py, line 3)'


def test_column_is_one_based_and_matches_cpython():
    source = 'def f(x):\n    return x +* 2\n'
    error = error_for(source)
    try:
        compile(source, 'bad.py', 'exec')
    except SyntaxError as expected:
        assert (error.lineno, error.offset) == (expected.lineno, expected.offset)


def test_indentation_errors_are_named():
    assert error_for('if x:\npass\n').kind == 'IndentationError'
    assert error_for('  x = 1\n').kind == 'IndentationError'
    assert error_for('if x:\n\t  a\n        b\n').kind in ('TabError', 'IndentationError')


def test_semantic_errors():
    assert 'outside loop' in error_for('break\n').msg
    assert 'outside function' in error_for('return 1\n').msg
    assert "'yield' outside function" in error_for('yield 1\n').msg
    assert 'keyword argument repeated' in error_for('f(a=1, a=2)\n').msg
    assert 'duplicate argument' in error_for('def f(a, a): pass\n').msg
    assert 'import * only allowed at module level' in error_for('def f():\n    from m import *\n').msg


@pytest.mark.parametrize('source', [
    '(' * 150 + ')' * 150,
    '[' * 99 + ']' * 99,
    'x = ' + '-' * 5000 + '1\n',
    'x = ' + 'not ' * 3000 + 'y\n',
    'x = ' + '2 ** ' * 3000 + '2\n',
    'x = ' + 'a.' * 3000 + 'b\n',
    'x = ' + 'f(' * 300 + ')' * 300 + '\n',
    'x = ' + 'lambda: ' * 500 + '1\n',
    ''.join('    ' * i + 'if x:\n' for i in range(120)) + '    ' * 120 + 'pass\n',
    'x = ' + '{1: ' * 150 + '1' + '}' * 150 + '\n',
    'x = ' + 'a if b else ' * 400 + 'c\n',
    "x = f'{" + "f'{" * 5 + "1" + "}'" * 5 + "}'\n",
])
def test_deep_nesting_is_a_syntax_error_not_a_crash(source):
    try:
        compile_source(source, 'deep.py')
    except CompileError:
        pass


def test_long_flat_chains_compile():
    compile_source('x = ' + ' + '.join(['1'] * 5000) + '\n')
    compile_source('x = ' + ' and '.join(['a'] * 2000) + '\n')
    compile_source('x = [' + ', '.join(['1'] * 5000) + ']\n')
    compile_source('\n'.join('x%d = %d' % (i, i) for i in range(3000)) + '\n')


def mutate(source, rng):
    choice = rng.randrange(7)
    if not source:
        return rng.choice(['(', ')', ':', '\n', 'x', '"', "f'{", '\\'])
    position = rng.randrange(len(source) + 1)
    if choice == 0:      # delete a span
        return source[:position] + source[position + rng.randrange(1, 8):]
    if choice == 1:      # insert punctuation / keywords
        piece = rng.choice(['(', ')', '[', ']', '{', '}', ':', ',', '=', '*', '**', '"', "'", '"""',
                            '\n', '\t', '    ', '\\', '#', 'lambda ', 'yield ', 'not ', ' if ',
                            'else', 'def ', 'class ', 'f"{', '}', '!r', ':=', '@', '.', '...',
                            'async ', 'await ', 'import ', 'from ', 'global x\n', 'nonlocal y\n',
                            'return ', 'break\n', '0x', '1e', '_', '\x00', '\u00e9', '\ufeff'])
        return source[:position] + piece + source[position:]
    if choice == 2:      # truncate
        return source[:position]
    if choice == 3:      # duplicate a span
        end = min(len(source), position + rng.randrange(1, 40))
        return source[:end] + source[position:end] + source[end:]
    if choice == 4:      # swap two characters
        if len(source) < 2:
            return source
        other = rng.randrange(len(source))
        chars = list(source)
        chars[position % len(chars)], chars[other] = chars[other], chars[position % len(chars)]
        return ''.join(chars)
    if choice == 5:      # random printable noise
        noise = ''.join(rng.choice('()[]{}:;,.=+-*/%<>!&|^~@"\'#\\ \n\tabcxyz0123456789')
                        for _ in range(rng.randrange(1, 12)))
        return source[:position] + noise + source[position:]
    # re-indent a line
    lines = source.split('\n')
    index = rng.randrange(len(lines))
    lines[index] = rng.choice(['', ' ', '  ', '\t', '        ']) + lines[index].lstrip()
    return '\n'.join(lines)


def seeds():
    items = list(corpus.SNIPPETS)
    for path in corpus.program_files() + corpus.runtime_files():
        lines = corpus.read(path).split('\n')
        rng = random.Random(path)
        for _ in range(6):
            start = rng.randrange(len(lines))
            items.append('\n'.join(lines[start:start + rng.randrange(3, 30)]))
    return items


FUZZ_CASES = 5000
FUZZ_SECONDS = 20


def test_fuzz_only_syntax_errors():
    rng = random.Random(20240601)
    pool = seeds()
    deadline = time.time() + FUZZ_SECONDS
    done = 0
    for case in range(FUZZ_CASES):
        source = rng.choice(pool)
        for _ in range(rng.randrange(1, 4)):
            source = mutate(source, rng)
        mode = rng.choice(['exec', 'exec', 'exec', 'single', 'eval'])
        try:
            compile_source(source, 'fuzz.py', mode)
        except CompileError as error:
            assert error.lineno >= 1 and error.column >= 1, (source, error.msg)
            error.report()
        except Exception as error:     # anything else is a compiler bug
            raise AssertionError('%s on %r (mode %s)' % (type(error).__name__, source, mode)) from error
        done += 1
        if time.time() > deadline:
            break
    assert done >= 500
