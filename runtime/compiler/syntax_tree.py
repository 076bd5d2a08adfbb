"""The abstract syntax tree: small plain classes, one per construct.

Every node has `line` (1-based) and `col` (0-based) of its first token, then
the fields listed in `fields`, given positionally to the constructor.
Operators are kept as their source text ('+', 'not in', ...).
"""


class Node:
    fields = ()

    def __init__(self, line, col, *values):
        self.line = line
        self.col = col
        index = 0
        for name in self.fields:
            setattr(self, name, values[index])
            index += 1

    def __repr__(self):
        parts = []
        for name in self.fields:
            parts.append('%s=%r' % (name, getattr(self, name)))
        return '%s(%s)' % (type(self).__name__, ', '.join(parts))


# --- modules
class Module(Node): fields = ('body',)
class Interactive(Node): fields = ('body',)
class Expression(Node): fields = ('body',)

# --- statements
class FunctionDef(Node): fields = ('name', 'args', 'body', 'decorators', 'returns')
class ClassDef(Node): fields = ('name', 'bases', 'keywords', 'body', 'decorators')
class Return(Node): fields = ('value',)
class Delete(Node): fields = ('targets',)
class Assign(Node): fields = ('targets', 'value')
class AugAssign(Node): fields = ('target', 'op', 'value')
class AnnAssign(Node): fields = ('target', 'value', 'simple', 'annotation')
class For(Node): fields = ('target', 'iter', 'body', 'orelse')
class While(Node): fields = ('test', 'body', 'orelse')
class If(Node): fields = ('test', 'body', 'orelse')
class With(Node): fields = ('items', 'body')
class WithItem(Node): fields = ('context_expr', 'optional_vars')
class Raise(Node): fields = ('exc', 'cause')
class Try(Node): fields = ('body', 'handlers', 'orelse', 'finalbody')
class ExceptHandler(Node): fields = ('type', 'name', 'body')
class Assert(Node): fields = ('test', 'msg')
class Import(Node): fields = ('names',)
class ImportFrom(Node): fields = ('module', 'names', 'level')
class Alias(Node): fields = ('name', 'asname')
class Global(Node): fields = ('names',)
class Nonlocal(Node): fields = ('names',)
class Expr(Node): fields = ('value',)
class Pass(Node): fields = ()
class Break(Node): fields = ()
class Continue(Node): fields = ()

# --- expressions
class BoolOp(Node): fields = ('op', 'values')
class NamedExpr(Node): fields = ('target', 'value')
class BinOp(Node): fields = ('left', 'op', 'right')
class UnaryOp(Node): fields = ('op', 'operand')
class Lambda(Node): fields = ('args', 'body')
class IfExp(Node): fields = ('test', 'body', 'orelse')
class Dict(Node): fields = ('keys', 'values')        # a None key means **value
class Set(Node): fields = ('elts',)
class ListComp(Node): fields = ('elt', 'generators')
class SetComp(Node): fields = ('elt', 'generators')
class DictComp(Node): fields = ('key', 'value', 'generators')
class GeneratorExp(Node): fields = ('elt', 'generators')
class Comprehension(Node): fields = ('target', 'iter', 'ifs')
class Yield(Node): fields = ('value',)
class YieldFrom(Node): fields = ('value',)
class Compare(Node): fields = ('left', 'ops', 'comparators')
class Call(Node): fields = ('func', 'args', 'keywords')
class Keyword(Node): fields = ('arg', 'value')       # arg None means **value
class FormattedValue(Node): fields = ('value', 'conversion', 'format_spec')
class JoinedStr(Node): fields = ('values',)
class Constant(Node): fields = ('value',)
class Attribute(Node): fields = ('value', 'attr', 'ctx')
class Subscript(Node): fields = ('value', 'slice', 'ctx')
class Starred(Node): fields = ('value', 'ctx')
class Name(Node): fields = ('id', 'ctx')
class List(Node): fields = ('elts', 'ctx')
class Tuple(Node): fields = ('elts', 'ctx')
class Slice(Node): fields = ('lower', 'upper', 'step')

# --- function signatures
class Arguments(Node):
    fields = ('posonlyargs', 'args', 'vararg', 'kwonlyargs', 'kw_defaults', 'kwarg', 'defaults')
class Arg(Node): fields = ('name', 'annotation')

LOAD = 'load'
STORE = 'store'
DEL = 'del'
