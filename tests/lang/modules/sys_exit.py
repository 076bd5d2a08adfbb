# sys.exit with a status ends the program; stdout is kept
import sys
print("about to exit")
try:
    sys.exit(3)
except SystemExit as e:
    print("caught exit code", e.code)
sys.stdout.write("still running\n")
sys.exit(0)
print("never")
