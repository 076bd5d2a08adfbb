"""Source text -> list of tokens.

Token kinds follow CPython's tokenize module (NAME, NUMBER, STRING, OP,
NEWLINE, INDENT, DEDENT, ENDMARKER) so tests can compare against it; comments
and blank lines produce nothing.  Keywords are NAMEs: the parser decides,
which is what leaves room for soft keywords.  Lines are 1-based, columns
0-based code-point offsets, like tokenize.
"""

from compiler.errors import ErrorReporter

NAME = 'NAME'
NUMBER = 'NUMBER'
STRING = 'STRING'
OP = 'OP'
NEWLINE = 'NEWLINE'
INDENT = 'INDENT'
DEDENT = 'DEDENT'
ENDMARKER = 'ENDMARKER'

MAX_INDENT_LEVELS = 100
MAX_PAREN_LEVELS = 200
TAB_SIZE = 8

OPERATORS_3 = ('**=', '//=', '>>=', '<<=', '...')
OPERATORS_2 = ('**', '//', '>>', '<<', '<=', '>=', '==', '!=', '->', '+=', '-=',
               '*=', '/=', '%=', '&=', '|=', '^=', '@=', ':=')
OPERATORS_1 = '+-*/%&|^~<>()[]{},:;.=@'
OPENERS = '([{'
CLOSERS = {')': '(', ']': '[', '}': '{'}

STRING_PREFIXES = ('', 'r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf')

DIGITS = '0123456789'
HEX_DIGITS = '0123456789abcdefABCDEF'


def is_name_start(ch):
    # Non-ASCII letters are accepted wholesale: the VM has no Unicode tables.
    return ('a' <= ch <= 'z') or ('A' <= ch <= 'Z') or ch == '_' or ord(ch) >= 128


def is_name_char(ch):
    return is_name_start(ch) or ('0' <= ch <= '9')


class Token:
    def __init__(self, kind, text, line, col, end_line, end_col):
        self.kind = kind
        self.text = text
        self.line = line
        self.col = col
        self.end_line = end_line
        self.end_col = end_col

    def __repr__(self):
        return 'Token(%s, %r, %d:%d)' % (self.kind, self.text, self.line, self.col)


def normalize_newlines(source):
    if source.startswith('\ufeff'):
        source = source[1:]
    if '\r' in source:
        source = source.replace('\r\n', '\n').replace('\r', '\n')
    return source


