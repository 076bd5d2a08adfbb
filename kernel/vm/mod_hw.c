/* The native `hw` module: what a driver written in the Python subset needs
 * from the hardware, and nothing that decides anything (DESIGN.md: the
 * protocol lives in runtime/drivers, the registers are reached from here).
 * The per-board part is a handful of functions in arch.h ("Device access
 * for drivers"), implemented by arch/x86_64/hw.c and arch/arm64/hw.c; the
 * hosted board has none, and `import hw` raises ImportError there.
 *
 *   inb/inw/inl(port), outb/outw/outl(port, value)   port I/O (pc only)
 *   read8/16/32/64(address), write8/16/32/64(address, value)
 *                           device registers at physical addresses, mapped
 *                           uncached; RAM and the kernel's own devices are
 *                           refused (ValueError), a bus error is OSError
 *   barrier()               full memory barrier (descriptors before doorbells)
 *   dma_alloc(size, zone="dma"|"model", zero=True) -> DMABuffer
 *                           physically contiguous, page aligned, zeroed
 *                           unless zero=False (a device will fill it):
 *                           .address (physical), .size, .zone, and the
 *                           buffer protocol (memoryview(buf), tensor.wrap)
 *   IRQ(line, handler=None) an interrupt line; see below
 *   devices(compatible)     [(address, size, irq)] from the device tree
 *   board                   "pc", "virt", ...
 *
 * Interrupts. The C handler (interrupt context) only masks the line,
 * counts, marks the line pending and sets the VM's safepoint flag. At the
 * next safepoint (a backward jump or call of any bytecode, or IRQ.wait) the
 * Python handler runs, acknowledges the device, and the line is unmasked
 * when it returns: Linux's "oneshot" threaded IRQs, so a level-triggered
 * line cannot storm while Python gets around to it. Without a handler the
 * line stays masked after each interrupt until irq.unmask(). A handler that
 * raises has its traceback printed and its line left masked.
 *   irq.count               interrupts taken so far
 *   irq.wait(count, timeout=5.0) -> the count once it exceeds `count` (and
 *                           the handler has run); blocks only the calling
 *                           green thread (`ps`: blocked on "irq"), the
 *                           others run, and with none to run the CPU sleeps
 *                           (hlt / wfi) until an interrupt; TimeoutError
 *                           after `timeout` seconds (None: no limit)
 *   irq.unmask(), irq.close()
 *
 * DMA buffers are freed by the collector (a finalize hook, as mod_tensor.c
 * does for tensors) once nothing refers to them: a memoryview or a wrapped
 * tensor holds its buffer, so memory devices write to is never reused
 * while Python can still see it. */
#include "vm/interp.h"
#include "vm/gc.h"
#include "arch/arch.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "mm/zone.h"

extern const struct boot_info *boot_info_saved;
extern bool type_init_dict(type_t *t);
extern type_t type_TimeoutError;
extern void (*vm_safepoint_hook)(void);

#define NO_HARDWARE "this board has no hardware access (hw works on the pc, virt and rpi4 boards)"

