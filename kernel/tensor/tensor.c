/* Tensor descriptors, storage and views. Ops are in ops.c. */
#include "tensor/tensor.h"
#include "tensor/quants.h"
#include "lib/format.h"
#include "lib/string.h"
#include "mm/heap.h"
#include "mm/zone.h"
#include <stdarg.h>

static char error_text[256];

const char *tensor_error(void) { return error_text; }

int tensor_fail(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(error_text, sizeof error_text, fmt, ap);
    va_end(ap);
    return status;
}

int64_t tensor_numel(const struct tensor *t)
{
    int64_t n = 1;
    for (int i = 0; i < t->ndim; i++)
        n *= t->shape[i];
    return n;
}

static int shape_text(char *buf, size_t size, int ndim, const int64_t *shape)
{
    int n = snprintf(buf, size, "(");
    for (int i = 0; i < ndim && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, i ? ",%lld" : "%lld", (long long)shape[i]);
    if ((size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, ndim == 1 ? ",)" : ")");
    return n;
}

const char *tensor_describe(const struct tensor *t, char *buf, size_t size)
{
    if (!t) {
        snprintf(buf, size, "None");
        return buf;
    }
    /* "f32[2,3]", as tensor.h says (and numpy_tensor's messages) */
    int n = snprintf(buf, size, "%s[", dtype_name(t->dtype));
    for (int i = 0; i < t->ndim && (size_t)n < size; i++)
        n += snprintf(buf + n, size - (size_t)n, i ? ",%lld" : "%lld", (long long)t->shape[i]);
    if ((size_t)n < size)
        snprintf(buf + n, size - (size_t)n, "]");
    return buf;
}

/* Row-major byte strides of a shape. */
static void contiguous_strides(enum tensor_dtype dtype, int ndim, const int64_t *shape, int64_t *strides)
{
    const struct dtype_info *info = dtype_info(dtype);
    int64_t step = info->block_bytes;
    for (int i = ndim - 1; i >= 0; i--) {
        strides[i] = step;
        if (i == ndim - 1 && info->block_elements > 1)
            step = (shape[i] / info->block_elements) * info->block_bytes;
        else
            step *= shape[i];
    }
}

bool tensor_is_contiguous(const struct tensor *t)
{
    int64_t strides[TENSOR_MAX_DIMS];
    contiguous_strides(t->dtype, t->ndim, t->shape, strides);
    for (int i = 0; i < t->ndim; i++)
        if (t->shape[i] > 1 && t->strides[i] != strides[i])
            return false;
    return true;
}

static int check_shape(const char *op, enum tensor_dtype dtype, int ndim, const int64_t *shape, size_t *bytes)
{
    if (!dtype_valid(dtype))
        return tensor_fail(TENSOR_EDTYPE, "%s: unknown dtype %d", op, (int)dtype);
    if (ndim < 0 || ndim > TENSOR_MAX_DIMS)
        return tensor_fail(TENSOR_ESHAPE, "%s: %d dimensions (at most %d)", op, ndim, TENSOR_MAX_DIMS);
    const struct dtype_info *info = dtype_info(dtype);
    uint64_t n = 1;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] < 0)
            return tensor_fail(TENSOR_ESHAPE, "%s: negative dimension %lld", op, (long long)shape[i]);
        if (shape[i] && n > (1ull << 46) / (uint64_t)shape[i])
            return tensor_fail(TENSOR_ENOMEM, "%s: shape too large", op);
        n *= (uint64_t)shape[i];
    }
    if (info->block_elements > 1) {
        if (ndim == 0 || shape[ndim - 1] % info->block_elements)
            return tensor_fail(TENSOR_ESHAPE, "%s: %s needs a last dimension that is a multiple of %u",
                               op, info->name, info->block_elements);
    }
    *bytes = (size_t)(n / info->block_elements * info->block_bytes);
    return TENSOR_OK;
}

