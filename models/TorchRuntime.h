#pragma once
// What LibTorch offers on this machine: its version and the compute devices. The device is
// chosen at run time: Debian's LibTorch is CPU-only, an official CUDA build (Torch_DIR) adds cuda.
#include <string>

namespace gireview {

enum class DeviceRequest { Auto, Cpu, Cuda };

// Parses "auto", "cpu" or "cuda"; throws std::invalid_argument naming the value.
DeviceRequest parseDeviceRequest(const std::string& text);

struct DeviceChoice {
    std::string device; // "cpu" or "cuda"
    std::string note;   // why, e.g. "CUDA not available in this LibTorch build; using CPU"
};

// Auto picks CUDA when available; Cuda without CUDA is an error (std::runtime_error).
DeviceChoice chooseDevice(DeviceRequest request);

std::string libtorchVersion();
bool cudaAvailable();
int torchThreads();
// Sets LibTorch's intra-op thread count for the process (n >= 1).
void setTorchThreads(int n);

// Runs a small tensor computation on the chosen device and returns its result (2+2 summed over
// a 2x2 tensor of twos = 8): proves the runtime works end to end.
double torchSelfTest(const DeviceChoice& device);

} // namespace gireview
