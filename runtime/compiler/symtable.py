"""Scopes: which names are local, global, free (from an enclosing function)
or cells (local, and captured by a nested function).

Two passes, as in CPython: `build` walks the tree in source order and records
what each scope binds, uses and declares; `resolve` then goes top-down with
the names bound by enclosing functions and bottom-up with the names nested
scopes need, deciding each name's storage.  The result hangs on the tree:
each function, lambda, class, comprehension and module node gets `.scope`.
"""

from compiler import syntax_tree as ast

# What a scope does with a name (bit flags, recorded by the build pass)
USE = 1
ASSIGN = 2
PARAMETER = 4
DECLARED_GLOBAL = 8
DECLARED_NONLOCAL = 16

# Where a name lives (decided by the resolve pass)
LOCAL = 'local'
CELL = 'cell'
FREE = 'free'
GLOBAL_EXPLICIT = 'global_explicit'
GLOBAL_IMPLICIT = 'global_implicit'

MODULE = 'module'
CLASS = 'class'
FUNCTION = 'function'

MAX_TREE_DEPTH = 200


def annotated_parameters(args):
    """The parameters of args that carry an annotation, in CPython's
    __annotations__ order (positional, *args, keyword-only, **kwargs)."""
    result = []
    for arg in args.posonlyargs:
        if arg.annotation is not None:
            result.append(arg)
    for arg in args.args:
        if arg.annotation is not None:
            result.append(arg)
    if args.vararg is not None and args.vararg.annotation is not None:
        result.append(args.vararg)
    for arg in args.kwonlyargs:
        if arg.annotation is not None:
            result.append(arg)
    if args.kwarg is not None and args.kwarg.annotation is not None:
        result.append(args.kwarg)
    return result

class Scope:
    def __init__(self, kind, name, node, parent):
        self.kind = kind
        self.name = name
        self.node = node
        self.parent = parent
        self.symbols = {}            # name -> flags, in order of first appearance
        self.parameters = []         # in frame order
        self.children = []
        self.is_generator = False
        self.is_comprehension = False
        self.is_lambda = False
        self.storage = {}            # name -> LOCAL/CELL/FREE/GLOBAL_*
        self.cellvars = []
        self.freevars = []
        self.varnames = []
        self.needs_class_cell = False
        self.qualname = name
        self.declarations = {}       # name -> the global/nonlocal statement (for errors)

    def add(self, name, flag):
        self.symbols[name] = self.symbols.get(name, 0) | flag

    def resolve(self, name):
        storage = self.storage.get(name)
        if storage is not None:
            return storage
        if self.kind == FUNCTION:
            return GLOBAL_IMPLICIT
        return GLOBAL_IMPLICIT

    def __repr__(self):
        return '<Scope %s %s>' % (self.kind, self.name)


