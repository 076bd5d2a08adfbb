# general format details and the default (repr-like) format spec
for v in (1e16, 1e15, 123456789.0, 0.0001, 0.00001, 1.5e-10, 100.0, 1e100, 12.0, 1/3):
    print(format(v, "g"), format(v, ".10g"), format(v, "#g"), format(v, ""), format(v, ".3"), str(v))
print(f"{0.1:.20f}", f"{1/3:.17g}", f"{2/3:.16e}")
print(f"{1e21:f}", f"{12345.6:.2g}", f"{-0.0:g}", f"{-0.0:+.1f}")
