// glibc's heap statistics (mallinfo2), which Swift's Glibc module does not export.
// The benchmark and a test read them to show that a training step keeps no allocation.
#include <malloc.h>
