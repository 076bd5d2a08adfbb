"""Codegen proven by execution: each program prints the same under CPython
and under the reference VM running our bytecode."""

import glob
import os

import pytest

from harness import run_cpython, run_refvm

PROGRAM_DIR = os.path.join(os.path.dirname(__file__), 'programs')
PROGRAMS = sorted(glob.glob(os.path.join(PROGRAM_DIR, '*.py')))


@pytest.mark.parametrize('path', PROGRAMS, ids=[os.path.basename(p) for p in PROGRAMS])
def test_program_output_matches_cpython(path):
    with open(path, encoding='utf-8') as handle:
        source = handle.read()
    expected = run_cpython(source)
    assert 'UNCAUGHT' not in expected, expected
    actual = run_refvm(source)
    assert actual == expected
