/* "Did you mean" for NameError and AttributeError, as CPython 3.11 offers
 * it when it prints a traceback: the name closest to the missing one by an
 * edit distance where a change of case costs 1 and any other edit 2, if no
 * more than a third of the characters involved change. NameError looks in
 * the frame's local names, then its globals, then the builtins (the first
 * namespace with a match wins); AttributeError in dir(obj). The raising
 * code stored those in the exception (vm_error_set_context); nothing is
 * computed unless the traceback is printed. */
#include "vm/interp.h"
#include "lib/string.h"

#define MOVE_COST 2
#define CASE_COST 1
#define MAX_NAME 40             /* longer names are not compared */
#define MAX_CANDIDATES 750      /* bigger namespaces are not searched */

value_t builtin_dir_of(value_t obj);

static size_t substitution_cost(char a, char b)
{
    if (a == b)
        return 0;
    if (a >= 'A' && a <= 'Z')
        a += 'a' - 'A';
    if (b >= 'A' && b <= 'Z')
        b += 'a' - 'A';
    return a == b ? CASE_COST : MOVE_COST;
}

/* Weighted edit distance of the UTF-8 strings a and b, or any value above
 * max_cost once it is sure to exceed it. One row of the dynamic program. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb, size_t max_cost)
{
    while (na && nb && a[0] == b[0])
        a++, b++, na--, nb--;
    while (na && nb && a[na - 1] == b[nb - 1])
        na--, nb--;
    if (!na || !nb)
        return (na + nb) * MOVE_COST;
    if (na > MAX_NAME || nb > MAX_NAME)
        return max_cost + 1;
    if (na > nb) {
        const char *t = a; a = b; b = t;
        size_t n = na; na = nb; nb = n;
    }
    if ((nb - na) * MOVE_COST > max_cost)
        return max_cost + 1;
    size_t row[MAX_NAME];       /* row[i]: distance(a[:i+1], b[:j]) */
    for (size_t i = 0; i < na; i++)
        row[i] = (i + 1) * MOVE_COST;
    size_t result = 0;
    for (size_t j = 0; j < nb; j++) {
        size_t diagonal = j * MOVE_COST;            /* distance(a[:0], b[:j]) */
        /* distance(a[:0], b[:j+1]) would be (j + 1) * MOVE_COST; CPython
         * starts the row one move lower, and its choices are the reference */
        size_t left = j * MOVE_COST;
        size_t smallest = (size_t)-1;
        for (size_t i = 0; i < na; i++) {
            size_t substitute = diagonal + substitution_cost(a[i], b[j]);
            diagonal = row[i];
            size_t insert_delete = (left < diagonal ? left : diagonal) + MOVE_COST;
            left = insert_delete < substitute ? insert_delete : substitute;
            row[i] = left;
            if (left < smallest)
                smallest = left;
        }
        if (smallest > max_cost)
            return max_cost + 1;
        result = left;
    }
    return result;
}

/* The candidate closest to name (first of equals), or VALUE_NULL. */
static value_t closest(value_t name, const value_t *items, size_t n)
{
    if (n >= MAX_CANDIDATES)
        return VALUE_NULL;
    value_t best = VALUE_NULL;
    size_t best_distance = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        value_t c = items[i];
        if (!is_str(c) || str_equal(c, name))
            continue;
        size_t max = (str_len(name) + str_len(c) + 3) * MOVE_COST / 6;
        if (best && best_distance - 1 < max)
            max = best_distance - 1;
        size_t d = distance(str_data(name), str_len(name), str_data(c), str_len(c), max);
        if (d <= max && (!best || d < best_distance)) {
            best = c;
            best_distance = d;
        }
    }
    return best;
}

static value_t closest_in(value_t name, value_t names)
{
    if (!names || !is_obj(names))
        return VALUE_NULL;
    if (type_of(names) == &type_dict) {
        value_t keys = list_from_iterable(names);
        if (!keys)
            return VALUE_NULL;
        names = keys;
    }
    if (type_of(names) != &type_tuple && type_of(names) != &type_list)
        return VALUE_NULL;
    value_t *items;
    size_t n;
    seq_items(names, &items, &n);
    return closest(name, items, n);
}

/* The suggested name for an exception, or VALUE_NONE. Never raises. */
value_t exception_suggestion(value_t exc)
{
    if (!is_obj(exc) || !(type_of(exc)->flags & TYPE_EXCEPTION))
        return VALUE_NONE;
    value_t ctx = ((exception_obj_t *)exc)->value;
    if (!is_obj(ctx) || type_of(ctx) != &type_tuple || !as_tuple(ctx)->len || !is_str(as_tuple(ctx)->items[0]))
        return VALUE_NONE;
    value_t saved = vm_take_exception();
    value_t name = as_tuple(ctx)->items[0], found = VALUE_NULL;
    if (class_isinstance(exc, &type_NameError) && as_tuple(ctx)->len == 4) {
        for (size_t k = 1; k < 4 && !found; k++)
            found = closest_in(name, as_tuple(ctx)->items[k]);
    } else if (class_isinstance(exc, &type_AttributeError) && as_tuple(ctx)->len == 2) {
        found = closest_in(name, builtin_dir_of(as_tuple(ctx)->items[1]));
    }
    vm_take_exception();        /* a failing dir() or a full heap: no suggestion */
    if (saved)
        vm_raise(saved);
    return found ? found : VALUE_NONE;
}

/* kernel.suggestion(exc): for runtime/shell/runner.py's traceback printer. */
value_t k_suggestion(const value_t *args, size_t nargs, value_t kw)
{
    if (!arg_check("suggestion", nargs, kw, 1, 1))
        return VALUE_NULL;
    return exception_suggestion(args[0]);
}
