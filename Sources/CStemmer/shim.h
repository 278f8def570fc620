// Snowball's stemmers (Debian: libstemmer-dev). Only TextAnalysis.swift imports it.
#include <libstemmer.h>
