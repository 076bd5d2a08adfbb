#include "core/console.h"
#include "arch/arch.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/heap.h"

void console_write(const char *s, size_t n)
{
    arch_console_write(s, n);
}

void kputs(const char *s)
{
    console_write(s, strlen(s));
}

int kvprintf(const char *fmt, va_list ap)
{
    char buf[512];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n < (int)sizeof buf) {
        console_write(buf, (size_t)n);
    } else {
        char *big = kmalloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, copy);
            console_write(big, (size_t)n);
            kfree(big);
        } else {
            console_write(buf, sizeof buf - 1);
        }
    }
    va_end(copy);
    return n;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvprintf(fmt, ap);
    va_end(ap);
    return n;
}

__attribute__((weak)) bool console_ctrl_c(void)
{
    return false;
}

int (*console_wait_hook)(int what);
static int peeked = -1;                 /* a byte console_input_ready took from the device */
static bool reading_line;

bool console_input_ready(void)
{
    if (peeked < 0)
        peeked = arch_console_poll();
    return peeked >= 0;
}

bool console_line_busy(void)
{
    return reading_line;
}

static int next_byte(void)
{
    int c = peeked;
    if (c >= 0) {
        peeked = -1;
        return c;
    }
    return arch_console_poll();
}

int console_getc(void)
{
    for (;;) {
        int c = next_byte();
        if (c >= 0)
            return c;
        if (console_wait_hook) {
            int r = console_wait_hook(CONSOLE_WAIT_BYTE);
            if (r < 0)
                return 3;                   /* interrupted: the line editor's Ctrl-C */
            if (r > 0)
                continue;
        } else if (arch_wait_for_event()) {
            continue;
        }
        return next_byte();                 /* input ended: last bytes, then -1 */
    }
}

/* ---- line editor ---- */

#define HISTORY_SIZE 32

static char *history[HISTORY_SIZE];
static int history_count;               /* entries stored, oldest first */

static void history_add(const char *line)
{
    if (!line[0])
        return;
    if (history_count && strcmp(history[history_count - 1], line) == 0)
        return;
    size_t n = strlen(line) + 1;
    char *copy = kmalloc(n);
    if (!copy)
        return;                         /* history is a convenience: skip it when memory is short */
    memcpy(copy, line, n);
    if (history_count == HISTORY_SIZE) {
        kfree(history[0]);
        memmove(history, history + 1, sizeof(history[0]) * (HISTORY_SIZE - 1));
        history_count--;
    }
    history[history_count++] = copy;
}

static int swallow_lf;                  /* the last line ended with CR: an LF right after it is part of it */

struct editor {
    char *buf;
    size_t cap;
    size_t len;
    size_t cursor;                      /* byte offset, always on a UTF-8 character boundary */
    const char *prompt;
};

static int is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Columns a byte range takes on the terminal: one per UTF-8 character. */
static size_t columns(const char *s, size_t n)
{
    size_t cols = 0;
    for (size_t i = 0; i < n; i++)
        if (!is_continuation((unsigned char)s[i]))
            cols++;
    return cols;
}

static void move_left(size_t cols)
{
    if (cols)
        kprintf("\x1b[%zuD", cols);
}

/* Redraws from the cursor to the end of the line, then puts the cursor back. */
static void redraw_tail(struct editor *e)
{
    console_write(e->buf + e->cursor, e->len - e->cursor);
    console_write("\x1b[K", 3);
    move_left(columns(e->buf + e->cursor, e->len - e->cursor));
}

static void redraw_all(struct editor *e)
{
    console_write("\r", 1);
    kputs(e->prompt);
    console_write(e->buf, e->len);
    console_write("\x1b[K", 3);
    move_left(columns(e->buf + e->cursor, e->len - e->cursor));
}

static void set_text(struct editor *e, const char *text)
{
    size_t n = strnlen(text, e->cap - 1);
    memcpy(e->buf, text, n);
    e->len = e->cursor = n;
    redraw_all(e);
}

static size_t prev_char(struct editor *e, size_t at)
{
    if (at == 0)
        return 0;
    at--;
    while (at > 0 && is_continuation((unsigned char)e->buf[at]))
        at--;
    return at;
}

static size_t next_char(struct editor *e, size_t at)
{
    if (at >= e->len)
        return e->len;
    at++;
    while (at < e->len && is_continuation((unsigned char)e->buf[at]))
        at++;
    return at;
}

static void delete_range(struct editor *e, size_t from, size_t to)
{
    memmove(e->buf + from, e->buf + to, e->len - to);
    e->len -= to - from;
}

static enum line_status read_line(const char *prompt, char *buf, size_t cap);

/* One reader at a time: with green threads another thread may be reading
 * a line already (the history and the input are shared); wait for it. */
enum line_status console_read_line(const char *prompt, char *buf, size_t cap)
{
    while (reading_line) {
        int r = console_wait_hook ? console_wait_hook(CONSOLE_WAIT_LINE) : 0;
        if (r < 0) {
            buf[0] = 0;
            return LINE_INTERRUPTED;
        }
        if (r == 0) {
            buf[0] = 0;
            return LINE_EOF;
        }
    }
    reading_line = true;
    enum line_status st = read_line(prompt, buf, cap);
    reading_line = false;
    return st;
}

