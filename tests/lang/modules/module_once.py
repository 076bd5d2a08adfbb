# a module body runs once however many times it is imported
import _helper_once
import _helper_once
from _helper_once import runs
import _helper_once as again
print(runs, _helper_once.runs, again.runs)
import sys
print("_helper_once" in sys.modules)
