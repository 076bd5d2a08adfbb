"""Syntax tree + scopes -> CodeObjects.

One CodeUnit per code object being built.  Jumps name Labels, resolved to
instruction indexes at the end (fixed-width words: no relaxation).  The stack
depth is tracked while emitting: every label remembers the depth at which it
is reached, and a mismatch is a compiler bug caught on the spot.

Exceptions use a table, not a block stack: the unit keeps a stack of active
handlers and tags each instruction with the innermost one; assembly turns the
tags into (start, end, handler, depth) ranges.  `return`, `break` and
`continue` leave try/with/except blocks by inline code, driven by a stack of
FrameBlocks (see BYTECODE.md section 5).
"""

from compiler import syntax_tree as ast
from compiler import bytecode as bc
from compiler.symtable import annotated_parameters
from compiler.symtable import (LOCAL, CELL, FREE, GLOBAL_EXPLICIT, GLOBAL_IMPLICIT,
                               MODULE, CLASS, FUNCTION, MAX_TREE_DEPTH)

BINARY_OPERATOR_INDEX = {}
for _index, _op in enumerate(bc.BINARY_OPERATORS):
    BINARY_OPERATOR_INDEX[_op] = _index
COMPARE_OPERATOR_INDEX = {}
for _index, _op in enumerate(bc.COMPARE_OPERATORS):
    COMPARE_OPERATOR_INDEX[_op] = _index
UNARY_OPERATOR_INDEX = {}
for _index, _op in enumerate(bc.UNARY_OPERATORS):
    UNARY_OPERATOR_INDEX[_op] = _index
CONVERSION_FLAGS = {-1: 0, 's': 1, 'r': 2, 'a': 3}

# FrameBlock kinds
WHILE_LOOP = 'while'
FOR_LOOP = 'for'
TRY_EXCEPT = 'try_except'
FINALLY_TRY = 'finally_try'
FINALLY_END = 'finally_end'
HANDLER = 'handler'
WITH = 'with'


class InternalError(Exception):
    """A bug in the compiler (never the user's fault)."""


class Label:
    def __init__(self, depth=None):
        self.index = None
        self.depth = depth


class FrameBlock:
    def __init__(self, kind, outer_handlers, start=None, end=None, data=None):
        self.kind = kind
        self.outer_handlers = outer_handlers
        self.start = start
        self.end = end
        self.data = data


class CodeUnit:
    def __init__(self, scope, name, qualname, filename, firstlineno):
        self.scope = scope
        self.name = name
        self.qualname = qualname
        self.filename = filename
        self.firstlineno = firstlineno
        self.line = firstlineno
        self.instructions = []      # [number, arg or Label, line, handler Label or None]
        self.consts = []
        self.const_index = {}
        self.names = []
        self.name_index = {}
        self.varnames = list(scope.varnames)
        self.local_index = {}
        for index, name in enumerate(self.varnames):
            self.local_index[name] = index
        self.cells = list(scope.cellvars) + list(scope.freevars)
        self.depth = 0
        self.max_depth = 0
        self.falls_through = True
        self.handlers = []          # stack of handler Labels
        self.fblocks = []
        self.flags = 0
        self.code_counter = 0

    def cell_index(self, name):
        index = 0
        for cell in self.cells:
            if cell == name:
                return index
            index += 1
        raise InternalError('no cell for ' + name)


def const_key(value, unit):
    if value is None:
        return ('None',)
    if value is True:
        return ('True',)
    if value is False:
        return ('False',)
    if value is Ellipsis:
        return ('Ellipsis',)
    if isinstance(value, int):
        return ('i', value)
    if isinstance(value, float):
        return ('f', value.hex())
    if isinstance(value, str):
        return ('s', value)
    if isinstance(value, bytes):
        return ('b', value)
    if isinstance(value, tuple):
        keys = ['t']
        for item in value:
            keys.append(const_key(item, unit))
        return tuple(keys)
    unit.code_counter += 1
    return ('c', unit.code_counter)


def is_constant(node):
    return type(node).__name__ == 'Constant'


def is_starred(node):
    return type(node).__name__ == 'Starred'


def has_starred(nodes):
    for node in nodes:
        if is_starred(node):
            return True
    return False


ANNOTATION_BLOCK_FIELDS = ('body', 'orelse', 'finalbody', 'handlers')


def has_annotations(body):
    """Whether body annotates a simple name, looking into compound
    statements but not into nested functions or classes."""
    for statement in body:
        kind = type(statement).__name__
        if kind == 'AnnAssign':
            if statement.simple:
                return True
        elif kind != 'FunctionDef' and kind != 'ClassDef':
            for field in ANNOTATION_BLOCK_FIELDS:
                block = getattr(statement, field, None)
                if type(block) is list and has_annotations(block):
                    return True
    return False


def docstring_of(body):
    if body and type(body[0]).__name__ == 'Expr' and is_constant(body[0].value) \
            and isinstance(body[0].value.value, str):
        return body[0].value.value
    return None


