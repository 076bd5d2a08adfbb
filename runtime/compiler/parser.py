"""Tokens -> syntax tree, by recursive descent.

Binary operators are parsed by precedence climbing (one function, a table of
precedences) rather than one function per level: it is smaller, and it keeps
the recursion per nesting level low, which matters because the compiler must
turn deep nesting into a SyntaxError rather than overflow a stack.

Soft keywords: SOFT_KEYWORD_STATEMENTS maps a word to a function that may
parse a statement starting with that word (the Pseudocode statements plug in
here).  The function returns a list of statements, or None to say "not mine":
the parser then rewinds and reads an ordinary statement.
"""

from compiler import syntax_tree as ast
from compiler.errors import CompileError, ErrorReporter
from compiler.tokenizer import (NAME, NUMBER, STRING, OP, NEWLINE, INDENT, DEDENT,
                                ENDMARKER, tokenize, Token, normalize_newlines)
from compiler.strings import decode_string_literal, parse_number

KEYWORDS = {
    'False': 1, 'None': 1, 'True': 1, 'and': 1, 'as': 1, 'assert': 1, 'async': 1,
    'await': 1, 'break': 1, 'class': 1, 'continue': 1, 'def': 1, 'del': 1, 'elif': 1,
    'else': 1, 'except': 1, 'finally': 1, 'for': 1, 'from': 1, 'global': 1, 'if': 1,
    'import': 1, 'in': 1, 'is': 1, 'lambda': 1, 'nonlocal': 1, 'not': 1, 'or': 1,
    'pass': 1, 'raise': 1, 'return': 1, 'try': 1, 'while': 1, 'with': 1, 'yield': 1,
}

MAX_NESTING = 100

# Precedence climbing table: operator text -> precedence.  'not' (prefix,
# level 3) and the unary operators (level 11) are handled separately.
BINARY_PRECEDENCE = {
    'or': 1, 'and': 2,
    '<': 4, '>': 4, '==': 4, '>=': 4, '<=': 4, '!=': 4, 'in': 4, 'not': 4, 'is': 4,
    '|': 5, '^': 6, '&': 7, '<<': 8, '>>': 8, '+': 9, '-': 9,
    '*': 10, '/': 10, '//': 10, '%': 10, '@': 10,
}
COMPARISON_LEVEL = 4
UNARY_LEVEL = 11
BITOR_LEVEL = 5

AUGMENTED_OPERATORS = {
    '+=': '+', '-=': '-', '*=': '*', '/=': '/', '//=': '//', '%=': '%', '**=': '**',
    '<<=': '<<', '>>=': '>>', '&=': '&', '|=': '|', '^=': '^', '@=': '@',
}

COMPOUND_KEYWORDS = ('if', 'while', 'for', 'try', 'with', 'def', 'class', 'async')


def reject_match_statement(parser):
    """`match subject:` followed by a newline is a match statement."""
    parser.advance()
    try:
        parser.parse_star_expressions()
    except CompileError:
        return None
    if parser.at(':') and parser.peek(1).kind == NEWLINE:
        raise parser.reporter.unsupported('the match statement', parser.start.line, parser.start.col)
    return None


SOFT_KEYWORD_STATEMENTS = {'match': reject_match_statement}


def describe(node):
    """How CPython names an expression in 'cannot assign to ...' messages."""
    kinds = {
        'Call': 'function call', 'Constant': 'literal', 'JoinedStr': 'f-string expression',
        'BinOp': 'expression', 'UnaryOp': 'expression', 'BoolOp': 'expression',
        'Compare': 'comparison', 'Lambda': 'lambda', 'IfExp': 'conditional expression',
        'NamedExpr': 'named expression', 'Dict': 'dict literal', 'Set': 'set display',
        'ListComp': 'list comprehension', 'SetComp': 'set comprehension',
        'DictComp': 'dict comprehension', 'GeneratorExp': 'generator expression',
        'Yield': 'yield expression', 'YieldFrom': 'yield expression',
    }
    name = type(node).__name__
    if name == 'Constant':
        if node.value is None or node.value is True or node.value is False:
            return str(node.value)
        if node.value is Ellipsis:
            return 'ellipsis'
    return kinds.get(name, 'expression')


