/* The boot shell: a small command loop in C. The Python shell
 * (runtime/shell) replaces it once the VM is in the image. */
#pragma once

void shell_run(void);
