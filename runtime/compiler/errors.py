"""The one error the compiler raises for bad input."""


class CompileError(SyntaxError):
    """A SyntaxError carrying where it happened.

    lineno and column are 1-based (column counts code points); `offset` is the
    same as `column`, for code that expects CPython's SyntaxError attributes.
    `kind` is what a traceback calls it: SyntaxError, IndentationError or
    TabError.
    """

    def __init__(self, message, filename, lineno, column, source_line, kind='SyntaxError'):
        SyntaxError.__init__(self, message)
        self.msg = message
        self.filename = filename
        self.lineno = lineno
        self.column = column
        self.offset = column
        self.text = source_line
        self.kind = kind

    def __str__(self):
        return '%s (%s, line %d)' % (self.msg, self.filename, self.lineno)

    def report(self):
        """The CPython-style report: location, the line, a caret, the message."""
        lines = ['  File "%s", line %d' % (self.filename, self.lineno)]
        if self.text is not None:
            text = self.text.rstrip('\n')
            stripped = text.lstrip(' \t\f')
            lost = len(text) - len(stripped)
            lines.append('    ' + stripped)
            caret_at = self.column - 1 - lost
            if caret_at < 0:
                caret_at = 0
            if caret_at > len(stripped):
                caret_at = len(stripped)
            lines.append('    ' + ' ' * caret_at + '^')
        lines.append('%s: %s' % (self.kind, self.msg))
        return '\n'.join(lines)


UNSUPPORTED_SUFFIX = ' is not supported by TensorOS Python'


def source_line(source, lineno):
    """Line `lineno` (1-based) of source, or None."""
    if lineno < 1:
        return None
    start = 0
    current = 1
    while current < lineno:
        found = source.find('\n', start)
        if found < 0:
            return None
        start = found + 1
        current += 1
    end = source.find('\n', start)
    if end < 0:
        end = len(source)
    if start > len(source):
        return None
    return source[start:end]


class ErrorReporter:
    """Builds CompileErrors for one source; shared by all compiler passes."""

    def __init__(self, source, filename):
        self.source = source
        self.filename = filename

    def error(self, message, line, col, kind='SyntaxError'):
        """line is 1-based, col 0-based (as in tokens and nodes)."""
        return CompileError(message, self.filename, line, col + 1,
                            source_line(self.source, line), kind)

    def unsupported(self, what, line, col):
        return self.error(what + UNSUPPORTED_SUFFIX, line, col)
