# formatting at exact halfway points uses the exact binary value
for v in (0.125, 0.375, 0.625, 0.875, 2.5, 0.5, 1.25, 1.35, 2.675, 0.045):
    print(v, "%.2f" % v, "%.1f" % v, "%.0f" % v, format(v, ".2e"))
print("%.3f" % 1.0005, "%.2f" % 1.455, "%.20f" % 0.1, "%.17f" % 1.1)
print("%.30g" % 0.1, "%.25f" % (1 / 3))