static struct tensor *descriptor_like(const struct tensor *t)
{
    struct tensor *d = kmalloc(sizeof *d);
    if (!d)
        return 0;
    *d = *t;
    if (d->storage)
        d->storage->refs++;
    return d;
}

static int make(struct tensor **out, enum tensor_dtype dtype, int ndim, const int64_t *shape,
                void *borrowed, size_t borrowed_bytes, bool zero)
{
    const char *op = borrowed ? "tensor_wrap" : "tensor_new";
    size_t bytes;
    int st = check_shape(op, dtype, ndim, shape, &bytes);
    if (st)
        return st;
    if (borrowed && borrowed_bytes < bytes)
        return tensor_fail(TENSOR_EINVAL, "%s: %zu bytes given, the shape needs %zu", op, borrowed_bytes, bytes);
    struct tensor *t = kzalloc(sizeof *t);
    struct tensor_storage *s = kzalloc(sizeof *s);
    void *data = borrowed;
    if (t && s && !borrowed)
        data = zone_alloc(ZONE_TENSOR, bytes ? bytes : 1);
    if (!t || !s || !data) {
        kfree(t);
        kfree(s);
        return tensor_fail(TENSOR_ENOMEM, "%s: out of memory for %zu bytes", op, bytes);
    }
    if (zero && !borrowed)
        memset(data, 0, bytes);
    s->refs = 1;
    s->owned = !borrowed;
    s->zone = ZONE_TENSOR;
    s->base = data;
    s->bytes = borrowed ? borrowed_bytes : (bytes ? bytes : 1);
    t->dtype = dtype;
    t->ndim = ndim;
    for (int i = 0; i < ndim; i++)
        t->shape[i] = shape[i];
    contiguous_strides(dtype, ndim, shape, t->strides);
    t->data = data;
    t->storage = s;
    *out = t;
    return TENSOR_OK;
}

int tensor_new(struct tensor **out, enum tensor_dtype dtype, int ndim, const int64_t *shape)
{
    return make(out, dtype, ndim, shape, 0, 0, false);
}

int tensor_zeros(struct tensor **out, enum tensor_dtype dtype, int ndim, const int64_t *shape)
{
    return make(out, dtype, ndim, shape, 0, 0, true);
}

int tensor_wrap(struct tensor **out, enum tensor_dtype dtype, int ndim, const int64_t *shape, void *data, size_t bytes)
{
    if (!data)
        return tensor_fail(TENSOR_EINVAL, "tensor_wrap: no memory given");
    return make(out, dtype, ndim, shape, data, bytes, false);
}

void tensor_free(struct tensor *t)
{
    if (!t)
        return;
    struct tensor_storage *s = t->storage;
    if (s && --s->refs == 0) {
        if (s->owned)
            zone_free((enum zone_id)s->zone, s->base, s->bytes);
        kfree(s);
    }
    kfree(t);
}

void *tensor_at(const struct tensor *t, const int64_t *index)
{
    const struct dtype_info *info = dtype_info(t->dtype);
    uint8_t *p = t->data;
    for (int i = 0; i < t->ndim; i++) {
        int64_t k = index[i];
        if (i == t->ndim - 1 && info->block_elements > 1)
            k /= info->block_elements;
        p += k * t->strides[i];
    }
    return p;
}

float tensor_get_f32(const struct tensor *t, const int64_t *index)
{
    const uint8_t *p = tensor_at(t, index);
    float v = 0;
    if (!dtype_is_block(t->dtype))
        dequantize_row(t->dtype, p, &v, 1);
    return v;
}

void tensor_set_f32(const struct tensor *t, const int64_t *index, float v)
{
    if (!dtype_is_block(t->dtype))
        quantize_row(t->dtype, &v, tensor_at(t, index), 1);
}

