import os
import sys

RUNTIME = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'runtime')
sys.path.insert(0, os.path.abspath(RUNTIME))
sys.path.insert(0, os.path.dirname(__file__))
