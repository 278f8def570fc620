// The OpenBLAS C interface. Debian's libopenblas-dev installs cblas.h on the default include path.
#include <cblas.h>
