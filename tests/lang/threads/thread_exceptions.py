# An exception ends only its own thread; threading.excepthook sees it.
import threading

reports = []


def hook(args):
    reports.append((args.exc_type.__name__, str(args.exc_value), args.thread.name))


threading.excepthook = hook


def fails(kind):
    if kind == "zero":
        return 1 // 0
    raise ValueError("bad %s" % kind)


def exits():
    raise SystemExit(3)


ts = [threading.Thread(target=fails, args=("zero",), name="t-zero"),
      threading.Thread(target=fails, args=("x",), name="t-value"),
      threading.Thread(target=exits, name="t-exit")]
for t in ts:
    t.start()
for t in ts:
    t.join()
for r in sorted(reports):
    print(r)
print([t.is_alive() for t in ts])
print("main still runs")
