# f-string numeric formats across many values
for v in [0, 1, -1, 7, 255, 1000, -4096, 123456789]:
    print(f"{v:d}|{v:5d}|{v:<6}|{v:+}|{v:x}|{v:#X}|{v:o}|{v:b}|{v:,}|{v:e}|{v:.1f}|{v:%}")
