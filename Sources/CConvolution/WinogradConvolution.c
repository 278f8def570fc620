#include "WinogradConvolution.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "Lanes.h"
#include "VectorDispatch.h"

// Every step below must round the same in both implementations, so no multiply may be fused
// into an addition behind our back.
#pragma STDC FP_CONTRACT OFF

// Two implementations of each loop, as in DirectConvolution.c: portable C, one value at a
// time, and AVX2 with FMA, four tiles (the transforms) or eight tiles (the products) at a time.
//
// Layouts, for a block of images whose tiles are numbered t = image · tilesPerImage +
// tileRow · tileColumns + tileColumn:
//   V[ξ][c][t]  the transformed input tiles
//   M[ξ][o][t]  the products, before the output transform
//   Ŷ[ξ][o][t]  the transformed output gradient (A dy Aᵀ)
// and ξ = 4s + q names row s, column q of a 4x4 tile.

enum { POINTS = 16, TILE = 4, GROUP = 4, BLOCK_TILES = 64, PLANE_PADDING = 16 };

/// The sizes every loop works with.
typedef struct {
    int channels, outputs;
    int framedWidth, plane;
    int height, width;
    int tileColumns, tilesPerImage;
} Shape;

static Shape make_shape(int channels, int outputs, int framedHeight, int framedWidth)
{
    Shape s;
    s.channels = channels;
    s.outputs = outputs;
    s.framedWidth = framedWidth;
    s.plane = framedHeight * framedWidth;
    s.height = framedHeight - 2;
    s.width = framedWidth - 2;
    s.tileColumns = s.width / 2;
    s.tilesPerImage = s.height / 2 * s.tileColumns;
    return s;
}

int converge_winograd_handles(int height, int width)
{
    return height > 0 && width > 0 && height % 2 == 0 && width % (2 * GROUP) == 0;
}

/// The floats one point's plane of a block takes: `rows x tiles` and a cache line more. The
/// sixteen planes are written and read together, and at a whole number of pages apart (16
/// channels by 64 tiles is 4 KB) they fell into the same few cache sets and evicted each other:
/// the input transform ran at a third of its speed.
static long plane_size(int rows, int tiles) { return (long)rows * tiles + PLANE_PADDING; }

/// Images per block: about `BLOCK_TILES` tiles, so a block's transformed tiles and products
/// stay in the core's own cache between the three steps.
static int block_images(Shape s)
{
    const int images = BLOCK_TILES / s.tilesPerImage;
    return images < 1 ? 1 : images;
}

/// This thread's working memory, grown when a larger layer needs more and kept for the next.
static _Thread_local float *scratch = NULL;
static _Thread_local long scratchFloats = 0;

static float *scratch_for(long floats)
{
    if (floats > scratchFloats) {
        free(scratch);
        scratch = aligned_alloc(64, (size_t)((floats * sizeof(float) + 63) / 64 * 64));
        if (!scratch) abort();
        scratchFloats = floats;
    }
    return scratch;
}

// MARK: Weights (small: the same code on every CPU)

void converge_winograd_transform_weight(const float *weight, int outputs, int channels, float *transformed)
{
    const long kernels = (long)outputs * channels;
    for (long k = 0; k < kernels; k++) {
        const float *g = weight + k * 9;
        // G g: rows [g0; (g0 + g1 + g2) / 2; (g0 - g1 + g2) / 2; g2].
        float rows[TILE][3];
        for (int v = 0; v < 3; v++) {
            rows[0][v] = g[v];
            rows[1][v] = ((g[v] + g[3 + v]) + g[6 + v]) * 0.5f;
            rows[2][v] = ((g[v] - g[3 + v]) + g[6 + v]) * 0.5f;
            rows[3][v] = g[6 + v];
        }
        // (G g) Gᵀ: the same combination along each row.
        for (int s = 0; s < TILE; s++) {
            const float a = rows[s][0], b = rows[s][1], c = rows[s][2];
            transformed[(s * TILE + 0) * kernels + k] = a;
            transformed[(s * TILE + 1) * kernels + k] = ((a + b) + c) * 0.5f;
            transformed[(s * TILE + 2) * kernels + k] = ((a - b) + c) * 0.5f;
            transformed[(s * TILE + 3) * kernels + k] = c;
        }
    }
}

