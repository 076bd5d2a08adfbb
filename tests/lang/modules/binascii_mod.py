# binascii hexlify/unhexlify/crc32/base64
import binascii
print(binascii.hexlify(b"TensorOS"), binascii.unhexlify("54656e736f72"), binascii.hexlify(b"\x00\xff", "-"))
print(binascii.crc32(b"hello world"), binascii.crc32(b""), binascii.crc32(b"a", 12345))
print(binascii.b2a_base64(b"any carnal pleas"), binascii.a2b_base64("YW55IGNhcm5hbCBwbGVhcw=="))
print(binascii.b2a_hex(b"xyz"), binascii.a2b_hex(b"78797a"))
try:
    binascii.unhexlify("abc")
except binascii.Error as e:
    print("binascii.Error", e)
