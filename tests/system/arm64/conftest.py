"""Fixtures for the ARM64 system tests: images built once per session,
machines that always end (by PID), skips that say why."""

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from arm64_machine import Arm64Machine, unsupported_reason  # noqa: E402
from tensoros import arm64 as tarm64  # noqa: E402

BOARDS = ["virt", "rpi4"]


def require(board):
    reason = unsupported_reason(board)
    if reason:
        pytest.skip(f"{board}: {reason}")


_images = {}


def image(board, debug=False):
    """(kernel ELF, bootable image) of a board, built once per session."""
    if (board, debug) not in _images:
        _images[board, debug] = tarm64.build_image(board, debug=debug)
    return _images[board, debug]


class Arm64Factory:
    """arm64_machine(board, debug=False, boot=True, **kwargs) -> a started
    (and by default booted) machine, ended when the test ends."""

    def __init__(self):
        self.machines = []

    def __call__(self, board, *, debug=False, boot=True, **kwargs):
        require(board)
        _, img = image(board, debug)
        m = Arm64Machine(board, img, debug=debug, **kwargs)
        self.machines.append(m)
        started = time.monotonic()
        m.start()
        if boot:
            m.entry_to_prompt_us = m.wait_boot(timeout=30)
            m.start_to_prompt_s = time.monotonic() - started
        return m

    def close(self):
        for m in self.machines:
            m.close()


@pytest.fixture
def arm64_machine():
    factory = Arm64Factory()
    yield factory
    factory.close()


@pytest.fixture(params=BOARDS)
def board(request):
    require(request.param)
    return request.param


@pytest.fixture(scope="module")
def booted(request):
    """One booted release machine per board, shared by a module's read-only tests."""
    machines = {}

    def get(board):
        if board not in machines:
            require(board)
            _, img = image(board)
            m = Arm64Machine(board, img, name=f"{board}-shared")
            machines[board] = m
            m.start()
            m.entry_to_prompt_us = m.wait_boot(timeout=30)
        return machines[board]

    yield get
    for m in machines.values():
        m.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Attaches the serial log of every ARM64 machine a failing test used."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    machines = []
    for v in getattr(item, "funcargs", {}).values():
        if isinstance(v, Arm64Factory):
            machines += v.machines
        elif isinstance(v, Arm64Machine):
            machines.append(v)
    for m in machines:
        text = m.text
        if len(text) > 12000:
            text = "[... earlier output left out ...]\n" + text[-12000:]
        report.sections.append((f"serial log of {m.name} (pid {m.pid})", text))
        if m.command:
            report.sections.append((f"QEMU command of {m.name}", " ".join(m.command)))
