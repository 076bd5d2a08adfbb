#pragma once
#include <stdint.h>

void acpi_init(uintptr_t rsdp);