void converge_winograd_untransform_weight_gradient(
    const float *transformedGradient, int outputs, int channels, float *weightGradient)
{
    const long kernels = (long)outputs * channels;
    for (long k = 0; k < kernels; k++) {
        float u[TILE][TILE];
        for (int point = 0; point < POINTS; point++) u[point / TILE][point % TILE] = transformedGradient[point * kernels + k];
        // Gᵀ dU: rows [u0 + (u1 + u2) / 2; (u1 - u2) / 2; (u1 + u2) / 2 + u3].
        float rows[3][TILE];
        for (int q = 0; q < TILE; q++) {
            rows[0][q] = u[0][q] + (u[1][q] + u[2][q]) * 0.5f;
            rows[1][q] = (u[1][q] - u[2][q]) * 0.5f;
            rows[2][q] = (u[1][q] + u[2][q]) * 0.5f + u[3][q];
        }
        // (Gᵀ dU) G: the same combination along each row.
        float *dw = weightGradient + k * 9;
        for (int r = 0; r < 3; r++) {
            const float *x = rows[r];
            dw[r * 3 + 0] = x[0] + (x[1] + x[2]) * 0.5f;
            dw[r * 3 + 1] = (x[1] - x[2]) * 0.5f;
            dw[r * 3 + 2] = (x[1] + x[2]) * 0.5f + x[3];
        }
    }
}

// MARK: Portable

/// V = Bᵀ d B for every tile of `images` images: first down each column of the 4x4 tile,
/// then along each of the four rows that gives.
static void transform_input_portable(const float *framed, int images, Shape s, float *V, int tiles)
{
    const long inputPlane = plane_size(s.channels, tiles);
    const int fw = s.framedWidth;
    for (int b = 0; b < images; b++) {
        for (int c = 0; c < s.channels; c++) {
            const float *image = framed + ((long)b * s.channels + c) * s.plane;
            for (int ti = 0; ti < s.height / 2; ti++) {
                for (int tj = 0; tj < s.tileColumns; tj++) {
                    const float *d = image + 2 * ti * fw + 2 * tj;
                    float w[TILE][TILE];
                    for (int x = 0; x < TILE; x++) {
                        const float d0 = d[x], d1 = d[fw + x], d2 = d[2 * fw + x], d3 = d[3 * fw + x];
                        w[0][x] = d0 - d2;
                        w[1][x] = d1 + d2;
                        w[2][x] = d2 - d1;
                        w[3][x] = d1 - d3;
                    }
                    const int t = b * s.tilesPerImage + ti * s.tileColumns + tj;
                    for (int r = 0; r < TILE; r++) {
                        const float e[TILE] = {w[r][0] - w[r][2], w[r][1] + w[r][2], w[r][2] - w[r][1], w[r][1] - w[r][3]};
                        for (int q = 0; q < TILE; q++) V[(r * TILE + q) * inputPlane + (long)c * tiles + t] = e[q];
                    }
                }
            }
        }
    }
}

/// y = Aᵀ m A (plus the bias) for every tile, written into the images' outputs.
static void transform_output_portable(const float *M, const float *bias, int images, Shape s, int tiles, float *output)
{
    const long productPlane = plane_size(s.outputs, tiles);
    for (int b = 0; b < images; b++) {
        for (int o = 0; o < s.outputs; o++) {
            float *out = output + ((long)b * s.outputs + o) * s.height * s.width;
            for (int ti = 0; ti < s.height / 2; ti++) {
                for (int tj = 0; tj < s.tileColumns; tj++) {
                    const int t = b * s.tilesPerImage + ti * s.tileColumns + tj;
                    float m[TILE][TILE];
                    for (int point = 0; point < POINTS; point++)
                        m[point / TILE][point % TILE] = M[point * productPlane + (long)o * tiles + t];
                    float top[TILE], bottom[TILE];
                    for (int q = 0; q < TILE; q++) {
                        top[q] = (m[0][q] + m[1][q]) + m[2][q];
                        bottom[q] = (m[1][q] - m[2][q]) - m[3][q];
                    }
                    float y[2][2] = {
                        {(top[0] + top[1]) + top[2], (top[1] - top[2]) - top[3]},
                        {(bottom[0] + bottom[1]) + bottom[2], (bottom[1] - bottom[2]) - bottom[3]},
                    };
                    for (int r = 0; r < 2; r++) {
                        for (int x = 0; x < 2; x++) {
                            out[(2 * ti + r) * s.width + 2 * tj + x] = bias ? y[r][x] + bias[o] : y[r][x];
                        }
                    }
                }
            }
        }
    }
}

