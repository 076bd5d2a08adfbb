"""hw.IRQ.wait blocks only the calling green thread (kernel/vm/mod_hw.c over
thread.c's sched_wait_for): on the pc board, with the CMOS clock's periodic
interrupt (IRQ 8, ports 0x70/0x71, which the kernel leaves to drivers) as an
interrupt source the test switches on and off. While one thread waits on
the line, the scheduler never picks it (`kernel.threads()` shows it blocked
on "irq" and its switch count stays put) and the other thread computes;
the waiter wakes when the interrupt comes, its handler having run, and a
timeout or Ctrl-C still ends a wait that nothing answers."""

import time

from .virtio_disk_data import guest, guest_int

# The RTC: register A's low 4 bits are the periodic rate (13: 8 Hz),
# register B's bit 6 enables the periodic interrupt, reading register C
# acknowledges it (QEMU lowers the line then).
SETUP = (
    'exec("def rtc_reg(r, v=None):\\n'
    ' hw.outb(0x70, r)\\n'
    ' if v is None: return hw.inb(0x71)\\n'
    ' hw.outb(0x71, v)\\n'
    'def waiter(irq, seen, timeout, out):\\n'
    ' try: out.append(irq.wait(seen, timeout))\\n'
    ' except Exception as e: out.append(type(e).__name__)\\n'
    'def info(name):\\n'
    ' return [t for t in kernel.threads() if t[\'name\'] == name][0]\\n'
    'def periodic(on):\\n'
    ' rtc_reg(0x0A, (rtc_reg(0x0A) & 0xF0) | 13)\\n'
    ' rtc_reg(0x0B, (rtc_reg(0x0B) & ~0x40) | (0x40 if on else 0))\\n'
    ' rtc_reg(0x0C)")'
)


def test_irq_wait_blocks_only_its_thread(new_machine):
    m = new_machine()
    guest(m, "import hw, kernel, threading, time")
    guest(m, SETUP)
    guest(m, "periodic(False); handled = []; "
             "irq = hw.IRQ(8, lambda: handled.append(rtc_reg(0x0C))); out = []")
    guest(m, "t = threading.Thread(target=waiter, args=(irq, 0, 60, out), name='irqwaiter'); "
             "t.start(); time.sleep(0.05)")
    state = guest(m, "w = info('irqwaiter'); print(w['state'], w['wait'], out)")
    assert state == "blocked irq []", state
    # the main thread computes for many time slices; the waiter is never run meanwhile
    out = guest(m, "s0 = info('irqwaiter')['switches']; n = sum(1 for i in range(400000)); "
                   "print(n, info('irqwaiter')['switches'] - s0, out)", timeout=120)
    assert out == "400000 0 []", out
    # the interrupt wakes it, after its handler ran
    out = guest(m, "periodic(True); t.join(20); periodic(False); "
                   "print(t.is_alive(), len(out), out[0] >= 1, len(handled) >= out[0])", timeout=60)
    assert out == "False 1 True True", out
    # a wait nobody answers ends with TimeoutError in its thread; the other thread goes on
    out = guest(m, "out2 = []; seen = irq.count; "
                   "t2 = threading.Thread(target=waiter, args=(irq, seen, 0.3, out2), name='irqtimeout'); "
                   "t2.start(); n = sum(1 for i in range(50000)); t2.join(20); print(n, out2, irq.count == seen)",
               timeout=60)
    assert out == "50000 ['TimeoutError'] True", out
    # Ctrl-C ends a wait without a time limit at the prompt
    m.skip_output()
    m.send_line("irq.wait(irq.count, None)")
    m.expect("irq.wait", timeout=10)
    time.sleep(0.5)                     # it is waiting now
    m.send_bytes(b"\x03")
    m.expect("KeyboardInterrupt", timeout=20)
    m.wait_prompt(timeout=20)
    guest(m, "irq.close()")
    assert guest_int(m, "6 * 7") == 42