class SymbolTableBuilder:
    def __init__(self, reporter):
        self.reporter = reporter
        self.scope = None
        self.depth = 0

    def error(self, message, node):
        return self.reporter.error(message, node.line, node.col)

    def build(self, tree):
        module = Scope(MODULE, '<module>', tree, None)
        tree.scope = module
        self.scope = module
        if isinstance(tree.body, list):
            self.visit_list(tree.body)
        else:
            self.visit(tree.body)        # eval mode: one expression
        return module

    def push(self, kind, name, node):
        scope = Scope(kind, name, node, self.scope)
        self.scope.children.append(scope)
        node.scope = scope
        self.scope = scope
        return scope

    def pop(self):
        self.scope = self.scope.parent

    def visit_list(self, nodes):
        for node in nodes:
            if node is not None:
                self.visit(node)

    def visit(self, node):
        self.depth += 1
        if self.depth > MAX_TREE_DEPTH:
            raise self.error('too deeply nested (more than %d levels)' % MAX_TREE_DEPTH, node)
        method = getattr(self, 'visit_' + type(node).__name__, None)
        if method is not None:
            method(node)
        else:
            self.visit_children(node)
        self.depth -= 1

    def visit_children(self, node):
        for name in node.fields:
            value = getattr(node, name)
            if isinstance(value, ast.Node):
                self.visit(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.Node):
                        self.visit(item)

    # --- bindings and uses

    def bind(self, name, node):
        flags = self.scope.symbols.get(name, 0)
        if flags & DECLARED_GLOBAL and self.scope.kind != MODULE:
            pass
        self.scope.add(name, ASSIGN)

    def visit_Name(self, node):
        if node.ctx == ast.LOAD:
            self.scope.add(node.id, USE)
            if node.id == 'super' and self.scope.kind == FUNCTION:
                self.scope.add('__class__', USE)
        else:
            self.bind(node.id, node)

    def visit_BinOp(self, node):
        # left spine iteratively: long chains (a + b + c + ...) stay shallow
        spine = []
        while type(node).__name__ == 'BinOp':
            spine.append(node.right)
            node = node.left
        self.visit(node)
        index = len(spine) - 1
        while index >= 0:
            self.visit(spine[index])
            index -= 1

    def visit_Global(self, node):
        self.declare(node, DECLARED_GLOBAL, 'global')

    def visit_Nonlocal(self, node):
        if self.scope.kind == MODULE:
            raise self.error('nonlocal declaration not allowed at module level', node)
        self.declare(node, DECLARED_NONLOCAL, 'nonlocal')

    def declare(self, node, flag, word):
        scope = self.scope
        for name in node.names:
            flags = scope.symbols.get(name, 0)
            if flags & PARAMETER:
                raise self.error("name '%s' is parameter and %s" % (name, word), node)
            other = DECLARED_NONLOCAL if flag == DECLARED_GLOBAL else DECLARED_GLOBAL
            if flags & other:
                raise self.error("name '%s' is nonlocal and global" % name, node)
            if flags & USE:
                raise self.error("name '%s' is used prior to %s declaration" % (name, word), node)
            if flags & ASSIGN:
                raise self.error("name '%s' is assigned to before %s declaration" % (name, word), node)
            scope.add(name, flag)
            scope.declarations[name] = node

    def visit_Import(self, node):
        for alias in node.names:
            if alias.asname is not None:
                self.bind(alias.asname, alias)
            else:
                dot = alias.name.find('.')
                self.bind(alias.name if dot < 0 else alias.name[:dot], alias)

    def visit_ImportFrom(self, node):
        for alias in node.names:
            if alias.name == '*':
                if self.scope.kind != MODULE:
                    raise self.error('import * only allowed at module level', node)
                continue
            self.bind(alias.asname if alias.asname is not None else alias.name, alias)

    def visit_ExceptHandler(self, node):
        if node.type is not None:
            self.visit(node.type)
        if node.name is not None:
            self.bind(node.name, node)
        self.visit_list(node.body)

    def visit_AugAssign(self, node):
        if type(node.target).__name__ == 'Name':
            self.scope.add(node.target.id, USE)
        self.visit(node.target)
        self.visit(node.value)

    def visit_AnnAssign(self, node):
        self.visit(node.target)
        if node.value is not None:
            self.visit(node.value)
        # Module and class bodies evaluate the annotation (into
        # __annotations__); function bodies never do, as in CPython.
        if self.scope.kind != FUNCTION:
            self.visit(node.annotation)

    def visit_Yield(self, node):
        self.mark_generator(node)
        if node.value is not None:
            self.visit(node.value)

    def visit_YieldFrom(self, node):
        self.mark_generator(node)
        self.visit(node.value)

    def mark_generator(self, node):
        scope = self.scope
        if scope.kind != FUNCTION:
            raise self.error("'yield' outside function", node)
        if scope.is_comprehension:
            kinds = {'ListComp': 'list comprehension', 'SetComp': 'set comprehension',
                     'DictComp': 'dict comprehension', 'GeneratorExp': 'generator expression'}
            raise self.error("'yield' inside %s" % kinds[type(scope.node).__name__], node)
        scope.is_generator = True

    def visit_NamedExpr(self, node):
        self.visit(node.value)
        name = node.target.id
        scope = self.scope
        if not scope.is_comprehension:
            self.bind(name, node.target)
            return
        # The target belongs to the nearest enclosing non-comprehension scope.
        target_scope = scope
        while target_scope.is_comprehension:
            if target_scope.symbols.get(name, 0) & ASSIGN:
                raise self.error("assignment expression cannot rebind comprehension iteration "
                                 "variable '%s'" % name, node)
            target_scope = target_scope.parent
        if target_scope.kind == CLASS:
            raise self.error('assignment expression within a comprehension cannot be used in a class body', node)
        walk = scope
        while walk is not target_scope:
            walk.add(name, DECLARED_GLOBAL if target_scope.kind == MODULE else DECLARED_NONLOCAL)
            walk = walk.parent
        target_scope.add(name, ASSIGN)

    # --- scopes

    def visit_defaults(self, args):
        self.visit_list(args.defaults)
        self.visit_list(args.kw_defaults)

    def add_parameters(self, scope, args, node):
        names = []
        for arg in args.posonlyargs:
            names.append(arg)
        for arg in args.args:
            names.append(arg)
        for arg in args.kwonlyargs:
            names.append(arg)
        if args.vararg is not None:
            names.append(args.vararg)
        if args.kwarg is not None:
            names.append(args.kwarg)
        for arg in names:
            if arg.name in scope.symbols:
                raise self.error("duplicate argument '%s' in function definition" % arg.name, arg)
            scope.add(arg.name, PARAMETER | ASSIGN)
            scope.parameters.append(arg.name)

    def qualname_for(self, name):
        parent = self.scope
        if parent.kind == MODULE:
            return name
        if parent.kind == FUNCTION:
            return parent.qualname + '.<locals>.' + name
        return parent.qualname + '.' + name

    def visit_annotations(self, node):
        # Evaluated at def time in the enclosing scope, like the defaults.
        for arg in annotated_parameters(node.args):
            self.visit(arg.annotation)
        if node.returns is not None:
            self.visit(node.returns)

    def visit_FunctionDef(self, node):
        self.visit_list(node.decorators)
        self.visit_defaults(node.args)
        self.visit_annotations(node)
        self.bind(node.name, node)
        qualname = self.qualname_for(node.name)
        scope = self.push(FUNCTION, node.name, node)
        scope.qualname = qualname
        self.add_parameters(scope, node.args, node)
        self.visit_list(node.body)
        self.pop()

    def visit_Lambda(self, node):
        self.visit_defaults(node.args)
        qualname = self.qualname_for('<lambda>')
        scope = self.push(FUNCTION, '<lambda>', node)
        scope.qualname = qualname
        scope.is_lambda = True
        self.add_parameters(scope, node.args, node)
        self.visit(node.body)
        self.pop()

    def visit_ClassDef(self, node):
        self.visit_list(node.decorators)
        self.visit_list(node.bases)
        for keyword in node.keywords:
            self.visit(keyword.value)
        self.bind(node.name, node)
        qualname = self.qualname_for(node.name)
        scope = self.push(CLASS, node.name, node)
        scope.qualname = qualname
        self.visit_list(node.body)
        self.pop()

    def visit_comprehension(self, node, name, elements):
        generators = node.generators
        self.visit(generators[0].iter)
        qualname = self.qualname_for(name)
        scope = self.push(FUNCTION, name, node)
        scope.qualname = qualname
        scope.is_comprehension = True
        scope.is_generator = name == '<genexpr>'
        scope.add('.0', PARAMETER | ASSIGN)
        scope.parameters.append('.0')
        first = True
        for generator in generators:
            self.visit(generator.target)
            if not first:
                self.visit(generator.iter)
            first = False
            self.visit_list(generator.ifs)
        self.visit_list(elements)
        self.pop()

    def visit_ListComp(self, node):
        self.visit_comprehension(node, '<listcomp>', [node.elt])

    def visit_SetComp(self, node):
        self.visit_comprehension(node, '<setcomp>', [node.elt])

    def visit_DictComp(self, node):
        self.visit_comprehension(node, '<dictcomp>', [node.key, node.value])

    def visit_GeneratorExp(self, node):
        self.visit_comprehension(node, '<genexpr>', [node.elt])


