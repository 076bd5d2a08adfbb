"""Running Python source: files (`run FILE`, `tensoros FILE.py`) and REPL
entries, with tracebacks printed the way CPython prints them."""

import sys
import kernel


def print_exception(exc):
    """CPython's format: the frames innermost last, then `Type: message`."""
    frames = getattr(exc, "__traceback__", None)
    if frames:
        print("Traceback (most recent call last):", file=sys.stderr)
        entries = kernel.traceback_entries(exc)
        # The shell's own frames (runner.run_code) are not the user's program.
        while entries and entries[0][0].startswith("runtime/shell/"):
            entries = entries[1:]
        for filename, line, name in entries:
            print('  File "%s", line %d, in %s' % (filename, line, name), file=sys.stderr)
    text = str(exc)
    hint = kernel.suggestion(exc)
    if hint is not None:
        text += ". Did you mean: '%s'?" % hint      # CPython 3.11's NameError/AttributeError hint
    name = type(exc).__name__
    print("%s: %s" % (name, text) if text else name, file=sys.stderr)


def compile_entry(source, filename, mode="exec"):
    """The code object, or None after printing the SyntaxError."""
    from compiler import compile_source     # on first use: the shell starts without loading the compiler
    try:
        return compile_source(source, filename, mode)
    except SyntaxError as e:
        print_syntax_error(e)
        return None


def run_code(code, namespace):
    """Runs a code object; returns 0, or 1 after printing the traceback.
    Ctrl-C raises KeyboardInterrupt in the code while it runs, and only
    then: never in the shell's own code around it."""
    try:
        kernel.run_interruptible(exec, code, namespace)
    except SystemExit as e:
        raise e
    except BaseException as e:
        print_exception(e)
        return 1
    return 0


def run_source(source, filename, namespace, mode="exec"):
    """Compiles and runs; returns 0, or 1 after printing the error."""
    code = compile_entry(source, filename, mode)
    if code is None:
        return 1
    return run_code(code, namespace)


def print_syntax_error(e):
    print('  File "%s", line %s' % (e.filename, e.lineno), file=sys.stderr)
    if e.text:
        line = e.text.rstrip("\n")
        stripped = line.lstrip()
        print("    " + stripped, file=sys.stderr)
        if e.offset:
            caret = max(1, e.offset - (len(line) - len(stripped)))
            print("    " + " " * (caret - 1) + "^", file=sys.stderr)
    print("SyntaxError: %s" % e.msg, file=sys.stderr)


def read_source(path):
    """The file from the board's own files (the host's on hosted, the SD
    card on rpi4), else from a disk image (`tensoros run --files DIR` on
    pc and virt, which have no file system of their own)."""
    try:
        return kernel.read_file(path)
    except OSError as e:
        error = e
    try:
        import modeldisk
        return modeldisk.read_file(path.lstrip("/"))
    except ImportError:
        pass
    except OSError as e:
        if not isinstance(e, modeldisk.NoModelDiskError):
            error = e
    raise error


def run_file(path, argv=None):
    try:
        source = read_source(path)
    except (OSError, ValueError) as e:
        print("run: cannot read %s: %s" % (path, e))
        return 1
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8")
        except UnicodeError:
            print("run: %s is not UTF-8 text" % path)
            return 1
    namespace = {"__name__": "__main__", "__file__": path}
    saved_argv = sys.argv
    sys.argv = [path] + list(argv or [])
    try:
        return run_source(source, path, namespace)
    finally:
        sys.argv = saved_argv


def run_main(path, argv=None):
    """`tensoros FILE.py ARGS` (hosted): the program, then, as CPython does
    before it exits, a wait for the program's threads that are not daemons."""
    status = run_file(path, argv)
    threading = sys.modules.get("threading")
    if threading is not None:
        kernel.run_interruptible(threading._shutdown)
    return status


def run_module(name, argv=None):
    """`tensoros -m MODULE ARGS` (hosted): imports MODULE (frozen or from
    sys.path) and returns its main()'s status (None is 0), with sys.argv =
    [MODULE, ARGS...]. Unlike `python -m` the module keeps its own
    __name__: it is imported, then main() is called."""
    saved_argv = sys.argv
    sys.argv = [name] + list(argv or [])
    try:
        for part in name.split("."):
            if not part.isidentifier():
                print("tensoros: -m %r is not a module name" % name, file=sys.stderr)
                return 2
        namespace = {}
        exec("import " + name + " as module", namespace)
        main = getattr(namespace["module"], "main", None)
        if main is None:
            print("tensoros: module %s has no main()" % name, file=sys.stderr)
            return 1
        status = kernel.run_interruptible(main)        # Ctrl-C: KeyboardInterrupt in main()
        return 0 if status is None else status
    except SystemExit as e:
        raise e
    except BaseException as e:
        print_exception(e)
        return 1
    finally:
        sys.argv = saved_argv