class Parser:
    def __init__(self, tokens, reporter, soft_keywords=None):
        self.tokens = tokens
        self.reporter = reporter
        self.index = 0
        self.tok = tokens[0]
        self.start = tokens[0]      # first token of the current statement
        self.nesting = 0
        if soft_keywords is None:
            soft_keywords = SOFT_KEYWORD_STATEMENTS
        self.soft_keywords = soft_keywords

    # --- token helpers

    def advance(self):
        token = self.tok
        if self.index < len(self.tokens) - 1:
            self.index += 1
            self.tok = self.tokens[self.index]
        return token

    def rewind(self, index):
        self.index = index
        self.tok = self.tokens[index]

    def peek(self, distance):
        index = self.index + distance
        if index >= len(self.tokens):
            index = len(self.tokens) - 1
        return self.tokens[index]

    def at(self, text):
        tok = self.tok
        return tok.text == text and (tok.kind == OP or tok.kind == NAME)

    def at_keyword(self, word):
        return self.tok.kind == NAME and self.tok.text == word

    def error(self, message, token=None, kind='SyntaxError'):
        if token is None:
            token = self.tok
        return self.reporter.error(message, token.line, token.col, kind)

    def syntax_error(self, token=None):
        if token is None:
            token = self.tok
        if token.kind == INDENT:
            return self.error('unexpected indent', token, 'IndentationError')
        if token.kind == DEDENT:
            return self.error('unindent does not match any outer indentation level', token,
                              'IndentationError')
        if token.kind == NAME and (token.text == 'async' or token.text == 'await'):
            return self.reporter.unsupported('async/await', token.line, token.col)
        if token.kind == ENDMARKER:
            return self.error('unexpected EOF while parsing', token)
        return self.error('invalid syntax', token)

    def expect(self, text):
        if not self.at(text):
            raise self.syntax_error()
        return self.advance()

    def expect_name(self):
        tok = self.tok
        if tok.kind != NAME or tok.text in KEYWORDS:
            raise self.syntax_error()
        self.advance()
        return tok.text

    def enter(self):
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise self.error('too many nested parentheses or blocks (more than %d)' % MAX_NESTING)

    def leave(self):
        self.nesting -= 1

    # --- modules

    def parse_module(self):
        body = []
        while self.tok.kind != ENDMARKER:
            body.extend(self.parse_statement())
        return ast.Module(1, 0, body)

    def parse_interactive(self):
        body = []
        while self.tok.kind == NEWLINE:
            self.advance()
        while self.tok.kind != ENDMARKER:
            body.extend(self.parse_statement())
        return ast.Interactive(1, 0, body)

    def parse_eval(self):
        while self.tok.kind == NEWLINE:
            self.advance()
        body = self.parse_star_expressions()
        while self.tok.kind == NEWLINE:
            self.advance()
        if self.tok.kind != ENDMARKER:
            raise self.syntax_error()
        return ast.Expression(body.line, body.col, body)

    # --- statements

    def parse_statement(self):
        tok = self.tok
        self.start = tok
        if tok.kind == INDENT:
            raise self.error('unexpected indent', tok, 'IndentationError')
        if tok.kind == NAME:
            word = tok.text
            if word in COMPOUND_KEYWORDS:
                return [self.parse_compound(word)]
            handler = self.soft_keywords.get(word)
            if handler is not None and tok.kind == NAME:
                mark = self.index
                result = handler(self)
                if result is not None:
                    return result
                self.rewind(mark)
        elif tok.kind == OP and tok.text == '@':
            return [self.parse_decorated()]
        return self.parse_simple_statements()

    def parse_compound(self, word):
        if word == 'if':
            return self.parse_if()
        if word == 'while':
            return self.parse_while()
        if word == 'for':
            return self.parse_for()
        if word == 'try':
            return self.parse_try()
        if word == 'with':
            return self.parse_with()
        if word == 'def':
            return self.parse_funcdef([])
        if word == 'class':
            return self.parse_classdef([])
        raise self.reporter.unsupported('async/await', self.tok.line, self.tok.col)

    def parse_simple_statements(self):
        statements = [self.parse_small_statement()]
        while self.at(';'):
            self.advance()
            if self.tok.kind == NEWLINE:
                break
            statements.append(self.parse_small_statement())
        if self.tok.kind != NEWLINE:
            raise self.syntax_error()
        self.advance()
        return statements

    def parse_block(self, owner):
        """':' then either statements on the same line or an indented block."""
        self.expect(':')
        self.enter()
        if self.tok.kind == NEWLINE:
            self.advance()
            if self.tok.kind != INDENT:
                raise self.error("expected an indented block after %s on line %d"
                                 % (owner.describe, owner.line), self.tok, 'IndentationError')
            self.advance()
            body = []
            while self.tok.kind != DEDENT and self.tok.kind != ENDMARKER:
                body.extend(self.parse_statement())
            self.advance()
        else:
            body = self.parse_simple_statements()
        self.leave()
        return body

    def block_owner(self, describe, token):
        owner = BlockOwner(describe, token.line)
        return owner

    def parse_small_statement(self):
        tok = self.tok
        if tok.kind == NAME:
            word = tok.text
            if word == 'pass':
                self.advance()
                return ast.Pass(tok.line, tok.col)
            if word == 'break':
                self.advance()
                return ast.Break(tok.line, tok.col)
            if word == 'continue':
                self.advance()
                return ast.Continue(tok.line, tok.col)
            if word == 'return':
                self.advance()
                value = None
                if not self.at_statement_end():
                    value = self.parse_star_expressions()
                return ast.Return(tok.line, tok.col, value)
            if word == 'raise':
                return self.parse_raise()
            if word == 'global' or word == 'nonlocal':
                self.advance()
                names = [self.expect_name()]
                while self.at(','):
                    self.advance()
                    names.append(self.expect_name())
                if word == 'global':
                    return ast.Global(tok.line, tok.col, names)
                return ast.Nonlocal(tok.line, tok.col, names)
            if word == 'del':
                return self.parse_del()
            if word == 'assert':
                self.advance()
                test = self.parse_test()
                message = None
                if self.at(','):
                    self.advance()
                    message = self.parse_test()
                return ast.Assert(tok.line, tok.col, test, message)
            if word == 'import':
                return self.parse_import()
            if word == 'from':
                return self.parse_from_import()
        return self.parse_expression_statement()

    def at_statement_end(self):
        return self.tok.kind == NEWLINE or self.at(';') or self.tok.kind == ENDMARKER

    def parse_raise(self):
        tok = self.advance()
        exc = None
        cause = None
        if not self.at_statement_end():
            exc = self.parse_test()
            if self.at_keyword('from'):
                self.advance()
                cause = self.parse_test()
        return ast.Raise(tok.line, tok.col, exc, cause)

    def parse_del(self):
        tok = self.advance()
        targets = []
        while True:
            target = self.parse_binary(BITOR_LEVEL) if not self.at('*') else self.parse_star_expr()
            targets.append(self.to_target(target, ast.DEL))
            if not self.at(','):
                break
            self.advance()
            if self.at_statement_end():
                break
        return ast.Delete(tok.line, tok.col, targets)

    def parse_dotted_name(self):
        name = self.expect_name()
        while self.at('.'):
            self.advance()
            name = name + '.' + self.expect_name()
        return name

    def parse_import(self):
        tok = self.advance()
        names = []
        while True:
            start = self.tok
            name = self.parse_dotted_name()
            asname = None
            if self.at_keyword('as'):
                self.advance()
                asname = self.expect_name()
            names.append(ast.Alias(start.line, start.col, name, asname))
            if not self.at(','):
                break
            self.advance()
        return ast.Import(tok.line, tok.col, names)

    def parse_from_import(self):
        tok = self.advance()
        level = 0
        while self.at('.') or self.at('...'):
            level += len(self.tok.text)
            self.advance()
        module = None
        if not self.at_keyword('import'):
            module = self.parse_dotted_name()
        if not self.at_keyword('import'):
            raise self.syntax_error()
        self.advance()
        names = []
        if self.at('*'):
            star = self.advance()
            names.append(ast.Alias(star.line, star.col, '*', None))
            return ast.ImportFrom(tok.line, tok.col, module, names, level)
        parenthesized = self.at('(')
        if parenthesized:
            self.advance()
        while True:
            start = self.tok
            name = self.expect_name()
            asname = None
            if self.at_keyword('as'):
                self.advance()
                asname = self.expect_name()
            names.append(ast.Alias(start.line, start.col, name, asname))
            if not self.at(','):
                break
            self.advance()
            if parenthesized and self.at(')'):
                break
            if not parenthesized and self.at_statement_end():
                raise self.error('trailing comma not allowed without surrounding parentheses')
        if parenthesized:
            self.expect(')')
        return ast.ImportFrom(tok.line, tok.col, module, names, level)

    def parse_expression_statement(self):
        start = self.tok
        if self.at_keyword('yield'):
            first = self.parse_yield()
        else:
            first = self.parse_star_expressions()
        if self.at('='):
            targets = [first]
            while self.at('='):
                self.advance()
                if self.at_keyword('yield'):
                    value = self.parse_yield()
                else:
                    value = self.parse_star_expressions()
                targets.append(value)
            value = targets.pop()
            stored = []
            for target in targets:
                stored.append(self.to_target(target, ast.STORE))
            return ast.Assign(start.line, start.col, stored, value)
        if self.tok.kind == OP and self.tok.text in AUGMENTED_OPERATORS:
            op = AUGMENTED_OPERATORS[self.tok.text]
            name = type(first).__name__
            if name != 'Name' and name != 'Attribute' and name != 'Subscript':
                raise self.error("'%s' is an illegal expression for augmented assignment"
                                 % describe_aug(first), start)
            self.to_target(first, ast.STORE)
            self.advance()
            if self.at_keyword('yield'):
                value = self.parse_yield()
            else:
                value = self.parse_star_expressions()
            return ast.AugAssign(start.line, start.col, first, op, value)
        if self.at(':'):
            name = type(first).__name__
            if name == 'Tuple':
                raise self.error('only single target (not tuple) can be annotated', start)
            if name == 'List':
                raise self.error('only single target (not list) can be annotated', start)
            if name != 'Name' and name != 'Attribute' and name != 'Subscript':
                raise self.error('illegal target for annotation', start)
            simple = name == 'Name' and not (start.kind == OP and start.text == '(')
            self.to_target(first, ast.STORE)
            self.advance()
            annotation = self.parse_test()
            value = None
            if self.at('='):
                self.advance()
                if self.at_keyword('yield'):
                    value = self.parse_yield()
                else:
                    value = self.parse_star_expressions()
            return ast.AnnAssign(start.line, start.col, first, value, simple, annotation)
        if type(first).__name__ == 'Starred':
            raise self.error("can't use starred expression here", start)
        return ast.Expr(start.line, start.col, first)

    # --- compound statements

    def parse_if(self):
        tok = self.advance()
        test = self.parse_named_expression()
        body = self.parse_block(BlockOwner("'%s' statement" % tok.text, tok.line))
        orelse = []
        if self.at_keyword('elif'):
            self.enter()
            orelse = [self.parse_if()]
            self.leave()
        elif self.at_keyword('else'):
            else_tok = self.advance()
            orelse = self.parse_block(BlockOwner("'else' statement", else_tok.line))
        return ast.If(tok.line, tok.col, test, body, orelse)

    def parse_while(self):
        tok = self.advance()
        test = self.parse_named_expression()
        body = self.parse_block(BlockOwner("'while' statement", tok.line))
        orelse = []
        if self.at_keyword('else'):
            else_tok = self.advance()
            orelse = self.parse_block(BlockOwner("'else' statement", else_tok.line))
        return ast.While(tok.line, tok.col, test, body, orelse)

    def parse_target_list(self):
        """for-loop and comprehension targets: star_targets up to 'in'."""
        start = self.tok
        items = []
        trailing_comma = False
        while True:
            if self.at('*'):
                items.append(self.parse_star_expr())
            else:
                items.append(self.parse_binary(BITOR_LEVEL))
            trailing_comma = False
            if not self.at(','):
                break
            self.advance()
            trailing_comma = True
            if self.at_keyword('in'):
                break
        if len(items) == 1 and not trailing_comma:
            target = items[0]
        else:
            target = ast.Tuple(start.line, start.col, items, ast.STORE)
        return self.to_target(target, ast.STORE)

    def parse_for(self):
        tok = self.advance()
        target = self.parse_target_list()
        if not self.at_keyword('in'):
            raise self.syntax_error()
        self.advance()
        iterable = self.parse_star_expressions()
        body = self.parse_block(BlockOwner("'for' statement", tok.line))
        orelse = []
        if self.at_keyword('else'):
            else_tok = self.advance()
            orelse = self.parse_block(BlockOwner("'else' statement", else_tok.line))
        return ast.For(tok.line, tok.col, target, iterable, body, orelse)

    def parse_try(self):
        tok = self.advance()
        body = self.parse_block(BlockOwner("'try' statement", tok.line))
        handlers = []
        orelse = []
        finalbody = []
        while self.at_keyword('except'):
            except_tok = self.advance()
            if self.at('*'):
                raise self.reporter.unsupported('except* (exception groups)', except_tok.line, except_tok.col)
            if handlers and handlers[-1].type is None:
                raise self.error("default 'except:' must be last", handlers[-1])
            kind = None
            name = None
            if not self.at(':'):
                kind = self.parse_test()
                if self.at(','):
                    raise self.error('multiple exception types must be parenthesized', kind)
                if self.at_keyword('as'):
                    self.advance()
                    name = self.expect_name()
            handler_body = self.parse_block(BlockOwner("'except' statement", except_tok.line))
            handlers.append(ast.ExceptHandler(except_tok.line, except_tok.col, kind, name, handler_body))
        if self.at_keyword('else'):
            else_tok = self.advance()
            if not handlers:
                raise self.syntax_error(else_tok)
            orelse = self.parse_block(BlockOwner("'else' statement", else_tok.line))
        if self.at_keyword('finally'):
            finally_tok = self.advance()
            finalbody = self.parse_block(BlockOwner("'finally' statement", finally_tok.line))
        if not handlers and not finalbody:
            last = self.index - 1
            while last > 0 and self.tokens[last].kind == DEDENT:
                last -= 1
            raise self.error("expected 'except' or 'finally' block", self.tokens[last])
        return ast.Try(tok.line, tok.col, body, handlers, orelse, finalbody)

    def parse_with_item(self):
        start = self.tok
        context = self.parse_test()
        target = None
        if self.at_keyword('as'):
            self.advance()
            target = self.to_target(self.parse_star_target(), ast.STORE)
        return ast.WithItem(start.line, start.col, context, target)

    def parse_star_target(self):
        if self.at('*'):
            return self.parse_star_expr()
        return self.parse_binary(BITOR_LEVEL)

    def parse_with(self):
        tok = self.advance()
        items = None
        if self.at('('):
            # with (a as b, c as d): -- try the parenthesized form first
            mark = self.index
            try:
                self.advance()
                items = [self.parse_with_item()]
                while self.at(','):
                    self.advance()
                    if self.at(')'):
                        break
                    items.append(self.parse_with_item())
                self.expect(')')
                if not self.at(':'):
                    raise self.syntax_error()
            except CompileError:
                items = None
                self.rewind(mark)
        if items is None:
            items = [self.parse_with_item()]
            while self.at(','):
                self.advance()
                items.append(self.parse_with_item())
        body = self.parse_block(BlockOwner("'with' statement", tok.line))
        return ast.With(tok.line, tok.col, items, body)

    def parse_decorated(self):
        decorators = []
        while self.at('@'):
            self.advance()
            decorators.append(self.parse_named_expression())
            if self.tok.kind != NEWLINE:
                raise self.syntax_error()
            self.advance()
        if self.at_keyword('def'):
            return self.parse_funcdef(decorators)
        if self.at_keyword('class'):
            return self.parse_classdef(decorators)
        raise self.syntax_error()

    def parse_funcdef(self, decorators):
        tok = self.advance()
        name = self.expect_name()
        self.expect('(')
        args = self.parse_parameters(')', True)
        self.expect(')')
        returns = None
        if self.at('->'):
            self.advance()
            returns = self.parse_test()
        body = self.parse_block(BlockOwner("function definition", tok.line))
        return ast.FunctionDef(tok.line, tok.col, name, args, body, decorators, returns)

    def parse_classdef(self, decorators):
        tok = self.advance()
        name = self.expect_name()
        bases = []
        keywords = []
        if self.at('('):
            self.advance()
            bases, keywords = self.parse_call_arguments()
            self.expect(')')
            for keyword in keywords:
                if keyword.arg == 'metaclass':
                    raise self.reporter.unsupported('metaclass=', keyword.line, keyword.col)
        body = self.parse_block(BlockOwner("class definition", tok.line))
        return ast.ClassDef(tok.line, tok.col, name, bases, keywords, body, decorators)

    def parse_parameters(self, closer, annotations):
        start = self.tok
        posonly = []
        args = []
        defaults = []
        vararg = None
        kwonly = []
        kw_defaults = []
        kwarg = None
        seen_star = False
        seen_slash = False
        while not self.at(closer):
            if kwarg is not None:
                raise self.error('arguments cannot follow var-keyword argument')
            if self.at('/'):
                slash = self.advance()
                if seen_slash:
                    raise self.error("/ may appear only once", slash)
                if seen_star:
                    raise self.error("/ must be ahead of *", slash)
                if not args:
                    raise self.error('at least one argument must precede /', slash)
                seen_slash = True
                posonly = args
                args = []
            elif self.at('*'):
                star = self.advance()
                if seen_star:
                    raise self.error('* argument may appear only once', star)
                seen_star = True
                if self.at(',') or self.at(closer):
                    if self.at(closer) or (self.peek(1).kind == OP and self.peek(1).text in (closer, '**')):
                        raise self.error('named arguments must follow bare *', star)
                else:
                    vararg = self.parse_parameter(annotations)
            elif self.at('**'):
                self.advance()
                kwarg = self.parse_parameter(annotations)
            else:
                arg = self.parse_parameter(annotations)
                default = None
                if self.at('='):
                    self.advance()
                    default = self.parse_test()
                if seen_star:
                    kwonly.append(arg)
                    kw_defaults.append(default)
                elif default is not None:
                    args.append(arg)
                    defaults.append(default)
                else:
                    if defaults:
                        raise self.error('non-default argument follows default argument', arg)
                    args.append(arg)
            if not self.at(','):
                break
            self.advance()
        if seen_slash and not args and defaults:
            pass
        return ast.Arguments(start.line, start.col, posonly, args, vararg, kwonly, kw_defaults,
                             kwarg, defaults)

    def parse_parameter(self, annotations):
        tok = self.tok
        name = self.expect_name()
        annotation = None
        if annotations and self.at(':'):
            self.advance()
            annotation = self.parse_test()
        return ast.Arg(tok.line, tok.col, name, annotation)

    # --- targets

    def to_target(self, node, ctx):
        """Check that node can be assigned to (or deleted) and mark it so."""
        name = type(node).__name__
        if name == 'Name':
            if ctx == ast.STORE and node.id == '__debug__':
                raise self.error('cannot assign to __debug__', node)
            node.ctx = ctx
            return node
        if name == 'Attribute' or name == 'Subscript':
            node.ctx = ctx
            return node
        if name == 'Tuple' or name == 'List':
            starred = 0
            for element in node.elts:
                if type(element).__name__ == 'Starred':
                    if ctx == ast.DEL:
                        raise self.error('cannot delete starred', element)
                    starred += 1
                    if starred > 1:
                        raise self.error('multiple starred expressions in assignment', element)
                    element.ctx = ctx
                    self.to_target(element.value, ctx)
                else:
                    self.to_target(element, ctx)
            node.ctx = ctx
            return node
        if name == 'Starred':
            if ctx == ast.DEL:
                raise self.error('cannot delete starred', node)
            raise self.error('starred assignment target must be in a list or tuple', node)
        verb = 'delete' if ctx == ast.DEL else 'assign to'
        raise self.error('cannot %s %s' % (verb, describe(node)), node)

    # --- expressions

    def parse_star_expressions(self):
        """Comma-separated expressions (starred allowed); a tuple if any comma."""
        start = self.tok
        if self.at('*'):
            first = self.parse_star_expr()
        else:
            first = self.parse_test()
        if not self.at(','):
            return first
        items = [first]
        while self.at(','):
            self.advance()
            if not self.starts_expression():
                break
            if self.at('*'):
                items.append(self.parse_star_expr())
            else:
                items.append(self.parse_test())
        return ast.Tuple(start.line, start.col, items, ast.LOAD)

    def starts_expression(self):
        tok = self.tok
        if tok.kind == NAME:
            return tok.text not in KEYWORDS or tok.text in ('None', 'True', 'False', 'not', 'lambda',
                                                             'await', 'yield')
        if tok.kind == NUMBER or tok.kind == STRING:
            return True
        if tok.kind == OP:
            return tok.text in ('(', '[', '{', '-', '+', '~', '*', '...')
        return False

    def parse_star_expr(self):
        tok = self.expect('*')
        value = self.parse_binary(BITOR_LEVEL)
        return ast.Starred(tok.line, tok.col, value, ast.LOAD)

    def parse_named_expression(self):
        tok = self.tok
        if tok.kind == NAME and self.peek(1).kind == OP and self.peek(1).text == ':=':
            if tok.text in KEYWORDS:
                raise self.error("cannot use assignment expressions with %s" % tok.text, tok)
            self.advance()
            self.advance()
            value = self.parse_test()
            target = ast.Name(tok.line, tok.col, tok.text, ast.STORE)
            return ast.NamedExpr(tok.line, tok.col, target, value)
        node = self.parse_test()
        if self.at(':='):
            raise self.error('cannot use assignment expressions with %s' % describe(node), node)
        return node

    def parse_test(self):
        self.enter()
        tok = self.tok
        if tok.kind == NAME and tok.text == 'lambda':
            node = self.parse_lambda()
        else:
            node = self.parse_binary(1)
            if self.at_keyword('if'):
                self.advance()
                test = self.parse_binary(1)
                if not self.at_keyword('else'):
                    raise self.error("expected 'else' after 'if' expression")
                self.advance()
                orelse = self.parse_test()
                node = ast.IfExp(tok.line, tok.col, test, node, orelse)
        self.leave()
        return node

    def parse_lambda(self):
        tok = self.advance()
        args = self.parse_parameters(':', False)
        self.expect(':')
        body = self.parse_test()
        return ast.Lambda(tok.line, tok.col, args, body)

    def parse_binary(self, min_level):
        tok = self.tok
        if tok.kind == NAME and tok.text == 'not' and min_level <= 3:
            self.advance()
            self.enter()
            operand = self.parse_binary(3)
            self.leave()
            left = ast.UnaryOp(tok.line, tok.col, 'not', operand)
        elif tok.kind == OP and (tok.text == '-' or tok.text == '+' or tok.text == '~') and min_level <= UNARY_LEVEL:
            self.advance()
            self.enter()
            operand = self.parse_binary(UNARY_LEVEL)
            self.leave()
            left = ast.UnaryOp(tok.line, tok.col, tok.text, operand)
        else:
            left = self.parse_power()
        while True:
            op_tok = self.tok
            if op_tok.kind != OP and op_tok.kind != NAME:
                break
            level = BINARY_PRECEDENCE.get(op_tok.text)
            if level is None or level < min_level:
                break
            if op_tok.kind == NAME and op_tok.text not in ('or', 'and', 'in', 'not', 'is'):
                break
            if level == 1 or level == 2:
                values = [left]
                while self.at_keyword(op_tok.text):
                    self.advance()
                    values.append(self.parse_binary(level + 1))
                left = ast.BoolOp(tok.line, tok.col, op_tok.text, values)
            elif level == COMPARISON_LEVEL:
                ops = []
                comparators = []
                while True:
                    op = self.comparison_operator()
                    if op is None:
                        break
                    ops.append(op)
                    comparators.append(self.parse_binary(COMPARISON_LEVEL + 1))
                if not ops:
                    break
                left = ast.Compare(tok.line, tok.col, left, ops, comparators)
            else:
                self.advance()
                right = self.parse_binary(level + 1)
                left = ast.BinOp(tok.line, tok.col, left, op_tok.text, right)
        return left

    def comparison_operator(self):
        tok = self.tok
        if tok.kind == OP:
            if tok.text in ('<', '>', '==', '>=', '<=', '!='):
                self.advance()
                return tok.text
            return None
        if tok.kind != NAME:
            return None
        if tok.text == 'in':
            self.advance()
            return 'in'
        if tok.text == 'not':
            following = self.peek(1)
            if following.kind == NAME and following.text == 'in':
                self.advance()
                self.advance()
                return 'not in'
            return None
        if tok.text == 'is':
            self.advance()
            if self.at_keyword('not'):
                self.advance()
                return 'is not'
            return 'is'
        return None

    def parse_power(self):
        tok = self.tok
        if tok.kind == NAME and tok.text == 'await':
            raise self.reporter.unsupported('async/await', tok.line, tok.col)
        base = self.parse_primary()
        if self.at('**'):
            self.advance()
            self.enter()
            exponent = self.parse_binary(UNARY_LEVEL)
            self.leave()
            return ast.BinOp(tok.line, tok.col, base, '**', exponent)
        return base

    def parse_primary(self):
        tok = self.tok
        node = self.parse_atom()
        while True:
            if self.at('.'):
                self.advance()
                name = self.expect_name()
                node = ast.Attribute(tok.line, tok.col, node, name, ast.LOAD)
            elif self.at('('):
                self.advance()
                self.enter()
                args, keywords = self.parse_call_arguments()
                self.leave()
                self.expect(')')
                node = ast.Call(tok.line, tok.col, node, args, keywords)
            elif self.at('['):
                self.advance()
                self.enter()
                index = self.parse_subscript()
                self.leave()
                self.expect(']')
                node = ast.Subscript(tok.line, tok.col, node, index, ast.LOAD)
            else:
                return node

    def parse_subscript(self):
        start = self.tok
        items = [self.parse_slice_item()]
        if not self.at(','):
            return items[0]
        while self.at(','):
            self.advance()
            if self.at(']'):
                break
            items.append(self.parse_slice_item())
        return ast.Tuple(start.line, start.col, items, ast.LOAD)

    def parse_slice_item(self):
        tok = self.tok
        if self.at('*'):
            raise self.reporter.unsupported('star expressions in subscripts', tok.line, tok.col)
        lower = None
        if not self.at(':'):
            lower = self.parse_named_expression()
            if not self.at(':'):
                return lower
        self.advance()
        upper = None
        step = None
        if not self.at(']') and not self.at(',') and not self.at(':'):
            upper = self.parse_test()
        if self.at(':'):
            self.advance()
            if not self.at(']') and not self.at(','):
                step = self.parse_test()
        return ast.Slice(tok.line, tok.col, lower, upper, step)

    def parse_call_arguments(self):
        """Up to (not including) ')'.  Returns (args, keywords)."""
        args = []
        keywords = []
        seen_keyword = False
        seen_double_star = False
        while not self.at(')'):
            tok = self.tok
            if self.at('*'):
                self.advance()
                if seen_double_star:
                    raise self.error('iterable argument unpacking follows keyword argument unpacking', tok)
                value = self.parse_test()
                args.append(ast.Starred(tok.line, tok.col, value, ast.LOAD))
            elif self.at('**'):
                self.advance()
                value = self.parse_test()
                keywords.append(ast.Keyword(tok.line, tok.col, None, value))
                seen_double_star = True
            elif tok.kind == NAME and self.peek(1).kind == OP and self.peek(1).text == '=':
                name = self.expect_name()
                self.advance()
                value = self.parse_test()
                keywords.append(ast.Keyword(tok.line, tok.col, name, value))
                seen_keyword = True
            else:
                value = self.parse_named_expression()
                if self.at('='):
                    raise self.error('expression cannot contain assignment, perhaps you meant "=="?', tok)
                if self.at_keyword('for'):
                    generators = self.parse_comprehension_clauses()
                    value = ast.GeneratorExp(tok.line, tok.col, value, generators)
                    if args or keywords or (self.at(',') and self.peek(1).text != ')'):
                        raise self.error('Generator expression must be parenthesized', tok)
                if seen_double_star:
                    raise self.error('positional argument follows keyword argument unpacking', tok)
                if seen_keyword:
                    raise self.error('positional argument follows keyword argument', tok)
                args.append(value)
            if not self.at(','):
                break
            self.advance()
        return args, keywords

    def parse_comprehension_clauses(self):
        generators = []
        while self.at_keyword('for') or self.at_keyword('async'):
            tok = self.advance()
            if tok.text == 'async':
                raise self.reporter.unsupported('async/await', tok.line, tok.col)
            target = self.parse_target_list()
            if not self.at_keyword('in'):
                raise self.syntax_error()
            self.advance()
            iterable = self.parse_binary(1)
            ifs = []
            while self.at_keyword('if'):
                self.advance()
                ifs.append(self.parse_binary(1))
            generators.append(ast.Comprehension(tok.line, tok.col, target, iterable, ifs))
        return generators

    def parse_yield(self):
        tok = self.advance()
        if self.at_keyword('from'):
            self.advance()
            value = self.parse_test()
            return ast.YieldFrom(tok.line, tok.col, value)
        value = None
        if self.starts_expression():
            value = self.parse_star_expressions()
        return ast.Yield(tok.line, tok.col, value)

    def parse_atom(self):
        tok = self.tok
        kind = tok.kind
        if kind == NAME:
            word = tok.text
            if word in KEYWORDS:
                if word == 'None':
                    self.advance()
                    return ast.Constant(tok.line, tok.col, None)
                if word == 'True':
                    self.advance()
                    return ast.Constant(tok.line, tok.col, True)
                if word == 'False':
                    self.advance()
                    return ast.Constant(tok.line, tok.col, False)
                raise self.syntax_error()
            self.advance()
            return ast.Name(tok.line, tok.col, word, ast.LOAD)
        if kind == NUMBER:
            self.advance()
            return ast.Constant(tok.line, tok.col, parse_number(tok, self.reporter))
        if kind == STRING:
            return self.parse_strings()
        if kind == OP:
            text = tok.text
            if text == '(':
                return self.parse_parenthesized()
            if text == '[':
                return self.parse_list()
            if text == '{':
                return self.parse_braces()
            if text == '...':
                self.advance()
                return ast.Constant(tok.line, tok.col, Ellipsis)
        raise self.syntax_error()

    def parse_parenthesized(self):
        tok = self.advance()
        self.enter()
        if self.at(')'):
            self.advance()
            self.leave()
            return ast.Tuple(tok.line, tok.col, [], ast.LOAD)
        if self.at_keyword('yield'):
            node = self.parse_yield()
            self.expect(')')
            self.leave()
            return node
        first = self.parse_display_item()
        if self.at_keyword('for'):
            generators = self.parse_comprehension_clauses()
            self.expect(')')
            self.leave()
            return ast.GeneratorExp(tok.line, tok.col, first, generators)
        if self.at(')'):
            self.advance()
            self.leave()
            if type(first).__name__ == 'Starred':
                raise self.error("can't use starred expression here", first)
            return first
        items = self.parse_more_display_items([first], ')')
        self.expect(')')
        self.leave()
        return ast.Tuple(tok.line, tok.col, items, ast.LOAD)

    def parse_display_item(self):
        """An item of a tuple, list or set display: `*iterable` or a named expression."""
        if self.at('*'):
            return self.parse_star_expr()
        return self.parse_named_expression()

    def parse_more_display_items(self, items, closer):
        """`, item` repeated, a trailing comma allowed, up to (not past) `closer`."""
        while self.at(','):
            self.advance()
            if self.at(closer):
                break
            items.append(self.parse_display_item())
        return items

    def parse_list(self):
        tok = self.advance()
        self.enter()
        items = []
        if not self.at(']'):
            first = self.parse_display_item()
            if self.at_keyword('for'):
                generators = self.parse_comprehension_clauses()
                self.expect(']')
                self.leave()
                return ast.ListComp(tok.line, tok.col, first, generators)
            items = self.parse_more_display_items([first], ']')
        self.expect(']')
        self.leave()
        return ast.List(tok.line, tok.col, items, ast.LOAD)

    def parse_braces(self):
        tok = self.advance()
        self.enter()
        if self.at('}'):
            self.advance()
            self.leave()
            return ast.Dict(tok.line, tok.col, [], [])
        if self.at('**'):
            self.advance()
            first_key = None
            first_value = self.parse_binary(BITOR_LEVEL)
            node = self.parse_dict_rest(tok, first_key, first_value)
        elif self.at('*'):
            node = self.parse_set_rest(tok, self.parse_star_expr())
        else:
            first = self.parse_named_expression()
            if self.at(':'):
                self.advance()
                value = self.parse_test()
                if self.at_keyword('for'):
                    generators = self.parse_comprehension_clauses()
                    node = ast.DictComp(tok.line, tok.col, first, value, generators)
                else:
                    node = self.parse_dict_rest(tok, first, value)
            elif self.at_keyword('for'):
                generators = self.parse_comprehension_clauses()
                node = ast.SetComp(tok.line, tok.col, first, generators)
            else:
                node = self.parse_set_rest(tok, first)
        self.expect('}')
        self.leave()
        return node

    def parse_dict_rest(self, tok, first_key, first_value):
        keys = [first_key]
        values = [first_value]
        while self.at(','):
            self.advance()
            if self.at('}'):
                break
            if self.at('**'):
                self.advance()
                keys.append(None)
                values.append(self.parse_binary(BITOR_LEVEL))
            else:
                keys.append(self.parse_test())
                self.expect(':')
                values.append(self.parse_test())
        return ast.Dict(tok.line, tok.col, keys, values)

    def parse_set_rest(self, tok, first):
        items = self.parse_more_display_items([first], '}')
        return ast.Set(tok.line, tok.col, items)

    # --- string literals and f-strings

    def parse_strings(self):
        first = self.tok
        parts = []           # str values and FormattedValue nodes, in order
        is_bytes = None
        has_fstring = False
        while self.tok.kind == STRING:
            tok = self.advance()
            literal = decode_string_literal(tok, self.reporter)
            if is_bytes is None:
                is_bytes = literal.is_bytes
            elif is_bytes != literal.is_bytes:
                raise self.error('cannot mix bytes and nonbytes literals', first)
            if literal.is_fstring:
                has_fstring = True
                self.parse_fstring_body(literal, tok, parts, 0)
            else:
                parts.append(literal.value)
        if is_bytes:
            value = b''
            for part in parts:
                value = value + part
            return ast.Constant(first.line, first.col, value)
        if not has_fstring:
            return ast.Constant(first.line, first.col, ''.join(parts))
        return ast.JoinedStr(first.line, first.col, merge_string_parts(parts, first))

    def parse_fstring_body(self, literal, tok, parts, depth):
        """Split f-string text into literal str parts and FormattedValue nodes,
        appending to parts.  The text is the undecoded source between the
        quotes; literal pieces are decoded here."""
        if depth > 2:
            raise self.error('f-string: expressions nested too deeply', tok)
        text = literal.body
        length = len(text)
        pos = 0
        pending = ''
        while pos < length:
            ch = text[pos]
            if ch == '{':
                if pos + 1 < length and text[pos + 1] == '{':
                    pending += '{'
                    pos += 2
                    continue
                if pending:
                    parts.append(literal.decode_piece(pending, tok, self.reporter))
                    pending = ''
                pos = self.parse_fstring_field(literal, tok, text, pos + 1, parts, depth)
            elif ch == '}':
                if pos + 1 < length and text[pos + 1] == '}':
                    pending += '}'
                    pos += 2
                    continue
                raise self.error("f-string: single '}' is not allowed", tok)
            else:
                pending += ch
                pos += 1
        if pending:
            parts.append(literal.decode_piece(pending, tok, self.reporter))

    def parse_fstring_field(self, literal, tok, text, pos, parts, depth):
        """pos is just after '{'.  Returns the position after the closing '}'."""
        length = len(text)
        start = pos
        nesting = 0
        quote = None
        while pos < length:
            ch = text[pos]
            if quote is not None:
                if text.startswith(quote, pos):
                    pos += len(quote)
                    quote = None
                    continue
                pos += 1
                continue
            if ch == '\\':
                raise self.error('f-string expression part cannot include a backslash', tok)
            if ch == "'" or ch == '"':
                if text.startswith(ch * 3, pos):
                    quote = ch * 3
                else:
                    quote = ch
                pos += len(quote)
                continue
            if ch == '#':
                raise self.error("f-string expression part cannot include '#'", tok)
            if ch in '([{':
                nesting += 1
            elif ch in ')]}':
                if nesting == 0:
                    break
                nesting -= 1
            elif nesting == 0:
                if ch == '!' and not text.startswith('!=', pos):
                    break
                if ch == ':':
                    break
                if ch == '=' and pos > start and text[pos - 1] not in '=!<>' \
                        and self_documenting_end(text, pos) > 0:
                    break
            pos += 1
        if quote is not None:
            raise self.error('f-string: unterminated string', tok)
        if pos >= length:
            raise self.error("f-string: expecting '}'", tok)
        expression_text = text[start:pos]
        if expression_text.strip(' \t\n\f') == '':
            raise self.error('f-string: empty expression not allowed', tok)
        value = self.parse_fstring_expression(expression_text, tok)
        conversion = -1
        spec = None
        if text[pos] == '=':
            # self-documenting f'{x=}': the text, then repr unless a format spec follows
            after = self_documenting_end(text, pos)
            parts.append(text[start:after])
            pos = after
            if pos < length and text[pos] != ':' and text[pos] != '!':
                conversion = 'r'
            elif pos < length and text[pos] == ':':
                conversion = -1
            else:
                conversion = 'r'
        if pos < length and text[pos] == '!':
            if pos + 1 >= length or text[pos + 1] not in 'sra':
                raise self.error("f-string: invalid conversion character: expected 's', 'r', or 'a'", tok)
            conversion = text[pos + 1]
            pos += 2
        if pos < length and text[pos] == ':':
            pos += 1
            spec_start = pos
            nesting = 0
            while pos < length:
                ch = text[pos]
                if ch == '{':
                    nesting += 1
                elif ch == '}':
                    if nesting == 0:
                        break
                    nesting -= 1
                pos += 1
            spec_parts = []
            spec_literal = literal.sub_literal(text[spec_start:pos])
            self.parse_fstring_body(spec_literal, tok, spec_parts, depth + 1)
            spec = ast.JoinedStr(tok.line, tok.col, merge_string_parts(spec_parts, tok))
        if pos >= length or text[pos] != '}':
            raise self.error("f-string: expecting '}'", tok)
        parts.append(ast.FormattedValue(tok.line, tok.col, value, conversion, spec))
        return pos + 1

    def parse_fstring_expression(self, expression_text, tok):
        source = '(' + expression_text + ')'
        try:
            tokens = tokenize(source, self.reporter.filename, ErrorReporter(source, self.reporter.filename))
            sub = Parser(tokens, ErrorReporter(source, self.reporter.filename), self.soft_keywords)
            sub.nesting = self.nesting
            value = sub.parse_star_expressions()
            if sub.tok.kind == NEWLINE:
                sub.advance()
            if sub.tok.kind != ENDMARKER:
                raise sub.syntax_error()
        except CompileError as error:
            raise self.error('f-string: ' + error.msg, tok)
        place_at(value, tok.line, tok.col)
        return value


