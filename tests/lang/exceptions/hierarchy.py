# exception class hierarchy
pairs = [(ZeroDivisionError, ArithmeticError), (OverflowError, ArithmeticError), (KeyError, LookupError),
         (IndexError, LookupError), (ValueError, Exception), (UnicodeDecodeError, ValueError),
         (FileNotFoundError, OSError), (NotImplementedError, RuntimeError), (RecursionError, RuntimeError),
         (StopIteration, Exception), (GeneratorExit, Exception), (KeyboardInterrupt, BaseException),
         (SystemExit, Exception), (AssertionError, Exception), (ModuleNotFoundError, ImportError),
         (TypeError, Exception), (Exception, BaseException), (AttributeError, Exception), (NameError, Exception),
         (UnboundLocalError, NameError)]
for sub, sup in pairs:
    print(sub.__name__, sup.__name__, issubclass(sub, sup))
try:
    {}["k"]
except LookupError as e:
    print("caught as LookupError:", type(e).__name__)
try:
    1 / 0
except ArithmeticError as e:
    print("caught as ArithmeticError:", type(e).__name__)
