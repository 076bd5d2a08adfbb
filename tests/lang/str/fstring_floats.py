# f-string float formats across many values
for v in [0.0, -0.0, 0.5, 1.25, -2.675, 100.0, 1234.5678, 1e-5, 3.0e10, 1/7]:
    print(f"{v}|{v:.2f}|{v:10.3f}|{v:<10.1e}|{v:g}|{v:.3g}|{v:+.1%}|{v:,.2f}|{v:08.2f}")
