# helper module in a subpackage (not a program)
from .. import init_order
from ..util import double
init_order.append("deep")
VALUE = double(50)