/* ---- weak defaults: a board without devices (hosted) ---- */
__attribute__((weak)) bool arch_port_read(unsigned port, unsigned width, uint32_t *value, const char **why)
{
    (void)port; (void)width; (void)value;
    *why = NO_HARDWARE;
    return false;
}
__attribute__((weak)) bool arch_port_write(unsigned port, unsigned width, uint32_t value, const char **why)
{
    (void)port; (void)width; (void)value;
    *why = NO_HARDWARE;
    return false;
}
__attribute__((weak)) uintptr_t arch_mmio_map(uint64_t phys, uint64_t len, const char **why)
{
    (void)phys; (void)len;
    *why = NO_HARDWARE;
    return 0;
}
__attribute__((weak)) bool arch_mmio_read(uintptr_t addr, unsigned width, uint64_t *value)
{
    (void)addr; (void)width; (void)value;
    return false;
}
__attribute__((weak)) bool arch_mmio_write(uintptr_t addr, unsigned width, uint64_t value)
{
    (void)addr; (void)width; (void)value;
    return false;
}
__attribute__((weak)) bool arch_irq_attach(unsigned line, void (*handler)(void), const char **why)
{
    (void)line; (void)handler;
    *why = NO_HARDWARE;
    return false;
}
__attribute__((weak)) void arch_irq_detach(unsigned line) { (void)line; }
__attribute__((weak)) void arch_irq_set_masked(unsigned line, bool masked) { (void)line; (void)masked; }
__attribute__((weak)) int arch_find_devices(const char *compatible, struct arch_device *out, int max)
{
    (void)compatible; (void)out; (void)max;
    return -1;
}
__attribute__((weak)) uint64_t arch_physical_address(const void *p) { return (uint64_t)(uintptr_t)p; }
__attribute__((weak)) void arch_memory_barrier(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

/* ---- arguments ---- */

/* An int in [0, 2**64). */
static bool arg_u64(value_t v, const char *fname, const char *what, uint64_t *out)
{
    if (!is_int(v)) {
        vm_raise_type(&type_TypeError, "hw.%s: %s must be an int, not %s", fname, what, type_name_of(v));
        return false;
    }
    if (is_small_int(v)) {
        intptr_t i = small_int_value(v);
        if (i < 0)
            goto out_of_range;
        *out = (uint64_t)i;
        return true;
    }
    if (int_sign(v) < 0)
        goto out_of_range;
    value_t b = int_to_bytes(v, 8, true, false);
    if (!b) {
        vm_take_exception();
        goto out_of_range;
    }
    const uint8_t *p = (const uint8_t *)str_data(b);
    uint64_t r = 0;
    for (int i = 7; i >= 0; i--)
        r = r << 8 | p[i];
    *out = r;
    return true;
out_of_range:
    vm_raise_type(&type_ValueError, "hw.%s: %s must be between 0 and 2**64-1", fname, what);
    return false;
}

/* NULL when [addr, addr+len) touches no RAM and nothing the kernel
 * reserved; else why (into buf). */
static const char *ram_conflict(uint64_t addr, uint64_t len, char *buf, size_t cap)
{
    const struct boot_info *bi = boot_info_saved;
    for (int i = 0; bi && i < bi->region_count; i++) {
        const struct mem_region *r = &bi->regions[i];
        if (r->type == MEM_RESERVED || r->type == MEM_BAD || !r->length)
            continue;
        if (addr < r->base + r->length && r->base < addr + len) {
            snprintf(buf, cap, "the address is RAM (0x%llx-0x%llx), not device registers",
                     (unsigned long long)r->base, (unsigned long long)(r->base + r->length - 1));
            return buf;
        }
    }
    for (int i = 0; bi && i < bi->reserved_count; i++) {
        const struct mem_region *r = &bi->reserved[i];
        if (r->length && addr < r->base + r->length && r->base < addr + len) {
            snprintf(buf, cap, "the address belongs to the kernel (0x%llx-0x%llx: its image or boot data)",
                     (unsigned long long)r->base, (unsigned long long)(r->base + r->length - 1));
            return buf;
        }
    }
    return 0;
}

/* ---- port I/O ---- */

static value_t port_in(const char *fname, unsigned width, const value_t *a, size_t n, value_t kw)
{
    if (!arg_check(fname, n, kw, 1, 1))
        return VALUE_NULL;
    uint64_t port;
    if (!arg_u64(a[0], fname, "port", &port))
        return VALUE_NULL;
    if (port > 0xFFFF)
        return vm_raise_type(&type_ValueError, "hw.%s: port 0x%llx is not an I/O port (0x0-0xFFFF)", fname,
                             (unsigned long long)port);
    uint32_t v;
    const char *why = NO_HARDWARE;
    if (!arch_port_read((unsigned)port, width, &v, &why))
        return vm_raise_type(&type_OSError, "hw.%s(0x%llx): %s", fname, (unsigned long long)port, why);
    return small_int(v);
}

static value_t port_out(const char *fname, unsigned width, const value_t *a, size_t n, value_t kw)
{
    if (!arg_check(fname, n, kw, 2, 2))
        return VALUE_NULL;
    uint64_t port, value;
    if (!arg_u64(a[0], fname, "port", &port) || !arg_u64(a[1], fname, "value", &value))
        return VALUE_NULL;
    if (port > 0xFFFF)
        return vm_raise_type(&type_ValueError, "hw.%s: port 0x%llx is not an I/O port (0x0-0xFFFF)", fname,
                             (unsigned long long)port);
    if (value >> (8 * width))
        return vm_raise_type(&type_ValueError, "hw.%s: value 0x%llx does not fit %u bits", fname,
                             (unsigned long long)value, 8 * width);
    const char *why = NO_HARDWARE;
    if (!arch_port_write((unsigned)port, width, (uint32_t)value, &why))
        return vm_raise_type(&type_OSError, "hw.%s(0x%llx): %s", fname, (unsigned long long)port, why);
    return VALUE_NONE;
}

static value_t hw_inb(const value_t *a, size_t n, value_t kw) { return port_in("inb", 1, a, n, kw); }
static value_t hw_inw(const value_t *a, size_t n, value_t kw) { return port_in("inw", 2, a, n, kw); }
static value_t hw_inl(const value_t *a, size_t n, value_t kw) { return port_in("inl", 4, a, n, kw); }
static value_t hw_outb(const value_t *a, size_t n, value_t kw) { return port_out("outb", 1, a, n, kw); }
static value_t hw_outw(const value_t *a, size_t n, value_t kw) { return port_out("outw", 2, a, n, kw); }
static value_t hw_outl(const value_t *a, size_t n, value_t kw) { return port_out("outl", 4, a, n, kw); }

/* ---- device registers ---- */

static value_t mmio(const char *fname, unsigned width, bool write, const value_t *a, size_t n, value_t kw)
{
    if (!arg_check(fname, n, kw, write ? 2 : 1, write ? 2 : 1))
        return VALUE_NULL;
    uint64_t addr, value = 0;
    if (!arg_u64(a[0], fname, "address", &addr) || (write && !arg_u64(a[1], fname, "value", &value)))
        return VALUE_NULL;
    if (width < 8 && (value >> (8 * width)))
        return vm_raise_type(&type_ValueError, "hw.%s: value 0x%llx does not fit %u bits", fname,
                             (unsigned long long)value, 8 * width);
    if (addr & (width - 1))
        return vm_raise_type(&type_ValueError, "hw.%s: address 0x%llx is not %u-byte aligned", fname,
                             (unsigned long long)addr, width);
    if (addr + width < addr)
        return vm_raise_type(&type_ValueError, "hw.%s: address 0x%llx is past the end of the address space",
                             fname, (unsigned long long)addr);
    char buf[128];
    const char *why = ram_conflict(addr, width, buf, sizeof buf);
    uintptr_t va = 0;
    if (!why)
        va = arch_mmio_map(addr, width, &why);
    if (why || !va)
        return vm_raise_type(&type_ValueError, "hw.%s(0x%llx): %s", fname, (unsigned long long)addr,
                             why ? why : "cannot map the address");
    bool ok = write ? arch_mmio_write(va, width, value) : arch_mmio_read(va, width, &value);
    if (!ok)
        return vm_raise_type(&type_OSError, "hw.%s(0x%llx): bus error, no device answers at this address",
                             fname, (unsigned long long)addr);
    return write ? VALUE_NONE : int_from_u64(value);
}

static value_t hw_read8(const value_t *a, size_t n, value_t kw) { return mmio("read8", 1, false, a, n, kw); }
static value_t hw_read16(const value_t *a, size_t n, value_t kw) { return mmio("read16", 2, false, a, n, kw); }
static value_t hw_read32(const value_t *a, size_t n, value_t kw) { return mmio("read32", 4, false, a, n, kw); }
static value_t hw_read64(const value_t *a, size_t n, value_t kw) { return mmio("read64", 8, false, a, n, kw); }
static value_t hw_write8(const value_t *a, size_t n, value_t kw) { return mmio("write8", 1, true, a, n, kw); }
static value_t hw_write16(const value_t *a, size_t n, value_t kw) { return mmio("write16", 2, true, a, n, kw); }
static value_t hw_write32(const value_t *a, size_t n, value_t kw) { return mmio("write32", 4, true, a, n, kw); }
static value_t hw_write64(const value_t *a, size_t n, value_t kw) { return mmio("write64", 8, true, a, n, kw); }

static value_t hw_barrier(const value_t *a, size_t n, value_t kw)
{
    (void)a;
    if (!arg_check("barrier", n, kw, 0, 0))
        return VALUE_NULL;
    arch_memory_barrier();
    return VALUE_NONE;
}

static value_t hw_devices(const value_t *a, size_t n, value_t kw)
{
    if (!arg_check("devices", n, kw, 1, 1))
        return VALUE_NULL;
    if (!is_str(a[0]))
        return vm_raise_type(&type_TypeError, "hw.devices: compatible must be a str, not %s", type_name_of(a[0]));
    struct arch_device found[64];
    int count = arch_find_devices(str_data(a[0]), found, 64);
    if (count > 64)
        count = 64;
    value_t list = list_new(0);
    for (int i = 0; list && i < count; i++) {
        value_t items[3] = {int_from_u64(found[i].address), int_from_u64(found[i].size), small_int(found[i].irq)};
        value_t t = items[0] && items[1] ? tuple_from_array(items, 3) : VALUE_NULL;
        if (!t || !list_append(list, t))
            return VALUE_NULL;
    }
    return list;
}

/* ---- DMA buffers ---- */

typedef struct {
    obj_t base;
    uint8_t *data;
    size_t size;
    uint64_t address;
    int zone;               /* ZONE_DMA or ZONE_MODEL */
} dma_obj_t;

static type_t type_dma_buffer;
static dma_obj_t **dma_live;          /* kmalloc'd, not a root: the finalize hook's list */
static size_t dma_count, dma_cap;

static void dma_finalize(void)
{
    size_t j = 0;
    for (size_t i = 0; i < dma_count; i++) {
        dma_obj_t *o = dma_live[i];
        if (gc_is_marked(o)) {
            dma_live[j++] = o;
            continue;
        }
        zone_free(o->zone, o->data, o->size);
        o->data = 0;
    }
    dma_count = j;
}

static value_t hw_dma_alloc(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"size", "zone", "zero"};
    value_t a[3];
    if (!arg_parse("dma_alloc", args, nargs, kwnames, 3, names, a, 1))
        return VALUE_NULL;
    uint64_t size;
    if (!arg_u64(a[0], "dma_alloc", "size", &size))
        return VALUE_NULL;
    if (size == 0 || size > (1ull << 40))
        return vm_raise_type(&type_ValueError, "hw.dma_alloc: size must be 1 byte to 1 TiB, not %llu",
                             (unsigned long long)size);
    int zone = ZONE_DMA;
    if (a[1]) {
        if (!is_str(a[1]))
            return vm_raise_type(&type_TypeError, "hw.dma_alloc: zone must be a str, not %s", type_name_of(a[1]));
        if (!strcmp(str_data(a[1]), "model"))
            zone = ZONE_MODEL;
        else if (strcmp(str_data(a[1]), "dma"))
            return vm_raise_type(&type_ValueError, "hw.dma_alloc: zone must be 'dma' or 'model', not '%s'",
                                 str_data(a[1]));
    }
    if (dma_count == dma_cap) {
        size_t cap = dma_cap ? dma_cap * 2 : 32;
        dma_obj_t **grown = krealloc(dma_live, cap * sizeof *grown);
        if (!grown)
            return vm_raise_memory_error();
        dma_live = grown;
        dma_cap = cap;
    }
    dma_obj_t *o = gc_alloc(sizeof *o, GC_LEAF);
    if (!o)
        return VALUE_NULL;
    uint8_t *data = zone_alloc(zone, (size_t)size);
    if (!data) {
        gc_collect();                   /* dead buffers give their pages back */
        data = zone_alloc(zone, (size_t)size);
    }
    if (!data)
        return vm_raise_type(&type_MemoryError, "hw.dma_alloc: no %llu physically contiguous bytes free for the %s zone",
                             (unsigned long long)size, zone_name(zone));
    /* zero=False for a buffer a device is about to fill whole: clearing
     * 100 MB costs half a second under TCG on x86. */
    int zero = a[2] ? vm_truth(a[2]) : 1;
    if (zero < 0) {
        zone_free(zone, data, (size_t)size);
        return VALUE_NULL;
    }
    if (zero)
        memset(data, 0, (size_t)size);
    o->base.type = &type_dma_buffer;
    o->data = data;
    o->size = (size_t)size;
    o->address = arch_physical_address(data);
    o->zone = zone;
    dma_live[dma_count++] = o;
    return obj_value(o);
}