/// Ŷ = A dy Aᵀ for every 2x2 tile of the output gradient: rows [y0; y0 + y1; y0 - y1; -y1],
/// then the same along each row.
static void transform_gradient_portable(const float *gradient, int images, Shape s, int tiles, float *hat)
{
    const long gradientPlane = plane_size(s.outputs, tiles);
    for (int b = 0; b < images; b++) {
        for (int o = 0; o < s.outputs; o++) {
            const float *dy = gradient + ((long)b * s.outputs + o) * s.height * s.width;
            for (int ti = 0; ti < s.height / 2; ti++) {
                for (int tj = 0; tj < s.tileColumns; tj++) {
                    const float *top = dy + 2 * ti * s.width + 2 * tj, *bottom = top + s.width;
                    const float rows[TILE][2] = {
                        {top[0], top[1]},
                        {top[0] + bottom[0], top[1] + bottom[1]},
                        {top[0] - bottom[0], top[1] - bottom[1]},
                        {-bottom[0], -bottom[1]},
                    };
                    const int t = b * s.tilesPerImage + ti * s.tileColumns + tj;
                    for (int r = 0; r < TILE; r++) {
                        const float p = rows[r][0], q = rows[r][1];
                        const float e[TILE] = {p, p + q, p - q, -q};
                        for (int x = 0; x < TILE; x++) hat[(r * TILE + x) * gradientPlane + (long)o * tiles + t] = e[x];
                    }
                }
            }
        }
    }
}

/// M (rows x tiles) = U (rows x depth) · V (depth x tiles), each sum from 0 over the depth in order.
static void multiply_portable(const float *U, const float *V, float *M, int rows, int depth, int tiles)
{
    for (int o = 0; o < rows; o++) {
        for (int t = 0; t < tiles; t++) {
            float sum = 0.0f;
            for (int c = 0; c < depth; c++) sum = fmaf(U[o * depth + c], V[(long)c * tiles + t], sum);
            M[(long)o * tiles + t] = sum;
        }
    }
}

/// lanes (outputs x channels x 8) += Ŷ (outputs x tiles) · Vᵀ (tiles x channels), lane by
/// lane: tile t of the block goes to lane t mod 8. The first block starts the lanes from 0
/// (`first`), the others add to them. The lanes are added up only once the last
/// block is in (`add_lanes`); adding them up after every block of 64 tiles cost as much as
/// the products.
static void accumulate_gradient_portable(
    const float *hat, const float *V, float *lanes, int outputs, int channels, int tiles, int first)
{
    for (int o = 0; o < outputs; o++) {
        for (int c = 0; c < channels; c++) {
            float *lane = lanes + ((long)o * channels + c) * LANES;
            if (first) memset(lane, 0, sizeof(float) * LANES);
            for (int start = 0; start < tiles; start += LANES) {
                // Tiles past the end add 0 · 0, as the vector code's masked loads do.
                for (int l = 0; l < LANES; l++) {
                    const int t = start + l;
                    const float g = t < tiles ? hat[(long)o * tiles + t] : 0.0f;
                    const float x = t < tiles ? V[(long)c * tiles + t] : 0.0f;
                    lane[l] = fmaf(g, x, lane[l]);
                }
            }
        }
    }
}

// MARK: AVX2 and FMA

#if defined(__x86_64__)
#include <immintrin.h>

#define VECTOR_CODE __attribute__((target("avx2,fma")))
#define TILE_CODE static inline __attribute__((always_inline, target("avx2,fma")))

/// The even lanes of a vector in its low half, the odd lanes in its high half.
TILE_CODE __m256 split_even_odd(__m256 x)
{
    return _mm256_permutevar8x32_ps(x, _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7));
}

