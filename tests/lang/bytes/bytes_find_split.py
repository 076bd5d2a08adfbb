# parsing binary protocols with find/split
packet = b"HDR|len=5|payload=hello|crc=1a2b"
fields = packet.split(b"|")
print(fields[0], fields[1:])
kv = dict(f.split(b"=", 1) for f in fields[1:])
print(kv, int(kv[b"len"]), kv[b"payload"].decode(), int(kv[b"crc"], 16))
print(packet.find(b"payload"), packet.index(b"|", 4), packet.count(b"="), packet.partition(b"|")[2][:5])
lines = b"line1\r\nline2\nline3"
print(lines.splitlines(), lines.split(b"\n"))