/* Copies any layout into contiguous rows, walking the outer dims. */
static void copy_into(const struct tensor *src, uint8_t *dst)
{
    const struct dtype_info *info = dtype_info(src->dtype);
    if (src->ndim == 0) {
        memcpy(dst, src->data, info->block_bytes);
        return;
    }
    int last = src->ndim - 1;
    int64_t row_elems = src->shape[last];
    size_t row_bytes = dtype_bytes(src->dtype, row_elems);
    bool packed = info->block_elements > 1 || src->strides[last] == info->block_bytes;
    int64_t rows = row_elems ? tensor_numel(src) / row_elems : 0;
    int64_t idx[TENSOR_MAX_DIMS] = {0};
    for (int64_t r = 0; r < rows; r++) {
        const uint8_t *p = src->data;
        for (int i = 0; i < last; i++)
            p += idx[i] * src->strides[i];
        if (packed) {
            memcpy(dst, p, row_bytes);
        } else {
            for (int64_t j = 0; j < row_elems; j++)
                memcpy(dst + j * info->block_bytes, p + j * src->strides[last], info->block_bytes);
        }
        dst += row_bytes;
        for (int i = last - 1; i >= 0; i--) {
            if (++idx[i] < src->shape[i])
                break;
            idx[i] = 0;
        }
    }
}

int tensor_copy(struct tensor **out, const struct tensor *t)
{
    if (!t)
        return tensor_fail(TENSOR_EINVAL, "copy: no tensor");
    struct tensor *c;
    int st = tensor_new(&c, t->dtype, t->ndim, t->shape);
    if (st)
        return st;
    copy_into(t, c->data);
    *out = c;
    return TENSOR_OK;
}

static int normalize_dim(const char *op, int dim, int ndim, int *out)
{
    if (dim < 0)
        dim += ndim;
    if (dim < 0 || dim >= ndim)
        return tensor_fail(TENSOR_ESHAPE, "%s: axis %d out of range for %d dimensions", op, dim < 0 ? dim - ndim : dim, ndim);
    *out = dim;
    return TENSOR_OK;
}