/// Four tiles side by side at a time: the eight columns from the group's first, and the eight
/// from two further along, cover the ten columns the four tiles read.
VECTOR_CODE static void transform_input_avx2(const float *framed, int images, Shape s, float *V, int tiles)
{
    const long inputPlane = plane_size(s.channels, tiles);
    const int fw = s.framedWidth;
    for (int b = 0; b < images; b++) {
        for (int c = 0; c < s.channels; c++) {
            const float *image = framed + ((long)b * s.channels + c) * s.plane;
            for (int ti = 0; ti < s.height / 2; ti++) {
                for (int tj = 0; tj < s.tileColumns; tj += GROUP) {
                    const float *d = image + 2 * ti * fw + 2 * tj;
                    __m256 near[TILE], far[TILE];
                    for (int k = 0; k < TILE; k++) {
                        near[k] = _mm256_loadu_ps(d + k * fw);
                        far[k] = _mm256_loadu_ps(d + k * fw + 2);
                    }
                    const __m256 nearRows[TILE] = {
                        _mm256_sub_ps(near[0], near[2]), _mm256_add_ps(near[1], near[2]),
                        _mm256_sub_ps(near[2], near[1]), _mm256_sub_ps(near[1], near[3])};
                    const __m256 farRows[TILE] = {
                        _mm256_sub_ps(far[0], far[2]), _mm256_add_ps(far[1], far[2]), _mm256_sub_ps(far[2], far[1]),
                        _mm256_sub_ps(far[1], far[3])};
                    const int t = b * s.tilesPerImage + ti * s.tileColumns + tj;
                    for (int r = 0; r < TILE; r++) {
                        const __m256 a = split_even_odd(nearRows[r]), z = split_even_odd(farRows[r]);
                        // Columns 2tj, 2tj + 1, 2tj + 2 and 2tj + 3 of the four tiles.
                        const __m128 x0 = _mm256_castps256_ps128(a), x1 = _mm256_extractf128_ps(a, 1);
                        const __m128 x2 = _mm256_castps256_ps128(z), x3 = _mm256_extractf128_ps(z, 1);
                        const __m128 e[TILE] = {
                            _mm_sub_ps(x0, x2), _mm_add_ps(x1, x2), _mm_sub_ps(x2, x1), _mm_sub_ps(x1, x3)};
                        for (int q = 0; q < TILE; q++)
                            _mm_storeu_ps(V + (r * TILE + q) * inputPlane + (long)c * tiles + t, e[q]);
                    }
                }
            }
        }
    }
}

VECTOR_CODE static void transform_output_avx2(
    const float *M, const float *bias, int images, Shape s, int tiles, float *output)
{
    const long productPlane = plane_size(s.outputs, tiles);
    for (int b = 0; b < images; b++) {
        for (int o = 0; o < s.outputs; o++) {
            float *out = output + ((long)b * s.outputs + o) * s.height * s.width;
            const __m128 shift = _mm_set1_ps(bias ? bias[o] : 0.0f);
            for (int ti = 0; ti < s.height / 2; ti++) {
                for (int tj = 0; tj < s.tileColumns; tj += GROUP) {
                    const int t = b * s.tilesPerImage + ti * s.tileColumns + tj;
                    __m128 m[POINTS];
                    for (int point = 0; point < POINTS; point++)
                        m[point] = _mm_loadu_ps(M + point * productPlane + (long)o * tiles + t);
                    __m128 top[TILE], bottom[TILE];
                    for (int q = 0; q < TILE; q++) {
                        top[q] = _mm_add_ps(_mm_add_ps(m[q], m[TILE + q]), m[2 * TILE + q]);
                        bottom[q] = _mm_sub_ps(_mm_sub_ps(m[TILE + q], m[2 * TILE + q]), m[3 * TILE + q]);
                    }
                    __m128 y00 = _mm_add_ps(_mm_add_ps(top[0], top[1]), top[2]);
                    __m128 y01 = _mm_sub_ps(_mm_sub_ps(top[1], top[2]), top[3]);
                    __m128 y10 = _mm_add_ps(_mm_add_ps(bottom[0], bottom[1]), bottom[2]);
                    __m128 y11 = _mm_sub_ps(_mm_sub_ps(bottom[1], bottom[2]), bottom[3]);
                    if (bias) {
                        y00 = _mm_add_ps(y00, shift);
                        y01 = _mm_add_ps(y01, shift);
                        y10 = _mm_add_ps(y10, shift);
                        y11 = _mm_add_ps(y11, shift);
                    }
                    // Interleave each tile's two columns back into image rows.
                    float *row = out + 2 * ti * s.width + 2 * tj;
                    _mm_storeu_ps(row, _mm_unpacklo_ps(y00, y01));
                    _mm_storeu_ps(row + 4, _mm_unpackhi_ps(y00, y01));
                    _mm_storeu_ps(row + s.width, _mm_unpacklo_ps(y10, y11));
                    _mm_storeu_ps(row + s.width + 4, _mm_unpackhi_ps(y10, y11));
                }
            }
        }
    }
}

