"""The TensorOS Python compiler: source text -> code objects -> frozen bytes.

    from compiler import compile_source, serialize
    code = compile_source(text, 'file.py')           # mode 'exec', 'eval' or 'single'
    blob = serialize(code)                            # the "TPYC" format of BYTECODE.md

Bad input raises CompileError (a SyntaxError) with filename, lineno, column
and the source line; nothing else escapes.
"""

from compiler.errors import CompileError
from compiler.parser import parse
from compiler.symtable import build_symbol_table
from compiler.codegen import generate, InternalError
from compiler.serialize import serialize, deserialize, serialize_bundle, deserialize_bundle
from compiler.bytecode import CodeObject


def compile_source(source, filename='<string>', mode='exec', soft_keywords=None):
    """Compile source text to a CodeObject.  `soft_keywords` may map a word
    to a statement parser (see parser.SOFT_KEYWORD_STATEMENTS)."""
    if mode != 'exec' and mode != 'eval' and mode != 'single':
        raise ValueError("compile mode must be 'exec', 'eval' or 'single'")
    if isinstance(source, bytes) or isinstance(source, bytearray):
        source = decode_source(source, filename)
    try:
        tree = parse(source, filename, mode, soft_keywords)
        scope = build_symbol_table(tree, tree_reporter(source, filename))
        return generate(tree, scope, tree_reporter(source, filename), mode)
    except RecursionError:
        raise CompileError('too deeply nested', filename, 1, 1, None)


def tree_reporter(source, filename):
    from compiler.errors import ErrorReporter
    from compiler.tokenizer import normalize_newlines
    return ErrorReporter(normalize_newlines(source), filename)


def decode_source(data, filename):
    try:
        return bytes(data).decode('utf-8')
    except UnicodeDecodeError:
        raise CompileError('source is not valid UTF-8', filename, 1, 1, None)


def compile_file(path, name=None):
    """Read and compile one file (the build runs this for every runtime module)."""
    handle = open(path, 'rb')
    try:
        data = handle.read()
    finally:
        handle.close()
    return compile_source(decode_source(data, path), path if name is None else name)
