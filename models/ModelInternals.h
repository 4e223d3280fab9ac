#pragma once
// Torch-side state of a SegmentationModel, shared by the model, inference and training .cpp
// files of this folder only (torch headers are slow to compile and clash with Qt's keywords).
#include "SegmentationModel.h"

#include <mutex>
#include <torch/script.h>
#include <torch/torch.h>

namespace gireview {

struct SegmentationModel::Impl {
    torch::jit::Module module;
    ModelCard card;
    torch::Device device{torch::kCPU};
    std::mutex forwardMutex; // one forward at a time per module
};

// Saves a module so that it loads on any machine: a copy on the CPU when it lives elsewhere.
void saveCpuMapped(const torch::jit::Module& module, const std::string& path);

// Runs the module on an input tensor and returns probabilities, checking shape and NaNs.
torch::Tensor forwardProbabilities(SegmentationModel::Impl& impl, const torch::Tensor& input);

} // namespace gireview
