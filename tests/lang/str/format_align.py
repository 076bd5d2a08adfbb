# str.format alignment table
rows = [("apple", 1.5, 10), ("banana", 0.25, 150), ("kiwi", 12.125, 3)]
print("{:<8}|{:>8}|{:^6}".format("name", "price", "qty"))
print("-" * 24)
for n, p, q in rows:
    print("{:<8}|{:>8.2f}|{:^6d}".format(n, p, q))
print("{:=^24}".format(" end "))
print("{0:>{1}}".format("r", 5), "{:+08.3f}".format(-1.5), "{:#06x}".format(255), "{:,d}".format(-1234567))