def sorted_names(names):
    result = []
    for name in names:
        result.append(name)
    result.sort()
    return result


class Resolver:
    def __init__(self, reporter):
        self.reporter = reporter

    def error(self, message, scope):
        node = scope.node
        return self.reporter.error(message, node.line, node.col)

    def resolve(self, scope, enclosing_bound):
        """enclosing_bound: dict of names bound in enclosing function scopes.
        Returns the dict of names this scope needs from outside (free)."""
        storage = scope.storage
        for name in scope.symbols:
            flags = scope.symbols[name]
            if flags & DECLARED_GLOBAL:
                storage[name] = GLOBAL_EXPLICIT
            elif flags & DECLARED_NONLOCAL:
                if name not in enclosing_bound:
                    node = scope.declarations.get(name, scope.node)
                    raise self.reporter.error("no binding for nonlocal '%s' found" % name,
                                              node.line, node.col)
                storage[name] = FREE
            elif flags & ASSIGN:
                storage[name] = LOCAL
            elif name in enclosing_bound and scope.kind != MODULE:
                storage[name] = FREE
            else:
                storage[name] = GLOBAL_IMPLICIT

        if scope.kind == FUNCTION:
            bound = {}
            for name in enclosing_bound:
                bound[name] = True
            for name in storage:
                if storage[name] == LOCAL or storage[name] == FREE:
                    bound[name] = True
                elif name in bound and storage[name] == GLOBAL_EXPLICIT:
                    del bound[name]
        elif scope.kind == CLASS:
            bound = {}
            for name in enclosing_bound:
                bound[name] = True
            for name in storage:
                if storage[name] == GLOBAL_EXPLICIT and name in bound:
                    del bound[name]
            bound['__class__'] = True
        else:
            bound = {}

        needed = {}
        for child in scope.children:
            child_free = self.resolve(child, bound)
            for name in child_free:
                needed[name] = True

        free = {}
        for name in storage:
            if storage[name] == FREE:
                free[name] = True
        for name in needed:
            current = storage.get(name)
            if scope.kind == FUNCTION and current == LOCAL:
                storage[name] = CELL
            elif scope.kind == FUNCTION and current == CELL:
                pass
            elif scope.kind == CLASS and name == '__class__':
                scope.needs_class_cell = True
            elif current == GLOBAL_EXPLICIT:
                pass
            elif scope.kind == MODULE:
                pass
            else:
                # pass-through: a class or function between the binder and the user
                free[name] = True
                if current is None or current == GLOBAL_IMPLICIT:
                    storage[name] = FREE

        cells = []
        for name in storage:
            if storage[name] == CELL:
                cells.append(name)
        if scope.needs_class_cell:
            cells.append('__class__')
        scope.cellvars = sorted_names(cells)
        scope.freevars = sorted_names(free)

        varnames = []
        for name in scope.parameters:
            varnames.append(name)
        if scope.kind == FUNCTION:
            for name in storage:
                if storage[name] == LOCAL and not (scope.symbols[name] & PARAMETER):
                    varnames.append(name)
        scope.varnames = varnames
        return free


def build_symbol_table(tree, reporter):
    module = SymbolTableBuilder(reporter).build(tree)
    Resolver(reporter).resolve(module, {})
    return module
