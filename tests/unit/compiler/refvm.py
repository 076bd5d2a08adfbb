"""A reference interpreter for TensorOS bytecode, in plain CPython (test only).

It executes exactly what BYTECODE.md specifies, leaning on CPython objects
for values (ints, lists, classes made by type(), exceptions).  It proves the
code generator before the C VM exists and stays a differential oracle.
Speed is irrelevant; clarity and faithfulness to the spec are the point.
"""

import builtins as cpython_builtins
import importlib
import os
import sys
import types

from compiler import bytecode as bc
from compiler import compile_source

NULL = object()          # the VM-level "no value" (unbound slot, LOAD_METHOD's marker)


class Cell:
    def __init__(self):
        self.contents = NULL


class Function:
    def __init__(self, vm, code, globals_, defaults, kwdefaults, closure):
        self.vm = vm
        self.code = code
        self.globals = globals_
        self.__name__ = code.name
        self.__qualname__ = code.qualname
        self.__defaults__ = defaults
        self.__kwdefaults__ = kwdefaults
        self.closure = closure
        self.__doc__ = code.consts[0] if code.flags & bc.CO_HAS_DOCSTRING else None
        self.__module__ = globals_.get('__name__')
        self.__wrapped__ = None
        del self.__wrapped__

    def __call__(self, *args, **kwargs):
        return self.vm.call_function(self, args, kwargs, None)

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return types.MethodType(self, obj)

    def __repr__(self):
        return '<function %s>' % self.__qualname__


class Frame:
    def __init__(self, code, globals_, locals_, function):
        self.code = code
        self.globals = globals_
        self.locals = locals_
        self.fast = [NULL] * len(code.varnames)
        self.cells = []
        self.stack = []
        self.pc = 0
        self.handled = None        # generators: their own handled-exception slot
        self.function = function


class Generator:
    def __init__(self, vm, frame):
        self.vm = vm
        self.frame = frame
        self.started = False
        self.finished = False
        self.running = False
        self.__name__ = frame.code.name
        self.__qualname__ = frame.code.qualname

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)

    def send(self, value):
        if self.finished:
            raise StopIteration
        if not self.started:
            if value is not None:
                raise TypeError("can't send non-None value to a just-started generator")
            self.started = True
        else:
            self.frame.stack.append(value)
        return self.resume(None)

    def throw(self, kind, value=None, traceback=None):
        if isinstance(kind, type):
            exc = kind() if value is None else (value if isinstance(value, kind) else kind(value))
        else:
            exc = kind
        if self.finished or not self.started:
            self.finished = True
            raise exc
        frame = self.frame
        instruction = self.vm.decoded(frame.code)[frame.pc]
        if instruction[0] == 'YIELD_FROM':
            delegate = frame.stack[-1]
            thrower = getattr(delegate, 'close' if isinstance(exc, GeneratorExit) else 'throw', None)
            if thrower is not None:
                try:
                    if isinstance(exc, GeneratorExit):
                        thrower()
                    else:
                        return thrower(exc)
                except StopIteration as stop:
                    frame.stack.pop()
                    frame.stack.append(stop.value)
                    frame.pc += 1
                    return self.resume(None)
                except BaseException as error:
                    exc = error
            frame.pc += 1          # raise "at" the YIELD_FROM
        return self.resume(exc)

    def close(self):
        if self.finished or not self.started:
            self.finished = True
            return
        try:
            self.throw(GeneratorExit)
        except (GeneratorExit, StopIteration):
            return
        raise RuntimeError('generator ignored GeneratorExit')

    def resume(self, exc):
        if self.running:
            raise ValueError('generator already executing')
        vm = self.vm
        saved = vm.handled
        vm.handled = self.frame.handled
        self.running = True
        try:
            kind, value = vm.run_frame(self.frame, exc)
        except StopIteration as stop:
            self.finished = True
            error = RuntimeError('generator raised StopIteration')
            error.__cause__ = stop
            raise error
        except BaseException:
            self.finished = True
            raise
        finally:
            self.running = False
            self.frame.handled = vm.handled
            vm.handled = saved
        if kind == 'yield':
            return value
        self.finished = True
        if value is None:
            raise StopIteration
        raise StopIteration(value)


