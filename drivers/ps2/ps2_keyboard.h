/* PS/2 keyboard on IRQ 1 (scancode set 1): keys become the same bytes a
 * serial terminal sends (ASCII, Ctrl-letters, ESC [ A-D for arrows), so the
 * console's line editor handles both the same way. */
#pragma once

void ps2_keyboard_init(void);
void ps2_keyboard_irq(void);
/* Next byte typed, or -1. */
int ps2_keyboard_read(void);
