# raising SystemExit with a string message exits with status 1
import sys
print("working")
sys.stdout.flush()
raise SystemExit("fatal: configuration missing")