VECTOR_CODE static void transform_gradient_avx2(const float *gradient, int images, Shape s, int tiles, float *hat)
{
    const long gradientPlane = plane_size(s.outputs, tiles);
    const __m128 sign = _mm_set1_ps(-0.0f);
    for (int b = 0; b < images; b++) {
        for (int o = 0; o < s.outputs; o++) {
            const float *dy = gradient + ((long)b * s.outputs + o) * s.height * s.width;
            for (int ti = 0; ti < s.height / 2; ti++) {
                for (int tj = 0; tj < s.tileColumns; tj += GROUP) {
                    const float *top = dy + 2 * ti * s.width + 2 * tj;
                    const __m256 upper = split_even_odd(_mm256_loadu_ps(top));
                    const __m256 lower = split_even_odd(_mm256_loadu_ps(top + s.width));
                    const __m128 y00 = _mm256_castps256_ps128(upper), y01 = _mm256_extractf128_ps(upper, 1);
                    const __m128 y10 = _mm256_castps256_ps128(lower), y11 = _mm256_extractf128_ps(lower, 1);
                    const __m128 rows[TILE][2] = {
                        {y00, y01},
                        {_mm_add_ps(y00, y10), _mm_add_ps(y01, y11)},
                        {_mm_sub_ps(y00, y10), _mm_sub_ps(y01, y11)},
                        {_mm_xor_ps(y10, sign), _mm_xor_ps(y11, sign)},
                    };
                    const int t = b * s.tilesPerImage + ti * s.tileColumns + tj;
                    for (int r = 0; r < TILE; r++) {
                        const __m128 p = rows[r][0], q = rows[r][1];
                        const __m128 e[TILE] = {p, _mm_add_ps(p, q), _mm_sub_ps(p, q), _mm_xor_ps(q, sign)};
                        for (int x = 0; x < TILE; x++)
                            _mm_storeu_ps(hat + (r * TILE + x) * gradientPlane + (long)o * tiles + t, e[x]);
                    }
                }
            }
        }
    }
}

/// One tile of the product: `tileRows` rows from `o`, `vectors` times eight tiles from `t`,
/// in registers while the depth passes through them.
TILE_CODE void multiply_tile(
    const float *U, const float *V, float *M, int depth, int tiles, int o, int t, const int tileRows,
    const int vectors, const int masked)
{
    const __m256i mask = lanes_mask(t + (vectors - 1) * LANES, tiles);
    __m256 sum[4][2];
    for (int r = 0; r < tileRows; r++) {
        for (int v = 0; v < vectors; v++) sum[r][v] = _mm256_setzero_ps();
    }
    for (int c = 0; c < depth; c++) {
        const float *row = V + (long)c * tiles + t;
        __m256 x[2];
        for (int v = 0; v < vectors; v++) x[v] = load(row + v * LANES, masked && v == vectors - 1, mask);
        for (int r = 0; r < tileRows; r++) {
            const __m256 u = _mm256_broadcast_ss(U + (o + r) * depth + c);
            for (int v = 0; v < vectors; v++) sum[r][v] = _mm256_fmadd_ps(u, x[v], sum[r][v]);
        }
    }
    for (int r = 0; r < tileRows; r++) {
        for (int v = 0; v < vectors; v++) {
            float *destination = M + (long)(o + r) * tiles + t + v * LANES;
            if (masked && v == vectors - 1) {
                _mm256_maskstore_ps(destination, mask, sum[r][v]);
            } else {
                _mm256_storeu_ps(destination, sum[r][v]);
            }
        }
    }
}