def self_documenting_end(text, pos):
    """If the '=' at pos ends an f-string field's expression (f'{x = }'),
    the position after it and any spaces; else 0."""
    pos += 1
    while pos < len(text) and text[pos] == ' ':
        pos += 1
    if pos < len(text) and text[pos] in '}!:':
        return pos
    return 0


class BlockOwner:
    """What an indented block belongs to, for 'expected an indented block'."""

    def __init__(self, describe, line):
        self.describe = describe
        self.line = line


def describe_aug(node):
    name = type(node).__name__
    if name == 'Tuple':
        return 'tuple'
    if name == 'List':
        return 'list'
    return describe(node)


def merge_string_parts(parts, tok):
    """Join adjacent str parts; wrap them as Constant nodes."""
    values = []
    pending = None
    for part in parts:
        if isinstance(part, str):
            if pending is None:
                pending = part
            else:
                pending = pending + part
        else:
            if pending is not None:
                if pending:
                    values.append(ast.Constant(tok.line, tok.col, pending))
                pending = None
            values.append(part)
    if pending:
        values.append(ast.Constant(tok.line, tok.col, pending))
    return values


def place_at(node, line, col):
    """Give every node of a subtree one position (f-string expressions are
    parsed from a separate text; errors point at the f-string)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, ast.Node):
            item.line = line
            item.col = col
            for name in item.fields:
                stack.append(getattr(item, name))


def parse(source, filename='<string>', mode='exec', soft_keywords=None):
    source = normalize_newlines(source)
    reporter = ErrorReporter(source, filename)
    tokens = tokenize(source, filename, reporter)
    parser = Parser(tokens, reporter, soft_keywords)
    if mode == 'exec':
        return parser.parse_module()
    if mode == 'single':
        return parser.parse_interactive()
    if mode == 'eval':
        return parser.parse_eval()
    raise ValueError("compile mode must be 'exec', 'eval' or 'single'")
