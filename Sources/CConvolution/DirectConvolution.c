#include "DirectConvolution.h"

#include <math.h>

#include "Lanes.h"
#include "VectorDispatch.h"

// Two implementations of each loop, which must agree bit for bit:
// - portable C, one output at a time with `fmaf`;
// - AVX2 with FMA, eight columns per vector register and a tile of outputs in registers,
//   chosen at run time when the CPU has both.
// They agree because each output's sum takes the same terms in the same order, and a fused
// multiply-add rounds once whether it is one lane of a vector or a call to `fmaf`.

enum { KERNEL = 3, TAPS = 9 };

// MARK: Portable

static void forward_portable(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *weight, const float *bias, int outputs, float *output)
{
    const int height = framedHeight - 2, width = framedWidth - 2;
    const int plane = framedHeight * framedWidth;
    for (int b = 0; b < images; b++) {
        const float *image = framed + (long)b * channels * plane;
        for (int o = 0; o < outputs; o++) {
            float *out = output + ((long)b * outputs + o) * height * width;
            for (int i = 0; i < height; i++) {
                for (int j = 0; j < width; j++) {
                    float sum = bias ? bias[o] : 0.0f;
                    for (int c = 0; c < channels; c++) {
                        const float *window = image + c * plane + i * framedWidth + j;
                        const float *taps = weight + (o * channels + c) * TAPS;
                        for (int u = 0; u < KERNEL; u++) {
                            for (int v = 0; v < KERNEL; v++) {
                                sum = fmaf(taps[u * KERNEL + v], window[u * framedWidth + v], sum);
                            }
                        }
                    }
                    out[i * width + j] = sum;
                }
            }
        }
    }
}