int tensor_reshape(struct tensor **out, const struct tensor *t, int ndim, const int64_t *shape_in)
{
    if (ndim < 0 || ndim > TENSOR_MAX_DIMS)
        return tensor_fail(TENSOR_ESHAPE, "reshape: %d dimensions (at most %d)", ndim, TENSOR_MAX_DIMS);
    int64_t shape[TENSOR_MAX_DIMS];
    int64_t known = 1, n = tensor_numel(t);
    int infer = -1;
    for (int i = 0; i < ndim; i++) {
        shape[i] = shape_in[i];
        if (shape[i] == -1) {
            if (infer >= 0)
                return tensor_fail(TENSOR_ESHAPE, "reshape: only one dimension can be -1");
            infer = i;
        } else if (shape[i] < 0) {
            return tensor_fail(TENSOR_ESHAPE, "reshape: negative dimension %lld", (long long)shape[i]);
        } else {
            known *= shape[i];
        }
    }
    if (infer >= 0)
        shape[infer] = known ? n / known : 0;
    int64_t total = 1;
    for (int i = 0; i < ndim; i++)
        total *= shape[i];
    char a[96], b[96];
    if (total != n) {
        shape_text(b, sizeof b, ndim, shape_in);
        return tensor_fail(TENSOR_ESHAPE, "reshape: cannot reshape %s into shape %s", tensor_describe(t, a, sizeof a), b);
    }
    const struct dtype_info *info = dtype_info(t->dtype);
    if (info->block_elements > 1 && (ndim == 0 || shape[ndim - 1] % info->block_elements ||
                                     (t->ndim && shape[ndim - 1] > t->shape[t->ndim - 1] && !tensor_is_contiguous(t))))
        return tensor_fail(TENSOR_ESHAPE, "reshape: %s rows must stay whole blocks of %u", info->name, info->block_elements);
    /* numpy's no-copy rule: match groups of old dims to groups of new dims;
     * each old group must be contiguous among itself. */
    struct tensor v = *t;
    v.ndim = ndim;
    for (int i = 0; i < ndim; i++)
        v.shape[i] = shape[i];
    if (info->block_elements > 1) {
        if (!tensor_is_contiguous(t) && !(t->ndim == ndim && !memcmp(t->shape, shape, sizeof(int64_t) * ndim)))
            return tensor_fail(TENSOR_ESHAPE, "reshape: a non-contiguous %s view cannot be reshaped; copy it first", info->name);
        if (tensor_is_contiguous(t))
            contiguous_strides(t->dtype, ndim, shape, v.strides);
        else
            memcpy(v.strides, t->strides, sizeof v.strides);
    } else {
        int oi = 0, ni = 0;
        int64_t elem = info->block_bytes;
        /* Drop size-1 dims of the old shape from consideration. */
        int64_t os[TENSOR_MAX_DIMS], ost[TENSOR_MAX_DIMS];
        int on = 0;
        for (int i = 0; i < t->ndim; i++)
            if (t->shape[i] != 1) { os[on] = t->shape[i]; ost[on] = t->strides[i]; on++; }
        if (n == 0) {
            contiguous_strides(t->dtype, ndim, shape, v.strides);
        } else {
            while (ni < ndim) {
                if (shape[ni] == 1) {
                    v.strides[ni] = elem;
                    ni++;
                    continue;
                }
                if (oi >= on)
                    break;
                /* grow both groups until their products match */
                int64_t np = shape[ni], op = os[oi];
                int ns = ni, osd = oi;
                while (np != op) {
                    if (np < op) np *= shape[++ni];
                    else op *= os[++oi];
                }
                for (int k = osd; k < oi; k++)
                    if (ost[k] != os[k + 1] * ost[k + 1])
                        return tensor_fail(TENSOR_ESHAPE, "reshape: %s is not contiguous enough to view as that shape; copy it first",
                                           tensor_describe(t, a, sizeof a));
                int64_t stride = ost[oi];
                for (int k = ni; k >= ns; k--) {
                    v.strides[k] = stride;
                    stride *= shape[k];
                }
                ni++;
                oi++;
            }
            for (; ni < ndim; ni++)
                v.strides[ni] = elem;
        }
    }
    struct tensor *d = descriptor_like(&v);
    if (!d)
        return tensor_fail(TENSOR_ENOMEM, "reshape: out of memory");
    *out = d;
    return TENSOR_OK;
}

int tensor_permute(struct tensor **out, const struct tensor *t, const int *order)
{
    struct tensor v = *t;
    bool seen[TENSOR_MAX_DIMS] = {0};
    for (int i = 0; i < t->ndim; i++) {
        int d;
        if (normalize_dim("permute", order[i], t->ndim, &d))
            return TENSOR_ESHAPE;
        if (seen[d])
            return tensor_fail(TENSOR_ESHAPE, "permute: axis %d repeated", d);
        seen[d] = true;
        v.shape[i] = t->shape[d];
        v.strides[i] = t->strides[d];
    }
    if (dtype_is_block(t->dtype) && t->ndim && order[t->ndim - 1] != t->ndim - 1 && order[t->ndim - 1] != -1)
        return tensor_fail(TENSOR_ESHAPE, "permute: the last dimension of %s stays last (packed blocks)", dtype_name(t->dtype));
    struct tensor *d = descriptor_like(&v);
    if (!d)
        return tensor_fail(TENSOR_ENOMEM, "permute: out of memory");
    *out = d;
    return TENSOR_OK;
}

int tensor_transpose(struct tensor **out, const struct tensor *t, int dim0, int dim1)
{
    int a, b;
    if (normalize_dim("transpose", dim0, t->ndim, &a) || normalize_dim("transpose", dim1, t->ndim, &b))
        return TENSOR_ESHAPE;
    int order[TENSOR_MAX_DIMS];
    for (int i = 0; i < t->ndim; i++)
        order[i] = i;
    order[a] = b;
    order[b] = a;
    return tensor_permute(out, t, order);
}

