// 3x3, stride-1 convolutions by Winograd's minimal filtering, F(2x2, 3x3) (Lavin and Gray,
// 2016): each 2x2 tile of outputs comes from a 4x4 tile of the input through 16
// products, where the direct loops take 36.
//
// In the transformed space a convolution is 16 independent matrix products, one per point
// `ξ` of the 4x4 tile, with the input channels as their inner dimension:
//
//   U = G g Gᵀ          (each 3x3 kernel g becomes 4x4)
//   V = Bᵀ d B          (each 4x4 input tile d)
//   M[ξ] = U[ξ] · V[ξ]  (outputs x channels times channels x tiles)
//   y = Aᵀ m A          (each 4x4 m back to a 2x2 tile of outputs)
//
// with Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1], G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1] and
// Aᵀ = [1 1 1 0; 0 1 -1 -1]. The weight gradient is the adjoint of the same steps:
// dU[ξ] = Σ over tiles of (A dy Aᵀ)[ξ] · V[ξ], and dW = Gᵀ dU G.
//
// Tiles are taken four at a time along a row, so the output's width must be a multiple of 8
// and its height even (`converge_winograd_handles`). The transforms only add, subtract and
// halve, which round the same in a vector lane as in scalar code; the products are fused
// multiply-adds in a fixed order. So, as for the direct loops, the AVX2 code and the portable
// code give the same bits, at any number of threads.
#ifndef CONVERGE_WINOGRAD_CONVOLUTION_H
#define CONVERGE_WINOGRAD_CONVOLUTION_H

/// Whether outputs of `height x width` can be cut into the tiles these loops take.
int converge_winograd_handles(int height, int width);

/// `transformed[ξ][o][c] = (G weight[o][c] Gᵀ)[ξ]` for a weight of `outputs x channels x 3 x 3`.
void converge_winograd_transform_weight(const float *weight, int outputs, int channels, float *transformed);

/// `weightGradient[o][c] = Gᵀ transformedGradient[·][o][c] G`, overwriting `weightGradient`
/// (`outputs x channels x 3 x 3`) from a transformed gradient of `16 x outputs x channels`.
void converge_winograd_untransform_weight_gradient(
    const float *transformedGradient, int outputs, int channels, float *weightGradient);

/// The same output as `converge_conv3x3_forward` (up to rounding), from the transformed
/// weight (`16 x outputs x channels`). `bias` may be NULL.
void converge_winograd_forward(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *transformedWeight, const float *bias, int outputs, float *output);

/// The transformed weight gradient of `images` images, `16 x outputs x channels`,
/// overwriting `transformedGradient`. Each entry is eight partial sums, added pairwise at the
/// end; the images pass in blocks of a size fixed by the shape, and tile t of a block goes
/// to partial sum t mod 8.
void converge_winograd_transformed_weight_gradient(
    const float *framed, int images, int channels, int framedHeight, int framedWidth,
    const float *outputGradient, int outputs, float *transformedGradient);

#endif
