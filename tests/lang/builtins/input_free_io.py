# output formatting without input(): print to stdout via sys.stdout.write
import sys
sys.stdout.write("written directly\n")
n = sys.stdout.write("abc")
print()
print(n)
print("mixed", flush=True)
sys.stdout.write(str(42) + "\n")
print("a", "b", file=sys.stdout, sep="-")
