// Which of the two implementations of each loop runs: the AVX2 and FMA code, or the
// portable C that gives the same bits. Shared by the direct and the Winograd loops.
#ifndef CONVERGE_VECTOR_DISPATCH_H
#define CONVERGE_VECTOR_DISPATCH_H

/// Whether the AVX2 and FMA code should run: the CPU has both and no test asked for the
/// portable code (`converge_conv3x3_use_portable_code`).
int converge_uses_vector_code(void);

#endif
