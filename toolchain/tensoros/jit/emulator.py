"""Run AArch64 stencils in unicorn, the way tests check NEON code on x86 hosts."""

import unicorn
from unicorn import arm64_const

from .stencil import patch

CODE_ADDRESS = 0x0010_0000
STACK_ADDRESS = 0x0080_0000
STACK_SIZE = 0x0010_0000
DATA_ADDRESS = 0x0100_0000
PAGE = 0x1000


def _round_up(size):
    return -(-size // PAGE) * PAGE


class Arm64Machine:
    """A bare unicorn AArch64 CPU with a code page, a stack and a data arena.

    Buffers are placed in the arena with `put`, read back with `get`; a
    stencil is called with `call(stencil, values, *args)` where args are
    ints (addresses or counts) passed in x0.. as AAPCS64 says.
    """

    def __init__(self, data_size=16 << 20):
        self.cpu = unicorn.Uc(unicorn.UC_ARCH_ARM64, unicorn.UC_MODE_ARM)
        # Let EL1/EL0 use the FP/SIMD unit (CPACR_EL1.FPEN = 0b11).
        self.cpu.reg_write(arm64_const.UC_ARM64_REG_CPACR_EL1, 3 << 20)
        self.cpu.mem_map(STACK_ADDRESS, STACK_SIZE)
        self.data_size = _round_up(data_size)
        self.cpu.mem_map(DATA_ADDRESS, self.data_size)
        self.next_free = DATA_ADDRESS
        self.code_size = 0

    def put(self, data):
        """Copy bytes (or a numpy array) into the arena, 64-byte aligned."""
        data = bytes(memoryview(data).cast("B"))
        address = -(-self.next_free // 64) * 64
        if address + len(data) > DATA_ADDRESS + self.data_size:
            raise MemoryError("unicorn data arena is full")
        self.cpu.mem_write(address, data)
        self.next_free = address + max(len(data), 1)
        return address

    def get(self, address, size):
        return bytes(self.cpu.mem_read(address, size))

    def reset_arena(self):
        self.next_free = DATA_ADDRESS

    def call(self, stencil, values, *args):
        code = patch(stencil, values, CODE_ADDRESS)
        size = _round_up(len(code) + 4)
        if size > self.code_size:
            if self.code_size:
                self.cpu.mem_unmap(CODE_ADDRESS, self.code_size)
            self.cpu.mem_map(CODE_ADDRESS, size)
            self.code_size = size
        self.cpu.mem_write(CODE_ADDRESS, code)
        return_address = CODE_ADDRESS + len(code)
        self.cpu.mem_write(return_address, b"\x00\x00\x20\xd4")  # brk #0, never reached
        for index, value in enumerate(args):
            self.cpu.reg_write(arm64_const.UC_ARM64_REG_X0 + index, value)
        self.cpu.reg_write(arm64_const.UC_ARM64_REG_SP, STACK_ADDRESS + STACK_SIZE - 256)
        self.cpu.reg_write(arm64_const.UC_ARM64_REG_LR, return_address)
        self.cpu.emu_start(CODE_ADDRESS, return_address)
        return self.cpu.reg_read(arm64_const.UC_ARM64_REG_X0)

    def read_s0(self):
        """The float result register of a function returning float."""
        import struct
        raw = self.cpu.reg_read(arm64_const.UC_ARM64_REG_S0)
        return struct.unpack("<f", struct.pack("<I", raw & 0xFFFFFFFF))[0]