class Tokenizer:
    def __init__(self, source, filename='<string>', reporter=None):
        self.text = normalize_newlines(source)
        self.filename = filename
        self.reporter = reporter or ErrorReporter(self.text, filename)
        self.tokens = []
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.parens = []            # (opener, line, col)
        self.indents = [0]
        self.alt_indents = [0]      # indentation with tabs counted as 1: detects tab/space mixing
        self.line_has_tokens = False

    def error(self, message, line=None, col=None, kind='SyntaxError'):
        if line is None:
            line = self.line
            col = self.pos - self.line_start
        return self.reporter.error(message, line, col, kind)

    def add(self, kind, text, start_pos, line=None, col=None):
        if line is None:
            line = self.line
            col = start_pos - self.line_start
        self.tokens.append(Token(kind, text, line, col, self.line, self.pos - self.line_start))
        if kind != INDENT and kind != DEDENT and kind != NEWLINE:
            self.line_has_tokens = True

    def new_line(self):
        self.line += 1
        self.line_start = self.pos

    def run(self):
        text = self.text
        length = len(text)
        at_line_start = True
        continued = False
        while True:
            if at_line_start:
                at_line_start = False
                if not self.parens and not continued:
                    if not self.indentation():
                        at_line_start = True
                        continue
                continued = False
            if self.pos >= length:
                break
            ch = text[self.pos]
            if ch == ' ' or ch == '\t' or ch == '\f':
                self.pos += 1
            elif ch == '#':
                end = text.find('\n', self.pos)
                self.pos = length if end < 0 else end
            elif ch == '\n':
                if not self.parens and self.line_has_tokens:
                    self.add(NEWLINE, '\n', self.pos)
                    self.tokens[-1].end_col += 1
                    self.line_has_tokens = False
                self.pos += 1
                self.new_line()
                at_line_start = True
            elif ch == '\\':
                if self.pos + 1 < length and text[self.pos + 1] == '\n':
                    self.pos += 2
                    self.new_line()
                    if self.pos >= length:
                        raise self.error('unexpected EOF while parsing')
                    continued = True
                    at_line_start = True
                else:
                    raise self.error('unexpected character after line continuation character')
            elif is_name_start(ch):
                self.name_or_string()
            elif ('0' <= ch <= '9') or (ch == '.' and self.pos + 1 < length and '0' <= text[self.pos + 1] <= '9'):
                self.number()
            elif ch == '"' or ch == "'":
                self.string(self.pos, '')
            else:
                self.operator()
        self.finish()
        return self.tokens

    def indentation(self):
        """Measure the indentation of a new logical line and emit INDENT or
        DEDENTs.  Returns False for a blank or comment-only line (skipped)."""
        text = self.text
        col = 0
        alt = 0
        pos = self.pos
        length = len(text)
        while pos < length:
            ch = text[pos]
            if ch == ' ':
                col += 1
                alt += 1
            elif ch == '\t':
                col = (col // TAB_SIZE + 1) * TAB_SIZE
                alt += 1
            elif ch == '\f':
                col = 0
                alt = 0
            else:
                break
            pos += 1
        if pos >= length:
            self.pos = pos
            return True
        ch = text[pos]
        if ch == '#' or ch == '\n':
            end = text.find('\n', pos)
            if end < 0:
                self.pos = length
                return True
            self.pos = end + 1
            self.new_line()
            return False
        if ch == '\\' and pos + 1 < length and text[pos + 1] == '\n':
            # a line that is only a continuation: treat as blank
            self.pos = pos + 2
            self.new_line()
            return False
        self.pos = pos
        if col > self.indents[-1]:
            if alt <= self.alt_indents[-1]:
                raise self.error('inconsistent use of tabs and spaces in indentation', kind='TabError')
            if len(self.indents) >= MAX_INDENT_LEVELS:
                raise self.error('too many levels of indentation', kind='IndentationError')
            self.indents.append(col)
            self.alt_indents.append(alt)
            self.add(INDENT, text[self.line_start:pos], self.line_start)
        else:
            while col < self.indents[-1]:
                self.indents.pop()
                self.alt_indents.pop()
                self.add(DEDENT, '', pos)
            if col != self.indents[-1]:
                raise self.error('unindent does not match any outer indentation level',
                                 kind='IndentationError')
            if alt != self.alt_indents[-1]:
                raise self.error('inconsistent use of tabs and spaces in indentation', kind='TabError')
        return True

    def finish(self):
        if self.parens:
            opener, line, col = self.parens[-1]
            raise self.error("'%s' was never closed" % opener, line, col)
        if self.line_has_tokens:
            self.add(NEWLINE, '', self.pos)
        while len(self.indents) > 1:
            self.indents.pop()
            self.add(DEDENT, '', self.pos)
        self.add(ENDMARKER, '', self.pos)

    def name_or_string(self):
        text = self.text
        start = self.pos
        pos = start + 1
        length = len(text)
        while pos < length and is_name_char(text[pos]):
            pos += 1
        word = text[start:pos]
        if pos < length and (text[pos] == '"' or text[pos] == "'") and len(word) <= 2:
            if word.lower() in STRING_PREFIXES:
                self.pos = pos
                self.string(start, word)
                return
        self.pos = pos
        self.add(NAME, word, start)

    def string(self, start, prefix):
        text = self.text
        length = len(text)
        pos = self.pos
        quote = text[pos]
        start_line = self.line
        start_col = start - self.line_start
        if text.startswith(quote * 3, pos):
            closing = quote * 3
            pos += 3
        else:
            closing = quote
            pos += 1
        while True:
            if pos >= length:
                if len(closing) == 3:
                    raise self.error('unterminated triple-quoted string literal (detected at line %d)'
                                     % self.line, start_line, start_col)
                raise self.error('unterminated string literal (detected at line %d)' % self.line,
                                 start_line, start_col)
            ch = text[pos]
            if ch == '\\':
                if pos + 1 < length and text[pos + 1] == '\n':
                    pos += 2
                    self.pos = pos
                    self.new_line()
                else:
                    pos += 2
                continue
            if ch == '\n':
                if len(closing) == 1:
                    raise self.error('unterminated string literal (detected at line %d)' % self.line,
                                     start_line, start_col)
                pos += 1
                self.pos = pos
                self.new_line()
                continue
            if ch == quote and text.startswith(closing, pos):
                pos += len(closing)
                break
            pos += 1
        self.pos = pos
        self.add(STRING, text[start:pos], start, start_line, start_col)

    def digits(self, pos, allowed):
        """Scan digits with single underscores between them."""
        text = self.text
        length = len(text)
        while pos < length:
            ch = text[pos]
            if ch in allowed:
                pos += 1
            elif ch == '_' and pos + 1 < length and text[pos + 1] in allowed and pos > 0 and text[pos - 1] in allowed:
                pos += 1
            elif ch == '_':
                self.pos = pos
                raise self.error('invalid decimal literal' if allowed == DIGITS else 'invalid literal')
            else:
                break
        return pos

    def number(self):
        text = self.text
        length = len(text)
        start = self.pos
        pos = start
        if text[pos] == '0' and pos + 1 < length and text[pos + 1] in 'xXoObB':
            kind = text[pos + 1].lower()
            allowed = HEX_DIGITS if kind == 'x' else ('01234567' if kind == 'o' else '01')
            pos += 2
            if pos < length and text[pos] == '_':
                pos += 1
            if pos >= length or text[pos] not in allowed:
                self.pos = pos
                names = {'x': 'hexadecimal', 'o': 'octal', 'b': 'binary'}
                raise self.error('invalid %s literal' % names[kind])
            pos = self.digits(pos, allowed)
            if pos < length and (is_name_char(text[pos]) or text[pos] in DIGITS):
                self.pos = pos
                names = {'x': 'hexadecimal', 'o': 'octal', 'b': 'binary'}
                raise self.error('invalid %s literal' % names[kind])
        else:
            is_float = False
            if text[pos] != '.':
                pos = self.digits(pos, DIGITS)
                integer_part = text[start:pos]
            else:
                integer_part = ''
            if pos < length and text[pos] == '.':
                is_float = True
                pos += 1
                if pos < length and text[pos] in DIGITS:
                    pos = self.digits(pos, DIGITS)
            if pos < length and text[pos] in 'eE':
                probe = pos + 1
                if probe < length and text[probe] in '+-':
                    probe += 1
                if probe < length and text[probe] in DIGITS:
                    is_float = True
                    pos = self.digits(probe, DIGITS)
                else:
                    self.pos = probe
                    raise self.error('invalid decimal literal')
            if pos < length and text[pos] in 'jJ':
                pos += 1
                is_float = True
            if not is_float and len(integer_part) > 1 and integer_part[0] == '0':
                if integer_part.replace('_', '').strip('0') != '':
                    self.pos = start
                    raise self.error('leading zeros in decimal integer literals are not permitted; '
                                     'use an 0o prefix for octal integers')
            if pos < length and is_name_char(text[pos]):
                self.pos = pos
                raise self.error('invalid decimal literal')
        self.pos = pos
        self.add(NUMBER, text[start:pos], start)

    def operator(self):
        text = self.text
        start = self.pos
        three = text[start:start + 3]
        two = text[start:start + 2]
        if three in OPERATORS_3:
            op = three
        elif two in OPERATORS_2:
            op = two
        elif text[start] in OPERATORS_1:
            op = text[start]
        else:
            ch = text[start]
            if ch == '!':
                raise self.error("invalid syntax")
            if ch == '$' or ch == '?' or ch == '`':
                raise self.error('invalid syntax')
            raise self.error("invalid character '%s' (U+%s)" % (ch, hex_code(ord(ch))))
        col = start - self.line_start
        if op in OPENERS:
            if len(self.parens) >= MAX_PAREN_LEVELS:
                raise self.error('too many nested parentheses')
            self.parens.append((op, self.line, col))
        elif op in CLOSERS:
            if not self.parens:
                raise self.error("unmatched '%s'" % op)
            opener, line, open_col = self.parens.pop()
            if opener != CLOSERS[op]:
                if line != self.line:
                    raise self.error("closing parenthesis '%s' does not match opening parenthesis '%s' on line %d"
                                     % (op, opener, line))
                raise self.error("closing parenthesis '%s' does not match opening parenthesis '%s'"
                                 % (op, opener))
        self.pos = start + len(op)
        self.add(OP, op, start)


def hex_code(value):
    digits = '0123456789ABCDEF'
    out = ''
    while value > 0 or len(out) < 4:
        out = digits[value & 15] + out
        value >>= 4
    return out


def tokenize(source, filename='<string>', reporter=None):
    return Tokenizer(source, filename, reporter).run()
