"""`tensoros bench boot --json`: one JSON object, our figures beside QEMU's floor."""

import json


def test_bench_boot_json(release_iso, capsys):
    from tensoros.cli import main
    assert main(["bench", "boot", "--json", "--runs", "1"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["benchmark"] == "boot" and r["runs"] == 1
    ours = r["ours"]
    kernel_ms = ours["kernel_entry_to_prompt_ms"]["median"]
    wall = ours["qemu_start_to_prompt_s"]["median"]
    assert 0 < kernel_ms < 1000
    assert 0 < ours["qemu_start_to_kernel_entry_s"]["median"] < wall < 30
    assert ours["exit_status"] == [0]                      # poweroff ends QEMU cleanly
    floor = r["peer"]["qemu_start_to_first_serial_byte_s"]["median"]
    assert 0 < floor < wall
    assert r["goals"]["kernel_entry_to_prompt_ms"] == 20.0
    assert r["goals"]["qemu_start_to_prompt_s"] == 1.5
