"""Self-hosting precursors: the compiler compiles itself, serialization is
deterministic and round-trips, and the compiler *running on the reference VM*
(compiled by itself) produces the same bytes as the compiler on CPython."""

import os
import re
import time

import pytest

from compiler import compile_source, serialize, deserialize, serialize_bundle, deserialize_bundle
from compiler import bytecode as bc
from compiler.serialize import FormatError, float_bits, bits_to_float
from refvm import VM
import corpus

COMPILER_DIR = os.path.join(corpus.RUNTIME, 'compiler')
COMPILER_FILES = sorted(os.path.join(COMPILER_DIR, name) for name in os.listdir(COMPILER_DIR)
                        if name.endswith('.py'))


@pytest.mark.parametrize('path', COMPILER_FILES, ids=[os.path.basename(p) for p in COMPILER_FILES])
def test_compiler_compiles_itself_deterministically(path):
    source = corpus.read(path)
    first = serialize(compile_source(source, 'compiler/' + os.path.basename(path)))
    second = serialize(compile_source(source, 'compiler/' + os.path.basename(path)))
    assert first == second
    assert first[:4] == b'TPYC'
    assert serialize(deserialize(first)) == first


def test_constants_round_trip():
    values = [None, True, False, Ellipsis, 0, 1, -1, 2 ** 63 - 1, -2 ** 63, 2 ** 63, -2 ** 200,
              0.0, -0.0, 1.5, 1e-310, 1e308, float('inf'), float('-inf'), 'caf\u00e9 \U0001f600',
              '\ud800', b'\x00\xff', (1, ('a', 2.5), ()), '']
    source = 'x = %r\n' % (values[4:],)
    for value in values:
        if isinstance(value, float):
            assert bits_to_float(float_bits(value)) == value or value != value
            assert str(bits_to_float(float_bits(value))) == str(value)
    code = compile_source('x = (None, True, False, ..., 0, 1, -1, 9223372036854775807, '
                          '-9223372036854775808, 9223372036854775808, -2 ** 200, 0.0, -0.0, 1.5, '
                          "1e-310, 1e308, 'caf\\u00e9 \\U0001f600', '\\ud800', b'\\x00\\xff', "
                          "(1, ('a', 2.5), ()), '')\n")
    again = deserialize(serialize(code))
    assert [repr(v) for v in again.consts] == [repr(v) for v in code.consts]
    assert serialize(again) == serialize(code)


def test_float_bits_match_struct():
    import struct
    for value in [0.0, -0.0, 1.0, 0.1, -2.5e-300, 5e-324, 1.7976931348623157e308, float('inf'), 123.456]:
        assert float_bits(value) == struct.unpack('<Q', struct.pack('<d', value))[0]


def test_bundle_round_trip():
    modules = [('pkg', True, compile_source('x = 1\n', 'pkg/__init__.py')),
               ('a', False, compile_source('y = 2\n', 'a.py'))]
    data = serialize_bundle(modules)
    assert data[:4] == b'TPYB'
    loaded = deserialize_bundle(data)
    assert [(name, package) for name, package, _ in loaded] == [('a', False), ('pkg', True)]


@pytest.mark.parametrize('data', [b'', b'TPYC', b'XXXX\x01\x00\x00\x00N', b'TPYC\x02\x00\x00\x00N',
                                  b'TPYC\x01\x00\x00\x00N', b'TPYC\x01\x00\x00\x00Q'])
def test_loader_rejects_bad_files(data):
    with pytest.raises(FormatError):
        deserialize(data)


def test_loader_rejects_every_truncation():
    data = serialize(compile_source('def f(x):\n    return [x, 1.5, "s"]\n'))
    for end in range(len(data)):
        with pytest.raises(FormatError):
            deserialize(data[:end])


def test_bytecode_md_lists_every_opcode():
    text = corpus.read(os.path.join(COMPILER_DIR, 'BYTECODE.md'))
    documented = {}
    for number, name in re.findall(r'^\| (\d+) \| ([A-Z_]+) \|', text, re.M):
        documented[name] = int(number)
    table = {entry[0]: entry[1] for entry in bc.OPCODE_TABLE}
    assert documented == table


def test_opcode_table_is_consistent():
    numbers = [entry[1] for entry in bc.OPCODE_TABLE]
    assert len(set(numbers)) == len(numbers)
    assert all(0 <= n < bc.FIRST_RESERVED_OPCODE for n in numbers)
    for entry in bc.OPCODE_TABLE:
        assert (entry[4] is not None) == (entry[2] == bc.JUMP)


def compile_on_refvm(sources):
    """Run our compiler, compiled by itself, on the reference VM."""
    vm = VM([corpus.RUNTIME])
    namespace = {'__name__': '__main__', 'SOURCES': sources, 'RESULTS': []}
    driver = ('from compiler import compile_source, serialize\n'
              'for name, text in SOURCES:\n'
              '    RESULTS.append(serialize(compile_source(text, name)))\n')
    vm.run_module(compile_source(driver, 'driver.py'), namespace)
    return namespace['RESULTS']


def test_compiler_on_refvm_gives_identical_bytes():
    names = ['errors.py', 'disasm.py']
    sources = [('compiler/' + name, corpus.read(os.path.join(COMPILER_DIR, name))) for name in names]
    sources.append(('programs/generators.py', corpus.read(os.path.join(corpus.HERE, 'programs', 'generators.py'))))
    results = compile_on_refvm(sources)
    for (name, text), blob in zip(sources, results):
        assert blob == serialize(compile_source(text, name)), name


@pytest.mark.skipif(not os.environ.get('TENSOROS_SLOW_TESTS'), reason='slow: set TENSOROS_SLOW_TESTS=1')
def test_compiler_on_refvm_compiles_all_of_itself():
    sources = [('compiler/' + os.path.basename(p), corpus.read(p)) for p in COMPILER_FILES]
    results = compile_on_refvm(sources)
    for (name, text), blob in zip(sources, results):
        assert blob == serialize(compile_source(text, name)), name
