// Eight-lane helpers shared by the direct and the Winograd loops.
#ifndef CONVERGE_LANES_H
#define CONVERGE_LANES_H

enum { LANES = 8 };

/// The fixed order in which eight lane sums are added, by the portable code and the vector
/// code alike.
static inline float add_lanes(const float lane[LANES])
{
    return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

#if defined(__x86_64__)
#include <immintrin.h>

/// The lanes of the items `first..<count` (at most eight): columns of a row, tiles of a block.
static inline __attribute__((target("avx2,fma"))) __m256i lanes_mask(int first, int count)
{
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count - first), lane);
}

/// Eight floats from `address`, or only the lanes of `mask` (the others 0) when `masked`.
static inline __attribute__((always_inline, target("avx2,fma"))) __m256 load(
    const float *address, int masked, __m256i mask)
{
    return masked ? _mm256_maskload_ps(address, mask) : _mm256_loadu_ps(address);
}
#endif

#endif