static void weight_gradient_portable(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *outputGradient, int outputs, float *weightGradient)
{
    const int height = framedHeight - 2, width = framedWidth - 2;
    const int plane = framedHeight * framedWidth;
    for (int o = 0; o < outputs; o++) {
        for (int c = 0; c < channels; c++) {
            for (int u = 0; u < KERNEL; u++) {
                for (int v = 0; v < KERNEL; v++) {
                    float lane[LANES] = {0};
                    for (int b = 0; b < images; b++) {
                        const float *dy = outputGradient + ((long)b * outputs + o) * height * width;
                        const float *x = framed + ((long)b * channels + c) * plane + u * framedWidth + v;
                        for (int i = 0; i < height; i++) {
                            for (int first = 0; first < width; first += LANES) {
                                // Columns past the edge add 0 · 0, as the vector code's masked loads do.
                                for (int l = 0; l < LANES; l++) {
                                    const int j = first + l;
                                    const float g = j < width ? dy[i * width + j] : 0.0f;
                                    const float input = j < width ? x[i * framedWidth + j] : 0.0f;
                                    lane[l] = fmaf(g, input, lane[l]);
                                }
                            }
                        }
                    }
                    weightGradient[(o * channels + c) * TAPS + u * KERNEL + v] = add_lanes(lane);
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

/// One tile of the forward pass: `tileOutputs` output channels from `o`, `tileRows` rows from
/// `i`, eight columns from `j`, kept in up to 4 x 3 registers while every input channel and
/// kernel tap passes through them. The constant tile sizes let the compiler unroll it.
TILE_CODE void forward_tile(
    const float *image, int channels, int plane, int framedWidth, const float *weight, const float *bias,
    float *out, int height, int width, int o, int i, int j, const int tileOutputs, const int tileRows,
    const int masked)
{
    const __m256i mask = lanes_mask(j, width);
    __m256 sum[4][3];
    for (int a = 0; a < tileOutputs; a++) {
        const __m256 start = _mm256_set1_ps(bias ? bias[o + a] : 0.0f);
        for (int r = 0; r < tileRows; r++) sum[a][r] = start;
    }
    for (int c = 0; c < channels; c++) {
        const float *window = image + c * plane + i * framedWidth + j;
        const float *taps = weight + (o * channels + c) * TAPS;
        for (int u = 0; u < KERNEL; u++) {
            for (int v = 0; v < KERNEL; v++) {
                __m256 input[3];
                for (int r = 0; r < tileRows; r++) input[r] = load(window + (r + u) * framedWidth + v, masked, mask);
                for (int a = 0; a < tileOutputs; a++) {
                    const __m256 tap = _mm256_broadcast_ss(taps + a * channels * TAPS + u * KERNEL + v);
                    for (int r = 0; r < tileRows; r++) sum[a][r] = _mm256_fmadd_ps(tap, input[r], sum[a][r]);
                }
            }
        }
    }
    for (int a = 0; a < tileOutputs; a++) {
        for (int r = 0; r < tileRows; r++) {
            float *destination = out + ((long)(o + a) * height + i + r) * width + j;
            if (masked) {
                _mm256_maskstore_ps(destination, mask, sum[a][r]);
            } else {
                _mm256_storeu_ps(destination, sum[a][r]);
            }
        }
    }
}

/// The rows of one tile column, in tiles of up to three.
TILE_CODE void forward_rows(
    const float *image, int channels, int plane, int framedWidth, const float *weight, const float *bias,
    float *out, int height, int width, int o, int j, const int tileOutputs, const int masked)
{
    int i = 0;
    for (; i + 3 <= height; i += 3)
        forward_tile(image, channels, plane, framedWidth, weight, bias, out, height, width, o, i, j, tileOutputs, 3, masked);
    if (height - i == 2)
        forward_tile(image, channels, plane, framedWidth, weight, bias, out, height, width, o, i, j, tileOutputs, 2, masked);
    if (height - i == 1)
        forward_tile(image, channels, plane, framedWidth, weight, bias, out, height, width, o, i, j, tileOutputs, 1, masked);
}

VECTOR_CODE static void forward_avx2(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *weight, const float *bias, int outputs, float *output)
{
    const int height = framedHeight - 2, width = framedWidth - 2;
    const int plane = framedHeight * framedWidth;
    for (int b = 0; b < images; b++) {
        const float *image = framed + (long)b * channels * plane;
        float *out = output + (long)b * outputs * height * width;
        for (int j = 0; j < width; j += LANES) {
            const int masked = width - j < LANES;
            int o = 0;
            for (; o + 4 <= outputs; o += 4) {
                if (masked) {
                    forward_rows(image, channels, plane, framedWidth, weight, bias, out, height, width, o, j, 4, 1);
                } else {
                    forward_rows(image, channels, plane, framedWidth, weight, bias, out, height, width, o, j, 4, 0);
                }
            }
            for (; o < outputs; o++) {
                if (masked) {
                    forward_rows(image, channels, plane, framedWidth, weight, bias, out, height, width, o, j, 1, 1);
                } else {
                    forward_rows(image, channels, plane, framedWidth, weight, bias, out, height, width, o, j, 1, 0);
                }
            }
        }
    }
}

VECTOR_CODE static float add_vector_lanes(__m256 sum)
{
    float lane[LANES];
    _mm256_storeu_ps(lane, sum);
    return add_lanes(lane);
}

/// The nine running sums of a weight-gradient tile (output channel by kernel column).
typedef struct {
    __m256 sum[3][3];
} TileSums;

/// Adds eight columns of one row to a weight-gradient tile: `gradient` points at output
/// channel `o`'s row, `input` at the matching framed row.
TILE_CODE TileSums weight_gradient_step(
    TileSums sums, const float *gradient, int positions, const float *input, const int tileOutputs,
    const int masked, __m256i mask)
{
    __m256 x[3];
    for (int v = 0; v < KERNEL; v++) x[v] = load(input + v, masked, mask);
    for (int a = 0; a < tileOutputs; a++) {
        const __m256 g = load(gradient + a * positions, masked, mask);
        for (int v = 0; v < KERNEL; v++) sums.sum[a][v] = _mm256_fmadd_ps(g, x[v], sums.sum[a][v]);
    }
    return sums;
}

/// The common tile written out: up to three output channels, rows a whole number of vectors
/// wide, for the nine lane-sum vectors (output channel by kernel column) it returns in `sums`.
/// Written with an array of sums, the compiler stored the array back to memory on every step
/// and ran at half the speed; named variables stay in registers. Three inputs and one
/// gradient at a time sit beside them: four output channels would need twelve sums, and the
/// sixteen registers would not hold them with their operands.
TILE_CODE void weight_gradient_rows(
    const float *gradient, int positions, const float *input, int images, int height, int width, int framedWidth,
    long imageGradientStep, long imageInputStep, TileSums *sums, const int tileOutputs)
{
    __m256 s00 = _mm256_setzero_ps(), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
    __m256 s20 = s00, s21 = s00, s22 = s00;
    const int vectorsPerRow = width / LANES;
    int column = 0, row = 0;
    // One flat loop over every eight columns of the batch, stepping to the next row and the
    // next image by hand.
    for (long step = (long)images * height * vectorsPerRow; step > 0; step--) {
        const __m256 x0 = _mm256_loadu_ps(input), x1 = _mm256_loadu_ps(input + 1);
        const __m256 x2 = _mm256_loadu_ps(input + 2);
        const __m256 g0 = _mm256_loadu_ps(gradient);
        s00 = _mm256_fmadd_ps(g0, x0, s00);
        s01 = _mm256_fmadd_ps(g0, x1, s01);
        s02 = _mm256_fmadd_ps(g0, x2, s02);
        if (tileOutputs > 1) {
            const __m256 g1 = _mm256_loadu_ps(gradient + positions);
            s10 = _mm256_fmadd_ps(g1, x0, s10);
            s11 = _mm256_fmadd_ps(g1, x1, s11);
            s12 = _mm256_fmadd_ps(g1, x2, s12);
        }
        if (tileOutputs > 2) {
            const __m256 g2 = _mm256_loadu_ps(gradient + 2 * positions);
            s20 = _mm256_fmadd_ps(g2, x0, s20);
            s21 = _mm256_fmadd_ps(g2, x1, s21);
            s22 = _mm256_fmadd_ps(g2, x2, s22);
        }
        gradient += LANES;
        input += LANES;
        if (++column == vectorsPerRow) {
            column = 0;
            input += framedWidth - width;
            if (++row == height) {
                row = 0;
                gradient += imageGradientStep;
                input += imageInputStep;
            }
        }
    }
    *sums = (TileSums){{{s00, s01, s02}, {s10, s11, s12}, {s20, s21, s22}}};
}

/// `weight_gradient_rows` for each tile size as a function of its own, so that the compiler
/// allocates the sums' registers in a small function.
#define ROWS_FUNCTION(OUTPUTS)                                                                               \
    __attribute__((noinline, target("avx2,fma"))) static void weight_gradient_rows_##OUTPUTS(               \
        const float *gradient, int positions, const float *input, int images, int height, int width,        \
        int framedWidth, long imageGradientStep, long imageInputStep, TileSums *sums)                       \
    {                                                                                                         \
        weight_gradient_rows(                                                                                 \
            gradient, positions, input, images, height, width, framedWidth, imageGradientStep, imageInputStep, \
            sums, OUTPUTS);                                                                                   \
    }
ROWS_FUNCTION(1)
ROWS_FUNCTION(2)
ROWS_FUNCTION(3)
#undef ROWS_FUNCTION

/// One tile of the weight gradient: `tileOutputs` (at most three) output channels from `o`,
/// input channel `c`, kernel row `u`, all three kernel columns, each a vector of eight lane
/// sums over the whole batch.
TILE_CODE void weight_gradient_tile(
    const float *framed, int images, int channels, int plane, int framedWidth, const float *outputGradient,
    int outputs, int height, int width, float *weightGradient, int o, int c, int u, const int tileOutputs)
{
    const int positions = height * width;
    const float *dy = outputGradient + (long)o * positions;
    const float *x = framed + (long)c * plane + u * framedWidth;
    TileSums sums;
    if (width % LANES == 0) {
        const long imageGradientStep = (long)(outputs - 1) * positions;
        const long imageInputStep = (long)channels * plane - (long)height * framedWidth;
        if (tileOutputs == 3) {
            weight_gradient_rows_3(
                dy, positions, x, images, height, width, framedWidth, imageGradientStep, imageInputStep, &sums);
        } else if (tileOutputs == 2) {
            weight_gradient_rows_2(
                dy, positions, x, images, height, width, framedWidth, imageGradientStep, imageInputStep, &sums);
        } else {
            weight_gradient_rows_1(
                dy, positions, x, images, height, width, framedWidth, imageGradientStep, imageInputStep, &sums);
        }
    } else {
        for (int a = 0; a < tileOutputs; a++) {
            for (int v = 0; v < KERNEL; v++) sums.sum[a][v] = _mm256_setzero_ps();
        }
        const int fullColumns = width - width % LANES;
        const __m256i tailMask = lanes_mask(fullColumns, width);
        for (int b = 0; b < images; b++) {
            const float *imageGradient = dy + (long)b * outputs * positions;
            const float *image = x + (long)b * channels * plane;
            for (int i = 0; i < height; i++) {
                const float *gradientRow = imageGradient + i * width, *inputRow = image + i * framedWidth;
                for (int j = 0; j < fullColumns; j += LANES)
                    sums = weight_gradient_step(
                        sums, gradientRow + j, positions, inputRow + j, tileOutputs, 0, tailMask);
                if (fullColumns < width)
                    sums = weight_gradient_step(
                        sums, gradientRow + fullColumns, positions, inputRow + fullColumns, tileOutputs, 1,
                        tailMask);
            }
        }
    }
    for (int a = 0; a < tileOutputs; a++) {
        for (int v = 0; v < KERNEL; v++)
            weightGradient[((o + a) * channels + c) * TAPS + u * KERNEL + v] = add_vector_lanes(sums.sum[a][v]);
    }
}

VECTOR_CODE static void weight_gradient_avx2(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *outputGradient, int outputs, float *weightGradient)
{
    const int height = framedHeight - 2, width = framedWidth - 2;
    const int plane = framedHeight * framedWidth;
    // Three output channels at a time while three remain, then the two or one left.
    for (int o = 0; o < outputs;) {
        const int tileOutputs = outputs - o >= 3 ? 3 : outputs - o;
        for (int c = 0; c < channels; c++) {
            for (int u = 0; u < KERNEL; u++) {
                if (tileOutputs == 3) {
                    weight_gradient_tile(
                        framed, images, channels, plane, framedWidth, outputGradient, outputs, height, width,
                        weightGradient, o, c, u, 3);
                } else if (tileOutputs == 2) {
                    weight_gradient_tile(
                        framed, images, channels, plane, framedWidth, outputGradient, outputs, height, width,
                        weightGradient, o, c, u, 2);
                } else {
                    weight_gradient_tile(
                        framed, images, channels, plane, framedWidth, outputGradient, outputs, height, width,
                        weightGradient, o, c, u, 1);
                }
            }
        }
        o += tileOutputs;
    }
}
#endif

// MARK: Entry points

void converge_conv3x3_forward(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *weight, const float *bias, int outputs, float *output)
{
#if defined(__x86_64__)
    if (converge_uses_vector_code()) {
        forward_avx2(framed, images, channels, framedHeight, framedWidth, weight, bias, outputs, output);
        return;
    }
#endif
    forward_portable(framed, images, channels, framedHeight, framedWidth, weight, bias, outputs, output);
}

void converge_conv3x3_weight_gradient(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *outputGradient, int outputs, float *weightGradient)
{
#if defined(__x86_64__)
    if (converge_uses_vector_code()) {
        weight_gradient_avx2(
            framed, images, channels, framedHeight, framedWidth, outputGradient, outputs, weightGradient);
        return;
    }
#endif
    weight_gradient_portable(
        framed, images, channels, framedHeight, framedWidth, outputGradient, outputs, weightGradient);
}
