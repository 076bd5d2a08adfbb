"""The hosted board gives freed GC heap pages back to Linux: after a peak
of garbage is collected, the process's anonymous resident memory falls
back (gc.c release_free_pages -> arch_memory_unused -> madvise), and the
released memory is reusable and reads as zero-initialized objects."""

PROGRAM = r'''
import gc, kernel

def rss_anon_kib():
    text = kernel.read_file("/proc/self/status")
    if isinstance(text, bytes):
        text = text.decode()
    for line in text.split("\n"):
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    raise SystemExit("no RssAnon line")

gc.collect()
before = rss_anon_kib()
peak_list = [bytearray(1000) for _ in range(40000)]     # ~40 MB of small objects
peak = rss_anon_kib()
del peak_list
gc.collect()
after = rss_anon_kib()
print("grew", peak - before, "kept", after - before)
again = [bytearray(1000) for _ in range(40000)]         # the released pages are used again
print("reused", all(b == bytearray(1000) for b in again[::997]), len(again))
'''


def test_freed_heap_pages_go_back_to_the_host(run_vm):
    status, out, err = run_vm(PROGRAM, timeout=120)
    assert status == 0, err
    words = out.split()
    grew, kept = int(words[1]), int(words[3])
    assert grew > 30000, out                      # the peak really was resident (KiB)
    assert kept < grew // 3, out                  # most of it went back
    assert "reused True 40000" in out, out
