"""What each board is made of: sources, compiler target and flags, link."""

from dataclasses import dataclass, field

# Code every board shares: the portable kernel.
PORTABLE = ["kernel/core/*.c", "kernel/lib/*.c", "kernel/mm/*.c"]

COMMON_CFLAGS = [
    "-std=c11", "-ffreestanding", "-fno-stack-protector", "-fno-omit-frame-pointer",
    "-fno-pic", "-O2", "-g", "-Wall", "-Wextra", "-Werror=implicit-function-declaration",
    "-Ikernel", "-I.",
]


@dataclass
class Board:
    name: str
    description: str
    sources: list            # glob patterns, relative to the repository root
    cflags: list
    ldflags: list
    output: str              # file name of the linked program inside build/<board>/
    linker_script: str = ""
    nasm_format: str = "elf64"
    checks: list = field(default_factory=list)   # image checks run after linking


BOARDS = {
    "pc": Board(
        name="pc",
        description="x86_64 PC or qemu-system-x86_64, booted by GRUB (Multiboot2)",
        sources=PORTABLE + [
            "boot/x86_64/*.asm",
            "kernel/arch/x86_64/*.c",
            "kernel/arch/x86_64/*.asm",
            "drivers/uart/ns16550.c",
            "drivers/vga/vga_text.c",
            "drivers/ps2/ps2_keyboard.c",
        ],
        cflags=COMMON_CFLAGS + [
            "--target=x86_64-unknown-none-elf", "-mno-red-zone",
            "-mno-mmx", "-msse2",
        ],
        ldflags=["-nostdlib", "-static", "-z", "max-page-size=4096", "--no-pie"],
        output="kernel.elf",
        linker_script="boot/x86_64/kernel.ld",
        checks=["multiboot2"],
    ),
    "hosted": Board(
        name="hosted",
        description="the same kernel as a Linux x86_64 process (console on stdin/stdout)",
        sources=PORTABLE + [
            "kernel/arch/hosted/*.c",
            "kernel/arch/x86_64/cpu_features.c",
        ],
        cflags=COMMON_CFLAGS + ["--target=x86_64-linux-gnu"],
        ldflags=["-nostdlib", "-static", "--no-pie", "-z", "noexecstack"],
        output="tensoros",
    ),
}
