#pragma once
#include <stdint.h>
#include "arch/arch.h"

#define MULTIBOOT2_LOADER_MAGIC 0x36D76289u

/* Fills `bi` from the loader's information; returns -1 when `magic` says we
 * were not started by a Multiboot2 loader. `rsdp` gets the ACPI RSDP copy. */
int multiboot2_parse(uint32_t magic, uintptr_t info, struct boot_info *bi, uintptr_t *rsdp);
