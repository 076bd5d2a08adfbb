"""tensoros debug: the QEMU and gdb command lines, and the port probe that
must not itself connect to the gdbstub."""

import socket

from tensoros import debug


def test_gdb_command_stops_at_kmain_with_a_hardware_breakpoint(tmp_path):
    cmd = debug.gdb_command(tmp_path / "kernel.elf", port=4321)
    text = " ".join(cmd)
    assert str(tmp_path / "kernel.elf") in cmd
    assert "target remote 127.0.0.1:4321" in cmd
    assert "hbreak kmain" in cmd                      # GRUB would overwrite a software breakpoint
    assert cmd.index("hbreak kmain") < cmd.index("continue")
    assert "-batch" not in text


def test_gdb_batch_mode_detaches_at_the_end(tmp_path):
    cmd = debug.gdb_command(tmp_path / "k.elf", port=1, breakpoint="shell_run", batch_commands=["bt"])
    assert "-batch" in cmd and "hbreak shell_run" in cmd
    assert cmd[-1] == "detach" and cmd[-3] == "bt"


def test_qemu_command_waits_for_gdb_and_logs_the_console(tmp_path):
    cmd = debug.qemu_command(tmp_path / "x.iso", port=4321, console_port=4322, serial_log=tmp_path / "s.log")
    assert "-S" in cmd
    assert cmd[cmd.index("-gdb") + 1] == "tcp:127.0.0.1:4321"
    assert cmd[cmd.index("-serial") + 1] == "chardev:com1"
    chardev = cmd[cmd.index("-chardev") + 1]
    assert chardev.startswith("socket,id=com1,host=127.0.0.1,port=4322,server=on,wait=off")
    assert f"logfile={tmp_path / 's.log'}" in chardev
    assert "accel=tcg" in cmd[cmd.index("-machine") + 1]
    kvm = debug.qemu_command(tmp_path / "x.iso", port=1, console_port=2, serial_log="l", accel="kvm")
    assert "accel=kvm" in kvm[kvm.index("-machine") + 1]


def test_port_probe_sees_listening_sockets_only():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        assert not debug.port_listening(port)
        assert not debug.port_free(port)
        s.listen()
        assert debug.port_listening(port)
    assert debug.port_free(port)
