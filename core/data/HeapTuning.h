#pragma once
// glibc's malloc gives the top of its heap back to the kernel whenever more than its trim
// threshold is free there, and (after its first large free) serves blocks of a few hundred KB
// from that heap. Decoding a day allocates and frees one such block per file (GDCM's pixel data,
// a PNG's inflated rows), so every file paid for fresh pages: measured here, 55 of the 78 ms of a
// 144-file DICOM load were the kernel's page faults and brk calls. Keeping up to 64 MiB of free
// heap (and serving blocks under 4 MiB from it) takes that to 27 ms. Volumes are not affected:
// VoxelBuffer maps them itself. Called once at the start of every executable that loads days
// (the window, the command line, the benchmarks), never from library code.
#include <malloc.h>

namespace gireview {

inline void tuneHeapForDayLoading() {
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

} // namespace gireview
