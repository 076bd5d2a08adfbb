"""threading: CPython's thread API over the VM's green threads (`_thread`).

On TensorOS every thread is a green thread of the one VM: the scheduler
switches between them when a time slice ends (at the next backward jump or
call), when one blocks (a lock, `time.sleep`, console input) or ends. So a
thread that loops forever cannot starve the others, and plain Python
operations on lists and dicts are never cut in half (switches happen only
between bytecode instructions).

Provided: Thread (start, run, join with timeout, is_alive, name, ident,
daemon), Lock, RLock, Condition, Semaphore, BoundedSemaphore, Event, Timer,
Barrier and BrokenBarrierError, local, current_thread, main_thread,
get_ident, get_native_id, active_count, enumerate, excepthook, TIMEOUT_MAX.
Left out: settrace/setprofile, stack_size.
"""

import _thread
import time as _time_module

_start_new_thread = _thread.start_new_thread
_allocate_lock = _thread.allocate_lock
get_ident = _thread.get_ident
get_native_id = _thread.get_ident
Lock = _thread.allocate_lock
ThreadError = _thread.error
TIMEOUT_MAX = _thread.TIMEOUT_MAX

# TensorOS's start_new_thread takes the thread's name (for `ps`) as a 4th
# argument; CPython's does not (this file also runs there, in the tests).
_named_threads = getattr(_thread, "names_threads", False)

# threading.local: the VM's _thread keeps each thread's attributes of a
# local object (see _local below); CPython's has its own _local type.
_local_init = getattr(_thread, "_local_init", None)

_active = {}            # ident -> Thread, for every started thread still running
_limbo = {}             # Thread -> Thread: started, not running yet
_counter = [0]          # for the names Thread-1, Thread-2, ...


def _time():
    return _time_module.monotonic()


def _new_name(prefix):
    _counter[0] += 1
    return "%s-%d" % (prefix, _counter[0])


class _ExceptHookArgs:
    def __init__(self, exc_type, exc_value, exc_traceback, thread):
        self.exc_type = exc_type
        self.exc_value = exc_value
        self.exc_traceback = exc_traceback
        self.thread = thread


def excepthook(args):
    """Prints an exception that ended a thread: its name, then the traceback."""
    import sys
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else get_ident()
    print("Exception in thread %s:" % name, file=sys.stderr)
    print_exception = getattr(sys, "print_exception", None)    # the VM's
    if print_exception is not None:
        print_exception(args.exc_value)
    else:
        import traceback
        traceback.print_exception(args.exc_type, args.exc_value, args.exc_traceback)


class Thread:
    def __init__(self, group=None, target=None, name=None, args=(), kwargs=None, *, daemon=None):
        if group is not None:
            raise AssertionError("group argument must be None for now")
        if name is None:
            name = _new_name("Thread")
            if target is not None:
                target_name = getattr(target, "__name__", None)
                if target_name is not None:
                    name += " (%s)" % target_name
        else:
            name = str(name)
        self._target = target
        self._name = name
        self._args = args
        self._kwargs = {} if kwargs is None else kwargs
        if daemon is None:
            daemon = current_thread().daemon
        self._daemonic = bool(daemon)
        self._ident = None
        self._started = False
        self._done = None           # held while the thread runs: join() waits for it

    def start(self):
        if self._started:
            raise RuntimeError("threads can only be started once")
        done = _allocate_lock()
        done.acquire()
        self._done = done
        self._started = True
        _limbo[self] = self
        try:
            if _named_threads:
                self._ident = _start_new_thread(self._bootstrap, (), None, self._name)
            else:
                self._ident = _start_new_thread(self._bootstrap, ())
        except BaseException:
            _limbo.pop(self, None)
            self._started = False
            done.release()
            raise

    def _bootstrap(self):
        self._ident = get_ident()
        _active[self._ident] = self
        _limbo.pop(self, None)
        try:
            self.run()
        except BaseException as e:
            excepthook(_ExceptHookArgs(type(e), e, e.__traceback__, self))
        finally:
            _active.pop(self._ident, None)
            self._done.release()

    def run(self):
        try:
            if self._target is not None:
                self._target(*self._args, **self._kwargs)
        finally:
            self._target = self._args = self._kwargs = None

    def join(self, timeout=None):
        if not self._started:
            raise RuntimeError("cannot join thread before it is started")
        if self is current_thread():
            raise RuntimeError("cannot join current thread")
        if timeout is None:
            acquired = self._done.acquire()
        elif timeout > 0:
            acquired = self._done.acquire(True, timeout)
        else:
            acquired = self._done.acquire(False)
        if acquired:
            self._done.release()

    def is_alive(self):
        return self._started and self._done.locked()

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, name):
        self._name = str(name)

    @property
    def ident(self):
        return self._ident

    @property
    def native_id(self):
        return self._ident

    @property
    def daemon(self):
        return self._daemonic

    @daemon.setter
    def daemon(self, daemonic):
        if self._started:
            raise RuntimeError("cannot set daemon status of active thread")
        self._daemonic = bool(daemonic)

    def isDaemon(self):
        return self.daemon

    def setDaemon(self, daemonic):
        self.daemon = daemonic

    def getName(self):
        return self.name

    def setName(self, name):
        self.name = name

    def __repr__(self):
        status = "initial"
        if self._started:
            status = "started" if self.is_alive() else "stopped"
        if self._daemonic:
            status += " daemon"
        if self._ident is not None:
            status += " %s" % self._ident
        return "<%s(%s, %s)>" % (type(self).__name__, self._name, status)


