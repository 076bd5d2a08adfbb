"""`tensoros run` attaches the model disk: the QEMU arguments for each
board, --disk and --no-disk, and the memory default that leaves room for
both models."""

import argparse

import pytest

from tensoros import cli, qemu


def test_virtio_disk_args_per_board():
    assert qemu.virtio_disk_args("pc", "/x/m.img") == [
        "-drive", "file=/x/m.img,if=none,id=models,format=raw,readonly=on",
        "-device", "virtio-blk-pci,drive=models"]
    assert qemu.virtio_disk_args("virt", "m.img")[-1] == "virtio-blk-device,drive=models"
    with pytest.raises(ValueError, match="rpi4 has no virtio"):
        qemu.virtio_disk_args("rpi4", "m.img")


def test_run_options(monkeypatch, tmp_path):
    args = cli.parser().parse_args(["run", "--board", "virt", "--disk", "other.img"])
    assert cli.disk_args("virt", args)[1].startswith("file=other.img,")
    args = cli.parser().parse_args(["run", "--no-disk"])
    assert cli.disk_args("pc", args) == []
    assert args.memory == "1G"
    # the default: build/models.img, (re)built through the model disk builder
    built = tmp_path / "models.img"
    from tensoros import modeldisk
    monkeypatch.setattr(modeldisk, "model_disk_if_available", lambda quiet=False: built)
    args = cli.parser().parse_args(["run"])
    assert cli.disk_args("pc", args)[1] == f"file={built},if=none,id=models,format=raw,readonly=on"
    monkeypatch.setattr(modeldisk, "model_disk_if_available", lambda quiet=False: None)
    assert cli.disk_args("pc", argparse.Namespace(no_disk=False, disk=None)) == []


def test_files_option_adds_a_second_disk(monkeypatch, tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "app.py").write_text("print(1)\n")
    from tensoros import modeldisk
    out = tmp_path / "files.img"
    monkeypatch.setattr(modeldisk, "FILES_OUTPUT", out)
    monkeypatch.setattr(modeldisk, "build_files_disk",
                        lambda d, output=None, quiet=False: modeldisk.build_image(
                            modeldisk.directory_files(d), out, quiet=True)[0])
    args = cli.parser().parse_args(["run", "--board", "virt", "--no-disk", "--files", str(tmp_path / "files")])
    assert cli.disk_args("virt", args) == [
        "-drive", f"file={out},if=none,id=files,format=raw,readonly=on", "-device", "virtio-blk-device,drive=files"]
    assert out.exists()
    args = cli.parser().parse_args(["run", "--no-disk", "--files", str(tmp_path / "nothing")])
    assert cli.main(["run", "--no-disk", "--files", str(tmp_path / "nothing"), "--print-command"]) == 1