int tensor_slice(struct tensor **out, const struct tensor *t, int dim, int64_t start, int64_t stop, int64_t step)
{
    int d;
    if (normalize_dim("slice", dim, t->ndim, &d))
        return TENSOR_ESHAPE;
    if (step == 0)
        return tensor_fail(TENSOR_EINVAL, "slice: step cannot be zero");
    int64_t n = t->shape[d];
    /* Python's slice.indices() */
    if (start < 0) start += n;
    if (stop < 0) stop += n;
    if (step > 0) {
        start = start < 0 ? 0 : start > n ? n : start;
        stop = stop < 0 ? 0 : stop > n ? n : stop;
    } else {
        start = start < 0 ? -1 : start > n - 1 ? n - 1 : start;
        stop = stop < -1 ? -1 : stop > n - 1 ? n - 1 : stop;
    }
    int64_t count = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
                             : (start > stop ? (start - stop + (-step) - 1) / (-step) : 0);
    struct tensor v = *t;
    const struct dtype_info *info = dtype_info(t->dtype);
    if (info->block_elements > 1 && d == t->ndim - 1) {
        if (step != 1 || start % info->block_elements || count % info->block_elements)
            return tensor_fail(TENSOR_ESHAPE, "slice: %s rows can only be cut at whole blocks of %u (step 1)",
                               info->name, info->block_elements);
        v.data += start / info->block_elements * t->strides[d];
    } else {
        if (count > 0)
            v.data += start * t->strides[d];
        v.strides[d] = t->strides[d] * step;
    }
    v.shape[d] = count;
    struct tensor *r = descriptor_like(&v);
    if (!r)
        return tensor_fail(TENSOR_ENOMEM, "slice: out of memory");
    *out = r;
    return TENSOR_OK;
}

int tensor_broadcast_shape(const char *op, const struct tensor *a, const struct tensor *b, int *ndim, int64_t *shape)
{
    int n = a->ndim > b->ndim ? a->ndim : b->ndim;
    for (int i = 0; i < n; i++) {
        int ia = a->ndim - n + i, ib = b->ndim - n + i;
        int64_t da = ia >= 0 ? a->shape[ia] : 1, db = ib >= 0 ? b->shape[ib] : 1;
        if (da != db && da != 1 && db != 1) {
            char x[96], y[96];
            shape_text(x, sizeof x, a->ndim, a->shape);
            shape_text(y, sizeof y, b->ndim, b->shape);
            return tensor_fail(TENSOR_ESHAPE, "%s: shapes %s and %s do not broadcast", op, x, y);
        }
        shape[i] = da == 1 ? db : da;
    }
    *ndim = n;
    return TENSOR_OK;
}

int tensor_broadcast_to(struct tensor **out, const struct tensor *t, int ndim, const int64_t *shape)
{
    if (ndim < t->ndim || ndim > TENSOR_MAX_DIMS)
        return tensor_fail(TENSOR_ESHAPE, "broadcast_to: cannot broadcast %d dimensions to %d", t->ndim, ndim);
    if (dtype_is_block(t->dtype))
        return tensor_fail(TENSOR_EDTYPE, "broadcast_to: not for block type %s", dtype_name(t->dtype));
    struct tensor v = *t;
    v.ndim = ndim;
    for (int i = 0; i < ndim; i++) {
        int j = t->ndim - ndim + i;
        int64_t d = j >= 0 ? t->shape[j] : 1;
        if (d != shape[i] && d != 1) {
            char x[96], y[96];
            shape_text(x, sizeof x, t->ndim, t->shape);
            shape_text(y, sizeof y, ndim, shape);
            return tensor_fail(TENSOR_ESHAPE, "broadcast_to: cannot broadcast %s to %s", x, y);
        }
        v.shape[i] = shape[i];
        v.strides[i] = (j >= 0 && d == shape[i]) ? t->strides[j] : 0;
    }
    struct tensor *r = descriptor_like(&v);
    if (!r)
        return tensor_fail(TENSOR_ENOMEM, "broadcast_to: out of memory");
    *out = r;
    return TENSOR_OK;
}
