"""Skip markers for stencils that need the host to run them natively.

(Kept out of conftest.py: several test folders have a conftest module.)
"""

import pytest

from tensoros.jit.executable import host_has_avx2, host_is_x86_64

native_x86 = pytest.mark.skipif(not host_is_x86_64(), reason="native x86_64 stencils need an x86_64 host")
native_avx2 = pytest.mark.skipif(not (host_is_x86_64() and host_has_avx2()),
                                 reason="AVX2 stencils need AVX2+FMA+F16C on the host")
