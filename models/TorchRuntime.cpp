#include "TorchRuntime.h"

#include <stdexcept>
#include <torch/torch.h>
#include <torch/version.h>

namespace gireview {

DeviceRequest parseDeviceRequest(const std::string& text) {
    if (text == "auto") return DeviceRequest::Auto;
    if (text == "cpu") return DeviceRequest::Cpu;
    if (text == "cuda") return DeviceRequest::Cuda;
    throw std::invalid_argument("unknown device '" + text + "'; expected auto, cpu or cuda");
}

bool cudaAvailable() { return torch::cuda::is_available(); }

DeviceChoice chooseDevice(DeviceRequest request) {
    const bool cuda = cudaAvailable();
    switch (request) {
    case DeviceRequest::Cpu: return {"cpu", "CPU requested"};
    case DeviceRequest::Cuda:
        if (!cuda)
            throw std::runtime_error("CUDA requested but this LibTorch build has no usable CUDA "
                                     "device; build with Torch_DIR pointing at a CUDA LibTorch");
        return {"cuda", "CUDA requested"};
    case DeviceRequest::Auto: break;
    }
    return cuda ? DeviceChoice{"cuda", "CUDA available"}
                : DeviceChoice{"cpu", "CUDA not available in this LibTorch build; using CPU"};
}

std::string libtorchVersion() { return TORCH_VERSION; }

int torchThreads() { return at::get_num_threads(); }

void setTorchThreads(int n) { at::set_num_threads(n); }

double torchSelfTest(const DeviceChoice& device) {
    c10::InferenceMode guard;
    auto tensor = torch::full({2, 2}, 2.0, torch::TensorOptions().device(torch::Device(device.device)));
    return tensor.sum().item<double>();
}

} // namespace gireview
