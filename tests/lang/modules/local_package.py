# importing from a helper package with submodules
import _helper_pkg
from _helper_pkg import util
from _helper_pkg.util import double
from _helper_pkg.sub.deep import VALUE
print(_helper_pkg.PKG_NAME, util.double(21), double("ab"), VALUE)
print(_helper_pkg.init_order)
import _helper_pkg.util
print(_helper_pkg.util is util, _helper_pkg.init_order)
