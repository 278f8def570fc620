#include "VectorDispatch.h"

#include "DirectConvolution.h"

static int portableOnly = 0;

void converge_conv3x3_use_portable_code(int portable) { portableOnly = portable; }

int converge_uses_vector_code(void)
{
#if defined(__x86_64__)
    static int known = -1;
    if (known < 0) known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return known && !portableOnly;
#else
    return 0;
#endif
}