/// The tiles of `tileRows` rows, sixteen at a time, then the eight or fewer left.
TILE_CODE void multiply_rows(
    const float *U, const float *V, float *M, int depth, int tiles, int o, const int tileRows)
{
    int t = 0;
    for (; t + 2 * LANES <= tiles; t += 2 * LANES) multiply_tile(U, V, M, depth, tiles, o, t, tileRows, 2, 0);
    if (t + LANES <= tiles) {
        multiply_tile(U, V, M, depth, tiles, o, t, tileRows, 1, 0);
        t += LANES;
    }
    if (t < tiles) multiply_tile(U, V, M, depth, tiles, o, t, tileRows, 1, 1);
}

VECTOR_CODE static void multiply_avx2(const float *U, const float *V, float *M, int rows, int depth, int tiles)
{
    int o = 0;
    for (; o + 4 <= rows; o += 4) multiply_rows(U, V, M, depth, tiles, o, 4);
    for (; o < rows; o++) multiply_rows(U, V, M, depth, tiles, o, 1);
}

/// One tile of the weight gradient: `tileOutputs` outputs from `o` by `tileChannels` channels
/// from `c`, each a vector of eight lane sums, in registers while the block's tiles pass.
TILE_CODE void accumulate_tile(
    const float *hat, const float *V, float *lanes, int channels, int tiles, int first, int o, int c,
    const int tileOutputs, const int tileChannels)
{
    __m256 sum[3][3];
    for (int a = 0; a < tileOutputs; a++) {
        for (int k = 0; k < tileChannels; k++)
            sum[a][k] = first ? _mm256_setzero_ps() : _mm256_loadu_ps(lanes + ((long)(o + a) * channels + c + k) * LANES);
    }
    for (int t = 0; t < tiles; t += LANES) {
        const int masked = tiles - t < LANES;
        const __m256i mask = lanes_mask(t, tiles);
        __m256 x[3];
        for (int k = 0; k < tileChannels; k++) x[k] = load(V + (long)(c + k) * tiles + t, masked, mask);
        for (int a = 0; a < tileOutputs; a++) {
            const __m256 g = load(hat + (long)(o + a) * tiles + t, masked, mask);
            for (int k = 0; k < tileChannels; k++) sum[a][k] = _mm256_fmadd_ps(g, x[k], sum[a][k]);
        }
    }
    for (int a = 0; a < tileOutputs; a++) {
        for (int k = 0; k < tileChannels; k++) _mm256_storeu_ps(lanes + ((long)(o + a) * channels + c + k) * LANES, sum[a][k]);
    }
}

/// The channels of `tileOutputs` outputs, three at a time, then the two or one left.
TILE_CODE void accumulate_rows(
    const float *hat, const float *V, float *lanes, int channels, int tiles, int first, int o, const int tileOutputs)
{
    int c = 0;
    for (; c + 3 <= channels; c += 3) accumulate_tile(hat, V, lanes, channels, tiles, first, o, c, tileOutputs, 3);
    if (channels - c == 2) accumulate_tile(hat, V, lanes, channels, tiles, first, o, c, tileOutputs, 2);
    if (channels - c == 1) accumulate_tile(hat, V, lanes, channels, tiles, first, o, c, tileOutputs, 1);
}

VECTOR_CODE static void accumulate_gradient_avx2(
    const float *hat, const float *V, float *lanes, int outputs, int channels, int tiles, int first)
{
    int o = 0;
    for (; o + 3 <= outputs; o += 3) accumulate_rows(hat, V, lanes, channels, tiles, first, o, 3);
    if (outputs - o == 2) accumulate_rows(hat, V, lanes, channels, tiles, first, o, 2);
    if (outputs - o == 1) accumulate_rows(hat, V, lanes, channels, tiles, first, o, 1);
}
#endif

// MARK: Steps, each taking the vector code where it can

