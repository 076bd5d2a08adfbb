"""The shell's built-in commands: one table, one function each.

A line whose first word names a command runs it; every other line is
Python (see shell.py). Later subsystems (models, git, pseudocode) register
their own commands with `command()`.
"""

import kernel

COMMANDS = {}


class Command:
    def __init__(self, name, usage, summary, run, expected=()):
        self.name = name
        self.usage = usage
        self.summary = summary
        self.run = run
        self.expected = expected        # exception types the shell reports in one line


def command(name, usage, summary, expected=()):
    """Decorator: registers `run(args)` as the command `name`. An exception
    of an `expected` type (a missing or corrupt model file: the user's
    situation, not a bug) is printed as `name: message`; any other keeps
    its traceback."""
    def register(run):
        COMMANDS[name] = Command(name, usage, summary, run, expected)
        return run
    return register


class ArgumentError(Exception):
    """A command line that cannot be split into arguments."""


ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}


def split_args(text):
    """Words separated by blanks; '...' or "..." keeps blanks inside one word,
    and a backslash in double quotes escapes \\ \" \' \n \t:
    `infer smollm2 "Hi, who are you?"` -> ["smollm2", "Hi, who are you?"]."""
    words = []
    word = None
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == " " or c == "\t":
            if word is not None:
                words.append(word)
                word = None
            i += 1
            continue
        if word is None:
            word = ""
        if c == '"' or c == "'":
            end = i + 1
            while end < n and text[end] != c:
                if c == '"' and text[end] == "\\" and end + 1 < n:
                    word += ESCAPES.get(text[end + 1], "\\" + text[end + 1])
                    end += 2
                    continue
                word += text[end]
                end += 1
            if end >= n:
                raise ArgumentError("unclosed %s quote" % c)
            i = end + 1
            continue
        word += c
        i += 1
    if word is not None:
        words.append(word)
    return words


def format_size(n):
    if n >= 1 << 30:
        return "%.2f GiB" % (n / (1 << 30))
    if n >= 1 << 20:
        return "%.2f MiB" % (n / (1 << 20))
    if n >= 1 << 10:
        return "%d KiB" % (n >> 10)
    return "%d B" % n


@command("help", "help", "list the commands")
def cmd_help(args):
    print("commands:")
    for name in sorted(COMMANDS):
        c = COMMANDS[name]
        if len(c.usage) > 18:
            print("  %s\n  %-18s %s" % (c.usage, "", c.summary))
        else:
            print("  %-18s %s" % (c.usage, c.summary))
    print("Anything else is Python: expressions are echoed, blocks continue with '...'.")


@command("uptime", "uptime", "time since boot and timer ticks")
def cmd_uptime(args):
    us = kernel.uptime_us()
    print("up %d.%06d s, %d timer ticks at %d Hz" % (us // 1000000, us % 1000000,
                                                   kernel.timer_ticks(), kernel.timer_hz()))


MEMORY_TYPES = {1: "usable", 2: "reserved", 3: "ACPI reclaimable", 4: "ACPI NVS", 5: "bad"}


@command("mem", "mem", "memory map, free pages, kernel heap, Python heap")
def cmd_mem(args):
    info = kernel.mem_info()
    print("memory map:")
    for base, length, kind in info["regions"]:
        print("  0x%016x-0x%016x %-16s %s" % (base, base + length - 1,
                                             MEMORY_TYPES.get(kind, "reserved"), format_size(length)))
    page = info["page_size"]
    print("pages: %d managed, %d free (%s free of %s)" % (
        info["managed_pages"], info["free_pages"],
        format_size(info["free_pages"] * page), format_size(info["managed_pages"] * page)))
    print("heap: %d blocks, %d bytes in use, %d bytes reserved" % (
        info["heap_blocks"], info["heap_in_use"], info["heap_reserved"]))
    import gc
    print("python heap: %d bytes in use, %d bytes free" % (gc.mem_alloc(), gc.mem_free()))


@command("cpu", "cpu", "CPU vendor, model and features")
def cmd_cpu(args):
    info = kernel.cpu_info()
    print("vendor:   %s" % info["vendor"])
    print("model:    %s" % (info["brand"] or "(no brand string)"))
    print("family %d, model %d, stepping %d" % (info["family"], info["model"], info["stepping"]))
    if info["tsc_hz"]:
        print("clock:    timestamp counter at %.3f MHz" % (info["tsc_hz"] / 1e6))
    print("features: %s" % " ".join(info["features"]))


@command("ps", "ps", "the threads of Python code")
def cmd_ps(args):
    print("  %-4s %-16s %-9s %-9s %s" % ("id", "state", "switches", "cpu ms", "name"))
    for t in kernel.threads():
        state = t["state"]
        if t.get("wait"):
            state += " (" + t["wait"] + ")"
        print("  %-4d %-16s %-9d %-9d %s" % (t["id"], state, t.get("switches", 0), t["cpu_us"] // 1000, t["name"]))


@command("kill", "kill ID", "end a thread (SystemExit in it; ids from ps)")
def cmd_kill(args):
    if len(args) != 1 or not args[0].isdigit():
        print("usage: kill ID")
        return
    try:
        kernel.kill_thread(int(args[0]))
    except ValueError as e:
        print("kill: %s" % e)


@command("run", "run FILE", "run a Python file (pc, virt: from a disk image, see tensoros run --files)")
def cmd_run(args):
    if len(args) != 1:
        print("usage: run FILE")
        return
    import shell.runner
    shell.runner.run_file(args[0])


@command("disk", "disk", "block devices and the files of their disk images")
def cmd_disk(args):
    try:
        import drivers.virtio_blk
        found = drivers.virtio_blk.disks()
    except ImportError as e:         # no `hw` module: the hosted board
        print("disk: no block devices here (%s)" % e)
        return
    except OSError as e:
        print("disk: %s" % e)
        return
    if not found:
        print("no block devices")
        return
    for d in found:
        print("%-4s %10d sectors %11s  %s%s" % (d.name, d.capacity, format_size(d.size), d.transport.name,
                                                ", read-only" if d.read_only else ""))
    import modeldisk
    try:
        images = modeldisk.images()
    except (OSError, ValueError) as e:
        print("model disk: %s" % e)
        return
    if not images:
        print("no disk image (tensoros run attaches build/models.img, and --files DIR another)")
    for md in images:
        print("disk image on %s: %d files" % (md.disk.name, len(md.entries)))
        for path, size in md.files():
            loaded = " (loaded)" if path in md.loaded else ""
            print("  %11s  %s%s" % (format_size(size), path, loaded))


@command("reboot", "reboot", "restart the machine")
def cmd_reboot(args):
    print("rebooting...")
    kernel.reboot()


@command("poweroff", "poweroff", "switch the machine off")
def cmd_poweroff(args):
    print("powering off.")
    kernel.poweroff()


def add_kernel_commands():
    """The commands written in C (jit, tensor, and panic-test in debug
    builds) join the table, unless a Python command has the same name."""
    for name, usage, summary in kernel.c_commands():
        if name not in COMMANDS:
            COMMANDS[name] = Command(name, usage, summary, c_command_runner(name))


def c_command_runner(name):
    def run(args):
        kernel.c_command(" ".join([name] + list(args)))
    return run


add_kernel_commands()