class Reraise(Exception):
    pass


class VM:
    def __init__(self, path=None):
        self.handled = None
        self.decoded_cache = {}
        self.modules = {}
        self.path = path or []
        self.builtins = dict(vars(cpython_builtins))
        self.builtins['__build_class__'] = self.build_class
        self.builtins['__import__'] = self.import_hook

    # --- helpers

    def decoded(self, code):
        key = id(code)
        cached = self.decoded_cache.get(key)
        if cached is None or cached[0] is not code:
            instructions = [(name, arg) for _, name, arg in code.instructions()]
            cached = (code, instructions, code.line_numbers())
            self.decoded_cache[key] = cached
        return cached[1]

    def line_of(self, code, pc):
        self.decoded(code)
        return self.decoded_cache[id(code)][2][pc]

    # --- running modules

    def run_module(self, code, globals_):
        globals_.setdefault('__builtins__', self.builtins)
        frame = Frame(code, globals_, globals_, None)
        kind, value = self.run_frame(frame, None)
        return value

    def exec_source(self, source, filename, globals_):
        code = compile_source(source, filename)
        return self.run_module(code, globals_)

    # --- calls

    def call_function(self, function, args, kwargs, locals_):
        code = function.code
        frame = Frame(code, function.globals, locals_, function)
        self.bind_arguments(function, frame, args, kwargs)
        frame.cells = [Cell() for _ in code.cellvars] + list(function.closure or ())
        if code.flags & bc.CO_GENERATOR:
            return Generator(self, frame)
        kind, value = self.run_frame(frame, None)
        return value

    def bind_arguments(self, function, frame, args, kwargs):
        code = function.code
        fast = frame.fast
        name = code.qualname
        argcount = code.argcount
        total = argcount + code.kwonlyargcount
        slot = total
        varargs_slot = None
        varkw_slot = None
        if code.flags & bc.CO_VARARGS:
            varargs_slot = slot
            slot += 1
        if code.flags & bc.CO_VARKEYWORDS:
            varkw_slot = slot
        positional = min(len(args), argcount)
        for index in range(positional):
            fast[index] = args[index]
        if len(args) > argcount:
            if varargs_slot is None:
                raise TypeError('%s() takes %d positional arguments but %d were given'
                                % (name, argcount, len(args)))
            fast[varargs_slot] = tuple(args[argcount:])
        elif varargs_slot is not None:
            fast[varargs_slot] = ()
        extra = {} if varkw_slot is not None else None
        for key, value in kwargs.items():
            try:
                index = code.varnames.index(key, code.posonlyargcount, total)
            except ValueError:
                index = -1
            if index < 0:
                if extra is None:
                    raise TypeError("%s() got an unexpected keyword argument '%s'" % (name, key))
                extra[key] = value
                continue
            if fast[index] is not NULL:
                raise TypeError("%s() got multiple values for argument '%s'" % (name, key))
            fast[index] = value
        if varkw_slot is not None:
            fast[varkw_slot] = extra
        defaults = function.__defaults__ or ()
        first_default = argcount - len(defaults)
        for index in range(argcount):
            if fast[index] is NULL:
                if index >= first_default:
                    fast[index] = defaults[index - first_default]
                else:
                    raise TypeError("%s() missing required positional argument: '%s'"
                                    % (name, code.varnames[index]))
        kwdefaults = function.__kwdefaults__ or {}
        for index in range(argcount, total):
            if fast[index] is NULL:
                key = code.varnames[index]
                if key in kwdefaults:
                    fast[index] = kwdefaults[key]
                else:
                    raise TypeError("%s() missing required keyword-only argument: '%s'" % (name, key))

    def call(self, callable_, args, kwargs=None):
        if isinstance(callable_, Function):
            return self.call_function(callable_, args, kwargs or {}, None)
        if kwargs:
            return callable_(*args, **kwargs)
        return callable_(*args)

    def build_class(self, function, name, *bases, **keywords):
        namespace = {}
        cell = self.call_function(function, (), {}, namespace)
        # type() makes these implicit classmethods/staticmethods only for
        # CPython functions; refvm functions need the same treatment.
        for special in ('__init_subclass__', '__class_getitem__'):
            if isinstance(namespace.get(special), Function):
                namespace[special] = classmethod(namespace[special])
        if isinstance(namespace.get('__new__'), Function):
            namespace['__new__'] = staticmethod(namespace['__new__'])
        metaclass = type
        for base in bases:
            if isinstance(base, type) and issubclass(type(base), metaclass):
                metaclass = type(base)
        cls = metaclass(name, bases, namespace, **keywords)
        if isinstance(cell, Cell):
            cell.contents = cls
        return cls

    # --- imports

    def import_hook(self, name, globals_=None, locals_=None, fromlist=None, level=0):
        if level > 0:
            package = (globals_ or {}).get('__package__') or ''
            parts = package.split('.') if package else []
            if level - 1 > len(parts):
                raise ImportError('attempted relative import beyond top-level package')
            base = '.'.join(parts[:len(parts) - (level - 1)])
            absolute = base + ('.' + name if name else '') if base else name
        else:
            absolute = name
        module = self.load_dotted(absolute)
        if fromlist:
            for item in fromlist:
                if item != '*' and not hasattr(module, item) and hasattr(module, '__path__'):
                    try:
                        self.load_dotted(absolute + '.' + item)
                    except ImportError:
                        pass
            return module
        if level > 0:
            return module
        return self.modules.get(absolute.split('.')[0]) or sys.modules[absolute.split('.')[0]]

    def load_dotted(self, absolute):
        parts = absolute.split('.')
        module = None
        for index in range(len(parts)):
            dotted = '.'.join(parts[:index + 1])
            module = self.load_one(dotted, module)
        return module

    def load_one(self, dotted, parent):
        if dotted in self.modules:
            return self.modules[dotted]
        leaf = dotted.rsplit('.', 1)[-1]
        directories = parent.__path__ if parent is not None and hasattr(parent, '__path__') else self.path
        for directory in directories:
            package_init = os.path.join(directory, leaf, '__init__.py')
            plain = os.path.join(directory, leaf + '.py')
            if os.path.exists(package_init):
                return self.exec_file(dotted, package_init, [os.path.join(directory, leaf)], parent, leaf)
            if os.path.exists(plain):
                return self.exec_file(dotted, plain, None, parent, leaf)
        if parent is None or not isinstance(parent, types.ModuleType) or dotted in sys.modules:
            try:
                return importlib.import_module(dotted)
            except ImportError:
                pass
        raise ModuleNotFoundError("No module named '%s'" % dotted)

    def exec_file(self, dotted, path, package_path, parent, leaf):
        module = types.ModuleType(dotted)
        module.__file__ = path
        if package_path is not None:
            module.__path__ = package_path
            module.__package__ = dotted
        else:
            module.__package__ = dotted.rpartition('.')[0]
        self.modules[dotted] = module
        with open(path, encoding='utf-8') as handle:
            source = handle.read()
        code = compile_source(source, path)
        module.__dict__['__builtins__'] = self.builtins
        self.run_module(code, module.__dict__)
        if parent is not None:
            setattr(parent, leaf, module)
        return module

    # --- the interpreter

    def run_frame(self, frame, pending):
        """Run until return or yield: ('return', v) or ('yield', v).
        `pending` is an exception to raise at the current point (throw())."""
        code = frame.code
        instructions = self.decoded(code)
        stack = frame.stack
        table = code.exception_table
        while True:
            try:
                if pending is not None:
                    error = pending
                    pending = None
                    self.raising(error)
                    raise error
                result = self.execute(frame, code, instructions, stack)
                return result
            except BaseException as error:
                reraised = isinstance(error, ReraiseMarker)
                if reraised:
                    error = error.exception
                faulting = frame.pc - 1
                if not reraised:
                    self.raising(error)
                    tb = error.__dict__.setdefault('_refvm_tb', []) if hasattr(error, '__dict__') else []
                    tb.insert(0, (code.filename, code.qualname, self.line_of(code, faulting)))
                handler = None
                for start, end, target, depth in table:
                    if start <= faulting < end:
                        handler = (target, depth)
                        break
                if handler is None:
                    del stack[:]
                    raise error
                del stack[handler[1]:]
                stack.append(error)
                frame.pc = handler[0]

    def raising(self, error):
        if self.handled is not None and error is not self.handled and error.__context__ is None:
            probe = self.handled
            while probe is not None:
                if probe is error:
                    return
                probe = probe.__context__
            error.__context__ = self.handled

    def load_global(self, frame, name):
        if name in frame.globals:
            return frame.globals[name]
        builtins_ = frame.globals.get('__builtins__', self.builtins)
        if isinstance(builtins_, types.ModuleType):
            builtins_ = vars(builtins_)
        if name in builtins_:
            return builtins_[name]
        raise NameError("name '%s' is not defined" % name)

    def execute(self, frame, code, instructions, stack):
        consts = code.consts
        names = code.names
        fast = frame.fast
        cells = frame.cells
        push = stack.append
        pop = stack.pop
        limit = code.stacksize
        while True:
            if len(stack) > limit:
                raise SystemError('refvm: stack deeper than stacksize %d in %s' % (limit, code.qualname))
            name, arg = instructions[frame.pc]
            frame.pc += 1
            if name == 'NOP':
                pass
            elif name == 'POP_TOP':
                pop()
            elif name == 'COPY':
                push(stack[-arg])
            elif name == 'SWAP':
                stack[-1], stack[-arg] = stack[-arg], stack[-1]
            elif name == 'LOAD_CONST':
                push(consts[arg])
            elif name == 'RETURN_VALUE':
                return ('return', pop())
            elif name == 'PRINT_EXPR':
                value = pop()
                if value is not None:
                    print(repr(value))
                    self.builtins['_'] = value
            elif name == 'LOAD_ASSERTION_ERROR':
                push(AssertionError)
            elif name == 'LOAD_BUILD_CLASS':
                push(self.build_class)
            elif name == 'LOAD_FAST':
                value = fast[arg]
                if value is NULL:
                    raise UnboundLocalError("cannot access local variable '%s' where it is not "
                                            "associated with a value" % code.varnames[arg])
                push(value)
            elif name == 'STORE_FAST':
                fast[arg] = pop()
            elif name == 'DELETE_FAST':
                if fast[arg] is NULL:
                    raise UnboundLocalError("cannot access local variable '%s' where it is not "
                                            "associated with a value" % code.varnames[arg])
                fast[arg] = NULL
            elif name == 'LOAD_DEREF' or name == 'LOAD_CLASSDEREF':
                cell_name = (code.cellvars + code.freevars)[arg]
                if name == 'LOAD_CLASSDEREF' and cell_name in frame.locals:
                    push(frame.locals[cell_name])
                    continue
                value = cells[arg].contents
                if value is NULL:
                    if arg < len(code.cellvars):
                        raise UnboundLocalError("cannot access local variable '%s' where it is not "
                                                "associated with a value" % cell_name)
                    raise NameError("cannot access free variable '%s' where it is not associated "
                                    "with a value in enclosing scope" % cell_name)
                push(value)
            elif name == 'STORE_DEREF':
                cells[arg].contents = pop()
            elif name == 'DELETE_DEREF':
                if cells[arg].contents is NULL:
                    raise NameError('cell is empty')
                cells[arg].contents = NULL
            elif name == 'LOAD_CLOSURE':
                push(cells[arg])
            elif name == 'LOAD_NAME':
                key = names[arg]
                if key in frame.locals:
                    push(frame.locals[key])
                else:
                    push(self.load_global(frame, key))
            elif name == 'STORE_NAME':
                frame.locals[names[arg]] = pop()
            elif name == 'DELETE_NAME':
                key = names[arg]
                if key not in frame.locals:
                    raise NameError("name '%s' is not defined" % key)
                del frame.locals[key]
            elif name == 'LOAD_GLOBAL':
                push(self.load_global(frame, names[arg]))
            elif name == 'STORE_GLOBAL':
                frame.globals[names[arg]] = pop()
            elif name == 'DELETE_GLOBAL':
                key = names[arg]
                if key not in frame.globals:
                    raise NameError("name '%s' is not defined" % key)
                del frame.globals[key]
            elif name == 'LOAD_ATTR':
                push(getattr(pop(), names[arg]))
            elif name == 'STORE_ATTR':
                obj = pop()
                setattr(obj, names[arg], pop())
            elif name == 'DELETE_ATTR':
                delattr(pop(), names[arg])
            elif name == 'LOAD_METHOD':
                obj = pop()
                method = self.find_method(obj, names[arg])
                if method is not None:
                    push(method)
                    push(obj)
                else:
                    push(getattr(obj, names[arg]))
                    push(NULL)
            elif name == 'UNARY_OP':
                value = pop()
                if arg == 0:
                    push(-value)
                elif arg == 1:
                    push(+value)
                elif arg == 2:
                    push(not value)
                else:
                    push(~value)
            elif name == 'BINARY_OP':
                right = pop()
                left = pop()
                push(binary_operation(arg, left, right))
            elif name == 'COMPARE_OP':
                right = pop()
                left = pop()
                push(compare(arg, left, right))
            elif name == 'BINARY_SUBSCR':
                key = pop()
                obj = pop()
                push(obj[key])
            elif name == 'STORE_SUBSCR':
                key = pop()
                obj = pop()
                obj[key] = pop()
            elif name == 'DELETE_SUBSCR':
                key = pop()
                obj = pop()
                del obj[key]
            elif name == 'BUILD_SLICE':
                if arg == 3:
                    step = pop()
                    stop = pop()
                    push(slice(pop(), stop, step))
                else:
                    stop = pop()
                    push(slice(pop(), stop))
            elif name == 'GET_ITER':
                push(iter(pop()))
            elif name == 'FOR_ITER':
                try:
                    push(next(stack[-1]))
                except StopIteration:
                    pop()
                    frame.pc = arg
            elif name == 'CHECK_EXC_MATCH':
                kind = pop()
                check_exception_class(kind)
                push(isinstance(stack[-1], kind))
            elif name in ('BUILD_TUPLE', 'BUILD_LIST', 'BUILD_SET', 'BUILD_STRING'):
                items = stack[len(stack) - arg:]
                del stack[len(stack) - arg:]
                if name == 'BUILD_TUPLE':
                    push(tuple(items))
                elif name == 'BUILD_LIST':
                    push(items)
                elif name == 'BUILD_SET':
                    push(set(items))
                else:
                    push(''.join(items))
            elif name == 'BUILD_MAP':
                items = stack[len(stack) - 2 * arg:]
                del stack[len(stack) - 2 * arg:]
                result = {}
                for index in range(0, len(items), 2):
                    result[items[index]] = items[index + 1]
                push(result)
            elif name == 'FORMAT_VALUE':
                spec = pop() if arg & bc.FORMAT_HAS_SPEC else ''
                value = pop()
                conversion = arg & bc.FORMAT_CONVERSION_MASK
                if conversion == 1:
                    value = str(value)
                elif conversion == 2:
                    value = repr(value)
                elif conversion == 3:
                    value = ascii(value)
                push(format(value, spec))
            elif name == 'LIST_APPEND':
                value = pop()
                stack[-arg].append(value)
            elif name == 'SET_ADD':
                value = pop()
                stack[-arg].add(value)
            elif name == 'MAP_ADD':
                value = pop()
                key = pop()
                stack[-arg][key] = value
            elif name == 'LIST_EXTEND':
                value = pop()
                stack[-arg].extend(value)
            elif name == 'SET_UPDATE':
                value = pop()
                stack[-arg].update(value)
            elif name == 'DICT_UPDATE':
                value = pop()
                stack[-arg].update(value)
            elif name == 'DICT_MERGE':
                value = pop()
                target = stack[-arg]
                if not hasattr(value, 'keys'):
                    raise TypeError('argument after ** must be a mapping, not %s' % type(value).__name__)
                for key in value.keys():
                    if key in target:
                        raise TypeError("got multiple values for keyword argument '%s'" % key)
                    target[key] = value[key]
            elif name == 'LIST_TO_TUPLE':
                push(tuple(pop()))
            elif name == 'UNPACK_SEQUENCE':
                items = list(pop())
                if len(items) < arg:
                    raise ValueError('not enough values to unpack (expected %d, got %d)' % (arg, len(items)))
                if len(items) > arg:
                    raise ValueError('too many values to unpack (expected %d)' % arg)
                for item in reversed(items):
                    push(item)
            elif name == 'UNPACK_EX':
                before = arg & 0xFFF
                after = arg >> 12
                items = list(pop())
                if len(items) < before + after:
                    raise ValueError('not enough values to unpack (expected at least %d, got %d)'
                                     % (before + after, len(items)))
                middle = items[before:len(items) - after]
                for item in reversed(items[len(items) - after:]):
                    push(item)
                push(middle)
                for item in reversed(items[:before]):
                    push(item)
            elif name == 'JUMP':
                frame.pc = arg
            elif name == 'POP_JUMP_IF_FALSE':
                if not pop():
                    frame.pc = arg
            elif name == 'POP_JUMP_IF_TRUE':
                if pop():
                    frame.pc = arg
            elif name == 'JUMP_IF_FALSE_OR_POP':
                if not stack[-1]:
                    frame.pc = arg
                else:
                    pop()
            elif name == 'JUMP_IF_TRUE_OR_POP':
                if stack[-1]:
                    frame.pc = arg
                else:
                    pop()
            elif name == 'CALL':
                args = stack[len(stack) - arg:]
                del stack[len(stack) - arg:]
                push(self.call(pop(), args))
            elif name == 'CALL_KW':
                keyword_names = pop()
                args = stack[len(stack) - arg:]
                del stack[len(stack) - arg:]
                split = len(args) - len(keyword_names)
                kwargs = dict(zip(keyword_names, args[split:]))
                push(self.call(pop(), args[:split], kwargs))
            elif name == 'CALL_METHOD' or name == 'CALL_METHOD_KW':
                keyword_names = pop() if name == 'CALL_METHOD_KW' else ()
                args = stack[len(stack) - arg:]
                del stack[len(stack) - arg:]
                self_value = pop()
                method = pop()
                split = len(args) - len(keyword_names)
                kwargs = dict(zip(keyword_names, args[split:]))
                positional = args[:split]
                if self_value is not NULL:
                    positional = [self_value] + positional
                push(self.call(method, positional, kwargs))
            elif name == 'CALL_EX':
                kwargs = pop() if arg & bc.CALL_EX_HAS_KWARGS else {}
                args = pop()
                push(self.call(pop(), args, kwargs))
            elif name == 'MAKE_FUNCTION':
                function_code = pop()
                closure = pop() if arg & bc.MAKE_FUNCTION_CLOSURE else None
                kwdefaults = pop() if arg & bc.MAKE_FUNCTION_KWDEFAULTS else None
                defaults = pop() if arg & bc.MAKE_FUNCTION_DEFAULTS else None
                push(Function(self, function_code, frame.globals, defaults, kwdefaults, closure))
            elif name == 'RAISE_VARARGS':
                if arg == 0:
                    if self.handled is None:
                        raise RuntimeError('No active exception to reraise')
                    raise ReraiseMarker(self.handled)
                cause = pop() if arg == 2 else NULL
                error = pop()
                if isinstance(error, type) and issubclass(error, BaseException):
                    error = error()
                if not isinstance(error, BaseException):
                    raise TypeError('exceptions must derive from BaseException')
                if cause is not NULL:
                    if isinstance(cause, type) and issubclass(cause, BaseException):
                        cause = cause()
                    error.__cause__ = cause
                    error.__suppress_context__ = True
                self.raising(error)
                raise error
            elif name == 'RERAISE':
                raise ReraiseMarker(pop())
            elif name == 'PUSH_EXC_INFO':
                error = pop()
                push(self.handled)
                push(error)
                self.handled = error
            elif name == 'POP_EXCEPT':
                self.handled = pop()
            elif name == 'BEFORE_WITH':
                manager = pop()
                kind = type(manager)
                exit_method = types.MethodType(kind.__exit__, manager)
                push(exit_method)
                push(self.call(kind.__enter__, [manager]))
            elif name == 'WITH_EXCEPT_START':
                error = stack[-1]
                exit_method = stack[-3]
                push(exit_method(type(error), error, error.__traceback__))
            elif name == 'YIELD_VALUE':
                return ('yield', pop())
            elif name == 'GET_YIELD_FROM_ITER':
                value = pop()
                push(value if isinstance(value, (Generator, types.GeneratorType)) else iter(value))
            elif name == 'YIELD_FROM':
                value = pop()
                delegate = stack[-1]
                try:
                    if value is None:
                        produced = next(delegate)
                    else:
                        produced = delegate.send(value)
                except StopIteration as stop:
                    pop()
                    push(stop.value)
                    continue
                frame.pc -= 1          # stay on YIELD_FROM
                return ('yield', produced)
            elif name == 'IMPORT_NAME':
                fromlist = pop()
                level = pop()
                importer = self.load_global(frame, '__import__')
                push(importer(names[arg], frame.globals, None, fromlist, level))
            elif name == 'IMPORT_FROM':
                module = stack[-1]
                try:
                    push(getattr(module, names[arg]))
                except AttributeError:
                    full = getattr(module, '__name__', '?') + '.' + names[arg]
                    found = self.modules.get(full) or sys.modules.get(full)
                    if found is None:
                        raise ImportError("cannot import name '%s' from '%s'"
                                          % (names[arg], getattr(module, '__name__', '?')))
                    push(found)
            elif name == 'IMPORT_STAR':
                module = pop()
                public = getattr(module, '__all__', None)
                if public is None:
                    public = [key for key in vars(module) if not key.startswith('_')]
                for key in public:
                    frame.locals[key] = getattr(module, key)
            else:
                raise SystemError('refvm: unknown instruction ' + name)

    def find_method(self, obj, name):
        for klass in type(obj).__mro__:
            attribute = klass.__dict__.get(name, NULL)
            if attribute is NULL:
                continue
            if isinstance(attribute, Function):
                instance_dict = getattr(obj, '__dict__', None)
                if isinstance(instance_dict, dict) and name in instance_dict:
                    return None
                return attribute
            return None
        return None