static void transform_input(const float *framed, int images, Shape s, float *V, int tiles)
{
#if defined(__x86_64__)
    if (converge_uses_vector_code()) {
        transform_input_avx2(framed, images, s, V, tiles);
        return;
    }
#endif
    transform_input_portable(framed, images, s, V, tiles);
}

static void transform_output(const float *M, const float *bias, int images, Shape s, int tiles, float *output)
{
#if defined(__x86_64__)
    if (converge_uses_vector_code()) {
        transform_output_avx2(M, bias, images, s, tiles, output);
        return;
    }
#endif
    transform_output_portable(M, bias, images, s, tiles, output);
}

static void transform_gradient(const float *gradient, int images, Shape s, int tiles, float *hat)
{
#if defined(__x86_64__)
    if (converge_uses_vector_code()) {
        transform_gradient_avx2(gradient, images, s, tiles, hat);
        return;
    }
#endif
    transform_gradient_portable(gradient, images, s, tiles, hat);
}

static void multiply(const float *U, const float *V, float *M, int rows, int depth, int tiles)
{
#if defined(__x86_64__)
    if (converge_uses_vector_code()) {
        multiply_avx2(U, V, M, rows, depth, tiles);
        return;
    }
#endif
    multiply_portable(U, V, M, rows, depth, tiles);
}

static void accumulate_gradient(
    const float *hat, const float *V, float *lanes, int outputs, int channels, int tiles, int first)
{
#if defined(__x86_64__)
    if (converge_uses_vector_code()) {
        accumulate_gradient_avx2(hat, V, lanes, outputs, channels, tiles, first);
        return;
    }
#endif
    accumulate_gradient_portable(hat, V, lanes, outputs, channels, tiles, first);
}

// MARK: Entry points

void converge_winograd_forward(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *transformedWeight, const float *bias, int outputs, float *output)
{
    const Shape s = make_shape(channels, outputs, framedHeight, framedWidth);
    const int perBlock = block_images(s);
    const long blockTiles = (long)perBlock * s.tilesPerImage;
    float *V = scratch_for(POINTS * (plane_size(channels, blockTiles) + plane_size(outputs, blockTiles)));
    float *M = V + POINTS * plane_size(channels, blockTiles);
    for (int first = 0; first < images; first += perBlock) {
        const int count = images - first < perBlock ? images - first : perBlock;
        const int tiles = count * s.tilesPerImage;
        transform_input(framed + (long)first * channels * s.plane, count, s, V, tiles);
        for (int point = 0; point < POINTS; point++) {
            multiply(
                transformedWeight + (long)point * outputs * channels, V + point * plane_size(channels, tiles),
                M + point * plane_size(outputs, tiles), outputs, channels, tiles);
        }
        transform_output(M, bias, count, s, tiles, output + (long)first * outputs * s.height * s.width);
    }
}

void converge_winograd_transformed_weight_gradient(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *outputGradient, int outputs, float *transformedGradient)
{
    const Shape s = make_shape(channels, outputs, framedHeight, framedWidth);
    const int perBlock = block_images(s);
    const long blockTiles = (long)perBlock * s.tilesPerImage;
    const long sums = (long)POINTS * outputs * channels;
    float *V = scratch_for(POINTS * (plane_size(channels, blockTiles) + plane_size(outputs, blockTiles)) + sums * LANES);
    float *hat = V + POINTS * plane_size(channels, blockTiles);
    float *lanes = hat + POINTS * plane_size(outputs, blockTiles);
    if (images <= 0) {
        memset(transformedGradient, 0, sizeof(float) * sums);
        return;
    }
    for (int first = 0; first < images; first += perBlock) {
        const int count = images - first < perBlock ? images - first : perBlock;
        const int tiles = count * s.tilesPerImage;
        transform_input(framed + (long)first * channels * s.plane, count, s, V, tiles);
        transform_gradient(outputGradient + (long)first * outputs * s.height * s.width, count, s, tiles, hat);
        for (int point = 0; point < POINTS; point++) {
            accumulate_gradient(
                hat + point * plane_size(outputs, tiles), V + point * plane_size(channels, tiles),
                lanes + point * (long)outputs * channels * LANES, outputs, channels, tiles, first == 0);
        }
    }
    for (long k = 0; k < sums; k++) transformedGradient[k] = add_lanes(lanes + k * LANES);
}
