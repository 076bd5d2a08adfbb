/* The C command table and the boot shell loop. When the VM is in the image
 * the Python shell (runtime/shell) is the console's shell; it reaches these
 * commands through shell_command_at/shell_execute, and this loop only runs
 * if the VM cannot start. */
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

/* The i-th command of all tables (built-in first), NULL past the end. */
const struct shell_command *shell_command_at(int i);
/* Runs a line if its first word names a command; false otherwise (the line
 * may be modified: it is split into words in place). */
bool shell_execute(char *line);
