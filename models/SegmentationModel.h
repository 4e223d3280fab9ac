#pragma once
// A segmentation network and its card, loaded onto a device. The file format is TorchScript, so
// one file serves the product, the trainer and a PyTorch user (torch.jit.load). The project's own
// U-Net is built here as a scripted module (forward defined as TorchScript source), trained from
// C++ and saved with its card. Torch types stay out of this header.
#include "ModelCard.h"
#include "TorchRuntime.h"

#include <cstdint>
#include <memory>
#include <string>

namespace gireview {

struct UNetSpec {
    int depth = 4;        // levels, including the bottleneck
    int baseChannels = 8; // channels of the first level; doubled per level
    int inputChannels = 3;
    int outputChannels = 3;
};

class SegmentationModel {
public:
    // Reads the card beside the file, checks the SHA-256, loads the TorchScript module and runs
    // one dry batch to check the input channels and the output shape. Throws ModelError naming
    // the file for a missing/invalid card, a checksum mismatch, a corrupt or truncated file, the
    // wrong number of input channels or an output of the wrong shape.
    static SegmentationModel load(const std::string& modelPath, DeviceRequest device = DeviceRequest::Auto);
    // A new U-Net with weights initialised from `seed` (Kaiming normal, BatchNorm 1/0).
    static SegmentationModel createUNet(const UNetSpec& spec, const ModelCard& card, std::uint64_t seed);

    // Writes the module (temporary file, renamed) and its card with the file's SHA-256.
    void save(const std::string& modelPath) const;

    const ModelCard& card() const;
    ModelCard& card();
    std::string device() const;
    size_t parameterCount() const;

    // Probabilities in [0, 1] for `batch` inputs of card().inputChannels() x size x size floats
    // into batch x 3 x size x size floats. Throws ModelError for NaN or wrongly shaped output.
    void predict(const float* input, int batch, float* probabilities) const;

    // Torch-side state (ModelInternals.h, inside models/ only).
    struct Impl;
    explicit SegmentationModel(std::shared_ptr<Impl> impl);
    std::shared_ptr<Impl> impl() const { return impl_; }

private:
    std::shared_ptr<Impl> impl_;
};

// Where the default model lives: beside the executable in the build tree
// (<build>/models/default/unet.pt) or under the install prefix
// (<prefix>/share/gireview/models/unet.pt). Empty when neither exists.
std::string findDefaultModel(const std::string& executablePath);

} // namespace gireview
