/* Tensors: the C core the VM's `tensor` module calls.
 *
 * A tensor is a descriptor (dtype, shape, strides, data pointer) over a
 * storage (the bytes, reference counted). Views (reshape, transpose,
 * permute, slice, broadcast_to) make a new descriptor over the same storage,
 * never a copy. Weights can be wrapped in place (tensor_wrap): the tensor
 * then borrows memory it does not own (a model in the MODEL zone).
 *
 * Strides are in BYTES, as numpy's, and may be 0 (broadcast) or negative
 * (reversed slices). Block types (Q4_0 ... Q8_K) keep their last dimension
 * packed: its stride is the block size in bytes, the last dimension is a
 * whole number of blocks, and views may cut it only at block boundaries;
 * their outer strides are in bytes like any other.
 *
 * Every function returns TENSOR_OK (0) or a negative status; tensor_error()
 * then says what was wrong ("add: shapes (2,3) and (4,3) do not broadcast").
 * On failure nothing is allocated and no output is changed.
 *
 * Outputs: an op takes `struct tensor **out`. When *out is NULL the op
 * allocates the result (TENSOR zone); otherwise *out must already have the
 * result's shape and dtype and is written in place. Compute ops work in
 * f32 (convert other dtypes with tensor_convert); matmul/linear accept
 * block-type weights. Results are f32 except argmax/top-k indices (i32)
 * and tensor_convert's. */
#pragma once
#include "tensor/dtype.h"

#define TENSOR_MAX_DIMS 8

enum tensor_status {
    TENSOR_OK = 0,
    TENSOR_ESHAPE = -1,         /* shapes that do not fit together, bad axis */
    TENSOR_EDTYPE = -2,         /* a dtype the op does not take */
    TENSOR_ENOMEM = -3,         /* the TENSOR zone is full: MemoryError */
    TENSOR_EINVAL = -4,         /* a bad argument (k, eps, a NULL input) */
};

struct tensor_storage {
    int refs;
    bool owned;                 /* false: borrowed memory (tensor_wrap) */
    uint8_t zone;               /* enum zone_id of owned memory */
    void *base;
    size_t bytes;
};

struct tensor {
    enum tensor_dtype dtype;
    int ndim;                               /* 0 (a scalar) .. TENSOR_MAX_DIMS */
    int64_t shape[TENSOR_MAX_DIMS];
    int64_t strides[TENSOR_MAX_DIMS];       /* bytes */
    uint8_t *data;                          /* element (0, ..., 0) */
    struct tensor_storage *storage;
};

const char *tensor_error(void);
/* Sets the error message (printf-style) and returns `status`. */
int tensor_fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- making and freeing --------------------------------------------------- */
int tensor_new(struct tensor **out, enum tensor_dtype dtype, int ndim, const int64_t *shape);
int tensor_zeros(struct tensor **out, enum tensor_dtype dtype, int ndim, const int64_t *shape);
/* A contiguous tensor over `bytes` of memory the caller keeps alive. */
int tensor_wrap(struct tensor **out, enum tensor_dtype dtype, int ndim, const int64_t *shape,
                void *data, size_t bytes);
/* A contiguous copy (any view in, row-major out; same dtype). */
int tensor_copy(struct tensor **out, const struct tensor *t);
void tensor_free(struct tensor *t);        /* NULL is fine */

int64_t tensor_numel(const struct tensor *t);
bool tensor_is_contiguous(const struct tensor *t);
/* "f32[2,3]" into buf; returns buf. */
const char *tensor_describe(const struct tensor *t, char *buf, size_t size);
/* Address of an element (indices has ndim entries; block types: the block). */
void *tensor_at(const struct tensor *t, const int64_t *index);
float tensor_get_f32(const struct tensor *t, const int64_t *index);   /* plain dtypes */
void tensor_set_f32(const struct tensor *t, const int64_t *index, float v);

/* ---- views (no copy) ------------------------------------------------------ */
/* One dimension may be -1 (inferred). Fails with TENSOR_ESHAPE when the
 * layout cannot be expressed as a view: copy first. */
int tensor_reshape(struct tensor **out, const struct tensor *t, int ndim, const int64_t *shape);
int tensor_transpose(struct tensor **out, const struct tensor *t, int dim0, int dim1);
int tensor_permute(struct tensor **out, const struct tensor *t, const int *order);
/* Python's t[start:stop:step] along `dim` (negative indices count from the
 * end; out-of-range bounds clamp as Python's do; step != 0). */
