# sha256 hex digests
import hashlib
print(hashlib.sha256(b"").hexdigest())
print(hashlib.sha256(b"abc").hexdigest())
print(hashlib.sha256("TensorOS é".encode()).hexdigest())
h = hashlib.sha256()
h.update(b"hello ")
h.update(b"world")
print(h.hexdigest(), h.hexdigest() == hashlib.sha256(b"hello world").hexdigest())
print(hashlib.sha256(b"a" * 1000).hexdigest(), len(hashlib.sha256(b"x").digest()))
print(hashlib.sha256(bytes(range(256)) * 4).hexdigest()[:16])