class _MainThread(Thread):
    def __init__(self):
        Thread.__init__(self, name="MainThread", daemon=False)
        self._started = True
        self._ident = get_ident()
        self._done = _allocate_lock()
        self._done.acquire()
        _active[self._ident] = self


class _DummyThread(Thread):
    """A thread started with _thread directly: current_thread() there."""

    def __init__(self):
        Thread.__init__(self, name=_new_name("Dummy"), daemon=True)
        self._started = True
        self._ident = get_ident()
        self._done = _allocate_lock()
        self._done.acquire()
        _active[self._ident] = self

    def join(self, timeout=None):
        raise RuntimeError("cannot join a dummy thread")


def current_thread():
    t = _active.get(get_ident())
    return t if t is not None else _DummyThread()


currentThread = current_thread


def main_thread():
    return _main_thread


def active_count():
    return len(_active) + len(_limbo)


activeCount = active_count


def enumerate():
    return list(_active.values()) + list(_limbo.values())


def _shutdown():
    """The end of a program: waits for every thread that is not a daemon."""
    while True:
        pending = [t for t in enumerate()
                   if t is not _main_thread and not t.daemon and t.is_alive()]
        if not pending:
            return
        for t in pending:
            t.join()


class RLock:
    """A lock its owner may acquire again; released after as many releases."""

    def __init__(self):
        self._block = _allocate_lock()
        self._owner = None
        self._count = 0

    def acquire(self, blocking=True, timeout=-1):
        me = get_ident()
        if self._owner == me:
            self._count += 1
            return True
        ok = self._block.acquire(blocking, timeout)
        if ok:
            self._owner = me
            self._count = 1
        return ok

    def release(self):
        if self._owner != get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if not self._count:
            self._owner = None
            self._block.release()

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *args):
        self.release()

    # Condition's protocol: give the lock up entirely while waiting.
    def _is_owned(self):
        return self._owner == get_ident()

    def _release_save(self):
        if self._count == 0:
            raise RuntimeError("cannot release un-acquired lock")
        state = (self._count, self._owner)
        self._count = 0
        self._owner = None
        self._block.release()
        return state

    def _acquire_restore(self, state):
        self._block.acquire()
        self._count, self._owner = state

    def __repr__(self):
        return "<%s %s object owner=%r count=%d>" % (
            "locked" if self._block.locked() else "unlocked", type(self).__name__, self._owner, self._count)


class Condition:
    def __init__(self, lock=None):
        if lock is None:
            lock = RLock()
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release
        self._waiters = []

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *args):
        return self._lock.__exit__(*args)

    def _is_owned(self):
        if isinstance(self._lock, RLock):
            return self._lock._is_owned()
        # A plain lock: owned if it is held (it has no owner).
        if self._lock.acquire(False):
            self._lock.release()
            return False
        return True

    def _release_save(self):
        if isinstance(self._lock, RLock):
            return self._lock._release_save()
        self._lock.release()
        return None

    def _acquire_restore(self, state):
        if isinstance(self._lock, RLock):
            self._lock._acquire_restore(state)
        else:
            self._lock.acquire()

    def wait(self, timeout=None):
        if not self._is_owned():
            raise RuntimeError("cannot wait on un-acquired lock")
        waiter = _allocate_lock()
        waiter.acquire()
        self._waiters.append(waiter)
        saved = self._release_save()
        got = False
        try:
            if timeout is None:
                got = waiter.acquire()
            elif timeout > 0:
                got = waiter.acquire(True, timeout)
            else:
                got = waiter.acquire(False)
            return got
        finally:
            self._acquire_restore(saved)
            if not got and waiter in self._waiters:
                self._waiters.remove(waiter)

    def wait_for(self, predicate, timeout=None):
        end = None
        result = predicate()
        while not result:
            if timeout is not None:
                if end is None:
                    end = _time() + timeout
                else:
                    timeout = end - _time()
                    if timeout <= 0:
                        break
            self.wait(timeout)
            result = predicate()
        return result

    def notify(self, n=1):
        if not self._is_owned():
            raise RuntimeError("cannot notify on un-acquired lock")
        waiters = self._waiters[:n]
        del self._waiters[:n]
        for waiter in waiters:
            try:
                waiter.release()
            except RuntimeError:
                pass                # it stopped waiting (timeout) meanwhile

    def notify_all(self):
        self.notify(len(self._waiters))

    notifyAll = notify_all


