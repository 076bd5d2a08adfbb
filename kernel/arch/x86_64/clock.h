#pragma once
#include <stdint.h>

void x86_clock_init(void);
uint64_t x86_tsc_hz(void);