int tensor_slice(struct tensor **out, const struct tensor *t, int dim, int64_t start, int64_t stop, int64_t step);
int tensor_broadcast_to(struct tensor **out, const struct tensor *t, int ndim, const int64_t *shape);
/* numpy's rule: align trailing dims; each pair equal or one of them 1. */
int tensor_broadcast_shape(const char *op, const struct tensor *a, const struct tensor *b,
                           int *ndim, int64_t *shape);

/* ---- ops ------------------------------------------------------------------ */
enum tensor_binary_op { TENSOR_ADD, TENSOR_SUB, TENSOR_MUL, TENSOR_DIV };
enum tensor_activation {
    TENSOR_ACT_NONE, TENSOR_ACT_RELU, TENSOR_ACT_GELU /* tanh approximation */,
    TENSOR_ACT_GELU_ERF /* exact, erf */, TENSOR_ACT_SILU,
};
enum tensor_reduce_op { TENSOR_SUM, TENSOR_MEAN, TENSOR_MAX };
enum tensor_rope_mode { TENSOR_ROPE_INTERLEAVED /* pairs (2i, 2i+1) */, TENSOR_ROPE_HALF /* pairs (i, i+d/2) */ };

int tensor_binary(struct tensor **out, enum tensor_binary_op op, const struct tensor *a, const struct tensor *b);
int tensor_add(struct tensor **out, const struct tensor *a, const struct tensor *b);
int tensor_sub(struct tensor **out, const struct tensor *a, const struct tensor *b);
int tensor_mul(struct tensor **out, const struct tensor *a, const struct tensor *b);
int tensor_div(struct tensor **out, const struct tensor *a, const struct tensor *b);
int tensor_scale(struct tensor **out, const struct tensor *x, float s);
int tensor_activate(struct tensor **out, const struct tensor *x, enum tensor_activation act);
int tensor_relu(struct tensor **out, const struct tensor *x);
int tensor_gelu(struct tensor **out, const struct tensor *x);
int tensor_silu(struct tensor **out, const struct tensor *x);
/* Along `axis` (negative counts from the end). */
int tensor_softmax(struct tensor **out, const struct tensor *x, int axis);
/* Over the last axis; weight (and bias) of that length, or NULL. */
int tensor_rmsnorm(struct tensor **out, const struct tensor *x, const struct tensor *weight, float eps);
int tensor_layernorm(struct tensor **out, const struct tensor *x, const struct tensor *weight,
                     const struct tensor *bias, float eps);
/* x is (..., T, H, D): T positions, H heads, D head size; positions is i32
 * of T elements. The first n_rot (even, <= D) dims of each head rotate by
 * angle pos * base^(-2i/n_rot); the rest pass through. */
int tensor_rope(struct tensor **out, const struct tensor *x, const struct tensor *positions,
                int n_rot, float base, enum tensor_rope_mode mode);
/* Rows of table (V, D) (any dtype, block types too) picked by ids (i32,
 * any shape) -> (*ids.shape, D) f32. */
int tensor_embedding(struct tensor **out, const struct tensor *table, const struct tensor *ids);
/* Index of the largest value along `axis` (first one on ties) -> i32, that axis removed. */
int tensor_argmax(struct tensor **out, const struct tensor *x, int axis);
/* The k largest along the last axis, largest first (ties: lower index first). */
int tensor_topk(struct tensor **values, struct tensor **indices, const struct tensor *x, int64_t k);
int tensor_reduce(struct tensor **out, enum tensor_reduce_op op, const struct tensor *x, int axis, bool keepdims);
int tensor_concat(struct tensor **out, const struct tensor *const *parts, int count, int axis);
/* Any dtype to any dtype through f32 (to block types: Q8_0, Q8_1, Q8_K,
 * Q4_0, Q4_1, Q5_0, Q5_1; the last dimension a whole number of blocks). */
int tensor_convert(struct tensor **out, const struct tensor *x, enum tensor_dtype dtype);
/* numpy's a @ b: (..., M, K) @ (..., K, N), batch dims broadcast, 1-D
 * operands promoted as numpy does. f32 @ f32, or f16 @ f16 (an f16 KV
 * cache; products summed in f32); any strides; the result is f32. */
int tensor_matmul(struct tensor **out, const struct tensor *a, const struct tensor *b);
/* A linear layer: out = act(x @ w^T + bias). x (..., K) f32 (or already
 * quantized rows in w's activation type); w (N, K) in any dtype (block
 * types: integer dot products on 8-bit activations, as llama.cpp); bias
 * (N) f32 or NULL. */
int tensor_linear(struct tensor **out, const struct tensor *x, const struct tensor *w,
                  const struct tensor *bias, enum tensor_activation act);

/* Subsystem start: picks the JIT's ISA, registers the shell commands. */
void tensor_init(void);
