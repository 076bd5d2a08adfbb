# f-strings: expressions, conversions, nesting
name, n = "World", 7
print(f"Hello, {name}!", f"{n * 6}", f"{n!r}", f"{name!r}", f"{name!s}", f"{'é'!a}")
print(f"{n:5}|{n:<5}|{n:^5}|{n:>5}|{n:05}|{n:+}")
print(f"{[1, 2][0]} {{braces}} {dict(a=1)['a']} {'nested ' + name.lower()}")
w, p = 10, 3
print(f"{3.14159265:{w}.{p}f}|", f"{'x':{'>'}{w}}|")
print(f"{n=}", f"{n + 1 = }", f"{name=!r:>10}" if False else f"{name=}")
print(f"{'a' if n > 5 else 'b'}", f"{(lambda x: x * 2)(4)}", f"{n:#x} {n:#b} {n:#o}")
items = ["a", "b"]
print(f"{len(items)} items: {', '.join(items)}", f"{items[-1]!r:>6}")
print(f"""triple {name}""", f'single {name}', rf"raw\n{n}", fr"{n}\t")
print(f"{1000000:,} {1000000:_} {0.5:.0%} {123.456:e} {255:X}")
