# retry loops with exceptions
attempts = []
def flaky(n, fail_times):
    attempts.append(n)
    if len(attempts) <= fail_times:
        raise ConnectionError(f"attempt {len(attempts)} failed")
    return f"ok after {len(attempts)}"
def retry(fn, tries):
    last = None
    for i in range(tries):
        try:
            return fn(i)
        except ConnectionError as e:
            last = e
            print("retrying:", e)
    raise RuntimeError("gave up") from last
print(retry(lambda i: flaky(i, 2), 5))
attempts.clear()
try:
    retry(lambda i: flaky(i, 10), 3)
except RuntimeError as e:
    print(e, "|", e.__cause__)
print(issubclass(ConnectionError, OSError))
