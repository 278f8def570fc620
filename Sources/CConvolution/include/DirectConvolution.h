// 3x3, stride-1 convolutions computed straight from a zero-framed input, without im2col.
//
// On small images the unrolled columns of im2col, and the copies BLAS makes of them, cost
// more than the multiplications. These loops read each image where it lies and keep a tile
// of outputs in vector registers. Every output is summed in one fixed order (the bias, then
// each input channel, kernel row and kernel column in turn, one fused multiply-add each), so
// the vector code and the portable code give the same bits, on any CPU and any tiling.
#ifndef CONVERGE_DIRECT_CONVOLUTION_H
#define CONVERGE_DIRECT_CONVOLUTION_H

/// `output[b][o][i][j] = bias[o] + Σ_c,u,v weight[o][c][u][v] · framed[b][c][i+u][j+v]`
/// for `images` images. `framed` is `images x channels x framedHeight x framedWidth`, the
/// input with its zero border already in place; `output` is
/// `images x outputs x (framedHeight - 2) x (framedWidth - 2)`. `bias` may be NULL.
void converge_conv3x3_forward(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *weight, const float *bias, int outputs, float *output);

/// `weightGradient[o][c][u][v] = Σ_b,i,j outputGradient[b][o][i][j] · framed[b][c][i+u][j+v]`
/// over `images` images, overwriting `weightGradient` (`outputs x channels x 3 x 3`).
/// Each sum runs over the images, then the rows, then the columns in eight interleaved
/// partial sums (one per vector lane, column `j` going to lane `j mod 8`), added pairwise.
void converge_conv3x3_weight_gradient(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *outputGradient, int outputs, float *weightGradient);

/// Makes these functions and the Winograd ones (`WinogradConvolution.h`) take the portable code even where AVX2 and FMA are available (a
/// nonzero argument) or not (zero), so a test can compare the two.
void converge_conv3x3_use_portable_code(int portable);

#endif