static bool dma_buffer(value_t self, struct buffer_info *out, bool writable)
{
    (void)writable;
    dma_obj_t *o = (dma_obj_t *)self;
    out->data = o->data;
    out->len = o->size;
    out->readonly = false;
    return true;
}

static bool dma_len(value_t self, size_t *out)
{
    *out = ((dma_obj_t *)self)->size;
    return true;
}

static value_t dma_repr(value_t self)
{
    dma_obj_t *o = (dma_obj_t *)self;
    char buf[96];
    snprintf(buf, sizeof buf, "<DMABuffer %zu bytes at physical 0x%llx, %s zone>", o->size,
             (unsigned long long)o->address, zone_name(o->zone));
    return str_new_cstr(buf);
}

static value_t dma_getattr(value_t self, value_t name)
{
    dma_obj_t *o = (dma_obj_t *)self;
    const char *s = str_data(name);
    if (!strcmp(s, "address"))
        return int_from_u64(o->address);
    if (!strcmp(s, "size"))
        return int_from_u64(o->size);
    if (!strcmp(s, "zone"))
        return str_new_cstr(o->zone == ZONE_MODEL ? "model" : "dma");
    return VALUE_MISSING;
}

static type_t type_dma_buffer = {
    .base = {&type_type}, .name = "DMABuffer", .parent = &type_object,
    .repr = dma_repr, .len = dma_len, .getattr = dma_getattr, .buffer = dma_buffer,
};