class CodeGenerator:
    def __init__(self, reporter, mode='exec'):
        self.reporter = reporter
        self.filename = reporter.filename
        self.mode = mode
        self.unit = None
        self.units = []
        self.depth = 0

    def error(self, message, node):
        return self.reporter.error(message, node.line, node.col)

    # --- emitting

    def emit(self, name, arg=0):
        unit = self.unit
        entry = bc.OPCODE_BY_NAME[name]
        if isinstance(arg, Label):
            target_depth = unit.depth + entry[4]
            if arg.depth is None:
                arg.depth = target_depth
            elif arg.depth != target_depth:
                raise InternalError('stack depth mismatch at jump %s: %d vs %d'
                                    % (name, arg.depth, target_depth))
            effect = entry[3]
        else:
            if arg > bc.MAX_OPERAND:
                raise self.reporter.error('too many constants, names or instructions in one code object',
                                          unit.line, 0)
            effect = bc.stack_effect(name, arg)
        handler = unit.handlers[-1] if unit.handlers else None
        unit.instructions.append([entry[1], arg, unit.line, handler])
        unit.depth += effect
        if unit.depth > unit.max_depth:
            unit.max_depth = unit.depth
        if unit.depth < 0:
            raise InternalError('negative stack depth after ' + name)
        unit.falls_through = name not in bc.TERMINATORS

    def bind(self, label):
        unit = self.unit
        label.index = len(unit.instructions)
        reached = unit.falls_through
        if not unit.falls_through:
            if label.depth is not None:
                unit.depth = label.depth
                reached = True
        elif label.depth is not None and label.depth != unit.depth:
            raise InternalError('stack depth mismatch at label: %d vs %d' % (label.depth, unit.depth))
        label.depth = unit.depth
        # a label nobody jumps to after a terminator starts dead code
        unit.falls_through = reached

    def load_const(self, value):
        unit = self.unit
        key = const_key(value, unit)
        index = unit.const_index.get(key)
        if index is None:
            index = len(unit.consts)
            unit.consts.append(value)
            unit.const_index[key] = index
        self.emit('LOAD_CONST', index)

    def name_operand(self, name):
        unit = self.unit
        index = unit.name_index.get(name)
        if index is None:
            index = len(unit.names)
            unit.names.append(name)
            unit.name_index[name] = index
        return index

    def push_handler(self, label):
        self.unit.handlers.append(label)

    def pop_handler(self):
        self.unit.handlers.pop()

    def snapshot_handlers(self):
        return list(self.unit.handlers)

    # --- units

    def enter_unit(self, scope, name, qualname, firstlineno):
        unit = CodeUnit(scope, name, qualname, self.filename, firstlineno)
        if self.unit is not None:
            self.units.append(self.unit)
        self.unit = unit
        return unit

    def leave_unit(self):
        code = self.assemble(self.unit)
        if self.units:
            self.unit = self.units.pop()
        else:
            self.unit = None
        return code

    def assemble(self, unit):
        code = bc.CodeObject()
        code.name = unit.name
        code.qualname = unit.qualname
        code.filename = unit.filename
        code.firstlineno = unit.firstlineno
        code.flags = unit.flags
        code.stacksize = unit.max_depth
        code.consts = unit.consts
        code.names = unit.names
        code.varnames = unit.varnames
        code.cellvars = list(unit.scope.cellvars)
        code.freevars = list(unit.scope.freevars)
        words = []
        lines = []
        table = []
        current = None
        start = 0
        index = 0
        for instruction in unit.instructions:
            number = instruction[0]
            arg = instruction[1]
            if isinstance(arg, Label):
                if arg.index is None:
                    raise InternalError('unbound label')
                arg = arg.index
            words.append(bc.encode_instruction(number, arg))
            lines.append(instruction[2])
            handler = instruction[3]
            if handler is not current:
                if current is not None:
                    table.append((start, index, current.index, current.depth - 1))
                current = handler
                start = index
            index += 1
        if current is not None:
            table.append((start, index, current.index, current.depth - 1))
        code.code = words
        code.exception_table = table
        code.linetable = bc.encode_linetable(lines, unit.firstlineno)
        return code

    # --- entry points

    def compile_module(self, tree, scope):
        unit = self.enter_unit(scope, '<module>', '<module>', 1)
        unit.flags = bc.CO_MODULE
        kind = type(tree).__name__
        if kind == 'Expression':
            self.visit_expr(tree.body)
            self.emit('RETURN_VALUE')
        else:
            docstring = docstring_of(tree.body) if kind == 'Module' else None
            body = tree.body
            if docstring is not None:
                self.unit.line = body[0].line
                self.load_const(docstring)
                self.store_name('__doc__')
                body = body[1:]
            self.setup_annotations(body)
            self.visit_body(body)
            if self.unit.falls_through:
                self.load_const(None)
                self.emit('RETURN_VALUE')
        return self.leave_unit()

    # --- dispatch

    def visit_body(self, statements):
        for statement in statements:
            self.visit_stmt(statement)

    def visit_stmt(self, node):
        self.depth += 1
        if self.depth > MAX_TREE_DEPTH:
            raise self.error('too deeply nested', node)
        self.unit.line = node.line
        getattr(self, 'stmt_' + type(node).__name__)(node)
        self.depth -= 1

    def visit_expr(self, node):
        self.depth += 1
        if self.depth > MAX_TREE_DEPTH:
            raise self.error('too deeply nested', node)
        unit = self.unit
        saved_line = unit.line
        unit.line = node.line
        getattr(self, 'expr_' + type(node).__name__)(node)
        unit.line = saved_line
        self.depth -= 1

    # --- names

    def name_op(self, name, ctx):
        unit = self.unit
        scope = unit.scope
        storage = scope.resolve(name)
        if storage == CELL or storage == FREE:
            index = unit.cell_index(name)
            if ctx == ast.LOAD:
                self.emit('LOAD_CLASSDEREF' if scope.kind == CLASS else 'LOAD_DEREF', index)
            elif ctx == ast.STORE:
                self.emit('STORE_DEREF', index)
            else:
                self.emit('DELETE_DEREF', index)
            return
        if scope.kind == FUNCTION and storage == LOCAL:
            index = unit.local_index[name]
            kinds = {ast.LOAD: 'LOAD_FAST', ast.STORE: 'STORE_FAST', ast.DEL: 'DELETE_FAST'}
            self.emit(kinds[ctx], index)
            return
        if storage == GLOBAL_EXPLICIT or (storage == GLOBAL_IMPLICIT and scope.kind == FUNCTION):
            kinds = {ast.LOAD: 'LOAD_GLOBAL', ast.STORE: 'STORE_GLOBAL', ast.DEL: 'DELETE_GLOBAL'}
            self.emit(kinds[ctx], self.name_operand(name))
            return
        kinds = {ast.LOAD: 'LOAD_NAME', ast.STORE: 'STORE_NAME', ast.DEL: 'DELETE_NAME'}
        self.emit(kinds[ctx], self.name_operand(name))

    def store_name(self, name):
        self.name_op(name, ast.STORE)

    # --- statements

    def stmt_Expr(self, node):
        value = node.value
        if self.mode == 'single' and self.unit.scope.kind == MODULE:
            self.visit_expr(value)
            self.emit('PRINT_EXPR')
            return
        if is_constant(value):
            return            # docstrings and bare constants do nothing
        self.visit_expr(value)
        self.emit('POP_TOP')

    def stmt_Pass(self, node):
        pass

    def stmt_Global(self, node):
        pass

    def stmt_Nonlocal(self, node):
        pass

    def stmt_Assign(self, node):
        self.visit_expr(node.value)
        count = len(node.targets)
        index = 0
        for target in node.targets:
            if index < count - 1:
                self.emit('COPY', 1)
            self.store_target(target)
            index += 1

    def stmt_AnnAssign(self, node):
        if node.value is not None:
            self.visit_expr(node.value)
            self.store_target(node.target)
        if self.unit.scope.kind == FUNCTION:
            return      # annotations of locals are never evaluated (CPython)
        self.visit_expr(node.annotation)
        if node.simple and type(node.target).__name__ == 'Name':
            self.name_op('__annotations__', ast.LOAD)
            self.load_const(node.target.id)
            self.emit('STORE_SUBSCR')
        else:
            self.emit('POP_TOP')

    def setup_annotations(self, body):
        """`__annotations__ = {}` at the start of a module or class body that
        annotates a name anywhere outside nested defs (SETUP_ANNOTATIONS)."""
        if has_annotations(body):
            self.emit('BUILD_MAP', 0)
            self.store_name('__annotations__')

    def stmt_AugAssign(self, node):
        target = node.target
        kind = type(target).__name__
        operator = BINARY_OPERATOR_INDEX[node.op] | bc.INPLACE_FLAG
        if kind == 'Name':
            self.name_op(target.id, ast.LOAD)
            self.visit_expr(node.value)
            self.emit('BINARY_OP', operator)
            self.name_op(target.id, ast.STORE)
        elif kind == 'Attribute':
            self.visit_expr(target.value)
            self.emit('COPY', 1)
            self.emit('LOAD_ATTR', self.name_operand(target.attr))
            self.visit_expr(node.value)
            self.emit('BINARY_OP', operator)
            self.emit('SWAP', 2)
            self.emit('STORE_ATTR', self.name_operand(target.attr))
        else:
            self.visit_expr(target.value)
            self.visit_subscript_index(target.slice)
            self.emit('COPY', 2)
            self.emit('COPY', 2)
            self.emit('BINARY_SUBSCR')
            self.visit_expr(node.value)
            self.emit('BINARY_OP', operator)
            self.emit('SWAP', 3)
            self.emit('SWAP', 2)
            self.emit('STORE_SUBSCR')

    def store_target(self, target):
        kind = type(target).__name__
        if kind == 'Name':
            self.name_op(target.id, ast.STORE)
        elif kind == 'Attribute':
            saved = self.unit.line
            self.unit.line = target.line
            self.visit_expr(target.value)
            self.emit('STORE_ATTR', self.name_operand(target.attr))
            self.unit.line = saved
        elif kind == 'Subscript':
            saved = self.unit.line
            self.unit.line = target.line
            self.visit_expr(target.value)
            self.visit_subscript_index(target.slice)
            self.emit('STORE_SUBSCR')
            self.unit.line = saved
        elif kind == 'Tuple' or kind == 'List':
            self.unpack_into(target.elts, target)
        else:
            raise self.error("cannot assign to expression", target)

    def unpack_into(self, elements, node):
        star_at = -1
        index = 0
        for element in elements:
            if is_starred(element):
                star_at = index
            index += 1
        if star_at < 0:
            self.emit('UNPACK_SEQUENCE', len(elements))
        else:
            before = star_at
            after = len(elements) - star_at - 1
            if before > 0xFFF or after > 0xFFF:
                raise self.error('too many expressions in star-unpacking assignment', node)
            self.emit('UNPACK_EX', before | (after << 12))
        for element in elements:
            if is_starred(element):
                self.store_target(element.value)
            else:
                self.store_target(element)

    def stmt_Delete(self, node):
        for target in node.targets:
            self.delete_target(target)

    def delete_target(self, target):
        kind = type(target).__name__
        if kind == 'Name':
            self.name_op(target.id, ast.DEL)
        elif kind == 'Attribute':
            self.visit_expr(target.value)
            self.emit('DELETE_ATTR', self.name_operand(target.attr))
        elif kind == 'Subscript':
            self.visit_expr(target.value)
            self.visit_subscript_index(target.slice)
            self.emit('DELETE_SUBSCR')
        else:
            for element in target.elts:
                self.delete_target(element)

    def stmt_If(self, node):
        end = Label()
        otherwise = Label() if node.orelse else end
        self.visit_expr(node.test)
        self.emit('POP_JUMP_IF_FALSE', otherwise)
        self.visit_body(node.body)
        if node.orelse:
            self.emit('JUMP', end)
            self.bind(otherwise)
            self.visit_body(node.orelse)
        self.bind(end)

    def stmt_While(self, node):
        start = Label()
        end = Label()
        otherwise = Label() if node.orelse else end
        self.bind(start)
        always_true = is_constant(node.test) and node.test.value is True
        if not always_true:
            self.visit_expr(node.test)
            self.emit('POP_JUMP_IF_FALSE', otherwise)
        self.unit.fblocks.append(FrameBlock(WHILE_LOOP, self.snapshot_handlers(), start, end))
        self.visit_body(node.body)
        self.unit.fblocks.pop()
        self.unit.line = node.line
        self.emit('JUMP', start)
        if node.orelse:
            self.bind(otherwise)
            self.visit_body(node.orelse)
        self.bind(end)

    def stmt_For(self, node):
        start = Label()
        end = Label()
        exhausted = Label()
        self.visit_expr(node.iter)
        self.emit('GET_ITER')
        self.bind(start)
        self.emit('FOR_ITER', exhausted)
        self.store_target(node.target)
        self.unit.fblocks.append(FrameBlock(FOR_LOOP, self.snapshot_handlers(), start, end))
        self.visit_body(node.body)
        self.unit.fblocks.pop()
        self.unit.line = node.line
        self.emit('JUMP', start)
        self.bind(exhausted)
        self.visit_body(node.orelse)
        self.bind(end)

    def stmt_Break(self, node):
        self.leave_to_loop(node, True)

    def stmt_Continue(self, node):
        self.leave_to_loop(node, False)

    def leave_to_loop(self, node, is_break):
        unit = self.unit
        loop = None
        for block in unit.fblocks:
            if block.kind == WHILE_LOOP or block.kind == FOR_LOOP:
                loop = block
        if loop is None:
            if is_break:
                raise self.error("'break' outside loop", node)
            raise self.error("'continue' not properly in loop", node)
        saved_depth = unit.depth
        self.unwind_blocks(False, True)
        if is_break:
            if loop.kind == FOR_LOOP:
                saved_handlers = unit.handlers
                unit.handlers = loop.outer_handlers
                self.emit('POP_TOP')
                unit.handlers = saved_handlers
            self.emit('JUMP', loop.end)
        else:
            self.emit('JUMP', loop.start)
        unit.depth = saved_depth

    def stmt_Return(self, node):
        unit = self.unit
        if unit.scope.kind != FUNCTION or unit.scope.is_comprehension:
            raise self.error("'return' outside function", node)
        saved_depth = unit.depth
        if node.value is not None:
            self.visit_expr(node.value)
        else:
            self.load_const(None)
        self.unwind_blocks(True, False)
        self.unit.line = node.line
        self.emit('RETURN_VALUE')
        unit.depth = saved_depth

    def unwind_blocks(self, preserve_top, stop_at_loop):
        """Emit the exit code of each active frame block, innermost first,
        up to the innermost loop (stop_at_loop) or all of them."""
        unit = self.unit
        saved_blocks = unit.fblocks
        saved_handlers = unit.handlers
        index = len(saved_blocks) - 1
        while index >= 0:
            block = saved_blocks[index]
            if stop_at_loop and (block.kind == WHILE_LOOP or block.kind == FOR_LOOP):
                break
            unit.fblocks = saved_blocks[:index]
            unit.handlers = list(block.outer_handlers)
            self.unwind_block(block, preserve_top)
            index -= 1
        unit.fblocks = saved_blocks
        unit.handlers = saved_handlers

    def unwind_block(self, block, preserve_top):
        kind = block.kind
        if kind == WHILE_LOOP or kind == TRY_EXCEPT:
            return
        if kind == FOR_LOOP:
            if preserve_top:
                self.emit('SWAP', 2)
            self.emit('POP_TOP')
        elif kind == WITH:
            if preserve_top:
                self.emit('SWAP', 2)
            self.call_exit_with_nones()
        elif kind == FINALLY_TRY:
            self.visit_body(block.data)
        elif kind == FINALLY_END:
            if preserve_top:
                self.emit('SWAP', 2)
                self.emit('POP_TOP')
                self.emit('SWAP', 2)
            else:
                self.emit('POP_TOP')
            self.emit('POP_EXCEPT')
        elif kind == HANDLER:
            if preserve_top:
                self.emit('SWAP', 2)
            self.emit('POP_EXCEPT')
            if block.data is not None:
                self.clear_name(block.data)

    def call_exit_with_nones(self):
        self.load_const(None)
        self.load_const(None)
        self.load_const(None)
        self.emit('CALL', 3)
        self.emit('POP_TOP')

    def clear_name(self, name):
        self.load_const(None)
        self.name_op(name, ast.STORE)
        self.name_op(name, ast.DEL)

    def emit_cleanup_handler(self, label):
        """Handler for exceptions raised while another is being handled:
        restore the previously handled exception, then propagate."""
        self.bind(label)
        self.emit('SWAP', 2)
        self.emit('POP_EXCEPT')
        self.emit('RERAISE')

    def stmt_Try(self, node):
        if node.finalbody:
            self.compile_try_finally(node)
        else:
            self.compile_try_except(node)

    def compile_try_finally(self, node):
        unit = self.unit
        end = Label()
        handler = Label(unit.depth + 1)
        outer = self.snapshot_handlers()
        self.push_handler(handler)
        unit.fblocks.append(FrameBlock(FINALLY_TRY, outer, data=node.finalbody))
        if node.handlers:
            self.compile_try_except(node)
        else:
            self.visit_body(node.body)
        unit.fblocks.pop()
        self.pop_handler()
        self.visit_body(node.finalbody)
        self.emit('JUMP', end)
        # exceptional path: exc is on the stack
        self.bind(handler)
        cleanup = Label(unit.depth + 1)
        self.push_handler(cleanup)
        self.emit('PUSH_EXC_INFO')
        unit.fblocks.append(FrameBlock(FINALLY_END, outer))
        self.visit_body(node.finalbody)
        unit.fblocks.pop()
        self.emit('RERAISE')
        self.pop_handler()
        self.emit_cleanup_handler(cleanup)
        self.bind(end)

    def compile_try_except(self, node):
        unit = self.unit
        end = Label()
        handler = Label(unit.depth + 1)
        outer = self.snapshot_handlers()
        self.push_handler(handler)
        unit.fblocks.append(FrameBlock(TRY_EXCEPT, outer))
        self.visit_body(node.body)
        unit.fblocks.pop()
        self.pop_handler()
        self.visit_body(node.orelse)
        self.emit('JUMP', end)
        self.bind(handler)
        cleanup = Label(unit.depth + 1)
        self.push_handler(cleanup)
        self.emit('PUSH_EXC_INFO')
        for clause in node.handlers:
            unit.line = clause.line
            next_clause = Label()
            if clause.type is not None:
                self.visit_expr(clause.type)
                self.emit('CHECK_EXC_MATCH')
                self.emit('POP_JUMP_IF_FALSE', next_clause)
            if clause.name is not None:
                self.name_op(clause.name, ast.STORE)
                named_cleanup = Label(unit.depth + 1)
                self.push_handler(named_cleanup)
                unit.fblocks.append(FrameBlock(HANDLER, outer, data=clause.name))
                self.visit_body(clause.body)
                unit.fblocks.pop()
                self.pop_handler()
                self.leave_handler(outer, end, clause.name)
                # an exception inside the handler body: drop the name, pass it on
                self.bind(named_cleanup)
                self.clear_name(clause.name)
                self.emit('RERAISE')
            else:
                self.emit('POP_TOP')
                unit.fblocks.append(FrameBlock(HANDLER, outer, data=None))
                self.visit_body(clause.body)
                unit.fblocks.pop()
                self.leave_handler(outer, end, None)
            self.bind(next_clause)
        if node.handlers[-1].type is not None:
            self.emit('RERAISE')          # no clause matched
        self.pop_handler()
        self.emit_cleanup_handler(cleanup)
        self.bind(end)

    def leave_handler(self, outer, end, name):
        """Normal end of an except clause: from POP_EXCEPT on, exceptions
        belong to whatever handled them outside the try statement."""
        unit = self.unit
        saved = unit.handlers
        unit.handlers = outer
        self.emit('POP_EXCEPT')
        if name is not None:
            self.clear_name(name)
        self.emit('JUMP', end)
        unit.handlers = saved

    def stmt_With(self, node):
        self.compile_with(node, 0)

    def compile_with(self, node, item_index):
        unit = self.unit
        item = node.items[item_index]
        unit.line = item.line
        end = Label()
        self.visit_expr(item.context_expr)
        self.emit('BEFORE_WITH')
        handler = Label(unit.depth)        # depth with only `exit` kept, plus the exception
        outer = self.snapshot_handlers()
        self.push_handler(handler)
        unit.fblocks.append(FrameBlock(WITH, outer))
        if item.optional_vars is not None:
            self.store_target(item.optional_vars)
        else:
            self.emit('POP_TOP')
        if item_index + 1 < len(node.items):
            self.compile_with(node, item_index + 1)
        else:
            self.visit_body(node.body)
        unit.fblocks.pop()
        self.pop_handler()
        unit.line = item.line
        self.call_exit_with_nones()
        self.emit('JUMP', end)
        self.bind(handler)
        cleanup = Label(unit.depth + 1)
        self.push_handler(cleanup)
        self.emit('PUSH_EXC_INFO')
        self.emit('WITH_EXCEPT_START')
        suppress = Label()
        self.emit('POP_JUMP_IF_TRUE', suppress)
        self.emit('RERAISE')
        self.bind(suppress)
        self.emit('POP_TOP')
        self.emit('POP_EXCEPT')
        self.emit('POP_TOP')
        self.pop_handler()
        self.emit('JUMP', end)
        self.emit_cleanup_handler(cleanup)
        self.bind(end)

    def stmt_Raise(self, node):
        count = 0
        if node.exc is not None:
            self.visit_expr(node.exc)
            count = 1
            if node.cause is not None:
                self.visit_expr(node.cause)
                count = 2
        self.emit('RAISE_VARARGS', count)

    def stmt_Assert(self, node):
        end = Label()
        self.visit_expr(node.test)
        self.emit('POP_JUMP_IF_TRUE', end)
        self.emit('LOAD_ASSERTION_ERROR')
        if node.msg is not None:
            self.visit_expr(node.msg)
            self.emit('CALL', 1)
        self.emit('RAISE_VARARGS', 1)
        self.bind(end)

    def stmt_Import(self, node):
        for alias in node.names:
            self.unit.line = alias.line
            self.load_const(0)
            self.load_const(None)
            self.emit('IMPORT_NAME', self.name_operand(alias.name))
            if alias.asname is not None:
                parts = alias.name.split('.')
                for part in parts[1:]:
                    self.emit('IMPORT_FROM', self.name_operand(part))
                    self.emit('SWAP', 2)
                    self.emit('POP_TOP')
                self.store_name(alias.asname)
            else:
                dot = alias.name.find('.')
                self.store_name(alias.name if dot < 0 else alias.name[:dot])

    def stmt_ImportFrom(self, node):
        names = []
        for alias in node.names:
            names.append(alias.name)
        self.load_const(node.level)
        self.load_const(tuple(names))
        self.emit('IMPORT_NAME', self.name_operand(node.module if node.module is not None else ''))
        if names == ['*']:
            self.emit('IMPORT_STAR')
            return
        for alias in node.names:
            self.unit.line = alias.line
            self.emit('IMPORT_FROM', self.name_operand(alias.name))
            self.store_name(alias.asname if alias.asname is not None else alias.name)
        self.emit('POP_TOP')

    # --- functions and classes

    def stmt_FunctionDef(self, node):
        self.visit_decorators(node.decorators)
        firstlineno = node.decorators[0].line if node.decorators else node.line
        self.make_function(node, node.args, firstlineno)
        self.store_function_annotations(node)
        self.apply_decorators(node.decorators, node)
        self.store_name(node.name)

    def store_function_annotations(self, node):
        """function.__annotations__ = {name: annotation, ..., 'return': ...}.
        Evaluated just after MAKE_FUNCTION (CPython: just before), which only
        differs for annotations with side effects."""
        annotated = annotated_parameters(node.args)
        if not annotated and node.returns is None:
            return
        self.emit('COPY', 1)
        for arg in annotated:
            self.load_const(arg.name)
            self.visit_expr(arg.annotation)
        count = len(annotated)
        if node.returns is not None:
            self.load_const('return')
            self.visit_expr(node.returns)
            count += 1
        self.emit('BUILD_MAP', count)
        self.emit('SWAP', 2)
        self.emit('STORE_ATTR', self.name_operand('__annotations__'))

    def visit_decorators(self, decorators):
        for decorator in decorators:
            self.visit_expr(decorator)

    def apply_decorators(self, decorators, node):
        self.unit.line = node.line
        for _ in decorators:
            self.emit('CALL', 1)

    def make_function(self, node, args, firstlineno):
        """Push a new function object for node (FunctionDef or Lambda)."""
        flags = 0
        if args.defaults:
            for default in args.defaults:
                self.visit_expr(default)
            self.emit('BUILD_TUPLE', len(args.defaults))
            flags |= bc.MAKE_FUNCTION_DEFAULTS
        keyword_defaults = 0
        index = 0
        for arg in args.kwonlyargs:
            default = args.kw_defaults[index]
            if default is not None:
                self.load_const(arg.name)
                self.visit_expr(default)
                keyword_defaults += 1
            index += 1
        if keyword_defaults:
            self.emit('BUILD_MAP', keyword_defaults)
            flags |= bc.MAKE_FUNCTION_KWDEFAULTS
        code = self.compile_function_body(node, args, firstlineno)
        self.make_closure(code, flags)

    def make_closure(self, code, flags):
        if code.freevars:
            for name in code.freevars:
                self.emit('LOAD_CLOSURE', self.unit.cell_index(name))
            self.emit('BUILD_TUPLE', len(code.freevars))
            flags |= bc.MAKE_FUNCTION_CLOSURE
        self.load_const(code)
        self.emit('MAKE_FUNCTION', flags)

    def compile_function_body(self, node, args, firstlineno):
        scope = node.scope
        unit = self.enter_unit(scope, scope.name, scope.qualname, firstlineno)
        unit.line = node.line
        flags = 0
        if args.vararg is not None:
            flags |= bc.CO_VARARGS
        if args.kwarg is not None:
            flags |= bc.CO_VARKEYWORDS
        if scope.is_generator:
            flags |= bc.CO_GENERATOR
        is_lambda = type(node).__name__ == 'Lambda'
        body = None
        if not is_lambda:
            body = node.body
            docstring = docstring_of(body)
            if docstring is not None:
                self.load_const_slot(docstring)
                flags |= bc.CO_HAS_DOCSTRING
        unit.flags = flags
        self.copy_cell_parameters(scope)
        if is_lambda:
            self.visit_expr(node.body)
            if scope.is_generator:
                self.emit('POP_TOP')
                self.load_const(None)
            self.emit('RETURN_VALUE')
        else:
            self.visit_body(body)
            if unit.falls_through:
                self.load_const(None)
                self.emit('RETURN_VALUE')
        unit.max_depth = max_of(unit.max_depth, 0)
        code = self.leave_unit()
        code.argcount = len(args.posonlyargs) + len(args.args)
        code.posonlyargcount = len(args.posonlyargs)
        code.kwonlyargcount = len(args.kwonlyargs)
        return code

    def load_const_slot(self, value):
        """Reserve consts[0] for a docstring without emitting a load."""
        unit = self.unit
        unit.consts.append(value)
        unit.const_index[const_key(value, unit)] = 0

    def copy_cell_parameters(self, scope):
        for name in scope.parameters:
            if scope.resolve(name) == CELL:
                self.emit('LOAD_FAST', self.unit.local_index[name])
                self.emit('STORE_DEREF', self.unit.cell_index(name))

    def expr_Lambda(self, node):
        self.make_function(node, node.args, node.line)

    def stmt_ClassDef(self, node):
        self.visit_decorators(node.decorators)
        self.emit('LOAD_BUILD_CLASS')
        scope = node.scope
        firstlineno = node.decorators[0].line if node.decorators else node.line
        unit = self.enter_unit(scope, node.name, scope.qualname, firstlineno)
        unit.flags = bc.CO_CLASS_BODY
        unit.line = node.line
        self.name_op('__name__', ast.LOAD)
        self.store_name('__module__')
        self.load_const(scope.qualname)
        self.store_name('__qualname__')
        body = node.body
        docstring = docstring_of(body)
        if docstring is not None:
            unit.line = body[0].line
            self.load_const(docstring)
            self.store_name('__doc__')
            body = body[1:]
        self.setup_annotations(body)
        self.visit_body(body)
        if unit.falls_through:
            if scope.needs_class_cell:
                self.emit('LOAD_CLOSURE', unit.cell_index('__class__'))
            else:
                self.load_const(None)
            self.emit('RETURN_VALUE')
        code = self.leave_unit()
        self.unit.line = node.line
        self.make_closure(code, 0)
        self.load_const(node.name)
        self.emit_call(node.bases, node.keywords, 2, node)
        self.apply_decorators(node.decorators, node)
        self.store_name(node.name)

    # --- expressions

    def expr_Constant(self, node):
        self.load_const(node.value)

    def expr_Name(self, node):
        if node.id == '__debug__':
            self.load_const(True)
            return
        self.name_op(node.id, node.ctx)

    def expr_Starred(self, node):
        raise self.error("can't use starred expression here", node)

    def expr_BinOp(self, node):
        # Walk the left spine iteratively: long chains (a + b + c + ...) must
        # not cost one level of recursion per operator.
        spine = []
        left = node
        while type(left).__name__ == 'BinOp':
            spine.append(left)
            left = left.left
        self.visit_expr(left)
        index = len(spine) - 1
        unit = self.unit
        while index >= 0:
            operation = spine[index]
            self.visit_expr(operation.right)
            unit.line = operation.line
            self.emit('BINARY_OP', BINARY_OPERATOR_INDEX[operation.op])
            index -= 1

    def expr_UnaryOp(self, node):
        operand = node.operand
        if node.op == '-' and is_constant(operand) and not isinstance(operand.value, bool) \
                and (isinstance(operand.value, int) or isinstance(operand.value, float)):
            self.load_const(-operand.value)
            return
        self.visit_expr(operand)
        self.emit('UNARY_OP', UNARY_OPERATOR_INDEX[node.op])

    def expr_BoolOp(self, node):
        end = Label()
        jump = 'JUMP_IF_FALSE_OR_POP' if node.op == 'and' else 'JUMP_IF_TRUE_OR_POP'
        last = len(node.values) - 1
        index = 0
        for value in node.values:
            self.visit_expr(value)
            if index < last:
                self.emit(jump, end)
            index += 1
        self.bind(end)

    def expr_Compare(self, node):
        self.visit_expr(node.left)
        count = len(node.ops)
        if count == 1:
            self.visit_expr(node.comparators[0])
            self.emit('COMPARE_OP', COMPARE_OPERATOR_INDEX[node.ops[0]])
            return
        cleanup = Label()
        end = Label()
        index = 0
        while index < count - 1:
            self.visit_expr(node.comparators[index])
            self.emit('SWAP', 2)
            self.emit('COPY', 2)
            self.emit('COMPARE_OP', COMPARE_OPERATOR_INDEX[node.ops[index]])
            self.emit('JUMP_IF_FALSE_OR_POP', cleanup)
            index += 1
        self.visit_expr(node.comparators[count - 1])
        self.emit('COMPARE_OP', COMPARE_OPERATOR_INDEX[node.ops[count - 1]])
        self.emit('JUMP', end)
        self.bind(cleanup)
        self.emit('SWAP', 2)
        self.emit('POP_TOP')
        self.bind(end)

    def expr_IfExp(self, node):
        end = Label()
        otherwise = Label()
        self.visit_expr(node.test)
        self.emit('POP_JUMP_IF_FALSE', otherwise)
        self.visit_expr(node.body)
        self.emit('JUMP', end)
        self.bind(otherwise)
        self.visit_expr(node.orelse)
        self.bind(end)

    def expr_NamedExpr(self, node):
        self.visit_expr(node.value)
        self.emit('COPY', 1)
        self.name_op(node.target.id, ast.STORE)

    def expr_Attribute(self, node):
        self.visit_expr(node.value)
        self.unit.line = node.line
        self.emit('LOAD_ATTR', self.name_operand(node.attr))

    def expr_Subscript(self, node):
        self.visit_expr(node.value)
        self.visit_subscript_index(node.slice)
        self.unit.line = node.line
        self.emit('BINARY_SUBSCR')

    def visit_subscript_index(self, index):
        if type(index).__name__ == 'Slice':
            self.visit_slice(index)
        elif type(index).__name__ == 'Tuple' and not self.all_constant(index.elts):
            for element in index.elts:
                if type(element).__name__ == 'Slice':
                    self.visit_slice(element)
                else:
                    self.visit_expr(element)
            self.emit('BUILD_TUPLE', len(index.elts))
        else:
            self.visit_expr(index)

    def visit_slice(self, node):
        parts = [node.lower, node.upper]
        if node.step is not None:
            parts.append(node.step)
        for part in parts:
            if part is None:
                self.load_const(None)
            else:
                self.visit_expr(part)
        self.emit('BUILD_SLICE', len(parts))

    def expr_Slice(self, node):
        self.visit_slice(node)

    def all_constant(self, elements):
        for element in elements:
            if not is_constant(element):
                return False
        return True

    def constant_tuple(self, elements):
        values = []
        for element in elements:
            values.append(element.value)
        return tuple(values)

    def expr_Tuple(self, node):
        if node.elts and self.all_constant(node.elts):
            self.load_const(self.constant_tuple(node.elts))
            return
        self.build_sequence(node.elts, 'BUILD_TUPLE')

    def expr_List(self, node):
        self.build_sequence(node.elts, 'BUILD_LIST')

    def expr_Set(self, node):
        self.build_sequence(node.elts, 'BUILD_SET')

    def build_sequence(self, elements, build):
        if not has_starred(elements):
            for element in elements:
                self.visit_expr(element)
            self.emit(build, len(elements))
            return
        is_set = build == 'BUILD_SET'
        leading = 0
        for element in elements:
            if is_starred(element):
                break
            self.visit_expr(element)
            leading += 1
        self.emit('BUILD_SET' if is_set else 'BUILD_LIST', leading)
        for element in elements[leading:]:
            if is_starred(element):
                self.visit_expr(element.value)
                self.emit('SET_UPDATE' if is_set else 'LIST_EXTEND', 1)
            else:
                self.visit_expr(element)
                self.emit('SET_ADD' if is_set else 'LIST_APPEND', 1)
        if build == 'BUILD_TUPLE':
            self.emit('LIST_TO_TUPLE')

    def expr_Dict(self, node):
        count = len(node.keys)
        leading = 0
        while leading < count and node.keys[leading] is not None:
            self.visit_expr(node.keys[leading])
            self.visit_expr(node.values[leading])
            leading += 1
        self.emit('BUILD_MAP', leading)
        index = leading
        while index < count:
            key = node.keys[index]
            if key is None:
                self.visit_expr(node.values[index])
                self.emit('DICT_UPDATE', 1)
            else:
                self.visit_expr(key)
                self.visit_expr(node.values[index])
                self.emit('MAP_ADD', 1)
            index += 1

    def expr_JoinedStr(self, node):
        for value in node.values:
            self.visit_expr(value)
        if len(node.values) == 0:
            self.load_const('')
        elif len(node.values) > 1 or is_constant(node.values[0]):
            self.emit('BUILD_STRING', len(node.values))

    def expr_FormattedValue(self, node):
        self.visit_expr(node.value)
        flags = CONVERSION_FLAGS[node.conversion]
        if node.format_spec is not None:
            self.visit_expr(node.format_spec)
            flags |= bc.FORMAT_HAS_SPEC
        self.emit('FORMAT_VALUE', flags)

    def expr_Yield(self, node):
        if node.value is not None:
            self.visit_expr(node.value)
        else:
            self.load_const(None)
        self.emit('YIELD_VALUE')

    def expr_YieldFrom(self, node):
        self.visit_expr(node.value)
        self.emit('GET_YIELD_FROM_ITER')
        self.load_const(None)
        self.emit('YIELD_FROM')

    # --- calls

    def expr_Call(self, node):
        func = node.func
        if self.is_zero_argument_super(node):
            self.name_op('super', ast.LOAD)
            self.emit('LOAD_DEREF', self.unit.cell_index('__class__'))
            self.name_op(self.unit.scope.parameters[0], ast.LOAD)
            self.emit('CALL', 2)
            return
        self.check_keywords(node.keywords)
        plain = not has_starred(node.args)
        for keyword in node.keywords:
            if keyword.arg is None:
                plain = False
        if plain and type(func).__name__ == 'Attribute':
            self.visit_expr(func.value)
            self.unit.line = func.line
            self.emit('LOAD_METHOD', self.name_operand(func.attr))
            for arg in node.args:
                self.visit_expr(arg)
            count = len(node.args) + len(node.keywords)
            self.unit.line = node.line
            if node.keywords:
                self.push_keywords(node.keywords)
                self.emit('CALL_METHOD_KW', count)
            else:
                self.emit('CALL_METHOD', count)
            return
        self.visit_expr(func)
        self.emit_call(node.args, node.keywords, 0, node)

    def is_zero_argument_super(self, node):
        func = node.func
        if type(func).__name__ != 'Name' or func.id != 'super' or node.args or node.keywords:
            return False
        scope = self.unit.scope
        if scope.kind != FUNCTION or scope.is_comprehension:
            return False
        if scope.resolve('super') != GLOBAL_IMPLICIT or scope.resolve('__class__') != FREE:
            return False
        args = scope.node.args
        return len(args.posonlyargs) + len(args.args) > 0

    def check_keywords(self, keywords):
        seen = {}
        for keyword in keywords:
            if keyword.arg is not None:
                if keyword.arg in seen:
                    raise self.error('keyword argument repeated: %s' % keyword.arg, keyword)
                seen[keyword.arg] = True

    def push_keywords(self, keywords):
        names = []
        for keyword in keywords:
            self.visit_expr(keyword.value)
            names.append(keyword.arg)
        self.load_const(tuple(names))

    def emit_call(self, args, keywords, already_pushed, node):
        """The callable (and `already_pushed` leading arguments) are on the stack."""
        self.check_keywords(keywords)
        plain = not has_starred(args)
        for keyword in keywords:
            if keyword.arg is None:
                plain = False
        line = node.line
        if plain:
            for arg in args:
                self.visit_expr(arg)
            count = already_pushed + len(args) + len(keywords)
            self.unit.line = line
            if keywords:
                self.push_keywords(keywords)
                self.emit('CALL_KW', count)
            else:
                self.emit('CALL', count)
            return
        leading = already_pushed
        rest = args
        while rest and not is_starred(rest[0]):
            self.visit_expr(rest[0])
            rest = rest[1:]
            leading += 1
        self.emit('BUILD_LIST', leading)
        for arg in rest:
            if is_starred(arg):
                self.visit_expr(arg.value)
                self.emit('LIST_EXTEND', 1)
            else:
                self.visit_expr(arg)
                self.emit('LIST_APPEND', 1)
        self.emit('LIST_TO_TUPLE')
        flags = 0
        if keywords:
            self.emit('BUILD_MAP', 0)
            for keyword in keywords:
                if keyword.arg is None:
                    self.visit_expr(keyword.value)
                else:
                    self.load_const(keyword.arg)
                    self.visit_expr(keyword.value)
                    self.emit('BUILD_MAP', 1)
                self.emit('DICT_MERGE', 1)
            flags = bc.CALL_EX_HAS_KWARGS
        self.unit.line = line
        self.emit('CALL_EX', flags)

    # --- comprehensions

    def expr_ListComp(self, node):
        self.compile_comprehension(node, 'BUILD_LIST')

    def expr_SetComp(self, node):
        self.compile_comprehension(node, 'BUILD_SET')

    def expr_DictComp(self, node):
        self.compile_comprehension(node, 'BUILD_MAP')

    def expr_GeneratorExp(self, node):
        self.compile_comprehension(node, None)

    def compile_comprehension(self, node, build):
        scope = node.scope
        unit = self.enter_unit(scope, scope.name, scope.qualname, node.line)
        unit.line = node.line
        if build is None:
            unit.flags = bc.CO_GENERATOR
        else:
            self.emit(build, 0)
        self.comprehension_loop(node, 0, build)
        if build is None:
            self.load_const(None)
        self.emit('RETURN_VALUE')
        code = self.leave_unit()
        code.argcount = 1
        self.make_closure(code, 0)
        self.visit_expr(node.generators[0].iter)
        self.emit('GET_ITER')
        self.emit('CALL', 1)

    def comprehension_loop(self, node, index, build):
        generator = node.generators[index]
        start = Label()
        end = Label()
        if index == 0:
            self.emit('LOAD_FAST', self.unit.local_index['.0'])
        else:
            self.visit_expr(generator.iter)
            self.emit('GET_ITER')
        self.bind(start)
        self.emit('FOR_ITER', end)
        self.store_target(generator.target)
        for condition in generator.ifs:
            self.visit_expr(condition)
            self.emit('POP_JUMP_IF_FALSE', start)
        if index + 1 < len(node.generators):
            self.comprehension_loop(node, index + 1, build)
        else:
            depth = len(node.generators) + 1
            if build == 'BUILD_MAP':
                self.visit_expr(node.key)
                self.visit_expr(node.value)
                self.emit('MAP_ADD', depth)
            else:
                self.visit_expr(node.elt)
                if build == 'BUILD_LIST':
                    self.emit('LIST_APPEND', depth)
                elif build == 'BUILD_SET':
                    self.emit('SET_ADD', depth)
                else:
                    self.emit('YIELD_VALUE')
                    self.emit('POP_TOP')
        self.emit('JUMP', start)
        self.bind(end)


def max_of(a, b):
    if a > b:
        return a
    return b


def generate(tree, scope, reporter, mode):
    return CodeGenerator(reporter, mode).compile_module(tree, scope)
