"""random: the Mersenne Twister (MT19937) in the Python subset.

For the same int seed every function here returns exactly what CPython
3.11's random module returns (same generator, same seeding, same algorithms).
The float functions that need log/exp/sqrt/sin/cos use correctly rounded
implementations written below with integer arithmetic (no math module);
CPython calls the C library, which is correctly rounded for sqrt and, in
practice, for the other functions on the arguments these algorithms use.

Left out (see README.md): seeding from str/bytes/bytearray (CPython hashes
them with SHA-512), SystemRandom, vonmisesvariate, gammavariate,
betavariate, binomialvariate.
"""

# ---------------------------------------------------------------------------
# Correctly rounded elementary functions, in integer fixed point.

_INF = float("inf")

# ln 2 and pi, scaled by 2**200 (rounded down).
_LN2_200 = 1113844574712631719546256151097547306333272293549090750737802
_PI_256 = 363771576891766324280234942777729862653393377328392429958772151117938894466185
_TWO64 = 18446744073709551616.0
_TWO_MINUS64 = 1.0 / 18446744073709551616.0


def _decompose(x):
    """x > 0 finite as (m, e) with x == m * 2**e exactly, m an int."""
    e = 0
    while x >= _TWO64:
        x *= _TWO_MINUS64
        e += 64
    while x < 1.0:
        x *= _TWO64
        e -= 64
    return int(x * 9007199254740992.0), e - 53


def _scale(f, e):
    """f * 2**e, exact whenever the result is representable."""
    if e < -1000:
        f *= 2.0 ** -1000
        e += 1000
        if e < -1000:
            return f * 2.0 ** -1000 * 2.0 ** (e + 1000)
        return f * 2.0 ** e
    if e > 1000:
        f *= 2.0 ** 1000
        e -= 1000
        if e > 1000:
            return _INF
        return f * 2.0 ** e
    return f * 2.0 ** e


def _round_to_float(n, e):
    """The float nearest to n * 2**e (n a non-negative int), ties to even."""
    if n == 0:
        return 0.0
    b = n.bit_length()
    shift = b - 53
    if b - 1 + e < -1022:
        shift = -1074 - e
    if shift > 0:
        q = n >> shift
        rem = n - (q << shift)
        half = 1 << (shift - 1)
        if rem > half or (rem == half and (q & 1)):
            q += 1
        e += shift
    else:
        q = n
    # q < 2**54, converts exactly
    return _scale(float(q), e)


def _fixed_to_float(v, p):
    if v < 0:
        return -_round_to_float(-v, -p)
    return _round_to_float(v, -p)


def _fixed(m, e, p):
    """m * 2**e as a fixed-point int with p fraction bits (truncated)."""
    s = e + p
    if s >= 0:
        return m << s
    return m >> -s


def _log(x):
    if x != x or x == _INF:
        return x
    if x <= 0.0:
        raise ValueError("math domain error")
    m, e = _decompose(x)
    b = m.bit_length()
    k = e + b - 1
    den = 1 << (b - 1)
    if m * m > (den * den) << 1:
        den <<= 1
        k += 1
    p = 130
    num = m - den
    neg = num < 0
    if neg:
        num = -num
    z = (num << p) // (m + den)
    z2 = (z * z) >> p
    s = z
    t = z
    n = 1
    while True:
        t = (t * z2) >> p
        if t == 0:
            break
        n += 2
        s += t // n
    s <<= 1
    if neg:
        s = -s
    return _fixed_to_float(s + k * (_LN2_200 >> (200 - p)), p)


def _exp(x):
    if x != x:
        return x
    if x == _INF:
        return x
    if x == -_INF:
        return 0.0
    if x > 709.782712893384:
        raise OverflowError("math range error")
    if x < -746.0:
        return 0.0
    if -1.7e-18 < x < 1.7e-18:   # |x| < 2**-59: exp(x) rounds like 1 + x
        return 1.0 + x
    p = 140
    ln2 = _LN2_200 >> (200 - p)
    m, e = _decompose(x if x > 0 else -x)
    v = _fixed(m, e, p)
    if x < 0:
        v = -v
    k = (2 * v + ln2) // (2 * ln2)
    r = v - k * ln2
    one = 1 << p
    neg = r < 0
    if neg:
        r = -r
    s = one
    t = one
    n = 0
    while True:
        n += 1
        t = (t * r >> p) // n
        if t == 0:
            break
        if neg and (n & 1):
            s -= t
        else:
            s += t
    return _round_to_float(s, k - p)