class Semaphore:
    def __init__(self, value=1):
        if value < 0:
            raise ValueError("semaphore initial value must be >= 0")
        self._cond = Condition(Lock())
        self._value = value

    def acquire(self, blocking=True, timeout=None):
        if not blocking and timeout is not None:
            raise ValueError("can't specify timeout for non-blocking acquire")
        ok = False
        end = None
        with self._cond:
            while self._value == 0:
                if not blocking:
                    break
                if timeout is not None:
                    if end is None:
                        end = _time() + timeout
                    else:
                        timeout = end - _time()
                        if timeout <= 0:
                            break
                self._cond.wait(timeout)
            else:
                self._value -= 1
                ok = True
        return ok

    def __enter__(self):
        return self.acquire()

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            self._value += n
            for _ in range(n):
                self._cond.notify()

    def __exit__(self, *args):
        self.release()


class BoundedSemaphore(Semaphore):
    def __init__(self, value=1):
        Semaphore.__init__(self, value)
        self._initial_value = value

    def release(self, n=1):
        if n < 1:
            raise ValueError("n must be one or more")
        with self._cond:
            if self._value + n > self._initial_value:
                raise ValueError("Semaphore released too many times")
            self._value += n
            for _ in range(n):
                self._cond.notify()


class Event:
    def __init__(self):
        self._cond = Condition(Lock())
        self._flag = False

    def is_set(self):
        return self._flag

    isSet = is_set

    def set(self):
        with self._cond:
            self._flag = True
            self._cond.notify_all()

    def clear(self):
        with self._cond:
            self._flag = False

    def wait(self, timeout=None):
        with self._cond:
            signaled = self._flag
            if not signaled:
                signaled = self._cond.wait(timeout)
            return signaled


class Timer(Thread):
    """Calls function(*args, **kwargs) after `interval` seconds unless cancel()ed first."""

    def __init__(self, interval, function, args=None, kwargs=None):
        Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = Event()

    def cancel(self):
        self.finished.set()

    def run(self):
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


class BrokenBarrierError(RuntimeError):
    pass


class Barrier:
    """`parties` threads meet in wait(); the last to come releases them all
    (running `action` first, in that thread). wait() gives each a distinct
    index in 0..parties-1. A timeout, abort() or an action that raises breaks
    the barrier: every waiter, and every later wait(), raises
    BrokenBarrierError until reset()."""

    # _state: filling (threads gather), draining (released threads leave),
    # resetting (reset() while threads waited: they leave with an error),
    # broken.
    _FILLING, _DRAINING, _RESETTING, _BROKEN = 0, 1, -1, -2

    def __init__(self, parties, action=None, timeout=None):
        self._cond = Condition(Lock())
        self._action = action
        self._timeout = timeout
        self._parties = parties
        self._state = Barrier._FILLING
        self._count = 0         # threads inside wait()

    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            # a barrier that is still letting the previous round out, or
            # being reset, takes no new threads yet
            while self._state in (Barrier._DRAINING, Barrier._RESETTING):
                self._cond.wait()
            if self._state == Barrier._BROKEN:
                raise BrokenBarrierError
            index = self._count
            self._count += 1
            try:
                if index + 1 == self._parties:
                    self._trip()
                else:
                    self._await_trip(timeout)
                return index
            finally:
                self._count -= 1
                if self._count == 0 and self._state in (Barrier._DRAINING, Barrier._RESETTING):
                    self._state = Barrier._FILLING      # the last one out opens the next round
                    self._cond.notify_all()

    def _trip(self):
        try:
            if self._action is not None:
                self._action()
            self._state = Barrier._DRAINING
            self._cond.notify_all()
        except BaseException:
            self._break()
            raise

    def _await_trip(self, timeout):
        if not self._cond.wait_for(lambda: self._state != Barrier._FILLING, timeout):
            self._break()       # timed out
            raise BrokenBarrierError
        if self._state < 0:     # broken or reset meanwhile
            raise BrokenBarrierError

    def reset(self):
        """Back to the empty state; threads waiting now get BrokenBarrierError."""
        with self._cond:
            if self._count > 0:
                if self._state in (Barrier._FILLING, Barrier._BROKEN):
                    self._state = Barrier._RESETTING
            else:
                self._state = Barrier._FILLING
            self._cond.notify_all()

    def abort(self):
        """Breaks the barrier: waiters and later wait() calls raise BrokenBarrierError."""
        with self._cond:
            self._break()

    def _break(self):
        self._state = Barrier._BROKEN
        self._cond.notify_all()

    @property
    def parties(self):
        return self._parties

    @property
    def n_waiting(self):
        return self._count if self._state == Barrier._FILLING else 0

    @property
    def broken(self):
        return self._state == Barrier._BROKEN


if _local_init is not None:
    class _local:
        """An object whose attributes each thread sees on its own: one thread
        setting `x` does not change another's. Subclasses may define
        __init__; it runs again, with the same arguments, in each thread
        that uses the object. A thread's values go when it ends.

        The VM's _thread does the work (_thread._local_init): the object's
        __dict__ is the calling thread's on every attribute access (not for
        vars(obj), which shows the last thread's)."""

        __module__ = "_thread"      # CPython's name: <_thread._local object at ...>

        def __new__(cls, *args, **kwargs):
            self = object.__new__(cls)
            _local_init(self, args, kwargs)
            return self

    local = _local
else:
    local = _thread._local


_main_thread = _MainThread()
