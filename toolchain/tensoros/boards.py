"""What each board is made of: sources, compiler target and flags, link."""

from dataclasses import dataclass, field

# Code every board shares: the portable kernel.
PORTABLE = ["kernel/core/*.c", "kernel/lib/*.c", "kernel/mm/*.c", "kernel/tensor/*.c"]

# The VM (object core + interpreter) and the frozen runtime it runs.
VM = ["kernel/vm/*.c"]
VM_GENERATED = ["jit_stencils", "frozen_runtime", "unicode_tables"]

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
    raw_image: str = ""      # a raw binary made from the ELF after linking (rpi4: kernel8.img)
    # Sources made by the toolchain into build/<board>/gen/ (compiled, and on
    # the include path): names from build.GENERATORS.
    generated: list = field(default_factory=lambda: ["jit_stencils"])


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
        ] + VM,
        cflags=COMMON_CFLAGS + [
            "--target=x86_64-unknown-none-elf", "-mno-red-zone",
            "-mno-mmx", "-msse2",
        ],
        ldflags=["-nostdlib", "-static", "-z", "max-page-size=4096", "--no-pie"],
        output="kernel.elf",
        linker_script="boot/x86_64/kernel.ld",
        checks=["multiboot2"],
        generated=VM_GENERATED,
    ),
    "hosted": Board(
        name="hosted",
        description="the same kernel as a Linux x86_64 process (console on stdin/stdout)",
        sources=PORTABLE + [
            "kernel/arch/hosted/*.c",
            "kernel/arch/x86_64/cpu_features.c",
            "kernel/arch/x86_64/context.c",
        ] + VM,
        cflags=COMMON_CFLAGS + ["--target=x86_64-linux-gnu"],
        ldflags=["-nostdlib", "-static", "--no-pie", "-z", "noexecstack"],
        output="tensoros",
        generated=VM_GENERATED,
    ),
}


# The ARM64 boards share everything but the board folder and the load address.
ARM64_CFLAGS = COMMON_CFLAGS + [
    "--target=aarch64-none-elf", "-march=armv8-a",
    "-mno-omit-leaf-frame-pointer",     # leaf functions keep a frame record: complete backtraces
]
ARM64_SOURCES = PORTABLE + [
    "boot/arm64/entry.S",
    "kernel/arch/arm64/*.c",
    "kernel/arch/arm64/*.S",
    "drivers/uart/pl011.c",
]
ARM64_LDFLAGS = ["-nostdlib", "-static", "-z", "max-page-size=4096", "--no-pie"]

BOARDS["virt"] = Board(
    name="virt",
    description="QEMU's ARM64 virt machine (qemu-system-aarch64 -M virt -kernel kernel.elf)",
    sources=ARM64_SOURCES + VM + ["kernel/arch/arm64/virt/*.c"],
    cflags=ARM64_CFLAGS + ["-DBOARD_VIRT=1"],
    ldflags=ARM64_LDFLAGS,
    output="kernel.elf",
    linker_script="boot/arm64/virt.ld",
    checks=["elf"],
    generated=VM_GENERATED,
)

BOARDS["rpi4"] = Board(
    name="rpi4",
    description="Raspberry Pi 4 (BCM2711) or qemu-system-aarch64 -M raspi4b: kernel8.img",
    sources=ARM64_SOURCES + VM + ["kernel/arch/arm64/rpi4/*.c"],
    cflags=ARM64_CFLAGS + ["-DBOARD_RPI4=1"],
    ldflags=ARM64_LDFLAGS,
    output="kernel.elf",
    linker_script="boot/arm64/rpi4.ld",
    checks=["elf"],
    generated=VM_GENERATED,
    raw_image="kernel8.img",
)