/* ---- interrupts ---- */

#define IRQ_SLOTS 16

struct irq_slot {
    volatile uint64_t count;        /* interrupts taken */
    volatile int pending;           /* taken, handler not run yet */
    unsigned line;
    bool used;
    bool failed;                    /* the handler raised: the line stays masked */
};

static struct irq_slot slots[IRQ_SLOTS];
static value_t slot_handlers[IRQ_SLOTS];    /* a GC root: callables or None */
static value_t slot_objects[IRQ_SLOTS];     /* a GC root: the IRQ objects while attached */
static bool running_handlers;
static void (*previous_safepoint_hook)(void);

typedef struct {
    obj_t base;
    int slot;               /* -1 once closed */
    unsigned line;
    uint64_t final_count;   /* the count when closed */
} irq_obj_t;

static type_t type_irq;

/* Interrupt context: no allocation, no Python. */
static void irq_fired(int i)
{
    struct irq_slot *s = &slots[i];
    arch_irq_set_masked(s->line, true);
    s->count++;
    s->pending = 1;
    vm_safepoint_flag = 1;
}

#define IRQ_STUB(i) static void irq_stub_##i(void) { irq_fired(i); }
IRQ_STUB(0) IRQ_STUB(1) IRQ_STUB(2) IRQ_STUB(3) IRQ_STUB(4) IRQ_STUB(5) IRQ_STUB(6) IRQ_STUB(7)
IRQ_STUB(8) IRQ_STUB(9) IRQ_STUB(10) IRQ_STUB(11) IRQ_STUB(12) IRQ_STUB(13) IRQ_STUB(14) IRQ_STUB(15)
static void (*const irq_stubs[IRQ_SLOTS])(void) = {
    irq_stub_0, irq_stub_1, irq_stub_2, irq_stub_3, irq_stub_4, irq_stub_5, irq_stub_6, irq_stub_7,
    irq_stub_8, irq_stub_9, irq_stub_10, irq_stub_11, irq_stub_12, irq_stub_13, irq_stub_14, irq_stub_15,
};

