"""runtime/lib/threading.py on CPython, over CPython's real _thread (OS
threads, preempted anywhere): the synchronization built in Python (Thread,
join, RLock, Condition, Semaphore, Event, Timer) must hold up there too.
The same module over the VM's green threads is tested by tests/lang/threads
and the system tests."""

import importlib.util
import time
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[3] / "runtime" / "lib"


@pytest.fixture(scope="module")
def th():
    """runtime/lib/threading.py under another name (CPython's threading stays)."""
    spec = importlib.util.spec_from_file_location("tensoros_lib_threading", LIB / "threading.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_threads_run_and_join_with_results(th):
    out = [None] * 8

    def work(i):
        out[i] = sum(k * i for k in range(1000))

    ts = [th.Thread(target=work, args=(i,)) for i in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert out == [sum(k * i for k in range(1000)) for i in range(8)]
    assert not any(t.is_alive() for t in ts)
    assert th.active_count() == 1 and th.current_thread() is th.main_thread()


def test_join_timeout_and_names(th):
    ev = th.Event()
    t = th.Thread(target=ev.wait, name="waiter")
    t.start()
    started = time.monotonic()
    t.join(0.05)
    assert t.is_alive() and time.monotonic() - started >= 0.04
    assert t in th.enumerate() and t.name == "waiter"
    ev.set()
    t.join()
    assert not t.is_alive() and t not in th.enumerate()
    with pytest.raises(RuntimeError):
        t.start()
    with pytest.raises(RuntimeError):
        th.current_thread().join()


def test_lock_and_rlock_under_contention(th):
    lock = th.RLock()
    box = {"n": 0}

    def add():
        for _ in range(2000):
            with lock:
                with lock:          # re-entered by its owner
                    v = box["n"]
                    time.sleep(0) if v % 500 == 0 else None
                    box["n"] = v + 1

    ts = [th.Thread(target=add) for _ in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert box["n"] == 8000
    with pytest.raises(RuntimeError):
        lock.release()


def test_condition_producer_consumer(th):
    cond = th.Condition()
    items, got = [], []

    def consumer():
        for _ in range(200):
            with cond:
                cond.wait_for(lambda: items)
                got.append(items.pop(0))

    c = th.Thread(target=consumer)
    c.start()
    for i in range(200):
        with cond:
            items.append(i)
            cond.notify()
    c.join(10)
    assert got == list(range(200))
    with pytest.raises(RuntimeError):
        cond.notify()
    with cond:
        assert cond.wait(0.01) is False


def test_semaphore_bounds_concurrency(th):
    sem = th.BoundedSemaphore(3)
    guard = th.Lock()
    inside, peak = [0], [0]

    def limited():
        with sem:
            with guard:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.005)
            with guard:
                inside[0] -= 1

    ts = [th.Thread(target=limited) for _ in range(10)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert 1 <= peak[0] <= 3 and inside[0] == 0
    with pytest.raises(ValueError):
        sem.release()
    assert sem.acquire(False) and sem.acquire(timeout=0.01) and sem.acquire(False)
    assert not sem.acquire(False) and not sem.acquire(timeout=0.01)


def test_excepthook_timer_and_shutdown(th, monkeypatch):
    seen = []
    monkeypatch.setattr(th, "excepthook", lambda args: seen.append((args.exc_type, args.thread.name)))
    t = th.Thread(target=lambda: 1 / 0, name="boom")
    t.start()
    t.join()
    assert seen == [(ZeroDivisionError, "boom")]
    fired = []
    timer = th.Timer(0.01, fired.append, args=("x",))
    timer.start()
    cancelled = th.Timer(10, fired.append, args=("never",))
    cancelled.start()
    cancelled.cancel()
    late = th.Thread(target=time.sleep, args=(0.05,))
    late.start()
    th._shutdown()                      # waits for every non-daemon thread
    assert fired == ["x"] and not late.is_alive() and not cancelled.is_alive()


def test_barrier_rounds_abort_and_reset_under_os_threads(th):
    parties, rounds = 6, 20
    trips = []
    b = th.Barrier(parties, action=lambda: trips.append(len(trips)))
    got = [[] for _ in range(rounds)]

    def party():
        for r in range(rounds):
            got[r].append(b.wait())

    ts = [th.Thread(target=party) for _ in range(parties)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert trips == list(range(rounds))
    assert all(sorted(g) == list(range(parties)) for g in got)
    assert b.n_waiting == 0 and not b.broken
    # abort while some wait; reset makes it whole again
    errors = []

    def waiter():
        try:
            b.wait()
        except th.BrokenBarrierError:
            errors.append(1)

    ts = [th.Thread(target=waiter) for _ in range(3)]
    for t in ts:
        t.start()
    while b.n_waiting < 3:
        time.sleep(0.001)
    b.abort()
    for t in ts:
        t.join()
    assert errors == [1, 1, 1] and b.broken
    with pytest.raises(th.BrokenBarrierError):
        b.wait()
    b.reset()
    assert not b.broken
    with pytest.raises(th.BrokenBarrierError):
        b.wait(timeout=0.01)            # the other parties never come
    assert b.broken