def _isqrt(n):
    if n == 0:
        return 0
    x = 1 << ((n.bit_length() + 1) >> 1)
    while True:
        y = (x + n // x) >> 1
        if y >= x:
            return x
        x = y


def _sqrt(x):
    if x != x or x == _INF or x == 0.0:
        return x
    if x < 0.0:
        raise ValueError("math domain error")
    m, e = _decompose(x)
    shift = 120 - m.bit_length()
    if (e - shift) & 1:
        shift += 1
    m <<= shift
    e -= shift
    s = _isqrt(m)
    sticky = 1 if s * s != m else 0
    return _round_to_float(2 * s + sticky, (e >> 1) - 1)


def _sin_cos(x):
    """(sin x, cos x), each correctly rounded (for |x| < 2**60)."""
    ax = -x if x < 0 else x
    if ax < 7.450580596923828e-09:   # 2**-27
        return x, 1.0
    p = 128
    m, e = _decompose(ax)
    v = _fixed(m, e, p)
    half_pi = _PI_256 >> (256 - p + 1)
    k = (2 * v + half_pi) // (2 * half_pi)
    r = v - k * half_pi
    neg = r < 0
    if neg:
        r = -r
    r2 = (r * r) >> p
    # sin r
    s = r
    t = r
    n = 1
    while True:
        t = (t * r2 >> p) // ((n + 1) * (n + 2))
        if t == 0:
            break
        n += 2
        if n & 2:
            s -= t
        else:
            s += t
    # cos r
    one = 1 << p
    c = one
    t = one
    n = 0
    while True:
        t = (t * r2 >> p) // ((n + 1) * (n + 2))
        if t == 0:
            break
        n += 2
        if n & 2:
            c -= t
        else:
            c += t
    if neg:
        s = -s
    q = k & 3
    if q == 0:
        sv, cv = s, c
    elif q == 1:
        sv, cv = c, -s
    elif q == 2:
        sv, cv = -s, -c
    else:
        sv, cv = -c, s
    sf = _fixed_to_float(sv, p)
    if x < 0:
        sf = -sf
    return sf, _fixed_to_float(cv, p)


_TWOPI = 6.283185307179586
_NV_MAGICCONST = 1.7155277699214135   # 4 * exp(-0.5) / sqrt(2.0)
_BPF = 53
_RECIP_BPF = 1.0 / 9007199254740992.0

# ---------------------------------------------------------------------------
# MT19937

_N = 624
_M = 397


def _bisect_right(a, x, lo, hi):
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _entropy():
    try:
        from os import urandom
        return int.from_bytes(urandom(32), "big")
    except Exception:
        pass
    try:
        from time import time_ns
        t = time_ns()
    except Exception:
        t = 0
    return (t << 64) ^ (id(object()) << 16) ^ hash(str(t))


class Random:
    VERSION = 3

    def __init__(self, x=None):
        self._mt = [0] * _N
        self._index = _N
        self.gauss_next = None
        self.seed(x)

    # -- core generator -----------------------------------------------------

    def _init_genrand(self, s):
        mt = self._mt
        mt[0] = s & 0xFFFFFFFF
        prev = mt[0]
        for i in range(1, _N):
            prev = (1812433253 * (prev ^ (prev >> 30)) + i) & 0xFFFFFFFF
            mt[i] = prev
        self._index = _N

    def _init_by_array(self, key):
        self._init_genrand(19650218)
        mt = self._mt
        i = 1
        j = 0
        nkey = len(key)
        k = _N if _N > nkey else nkey
        while k:
            prev = mt[i - 1]
            mt[i] = ((mt[i] ^ ((prev ^ (prev >> 30)) * 1664525)) + key[j] + j) & 0xFFFFFFFF
            i += 1
            j += 1
            if i >= _N:
                mt[0] = mt[_N - 1]
                i = 1
            if j >= nkey:
                j = 0
            k -= 1
        k = _N - 1
        while k:
            prev = mt[i - 1]
            mt[i] = ((mt[i] ^ ((prev ^ (prev >> 30)) * 1566083941)) - i) & 0xFFFFFFFF
            i += 1
            if i >= _N:
                mt[0] = mt[_N - 1]
                i = 1
            k -= 1
        mt[0] = 0x80000000
        self._index = _N

    def _twist(self):
        mt = self._mt
        for kk in range(_N - _M):
            y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7FFFFFFF)
            v = mt[kk + _M] ^ (y >> 1)
            if y & 1:
                v ^= 0x9908B0DF
            mt[kk] = v
        for kk in range(_N - _M, _N - 1):
            y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7FFFFFFF)
            v = mt[kk + _M - _N] ^ (y >> 1)
            if y & 1:
                v ^= 0x9908B0DF
            mt[kk] = v
        y = (mt[_N - 1] & 0x80000000) | (mt[0] & 0x7FFFFFFF)
        v = mt[_M - 1] ^ (y >> 1)
        if y & 1:
            v ^= 0x9908B0DF
        mt[_N - 1] = v
        self._index = 0

    def _genrand32(self):
        if self._index >= _N:
            self._twist()
        y = self._mt[self._index]
        self._index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        return y ^ (y >> 18)

    def seed(self, a=None, version=2):
        if a is None:
            a = _entropy()
        elif isinstance(a, (str, bytes, bytearray)):
            raise NotImplementedError(
                "seeding from str/bytes needs SHA-512, which this random module "
                "leaves out; use an int seed")
        elif isinstance(a, float):
            a = hash(a)
        elif not isinstance(a, int):
            raise TypeError("The only supported seed types are: None,\n"
                            "int, float, str, bytes, and bytearray.")
        if a < 0:
            a = -a
        key = []
        while a:
            key.append(a & 0xFFFFFFFF)
            a >>= 32
        if not key:
            key.append(0)
        self._init_by_array(key)
        self.gauss_next = None

    def getstate(self):
        return (self.VERSION, tuple(self._mt) + (self._index,), self.gauss_next)

    def setstate(self, state):
        version = state[0]
        if version != 3:
            raise ValueError("state with version %s passed to Random.setstate() "
                             "of version %s" % (version, self.VERSION))
        internal = state[1]
        gauss_next = state[2]
        if not isinstance(internal, tuple):
            raise TypeError("state vector must be a tuple")
        if len(internal) != _N + 1:
            raise ValueError("state vector is the wrong size")
        words = []
        for w in internal:
            if not isinstance(w, int):
                raise TypeError("state vector items must be integers")
            words.append(w & 0xFFFFFFFF)
        index = internal[_N]
        if index < 0 or index > _N:
            raise ValueError("invalid state")
        self._mt = words[:_N]
        self._index = index
        self.gauss_next = gauss_next

    def random(self):
        a = self._genrand32() >> 5
        b = self._genrand32() >> 6
        return (a * 67108864.0 + b) * _RECIP_BPF

    def getrandbits(self, k):
        if k < 0:
            raise ValueError("number of bits must be non-negative")
        if k <= 32:
            if k == 0:
                return 0
            return self._genrand32() >> (32 - k)
        result = 0
        shift = 0
        while k > 0:
            r = self._genrand32()
            if k < 32:
                r >>= 32 - k
            result |= r << shift
            shift += 32
            k -= 32
        return result

    def randbytes(self, n):
        return self.getrandbits(n * 8).to_bytes(n, "little")

    # -- integers -----------------------------------------------------------

    def _randbelow(self, n):
        k = n.bit_length()
        r = self.getrandbits(k)
        while r >= n:
            r = self.getrandbits(k)
        return r

    def randrange(self, start, stop=None, step=1):
        istart = _index(start, 1)
        if stop is None:
            if step != 1:
                raise TypeError("Missing a non-None stop argument")
            if istart > 0:
                return self._randbelow(istart)
            raise ValueError("empty range for randrange()")
        istop = _index(stop, 2)
        width = istop - istart
        istep = _index(step, 3)
        if istep == 1:
            if width > 0:
                return istart + self._randbelow(width)
            raise ValueError("empty range for randrange() (%d, %d, %d)"
                             % (istart, istop, width))
        if istep > 0:
            n = (width + istep - 1) // istep
        elif istep < 0:
            n = (width + istep + 1) // istep
        else:
            raise ValueError("zero step for randrange()")
        if n <= 0:
            raise ValueError("empty range for randrange()")
        return istart + istep * self._randbelow(n)

    def randint(self, a, b):
        return self.randrange(a, b + 1)

    # -- sequences ----------------------------------------------------------

    def choice(self, seq):
        if not len(seq):
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._randbelow(len(seq))]

    def shuffle(self, x):
        randbelow = self._randbelow
        i = len(x) - 1
        while i > 0:
            j = randbelow(i + 1)
            x[i], x[j] = x[j], x[i]
            i -= 1

    def sample(self, population, k, *, counts=None):
        if isinstance(population, (set, frozenset, dict)) or \
                not hasattr(population, "__getitem__") or not hasattr(population, "__len__"):
            raise TypeError("Population must be a sequence.  "
                            "For dicts or sets, use sorted(d).")
        n = len(population)
        if counts is not None:
            cum_counts = []
            total = 0
            for c in counts:
                total = total + c
                cum_counts.append(total)
            if len(cum_counts) != n:
                raise ValueError("The number of counts does not match the population")
            total = cum_counts.pop()
            if not isinstance(total, int):
                raise TypeError("Counts must be integers")
            if total <= 0:
                raise ValueError("Total of counts must be greater than zero")
            selections = self.sample(range(total), k=k)
            hi = len(cum_counts)
            return [population[_bisect_right(cum_counts, s, 0, hi)] for s in selections]
        randbelow = self._randbelow
        if not 0 <= k <= n:
            raise ValueError("Sample larger than population or is negative")
        result = [None] * k
        setsize = 21
        if k > 5:
            # 4 ** ceil(log(3k, 4)); 3k is never a power of 4
            p = 1
            while p < k * 3:
                p *= 4
            setsize += p
        if n <= setsize:
            pool = list(population)
            for i in range(k):
                j = randbelow(n - i)
                result[i] = pool[j]
                pool[j] = pool[n - i - 1]
        else:
            selected = set()
            for i in range(k):
                j = randbelow(n)
                while j in selected:
                    j = randbelow(n)
                selected.add(j)
                result[i] = population[j]
        return result

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        random = self.random
        n = len(population)
        if cum_weights is None:
            if weights is None:
                n += 0.0
                return [population[int(random() * n)] for i in range(k)]
            cum_weights = []
            total = 0
            try:
                for w in weights:
                    total = total + w
                    cum_weights.append(total)
            except TypeError:
                if not isinstance(weights, int):
                    raise
                raise TypeError("The number of choices must be a keyword argument: k=%d"
                                % weights) from None
        elif weights is not None:
            raise TypeError("Cannot specify both weights and cumulative weights")
        if len(cum_weights) != n:
            raise ValueError("The number of weights does not match the population")
        total = cum_weights[-1] + 0.0
        if total <= 0.0:
            raise ValueError("Total of weights must be greater than zero")
        if total != total or total == _INF or total == -_INF:
            raise ValueError("Total of weights must be finite")
        hi = n - 1
        return [population[_bisect_right(cum_weights, random() * total, 0, hi)]
                for i in range(k)]

    # -- real distributions -------------------------------------------------

    def uniform(self, a, b):
        return a + (b - a) * self.random()

    def triangular(self, low=0.0, high=1.0, mode=None):
        u = self.random()
        try:
            c = 0.5 if mode is None else (mode - low) / (high - low)
        except ZeroDivisionError:
            return low
        if u > c:
            u = 1.0 - u
            c = 1.0 - c
            low, high = high, low
        return low + (high - low) * _sqrt(u * c)

    def normalvariate(self, mu=0.0, sigma=1.0):
        random = self.random
        while True:
            u1 = random()
            u2 = 1.0 - random()
            z = _NV_MAGICCONST * (u1 - 0.5) / u2
            zz = z * z / 4.0
            if zz <= -_log(u2):
                break
        return mu + z * sigma

    def gauss(self, mu=0.0, sigma=1.0):
        z = self.gauss_next
        self.gauss_next = None
        if z is None:
            x2pi = self.random() * _TWOPI
            g2rad = _sqrt(-2.0 * _log(1.0 - self.random()))
            s, c = _sin_cos(x2pi)
            z = c * g2rad
            self.gauss_next = s * g2rad
        return mu + z * sigma

    def lognormvariate(self, mu, sigma):
        return _exp(self.normalvariate(mu, sigma))

    def expovariate(self, lambd):
        return -_log(1.0 - self.random()) / lambd

    def paretovariate(self, alpha):
        u = 1.0 - self.random()
        return u ** (-1.0 / alpha)

    def weibullvariate(self, alpha, beta):
        u = 1.0 - self.random()
        return alpha * (-_log(u)) ** (1.0 / beta)


def _index(value, argno):
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if value == int(value):
            return int(value)
        raise ValueError("non-integer arg %d for randrange()" % argno)
    raise TypeError("'%s' object cannot be interpreted as an integer"
                    % type(value).__name__)


_inst = Random()
seed = _inst.seed
random = _inst.random
uniform = _inst.uniform
triangular = _inst.triangular
randint = _inst.randint
choice = _inst.choice
randrange = _inst.randrange
sample = _inst.sample
shuffle = _inst.shuffle
choices = _inst.choices
normalvariate = _inst.normalvariate
lognormvariate = _inst.lognormvariate
expovariate = _inst.expovariate
paretovariate = _inst.paretovariate
weibullvariate = _inst.weibullvariate
gauss = _inst.gauss
getstate = _inst.getstate
setstate = _inst.setstate
getrandbits = _inst.getrandbits
randbytes = _inst.randbytes
