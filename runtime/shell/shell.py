"""The TensorOS shell: built-in commands, and Python for everything else,
with REPL semantics (expression values echoed, multi-line blocks with a
'...' prompt, tracebacks on error, and the shell always survives)."""

import kernel
from shell import commands, repl, runner
from shell import model_commands  # noqa: F401  (registers model, infer, reset, embed, similar)

PROMPT = "tensor> "
CONTINUE = "...     "


def read_entry():
    """One command or one complete Python entry; None at end of input."""
    try:
        line = kernel.readline(PROMPT)
    except KeyboardInterrupt:
        return ""
    if line is None:
        return None
    text = line
    while repl.needs_more(text):
        try:
            more = kernel.readline(CONTINUE)
        except KeyboardInterrupt:
            return ""
        if more is None:
            break
        text = text + "\n" + more
    return text


# A command name followed by one of these is Python using that name: `mem = 5`, `mem + 1`.
PYTHON_OPERATORS = ("=", "==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "//", "%", "**",
                    "@", "&", "|", "^", "<<", ">>", "+=", "-=", "*=", "/=", "//=", "%=", "**=",
                    "&=", "|=", "^=", "<<=", ">>=", ":=", "and", "or", "is", "in", "not", "if")


def is_command(text, words):
    if words[0] not in commands.COMMANDS:
        return False
    rest = text.lstrip()[len(words[0]):]
    if rest and rest[0] not in " \t":
        return False            # `mem(`, `mem.x`, `mem[0]`, `mem=1`
    return len(words) == 1 or words[1] not in PYTHON_OPERATORS


def dispatch(text, namespace):
    words = text.split()
    if not words:
        return
    if is_command(text, words):
        cmd = commands.COMMANDS[words[0]]
        try:
            args = commands.split_args(text.lstrip()[len(words[0]):])
        except commands.ArgumentError as e:
            print("%s: %s" % (words[0], e))
            return
        try:
            kernel.run_interruptible(cmd.run, args)      # Ctrl-C stops a command (`infer`) too
        except KeyboardInterrupt:
            print("interrupted")
        except Exception as e:
            if cmd.expected and isinstance(e, cmd.expected):
                print("%s: %s" % (cmd.name, e))
            else:
                runner.print_exception(e)
        return
    first = words[0]
    if looks_like_command(first) and not is_python_name(first, namespace):
        # A line that starts like a command but is not one: say so, unless it
        # is Python that compiles (`a-b` with a and b defined).
        if len(words) == 1 and first.isidentifier():
            unknown_command(first)
            return
        else:
            code = quiet_compile(text + "\n")
            if code is None:
                unknown_command(first)
                return
            runner.run_code(code, namespace)
            return
    runner.run_source(text + "\n", "<stdin>", namespace, "single")


KEYWORDS = ("False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
            "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
            "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield")


def is_python_name(word, namespace):
    import builtins
    return word in KEYWORDS or word in namespace or hasattr(builtins, word)


def looks_like_command(word):
    """Letters, digits, '-' and '_', starting with a letter: `panic-test`."""
    if not word or not ("a" <= word[0].lower() <= "z"):
        return False
    for c in word:
        if not (c.isalnum() or c in "-_"):
            return False
    return True


def quiet_compile(source):
    from compiler import compile_source
    try:
        return compile_source(source, "<stdin>", "single")
    except SyntaxError:
        return None


def unknown_command(word):
    """The word as the C shell shows it: at most 64 characters, anything
    outside printable ASCII as \\xNN bytes, so garbage cannot drive the terminal."""
    shown = ""
    for b in word.encode("utf-8")[:64]:
        shown += chr(b) if 32 <= b < 127 else "\\x%02x" % b
    print("unknown command '%s': type 'help' for the list" % shown)


def main():
    namespace = {"__name__": "__main__"}
    print("TensorOS %s shell on %s. Type 'help' for commands; anything else is Python." % (
        kernel.version, kernel.board))
    while True:
        text = read_entry()
        if text is None:
            print()
            return 0
        try:
            dispatch(text, namespace)
        except SystemExit as e:
            return e.code if isinstance(e.code, int) else 0