static void report_handler_error(unsigned line)
{
    value_t exc = vm_take_exception();
    char buf[96];
    snprintf(buf, sizeof buf, "hw: the handler of IRQ %u raised; the line stays masked:\n", line);
    vm_write_stderr(buf, strlen(buf));
    if (exc)
        vm_print_exception(exc);
}

/* Runs the Python handlers of the lines that fired. Called at safepoints
 * (vm_safepoint_hook); never nested: a handler's own safepoints skip it. */
static void run_irq_handlers(void)
{
    if (previous_safepoint_hook)
        previous_safepoint_hook();
    if (running_handlers)
        return;
    running_handlers = true;
    for (int pass = 0; pass < 8; pass++) {
        bool ran = false;
        for (int i = 0; i < IRQ_SLOTS; i++) {
            struct irq_slot *s = &slots[i];
            if (!s->used || !s->pending)
                continue;
            s->pending = 0;
            ran = true;
            value_t h = slot_handlers[i];
            if (!h || h == VALUE_NONE)
                continue;               /* counter only: masked until irq.unmask() */
            if (!vm_call(h, 0, 0, VALUE_NULL)) {
                report_handler_error(s->line);
                s->failed = true;
                continue;
            }
            if (s->used)                /* the handler may have closed it */
                arch_irq_set_masked(s->line, false);
        }
        if (!ran)
            break;
    }
    for (int i = 0; i < IRQ_SLOTS; i++)
        if (slots[i].used && slots[i].pending)
            vm_safepoint_flag = 1;      /* left for the next safepoint */
    running_handlers = false;
}

