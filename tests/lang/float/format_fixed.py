# %-formatting and format() with f/e/g
vals = [0.0, 1.0, -1.5, 3.14159265358979, 123456.789, 1e-7, 6.02214076e23, 0.000123456]
for v in vals:
    print("%f|%.2f|%e|%.3e|%g|%.3g|%10.4f|%-10.1f|" % (v, v, v, v, v, v, v, v))
for v in vals:
    print(format(v, ".1f"), format(v, "E"), format(v, "G"), format(v, "+.2e"), format(v, "08.2f"))
print("%.0f %.0f %.0f %.0f" % (0.5, 1.5, 2.5, 3.5))
print("%.1f %.2f %.3f" % (0.05, 0.125, 2.0005))
