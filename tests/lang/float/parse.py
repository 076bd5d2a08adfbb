# float() parsing
for s in ["1", "1.5", "-2.25", "  3.0  ", "1e3", "1E-3", ".5", "5.", "+7.25", "1_000.5", "0.1e1",
          "inf", "-INF", "nan", "infinity", "-Infinity", "1e500", "-1e-500", "00012.500", "1.7976931348623157e308"]:
    print(repr(s), float(s))
print(float(3), float(True), float(2 ** 60), float("0x10" if False else "16"))
for bad in ["", "abc", "1.2.3", "1e", "--1", "1_", "nan1", "0x10"]:
    try:
        float(bad)
    except ValueError as e:
        print("ValueError", e)
