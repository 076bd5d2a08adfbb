"""Fixtures for the system tests: images built once per session, QEMU
machines that always end, and the serial log of every machine a failing
test used, attached to its report."""

import sys
from pathlib import Path

import pytest

from . import harness
from .harness import Machine

HERE = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line("markers", "system: boots TensorOS (QEMU or the hosted board) and drives its console")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.system)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    machines = [v for v in getattr(item, "funcargs", {}).values() if isinstance(v, Machine)]
    for factory in [v for v in getattr(item, "funcargs", {}).values() if isinstance(v, MachineFactory)]:
        machines += factory.machines
    seen = set()
    for m in machines:
        if id(m) in seen:
            continue
        seen.add(id(m))
        text = m.text
        if len(text) > 12000:
            text = "[... earlier output left out ...]\n" + text[-12000:]
        report.sections.append((f"serial log of {m.name} (pid {m.pid})", text))
        err = m.qemu_stderr().strip()
        if err:
            report.sections.append((f"QEMU messages of {m.name}", err))
        if m.command:
            report.sections.append((f"QEMU command of {m.name}", " ".join(m.command)))


@pytest.fixture(scope="session")
def qemu_required():
    if not harness.qemu_available():
        pytest.skip("qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)")


@pytest.fixture(scope="session")
def release_iso(qemu_required):
    return harness.build_iso(debug=False)


@pytest.fixture(scope="session")
def debug_iso(qemu_required):
    return harness.build_iso(debug=True)


@pytest.fixture(scope="session")
def release_elf(release_iso):
    return harness.ROOT / "build/pc/kernel.elf"


@pytest.fixture(scope="session")
def debug_elf(debug_iso):
    return harness.ROOT / "build/pc-debug/kernel.elf"


@pytest.fixture(scope="session")
def hosted_exe():
    sys.path.insert(0, str(harness.ROOT / "toolchain"))
    from tensoros.build import build
    return build("hosted")


class MachineFactory:
    """Starts machines for one test and ends them all when the test ends."""

    def __init__(self, release_iso_path, debug_iso_path_getter):
        self._release = release_iso_path
        self._debug = debug_iso_path_getter
        self.machines = []

    def __call__(self, *, debug=False, boot=True, **kwargs):
        iso = self._debug() if debug else self._release
        m = Machine(iso, debug=debug, **kwargs)
        self.machines.append(m)
        m.start()
        if boot and not kwargs.get("wait_for_gdb") and not kwargs.get("start_paused"):
            m.wait_boot(timeout=60 if kwargs.get("uefi") else 30)
        return m

    def close(self):
        for m in self.machines:
            m.close()


@pytest.fixture
def new_machine(request, release_iso):
    """new_machine(debug=False, uefi=False, boot=True, ...) -> a booted Machine of its own."""
    factory = MachineFactory(release_iso, lambda: request.getfixturevalue("debug_iso"))
    yield factory
    factory.close()


@pytest.fixture(scope="module")
def shell(release_iso):
    """One booted release machine shared by the read-only tests of a module."""
    m = Machine(release_iso, name="shared")
    m.start()
    try:
        m.wait_boot()
        yield m
    finally:
        m.close()
