# __name__ is "__main__" for the program, the module name for imports
import _helper_shapes
print(__name__, _helper_shapes.__name__)
if __name__ == "__main__":
    print("running as main")