static value_t irq_make_new(const type_t *type, const value_t *args, size_t nargs, value_t kwnames)
{
    (void)type;
    static const char *const names[] = {"line", "handler"};
    value_t a[2];
    if (!arg_parse("IRQ", args, nargs, kwnames, 2, names, a, 1))
        return VALUE_NULL;
    uint64_t line;
    if (!arg_u64(a[0], "IRQ", "line", &line))
        return VALUE_NULL;
    value_t handler = a[1] ? a[1] : VALUE_NONE;
    if (handler != VALUE_NONE && !type_of(handler)->call)
        return vm_raise_type(&type_TypeError, "hw.IRQ: handler must be callable or None, not %s",
                             type_name_of(handler));
    int slot = -1;
    for (int i = 0; i < IRQ_SLOTS; i++) {
        if (slots[i].used && slots[i].line == line)
            return vm_raise_type(&type_ValueError, "hw.IRQ: line %llu is already registered (close() it first)",
                                 (unsigned long long)line);
        if (!slots[i].used && slot < 0)
            slot = i;
    }
    if (slot < 0)
        return vm_raise_type(&type_OSError, "hw.IRQ: all %d interrupt slots are in use", IRQ_SLOTS);
    if (line > 0xFFFF)
        return vm_raise_type(&type_ValueError, "hw.IRQ: line %llu does not exist", (unsigned long long)line);
    irq_obj_t *o = gc_alloc(sizeof *o, GC_LEAF);
    if (!o)
        return VALUE_NULL;
    o->base.type = &type_irq;
    o->slot = slot;
    o->line = (unsigned)line;
    struct irq_slot *s = &slots[slot];
    s->count = 0;
    s->pending = 0;
    s->failed = false;
    s->line = (unsigned)line;
    slot_handlers[slot] = handler;
    slot_objects[slot] = obj_value(o);
    s->used = true;
    const char *why = NO_HARDWARE;
    if (!arch_irq_attach((unsigned)line, irq_stubs[slot], &why)) {
        s->used = false;
        slot_handlers[slot] = VALUE_NULL;
        slot_objects[slot] = VALUE_NULL;
        return vm_raise_type(&type_ValueError, "hw.IRQ(%llu): %s", (unsigned long long)line, why);
    }
    return obj_value(o);
}

