"""When is a REPL entry complete? MicroPython's rule, which needs no parser:
an entry continues while a bracket or a triple-quoted string is open, while
a line ends with a backslash, and, once it opened a block (a first line
ending in ':' or continuing a decorator), until the user enters an empty line.
"""


def scan(text):
    """Returns (open_brackets, in_triple_quote, ends_with_backslash)."""
    depth = 0
    i = 0
    n = len(text)
    quote = None            # the open string's delimiter: ', ", ''' or """
    while i < n:
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if text.startswith(quote, i):
                i += len(quote)
                quote = None
                continue
            if c == "\n" and len(quote) == 1:
                quote = None        # a one-line string cannot go on: let the compiler complain
            i += 1
            continue
        if c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c == "'" or c == '"':
            if text.startswith(c * 3, i):
                quote = c * 3
                i += 3
            else:
                quote = c
                i += 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        i += 1
    triple = quote is not None and len(quote) == 3
    stripped = text.rstrip(" \t\n")
    return depth, triple, stripped.endswith("\\") and quote is None


def needs_more(text):
    """True when `text` (all lines entered so far, joined with newlines)
    is not yet a complete REPL entry."""
    depth, triple, backslash = scan(text)
    if depth > 0 or triple or backslash:
        return True
    lines = text.split("\n")
    first = lines[0].rstrip()
    code = first.split("#")[0].rstrip() if "#" in first and "'" not in first and '"' not in first else first
    opens_block = code.endswith(":") or code.startswith("@")
    if not opens_block:
        return False
    # A block goes on until an empty line.
    return len(lines) == 1 or lines[-1].strip() != ""
