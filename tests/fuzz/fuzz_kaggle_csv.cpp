// The CSV reader and the Kaggle rows on top of it (ids, classes, RLE), onto a small grid.
#include "FuzzSupport.h"
#include "io/KaggleCsv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".csv");
    gireview::VolumeGeometry grid;
    grid.width = 16, grid.height = 12, grid.depth = 8;
    const std::map<gireview::CaseDayKey, gireview::VolumeGeometry> grids = {{{1, 0}, grid}, {{2, 3}, grid}};
    fuzz::expectOnlyDataErrors([&] { gireview::importKaggleCsv(path, grids); });
    return 0;
}
