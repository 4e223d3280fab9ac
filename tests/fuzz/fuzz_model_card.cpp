// Model cards (JSON beside a TorchScript file): every field a model run relies on.
#include "FuzzSupport.h"
#include "ModelCard.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".card.json");
    fuzz::expectOnlyDataErrors([&] { gireview::readModelCard(path); });
    return 0;
}
