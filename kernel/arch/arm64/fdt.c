/* Flattened device tree reader (Devicetree Specification v0.4, chapter 5).
 * Every read is checked against the blob's own sizes: a damaged tree gives
 * "not found", never a fault. */
#include "arch/arm64/fdt.h"
#include "lib/string.h"

#define FDT_MAGIC       0xD00DFEED
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

static const uint8_t *blob;
static const uint8_t *structure, *strings;
static uint32_t structure_size, strings_size, total_size, reservations_offset;

uint32_t fdt_read_u32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < cells; i++)
        v = (v << 32) | fdt_read_u32(p + 4 * i);   /* more than 2 cells: the low 64 bits */
    return v;
}

bool fdt_init(const void *p)
{
    blob = 0;
    if (!p || ((uintptr_t)p & 3))
        return false;
    const uint8_t *b = p;
    uint32_t magic = fdt_read_u32(b), size = fdt_read_u32(b + 4);
    uint32_t off_struct = fdt_read_u32(b + 8), off_strings = fdt_read_u32(b + 12);
    uint32_t off_reserve = fdt_read_u32(b + 16), version = fdt_read_u32(b + 20);
    uint32_t size_strings = fdt_read_u32(b + 32), size_struct = fdt_read_u32(b + 36);
    if (magic != FDT_MAGIC || version < 17 || size < 40 || size > (64u << 20))
        return false;
    if (off_struct > size || size_struct > size - off_struct || off_strings > size ||
        size_strings > size - off_strings || off_reserve > size || (off_struct & 3))
        return false;
    blob = b;
    total_size = size;
    structure = b + off_struct;
    structure_size = size_struct;
    strings = b + off_strings;
    strings_size = size_strings;
    reservations_offset = off_reserve;
    return true;
}

bool fdt_present(void) { return blob != 0; }
const void *fdt_blob(void) { return blob; }
uint32_t fdt_total_size(void) { return blob ? total_size : 0; }

static uint32_t token_at(int offset)
{
    if (offset < 0 || (uint32_t)offset + 4 > structure_size)
        return FDT_END;
    return fdt_read_u32(structure + offset);
}

static uint32_t align4(uint32_t v) { return (v + 3) & ~3u; }

/* Offset just past a NUL-terminated string starting at `offset`, padded to
 * 4 bytes, or -1 when it runs off the block. */
static int skip_string(int offset)
{
    for (uint32_t i = (uint32_t)offset; i < structure_size; i++)
        if (structure[i] == 0)
            return (int)align4(i + 1);
    return -1;
}

/* The token after the one at `offset` (properties and names skipped). */
static int next_token(int offset)
{
    switch (token_at(offset)) {
    case FDT_BEGIN_NODE:
        return skip_string(offset + 4);
    case FDT_PROP: {
        if ((uint32_t)offset + 12 > structure_size)
            return -1;
        uint32_t len = fdt_read_u32(structure + offset + 4);
        if (len > structure_size - (uint32_t)offset - 12)
            return -1;
        return (int)align4((uint32_t)offset + 12 + len);
    }
    case FDT_END_NODE:
    case FDT_NOP:
        return offset + 4;
    default:
        return -1;
    }
}

/* Visits every node in document order until visit() returns true. */
static bool walk(bool (*visit)(const struct fdt_node *, void *), void *ctx, struct fdt_node *found)
{
    if (!blob)
        return false;
    struct fdt_node node = { 0 };
    int depth = -1;
    for (int offset = 0; offset >= 0;) {
        uint32_t token = token_at(offset);
        if (token == FDT_BEGIN_NODE) {
            depth++;
            if (depth >= FDT_MAX_DEPTH)
                return false;
            node.offset = offset;
            node.depth = depth;
            node.name = (const char *)structure + offset + 4;
            if (visit(&node, ctx)) {
                if (found)
                    *found = node;
                return true;
            }
            node.parents[depth] = offset;       /* this node is the parent of what follows */
        } else if (token == FDT_END_NODE) {
            if (--depth < -1)
                return false;
        } else if (token == FDT_END) {
            return false;
        }
        offset = next_token(offset);
    }
    return false;
}

const void *fdt_property(const struct fdt_node *node, const char *name, uint32_t *len)
{
    if (!blob || token_at(node->offset) != FDT_BEGIN_NODE)
        return 0;
    int offset = next_token(node->offset);
    size_t name_len = strlen(name);
    while (offset >= 0) {
        uint32_t token = token_at(offset);
        if (token == FDT_PROP) {
            uint32_t plen = fdt_read_u32(structure + offset + 4), nameoff = fdt_read_u32(structure + offset + 8);
            if (nameoff < strings_size && name_len < strings_size - nameoff &&
                memcmp(strings + nameoff, name, name_len + 1) == 0) {
                if (len)
                    *len = plen;
                return structure + offset + 12;
            }
        } else if (token != FDT_NOP) {
            return 0;                           /* properties come before child nodes */
        }
        offset = next_token(offset);
    }
    return 0;
}

