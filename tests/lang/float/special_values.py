# inf, nan, -0.0
inf = float("inf")
nan = float("nan")
print(inf, -inf, nan, repr(-inf), float("-inf"), float("Infinity"), float("-nan"))
print(inf + 1, inf * -2, inf - inf, inf * 0, 1 / inf, -1 / inf)
print(nan == nan, nan != nan, nan < 1, nan > 1, inf > 1e308, -inf < -1e308)
print(-0.0, 0.0 == -0.0, repr(-0.0), str(-0.0), abs(-0.0), -0.0 + 0.0, 0.0 * -1)
import math
print(math.isnan(nan), math.isinf(-inf), math.isfinite(1.0), math.isfinite(nan))
print(math.copysign(1.0, -0.0), math.copysign(3, -1), math.copysign(2.0, 0.0))
print(sorted([3.0, -inf, 1.0, inf]), max(1.0, inf), min(-inf, 0.0))
print(float("inf") == float("inf"), 1e309, -1e309)
print(f"{inf} {nan} {-inf:>6} {inf:.2f} {nan:e}")
