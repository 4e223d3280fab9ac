// COCO JSON import (images, categories, RLE strings and counts, polygons) onto one small day.
#include "FuzzSupport.h"
#include "io/CocoJson.h"
#include "io/CocoRle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".json");
    gireview::ExportDay day;
    day.day = {1, 0};
    day.geometry.width = 16, day.geometry.height = 12, day.geometry.depth = 4;
    for (int z = 0; z < 4; ++z) day.sliceFiles.push_back(gireview::kaggleSliceFile(day.day, z + 1, day.geometry));
    fuzz::expectOnlyDataErrors([&] { gireview::importCocoJson(path, {day}); });
    fuzz::expectOnlyDataErrors([&] { gireview::coco::fromString(std::string_view(reinterpret_cast<const char*>(data), size)); });
    return 0;
}
