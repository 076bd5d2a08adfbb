# bytearray mutation
ba = bytearray(b"hello")
ba[0] = 72
ba.append(33)
ba.extend(b" ok")
print(ba, len(ba))
ba[1:3] = b"EE"
print(ba)
ba[1:3] = b""
print(ba)
del ba[0]
print(ba, ba.pop(), ba.pop(0), ba)
ba.insert(0, 65)
ba.reverse()
print(ba, ba.find(b"o"), bytes(ba))
ba2 = bytearray(4)
ba2[::2] = b"\x01\x02"
print(ba2, bytearray(b"ab") * 2, bytearray(b"x") + b"y")
ba3 = bytearray(range(10))
del ba3[::3]
print(list(ba3))
ba3.remove(5)
print(list(ba3), ba3.index(7), ba3.count(7))
ba3.clear()
print(ba3, len(ba3))
