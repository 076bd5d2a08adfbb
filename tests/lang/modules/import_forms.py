# import forms: import, from-import, aliases
import math
import math as m
from math import sqrt, pi as PI
from sys import maxsize
import json, struct
print(math.sqrt(16), m.sqrt(25), sqrt(36), PI == math.pi, maxsize > 0)
print(m is math, json.dumps([1]), struct.calcsize("<h"))
def local_import():
    import random as rnd
    rnd.seed(1)
    return rnd.randint(1, 1000)
print(local_import())
print(math.__name__, m.__name__, type(math).__name__)