bool fdt_property_u32(const struct fdt_node *node, const char *name, uint32_t *out)
{
    uint32_t len;
    const void *p = fdt_property(node, name, &len);
    if (!p || len < 4)
        return false;
    *out = fdt_read_u32(p);
    return true;
}

const char *fdt_property_string(const struct fdt_node *node, const char *name)
{
    uint32_t len;
    const char *p = fdt_property(node, name, &len);
    if (!p || len == 0 || p[len - 1] != 0)
        return 0;
    return p;
}

bool fdt_is_compatible(const struct fdt_node *node, const char *compatible)
{
    uint32_t len;
    const char *p = fdt_property(node, "compatible", &len);
    if (!p)
        return false;
    for (uint32_t i = 0; i < len;) {
        size_t n = strnlen(p + i, len - i);
        if (strcmp(p + i, compatible) == 0 && i + n < len)
            return true;
        i += (uint32_t)n + 1;
    }
    return false;
}

static bool enabled(const struct fdt_node *node)
{
    const char *status = fdt_property_string(node, "status");
    return !status || strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0;
}

/* ---- lookups ---- */

struct path_search {
    const char *components[FDT_MAX_DEPTH];
    int count, matched;
};

static bool name_matches(const char *name, const char *component, size_t n)
{
    if (strncmp(name, component, n) != 0)
        return false;
    if (name[n] == 0)
        return true;
    /* "memory" matches "memory@40000000"; "uart@7e201000" must match exactly. */
    for (size_t i = 0; i < n; i++)
        if (component[i] == '@')
            return false;
    return name[n] == '@';
}

static bool visit_path(const struct fdt_node *node, void *ctx)
{
    struct path_search *s = ctx;
    if (node->depth == 0)
        return s->count == 0;
    if (s->matched > node->depth - 1)
        s->matched = node->depth - 1;
    if (s->matched != node->depth - 1 || node->depth > s->count)
        return false;
    const char *c = s->components[node->depth - 1];
    size_t n = strchr(c, '/') ? (size_t)(strchr(c, '/') - c) : strlen(c);
    if (!name_matches(node->name, c, n))
        return false;
    s->matched = node->depth;
    return s->matched == s->count;
}

bool fdt_find_path(const char *path, struct fdt_node *out)
{
    struct path_search s = { .count = 0, .matched = 0 };
    if (!path || path[0] != '/')
        return false;
    for (const char *p = path + 1; *p && s.count < FDT_MAX_DEPTH;) {
        s.components[s.count++] = p;
        const char *slash = strchr(p, '/');
        if (!slash)
            break;
        p = slash + 1;
    }
    return walk(visit_path, &s, out);
}

static bool visit_compatible(const struct fdt_node *node, void *ctx)
{
    return fdt_is_compatible(node, ctx) && enabled(node);
}

bool fdt_find_compatible(const char *compatible, struct fdt_node *out)
{
    return walk(visit_compatible, (void *)compatible, out);
}

static bool visit_phandle(const struct fdt_node *node, void *ctx)
{
    uint32_t v;
    return (fdt_property_u32(node, "phandle", &v) || fdt_property_u32(node, "linux,phandle", &v)) &&
           v == *(uint32_t *)ctx;
}

bool fdt_find_phandle(uint32_t phandle, struct fdt_node *out)
{
    return walk(visit_phandle, &phandle, out);
}

struct each {
    const char *type;
    int parent_offset, parent_depth;
    void (*visit)(const struct fdt_node *, void *);
    void *ctx;
};

static bool visit_device_type(const struct fdt_node *node, void *ctx)
{
    struct each *e = ctx;
    const char *type = fdt_property_string(node, "device_type");
    if (type && strcmp(type, e->type) == 0 && enabled(node))
        e->visit(node, e->ctx);
    return false;
}

void fdt_for_each_device_type(const char *type, void (*visit)(const struct fdt_node *, void *), void *ctx)
{
    struct each e = { .type = type, .visit = visit, .ctx = ctx };
    walk(visit_device_type, &e, 0);
}

static bool visit_child(const struct fdt_node *node, void *ctx)
{
    struct each *e = ctx;
    if (node->depth == e->parent_depth + 1 && node->parents[e->parent_depth] == e->parent_offset)
        e->visit(node, e->ctx);
    return false;
}

void fdt_for_each_child(const struct fdt_node *parent, void (*visit)(const struct fdt_node *, void *), void *ctx)
{
    struct each e = { .parent_offset = parent->offset, .parent_depth = parent->depth, .visit = visit, .ctx = ctx };
    walk(visit_child, &e, 0);
}

/* ---- addresses and interrupts ---- */

