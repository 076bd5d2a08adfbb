/* The boot shell: a small command loop in C. The Python shell
 * (runtime/shell) replaces it once the VM is in the image. */
#pragma once
#include <stdbool.h>

void shell_run(void);

/* A command: `run` gets the words of the line (argv[0] is the name). */
struct shell_command {
    const char *name;
    const char *usage;
    const char *help;
    void (*run)(int argc, char **argv);
};

/* Adds a subsystem's commands (a table ended by an all-zero entry) after
 * the built-in ones; false when the shell has no room for another table. */
bool shell_register(const struct shell_command *table);