class ReraiseMarker(Exception):
    """Carries an exception being re-raised (no new traceback entry)."""

    def __init__(self, exception):
        Exception.__init__(self)
        self.exception = exception


def check_exception_class(kind):
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for item in kinds:
        if not (isinstance(item, type) and issubclass(item, BaseException)):
            raise TypeError('catching classes that do not inherit from BaseException is not allowed')


def binary_operation(arg, left, right):
    inplace = arg & bc.INPLACE_FLAG
    op = bc.BINARY_OPERATORS[arg & ~bc.INPLACE_FLAG]
    if inplace:
        return INPLACE_FUNCTIONS[op](left, right)
    return BINARY_FUNCTIONS[op](left, right)


import operator as _operator

BINARY_FUNCTIONS = {
    '+': _operator.add, '-': _operator.sub, '*': _operator.mul, '/': _operator.truediv,
    '//': _operator.floordiv, '%': _operator.mod, '**': _operator.pow, '<<': _operator.lshift,
    '>>': _operator.rshift, '&': _operator.and_, '|': _operator.or_, '^': _operator.xor,
    '@': _operator.matmul,
}
INPLACE_FUNCTIONS = {
    '+': _operator.iadd, '-': _operator.isub, '*': _operator.imul, '/': _operator.itruediv,
    '//': _operator.ifloordiv, '%': _operator.imod, '**': _operator.ipow, '<<': _operator.ilshift,
    '>>': _operator.irshift, '&': _operator.iand, '|': _operator.ior, '^': _operator.ixor,
    '@': _operator.imatmul,
}


def compare(arg, left, right):
    if arg == 0:
        return left < right
    if arg == 1:
        return left <= right
    if arg == 2:
        return left == right
    if arg == 3:
        return left != right
    if arg == 4:
        return left > right
    if arg == 5:
        return left >= right
    if arg == 6:
        return left is right
    if arg == 7:
        return left is not right
    if arg == 8:
        return left in right
    return left not in right


def refvm_traceback(error):
    """[(filename, qualname, line), ...] outermost first."""
    return list(getattr(error, '_refvm_tb', []))