static struct irq_slot *open_slot(value_t self, const char *fname)
{
    irq_obj_t *o = (irq_obj_t *)self;
    if (o->slot < 0) {
        vm_raise_type(&type_ValueError, "hw.IRQ.%s: IRQ %u is closed", fname, o->line);
        return 0;
    }
    return &slots[o->slot];
}

struct irq_waiter {
    const struct irq_slot *slot;
    uint64_t seen;
};

/* The scheduler asks (any thread, interrupts on): may the waiter go on? */
static bool irq_wait_over(const void *arg)
{
    const struct irq_waiter *w = arg;
    return w->slot->count > w->seen || !w->slot->used;
}

static value_t irq_wait(const value_t *args, size_t nargs, value_t kwnames)
{
    static const char *const names[] = {"self", "count", "timeout"};
    value_t a[3];
    if (!arg_parse("wait", args, nargs, kwnames, 3, names, a, 2))
        return VALUE_NULL;
    uint64_t seen;
    if (!arg_u64(a[1], "IRQ.wait", "count", &seen))
        return VALUE_NULL;
    double timeout = 5.0;
    if (a[2] && a[2] != VALUE_NONE && !vm_as_double(a[2], &timeout))
        return VALUE_NULL;
    if (timeout < 0 || timeout != timeout)
        return vm_raise_type(&type_ValueError, "hw.IRQ.wait: timeout must be a non-negative number of seconds");
    bool forever = a[2] == VALUE_NONE || timeout > 1e9;     /* 30 years: no limit */
    uint64_t deadline = forever ? 0 : arch_time_ns() + (uint64_t)(timeout * 1e9);
    for (;;) {
        struct irq_slot *s = open_slot(args[0], "wait");
        if (!s)
            return VALUE_NULL;
        if (s->count > seen) {
            if (!s->pending || running_handlers)
                return int_from_u64(s->count);
            if (!vm_safepoint())        /* runs the handler (see "Interrupts") */
                return VALUE_NULL;      /* KeyboardInterrupt */
            continue;
        }
        if (vm_safepoint_flag && !vm_safepoint())
            return VALUE_NULL;
        if (!forever && arch_time_ns() >= deadline) {
            value_t items[2] = {small_int(110), VALUE_NULL};
            char buf[128];
            snprintf(buf, sizeof buf, "hw: no interrupt on IRQ %u within %d ms (count still %llu)", s->line,
                     (int)(timeout * 1000), (unsigned long long)s->count);
            items[1] = str_new_cstr(buf);
            if (!items[1])
                return VALUE_NULL;
            value_t e = vm_call(obj_value(&type_TimeoutError), items, 2, VALUE_NULL);
            return e ? vm_raise(e) : VALUE_NULL;
        }
        /* Only this thread waits: the scheduler runs the others and wakes
         * it once the interrupt has counted (or at the deadline). */
        struct irq_waiter w = {s, seen};
        if (!sched_wait_for("irq", irq_wait_over, &w, forever ? 0 : deadline))
            return VALUE_NULL;          /* KeyboardInterrupt, SystemExit (kill) */
    }
}

static value_t irq_unmask(const value_t *args, size_t nargs, value_t kwnames)
{
    if (!arg_check("unmask", nargs, kwnames, 1, 1))
        return VALUE_NULL;
    struct irq_slot *s = open_slot(args[0], "unmask");
    if (!s)
        return VALUE_NULL;
    s->failed = false;
    arch_irq_set_masked(s->line, false);
    return VALUE_NONE;
}

static value_t irq_close(const value_t *args, size_t nargs, value_t kwnames)
{
    if (!arg_check("close", nargs, kwnames, 1, 1))
        return VALUE_NULL;
    irq_obj_t *o = (irq_obj_t *)args[0];
    if (o->slot < 0)
        return VALUE_NONE;
    struct irq_slot *s = &slots[o->slot];
    arch_irq_detach(s->line);
    o->final_count = s->count;
    s->used = false;
    s->pending = 0;
    slot_handlers[o->slot] = VALUE_NULL;
    slot_objects[o->slot] = VALUE_NULL;
    o->slot = -1;
    return VALUE_NONE;
}

