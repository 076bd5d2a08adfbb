/* A reader for the flattened device tree (DTB) the loader hands over:
 * nodes by path, compatible string, device_type or phandle; properties;
 * `reg` translated through the parents' `ranges` to CPU physical
 * addresses; GIC interrupt specifiers. Read-only, no allocation. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#define FDT_MAX_DEPTH 16

struct fdt_node {
    int offset;                         /* of its FDT_BEGIN_NODE token in the structure block */
    int depth;                          /* 0 = the root */
    int parents[FDT_MAX_DEPTH];         /* offsets of its ancestors, parents[0] = root */
    const char *name;                   /* "uart@7e201000" */
};

/* Checks the header (magic, version, sizes) and remembers the blob. */
bool fdt_init(const void *blob);
bool fdt_present(void);
const void *fdt_blob(void);
uint32_t fdt_total_size(void);

bool fdt_find_path(const char *path, struct fdt_node *out);           /* "/psci", "/chosen" */
bool fdt_find_compatible(const char *compatible, struct fdt_node *out); /* the first enabled one */
bool fdt_find_phandle(uint32_t phandle, struct fdt_node *out);
/* Calls visit() for each node whose device_type is `type` ("memory"). */
void fdt_for_each_device_type(const char *type, void (*visit)(const struct fdt_node *, void *), void *ctx);
/* Calls visit() for each child of `parent`. */
void fdt_for_each_child(const struct fdt_node *parent, void (*visit)(const struct fdt_node *, void *), void *ctx);

const void *fdt_property(const struct fdt_node *node, const char *name, uint32_t *len);
bool fdt_property_u32(const struct fdt_node *node, const char *name, uint32_t *out);
const char *fdt_property_string(const struct fdt_node *node, const char *name);
bool fdt_is_compatible(const struct fdt_node *node, const char *compatible);

/* Entry `index` of `reg`, as a CPU physical address. */
bool fdt_reg(const struct fdt_node *node, int index, uint64_t *address, uint64_t *size);
/* Entry `index` of `interrupts` as a GIC INTID (3-cell GIC specifiers). */
bool fdt_interrupt(const struct fdt_node *node, int index, unsigned *intid);
/* The clock-frequency of the node the `clocks` property points at, or 0. */
uint32_t fdt_clock_frequency(const struct fdt_node *node);

/* The memory reservation block (/memreserve/ in the source). */
bool fdt_memory_reservation(int index, uint64_t *address, uint64_t *size);

uint32_t fdt_read_u32(const void *p);
