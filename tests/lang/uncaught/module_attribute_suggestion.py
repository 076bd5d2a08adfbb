# AttributeError on a module: math.sqr -> Did you mean: 'sqrt'?
import math
print(math.sqrt(4))
print(math.sqr(4))