static value_t irq_getattr(value_t self, value_t name)
{
    irq_obj_t *o = (irq_obj_t *)self;
    const char *s = str_data(name);
    if (!strcmp(s, "line"))
        return small_int(o->line);
    if (!strcmp(s, "count"))
        return int_from_u64(o->slot >= 0 ? slots[o->slot].count : o->final_count);
    if (!strcmp(s, "closed"))
        return bool_value(o->slot < 0);
    if (!strcmp(s, "handler"))
        return o->slot >= 0 ? slot_handlers[o->slot] : VALUE_NONE;
    return VALUE_MISSING;
}

static value_t irq_repr(value_t self)
{
    irq_obj_t *o = (irq_obj_t *)self;
    char buf[80];
    if (o->slot < 0)
        snprintf(buf, sizeof buf, "<IRQ %u, closed, %llu interrupts>", o->line, (unsigned long long)o->final_count);
    else
        snprintf(buf, sizeof buf, "<IRQ %u, %llu interrupts%s>", o->line,
                 (unsigned long long)slots[o->slot].count, slots[o->slot].failed ? ", handler failed" : "");
    return str_new_cstr(buf);
}

static const method_def_t irq_methods[] = {
    {"wait", irq_wait, 0}, {"unmask", irq_unmask, 0}, {"close", irq_close, 0}, {0, 0, 0},
};

static type_t type_irq = {
    .base = {&type_type}, .name = "IRQ", .parent = &type_object, .methods = irq_methods,
    .repr = irq_repr, .getattr = irq_getattr, .make_new = irq_make_new,
};

/* ---- the module ---- */

static const method_def_t hw_functions[] = {
    {"inb", hw_inb, 0}, {"inw", hw_inw, 0}, {"inl", hw_inl, 0},
    {"outb", hw_outb, 0}, {"outw", hw_outw, 0}, {"outl", hw_outl, 0},
    {"read8", hw_read8, 0}, {"read16", hw_read16, 0}, {"read32", hw_read32, 0}, {"read64", hw_read64, 0},
    {"write8", hw_write8, 0}, {"write16", hw_write16, 0}, {"write32", hw_write32, 0}, {"write64", hw_write64, 0},
    {"barrier", hw_barrier, 0}, {"dma_alloc", hw_dma_alloc, 0}, {"devices", hw_devices, 0},
    {0, 0, 0},
};

value_t init_hw_module(value_t m)
{
    struct arch_device none;
    if (arch_find_devices("", &none, 0) < 0)
        return vm_raise_type(&type_ImportError, "hw: %s", NO_HARDWARE);
    static value_t keep[2];
    static bool ready;
    if (!ready) {
        if (!type_init_dict(&type_irq) || !type_init_dict(&type_dma_buffer))
            return VALUE_NULL;
        keep[0] = type_irq.dict;
        keep[1] = type_dma_buffer.dict;
        if (!gc_add_root(keep, 2) || !gc_add_root(slot_handlers, IRQ_SLOTS) ||
            !gc_add_root(slot_objects, IRQ_SLOTS) || !gc_add_finalize_hook(dma_finalize))
            return VALUE_NULL;
        previous_safepoint_hook = vm_safepoint_hook;
        vm_safepoint_hook = run_irq_handlers;
        ready = true;
    }
    if (!module_add_functions(m, hw_functions))
        return VALUE_NULL;
    value_t board = str_new_cstr(boot_info_saved ? boot_info_saved->board : "unknown");
    if (!board || !dict_set_str(module_dict(m), "board", board) ||
        !dict_set_str(module_dict(m), "IRQ", obj_value(&type_irq)) ||
        !dict_set_str(module_dict(m), "DMABuffer", obj_value(&type_dma_buffer)))
        return VALUE_NULL;
    return m;
}
