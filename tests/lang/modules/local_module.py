# importing a helper module that lives beside the program
import _helper_shapes
from _helper_shapes import Square, area_sum
import _helper_shapes as hs
print(_helper_shapes.NAME, hs is _helper_shapes)
print(area_sum([Square(2), Square(3)]))
print(_helper_shapes.counter(), _helper_shapes.counter())
print(Square(4).area(), Square.__name__, Square.__module__)