static enum line_status read_line(const char *prompt, char *buf, size_t cap)
{
    struct editor e = { buf, cap, 0, 0, prompt };
    int browsing = history_count;       /* index into history; == count means the new line */
    int overflow = 0;
    kputs(prompt);

    for (;;) {
        int c = console_getc();
        if (c < 0) {
            buf[e.len] = 0;
            if (e.len) {
                kputs("\r\n");
                return LINE_OK;
            }
            return LINE_EOF;
        }
        /* A terminal sends CR, a pipe LF, some senders CRLF: one line each way. */
        if (c == '\n' && swallow_lf) {
            swallow_lf = 0;
            continue;
        }
        swallow_lf = c == '\r';
        if (c == '\r' || c == '\n') {
            kputs("\r\n");
            buf[e.len] = 0;
            if (overflow)
                return LINE_TOO_LONG;
            history_add(buf);
            return LINE_OK;
        }
        switch (c) {
        case 3:                          /* Ctrl-C */
            kputs("^C\r\n");
            buf[0] = 0;
            return LINE_INTERRUPTED;
        case 1:                          /* Ctrl-A */
            move_left(columns(e.buf, e.cursor));
            e.cursor = 0;
            continue;
        case 5:                          /* Ctrl-E */
            console_write(e.buf + e.cursor, e.len - e.cursor);
            e.cursor = e.len;
            continue;
        case 2:                          /* Ctrl-B */
            goto left;
        case 6:                          /* Ctrl-F */
            goto right;
        case 11:                         /* Ctrl-K */
            e.len = e.cursor;
            console_write("\x1b[K", 3);
            continue;
        case 21:                         /* Ctrl-U */
            delete_range(&e, 0, e.cursor);
            e.cursor = 0;
            redraw_all(&e);
            continue;
        case 12:                         /* Ctrl-L */
            kputs("\x1b[H\x1b[2J");
            redraw_all(&e);
            continue;
        case 4:                          /* Ctrl-D: delete under the cursor */
            goto delete;
        case 8: case 127: {              /* backspace */
            if (e.cursor == 0)
                continue;
            size_t from = prev_char(&e, e.cursor);
            move_left(columns(e.buf + from, e.cursor - from));
            delete_range(&e, from, e.cursor);
            e.cursor = from;
            redraw_tail(&e);
            continue;
        }
        case 27: {                       /* escape sequences: ESC [ X, ESC [ n ~, ESC O X */
            int c1 = console_getc();
            if (c1 != '[' && c1 != 'O')
                continue;
            int c2 = console_getc();
            int number = 0;
            while (c2 >= '0' && c2 <= '9') {
                number = number * 10 + (c2 - '0');
                c2 = console_getc();
            }
            if (c2 == '~') {
                if (number == 1 || number == 7) c2 = 'H';
                else if (number == 4 || number == 8) c2 = 'F';
                else if (number == 3) goto delete;
                else continue;
            }
            switch (c2) {
            case 'A':                    /* up: older history */
                if (browsing > 0) {
                    browsing--;
                    set_text(&e, history[browsing]);
                }
                continue;
            case 'B':                    /* down: newer history */
                if (browsing < history_count) {
                    browsing++;
                    set_text(&e, browsing < history_count ? history[browsing] : "");
                }
                continue;
            case 'C':
                goto right;
            case 'D':
                goto left;
            case 'H':
                move_left(columns(e.buf, e.cursor));
                e.cursor = 0;
                continue;
            case 'F':
                console_write(e.buf + e.cursor, e.len - e.cursor);
                e.cursor = e.len;
                continue;
            default:
                continue;
            }
        }
        default:
            break;
        }
        if (c < 32)
            continue;                    /* other control bytes: ignored */
        if (e.len + 1 >= e.cap) {
            overflow = 1;                /* keep reading to the newline, then refuse the line */
            continue;
        }
        memmove(e.buf + e.cursor + 1, e.buf + e.cursor, e.len - e.cursor);
        e.buf[e.cursor] = (char)c;
        e.len++;
        e.cursor++;
        if (e.cursor == e.len) {
            char ch = (char)c;
            console_write(&ch, 1);
        } else {
            console_write(e.buf + e.cursor - 1, 1);
            redraw_tail(&e);
        }
        continue;

    left:
        if (e.cursor > 0) {
            size_t to = prev_char(&e, e.cursor);
            move_left(columns(e.buf + to, e.cursor - to));
            e.cursor = to;
        }
        continue;
    right:
        if (e.cursor < e.len) {
            size_t to = next_char(&e, e.cursor);
            console_write(e.buf + e.cursor, to - e.cursor);
            e.cursor = to;
        }
        continue;
    delete:
        if (e.cursor < e.len) {
            delete_range(&e, e.cursor, next_char(&e, e.cursor));
            redraw_tail(&e);
        }
        continue;
    }
}