/* A node rebuilt from its offset, for reading an ancestor's properties. */
static struct fdt_node ancestor(const struct fdt_node *node, int depth)
{
    struct fdt_node a = *node;
    a.offset = node->parents[depth];
    a.depth = depth;
    a.name = (const char *)structure + a.offset + 4;
    return a;
}

static uint32_t cells_of(const struct fdt_node *node, const char *name, uint32_t fallback)
{
    uint32_t v;
    if (!fdt_property_u32(node, name, &v) || v > 4)
        return fallback;
    return v;
}

/* Translates a bus address of the children of ancestor `depth` into the
 * address space of its own parent, through its `ranges`. */
static bool translate(const struct fdt_node *node, int depth, uint64_t *address)
{
    struct fdt_node bus = ancestor(node, depth), up = ancestor(node, depth - 1);
    uint32_t len;
    const uint8_t *ranges = fdt_property(&bus, "ranges", &len);
    if (!ranges || len == 0)
        return true;                            /* no ranges property or empty: identity */
    uint32_t child_cells = cells_of(&bus, "#address-cells", 2);
    uint32_t parent_cells = cells_of(&up, "#address-cells", 2);
    uint32_t size_cells = cells_of(&bus, "#size-cells", 1);
    uint32_t entry = 4 * (child_cells + parent_cells + size_cells);
    for (uint32_t i = 0; entry && i + entry <= len; i += entry) {
        uint64_t child = read_cells(ranges + i, child_cells);
        uint64_t parent = read_cells(ranges + i + 4 * child_cells, parent_cells);
        uint64_t size = read_cells(ranges + i + 4 * (child_cells + parent_cells), size_cells);
        if (*address >= child && *address - child < size) {
            *address = parent + (*address - child);
            return true;
        }
    }
    return false;
}

bool fdt_reg(const struct fdt_node *node, int index, uint64_t *address, uint64_t *size)
{
    if (node->depth < 1)
        return false;
    struct fdt_node parent = ancestor(node, node->depth - 1);
    uint32_t address_cells = cells_of(&parent, "#address-cells", 2);
    uint32_t size_cells = cells_of(&parent, "#size-cells", 1);
    uint32_t len, entry = 4 * (address_cells + size_cells);
    const uint8_t *reg = fdt_property(node, "reg", &len);
    if (!reg || entry == 0 || (uint32_t)(index + 1) * entry > len)
        return false;
    uint64_t a = read_cells(reg + index * entry, address_cells);
    uint64_t s = read_cells(reg + index * entry + 4 * address_cells, size_cells);
    for (int d = node->depth - 1; d >= 1; d--)
        if (!translate(node, d, &a))
            return false;
    *address = a;
    if (size)
        *size = s;
    return true;
}

/* The interrupt controller of `node`: its own or the nearest ancestor's
 * interrupt-parent. */
static bool interrupt_parent(const struct fdt_node *node, struct fdt_node *out)
{
    uint32_t phandle;
    if (fdt_property_u32(node, "interrupt-parent", &phandle))
        return fdt_find_phandle(phandle, out);
    for (int d = node->depth - 1; d >= 0; d--) {
        struct fdt_node a = ancestor(node, d);
        if (fdt_property_u32(&a, "interrupt-parent", &phandle))
            return fdt_find_phandle(phandle, out);
    }
    return false;
}

bool fdt_interrupt(const struct fdt_node *node, int index, unsigned *intid)
{
    struct fdt_node controller;
    if (!interrupt_parent(node, &controller) || cells_of(&controller, "#interrupt-cells", 0) != 3)
        return false;
    uint32_t len;
    const uint8_t *p = fdt_property(node, "interrupts", &len);
    if (!p || (uint32_t)(index + 1) * 12 > len)
        return false;
    uint32_t type = fdt_read_u32(p + 12 * index), number = fdt_read_u32(p + 12 * index + 4);
    if (type == 0 && number < 988)
        *intid = 32 + number;                   /* SPI */
    else if (type == 1 && number < 16)
        *intid = 16 + number;                   /* PPI */
    else
        return false;
    return true;
}

uint32_t fdt_clock_frequency(const struct fdt_node *node)
{
    uint32_t len, hz;
    const uint8_t *clocks = fdt_property(node, "clocks", &len);
    struct fdt_node clock;
    if (!clocks || len < 4 || !fdt_find_phandle(fdt_read_u32(clocks), &clock))
        return 0;
    return fdt_property_u32(&clock, "clock-frequency", &hz) ? hz : 0;
}

bool fdt_memory_reservation(int index, uint64_t *address, uint64_t *size)
{
    if (!blob || index < 0)
        return false;
    uint64_t offset = reservations_offset + 16ull * (uint64_t)index;
    if (offset + 16 > total_size)
        return false;
    *address = read_cells(blob + offset, 2);
    *size = read_cells(blob + offset + 8, 2);
    return *address || *size;                   /* the list ends with an all-zero entry */
}
