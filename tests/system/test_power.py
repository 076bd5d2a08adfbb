"""poweroff and reboot end or restart the machine cleanly."""

import re


def test_poweroff_ends_qemu_with_status_0(new_machine):
    m = new_machine()
    m.send_line("poweroff")
    m.expect(r"powering off\.\r\n")
    assert m.wait_exit(10) == 0
    assert "KERNEL PANIC" not in m.text


def test_reboot_restarts_the_machine(new_machine):
    m = new_machine(no_reboot=False)
    m.send_line("reboot")
    m.expect(r"rebooting\.\.\.\r\n")
    # The firmware and GRUB run again, and the kernel boots a second time.
    us = m.wait_boot(timeout=30)
    assert us > 0
    assert len(re.findall(r"ready: kernel entry to prompt", m.text)) == 2
    assert m.run("uptime").startswith("up ")
    m.send_line("poweroff")
    assert m.wait_exit(10) == 0


def test_reboot_with_no_reboot_ends_qemu(new_machine):
    m = new_machine(no_reboot=True)
    m.send_line("reboot")
    m.expect(r"rebooting\.\.\.\r\n")
    assert m.wait_exit(10) == 0


def test_qmp_quit_ends_qemu(new_machine):
    m = new_machine()
    m.qmp("quit")
    assert m.wait_exit(10) == 0
