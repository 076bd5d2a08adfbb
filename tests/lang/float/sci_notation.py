# literals in scientific notation and underscores
print(1e0, 1E1, 1.5e-3, 12e-12, 0e0, 1_000.000_1, 1e1_0)
print(.5e1, 5.e-1, 0.0e-10, 6.0221e23, 6.62607015e-34)
print(1e-7, 1e-6, 1e-5, 0.001, 1e+15, 1e+16, 1.0e16 + 0.5)
print(9.999999999999999e22, 1e22 + 1, 2e22)
print([10.0 ** e for e in range(-6, 18, 3)])
