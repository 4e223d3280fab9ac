#include "SegmentationModel.h"

#include "io/AtomicFile.h"
#include "ModelError.h"
#include "data/Organ.h"
#include "ModelInternals.h"
#include "io/Sha256.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace gireview {

namespace fs = std::filesystem;

namespace {

// TorchScript source of the U-Net's forward for a given depth. Parameters are flat attributes
// of one module (e<level><a|b>_{w,g,b,m,v}: conv weight, BatchNorm weight, bias, running mean and
// variance; u<level>_{w,bias}: 2x2 transposed convolution; head_{w,bias}: 1x1 output).
std::string unetSource(int depth) {
    std::ostringstream src;
    src << "def cbr(self, x: Tensor, w: Tensor, g: Tensor, b: Tensor, m: Tensor, v: Tensor) -> Tensor:\n"
           "    x = torch.conv2d(x, w, None, [1, 1], [1, 1])\n"
           "    x = torch.batch_norm(x, g, b, m, v, self.training, 0.1, 1e-05, False)\n"
           "    return torch.relu(x)\n\n"
           "def forward(self, x: Tensor) -> Tensor:\n";
    auto block = [&src](const std::string& name, const std::string& in, const std::string& out) {
        for (const char* half : {"a", "b"}) {
            const std::string p = "self." + name + half;
            src << "    " << out << " = self.cbr(" << (std::string(half) == "a" ? in : out) << ", " << p << "_w, " << p
                << "_g, " << p << "_b, " << p << "_m, " << p << "_v)\n";
        }
    };
    block("e0", "x", "s0");
    for (int level = 1; level < depth; ++level) {
        const std::string s = "s" + std::to_string(level);
        src << "    " << s << " = torch.max_pool2d(s" << level - 1 << ", [2, 2], [2, 2])\n";
        block("e" + std::to_string(level), s, s);
    }
    src << "    d = s" << depth - 1 << "\n";
    for (int level = depth - 2; level >= 0; --level) {
        const std::string l = std::to_string(level);
        src << "    d = torch.conv_transpose2d(d, self.u" << l << "_w, self.u" << l << "_bias, [2, 2])\n";
        src << "    d = torch.cat([d, s" << l << "], 1)\n";
        block("d" + l, "d", "d");
    }
    src << "    return torch.conv2d(d, self.head_w, self.head_bias)\n";
    return src.str();
}

void addConvBn(torch::jit::Module& module, const std::string& name, int in, int out) {
    auto weight = torch::empty({out, in, 3, 3});
    torch::nn::init::kaiming_normal_(weight, 0.0, torch::kFanOut, torch::kReLU);
    module.register_parameter(name + "_w", weight.set_requires_grad(true), false);
    module.register_parameter(name + "_g", torch::ones({out}).set_requires_grad(true), false);
    module.register_parameter(name + "_b", torch::zeros({out}).set_requires_grad(true), false);
    module.register_buffer(name + "_m", torch::zeros({out}));
    module.register_buffer(name + "_v", torch::ones({out}));
}

std::string firstLine(const std::string& text) {
    const size_t cut = text.find('\n');
    return cut == std::string::npos ? text : text.substr(0, cut);
}

std::string describeTorchError(const c10::Error& error) { return firstLine(error.what_without_backtrace()); }

std::string forwardFailure(const ModelCard& card, const std::string& why) {
    return "the network failed on an input of " + std::to_string(card.inputChannels()) + " channels x " +
           std::to_string(card.inputSize) + " x " + std::to_string(card.inputSize) +
           " (does the card's channel_offsets match the network's input channels?): " + why;
}

} // namespace

SegmentationModel::SegmentationModel(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

const ModelCard& SegmentationModel::card() const { return impl_->card; }
ModelCard& SegmentationModel::card() { return impl_->card; }
std::string SegmentationModel::device() const { return impl_->device.str(); }

size_t SegmentationModel::parameterCount() const {
    size_t count = 0;
    for (const auto& parameter : impl_->module.parameters()) count += size_t(parameter.numel());
    return count;
}

SegmentationModel SegmentationModel::createUNet(const UNetSpec& spec, const ModelCard& card, std::uint64_t seed) {
    if (spec.depth < 2 || spec.depth > 6) throw ModelError("U-Net depth must be 2..6", modelContext("", std::to_string(spec.depth)));
    if (spec.baseChannels < 2 || spec.baseChannels > 128)
        throw ModelError("U-Net base width must be 2..128", modelContext("", std::to_string(spec.baseChannels)));
    if (card.inputSize % (1 << (spec.depth - 1)) != 0)
        throw ModelError("model input size must be divisible by 2^(depth-1)", modelContext("", std::to_string(card.inputSize)));
    torch::manual_seed(seed);
    auto impl = std::make_shared<Impl>();
    impl->module = torch::jit::Module("__torch__.gireview.UNet2p5d");
    auto& module = impl->module;
    module.register_attribute("training", c10::BoolType::get(), true);
    int channels = spec.baseChannels;
    int in = spec.inputChannels;
    for (int level = 0; level < spec.depth; ++level) {
        const std::string name = "e" + std::to_string(level);
        addConvBn(module, name + "a", in, channels);
        addConvBn(module, name + "b", channels, channels);
        in = channels;
        channels *= 2;
    }
    for (int level = spec.depth - 2; level >= 0; --level) {
        const int out = spec.baseChannels << level;
        const int below = out * 2;
        const std::string l = std::to_string(level);
        auto up = torch::empty({below, out, 2, 2});
        torch::nn::init::kaiming_normal_(up, 0.0, torch::kFanOut, torch::kReLU);
        module.register_parameter("u" + l + "_w", up.set_requires_grad(true), false);
        module.register_parameter("u" + l + "_bias", torch::zeros({out}).set_requires_grad(true), false);
        addConvBn(module, "d" + l + "a", out * 2, out);
        addConvBn(module, "d" + l + "b", out, out);
    }
    auto head = torch::empty({spec.outputChannels, spec.baseChannels, 1, 1});
    torch::nn::init::xavier_uniform_(head);
    module.register_parameter("head_w", head.set_requires_grad(true), false);
    module.register_parameter("head_bias", torch::zeros({spec.outputChannels}).set_requires_grad(true), false);
    module.define(unetSource(spec.depth));
    impl->card = card;
    impl->card.architecture = "unet2.5d";
    impl->card.depth = spec.depth;
    impl->card.baseChannels = spec.baseChannels;
    impl->card.outputActivation = "logits";
    return SegmentationModel(impl);
}

SegmentationModel SegmentationModel::load(const std::string& modelPath, DeviceRequest request) {
    if (!fs::exists(modelPath)) throw ModelError("model file not found", modelContext(modelPath));
    std::error_code error;
    if (const auto type = fs::status(modelPath, error).type(); type != fs::file_type::regular)
        throw ModelError(std::string("the model is ") + describeFileType(type) + ", expected a TorchScript file (.pt)", modelContext(modelPath));
    const std::string cardPath = cardPathFor(modelPath);
    ModelCard card = readModelCard(cardPath);
    const std::string digest = sha256OfFile(modelPath);
    if (digest != card.modelSha256)
        throw ModelError("model file does not match its card (SHA-256 " + digest + ", card says " + card.modelSha256 +
                             "): the file was changed, truncated or belongs to another card",
                         modelContext(modelPath));
    auto impl = std::make_shared<Impl>();
    impl->card = card;
    impl->device = torch::Device(chooseDevice(request).device);
    try {
        impl->module = torch::jit::load(modelPath, impl->device);
    } catch (const c10::Error& error) {
        throw ModelError("not a loadable TorchScript model (corrupt or truncated file?): " + describeTorchError(error), modelContext(modelPath));
    } catch (const std::exception& error) {
        throw ModelError(std::string("not a loadable TorchScript model: ") + error.what(), modelContext(modelPath));
    }
    impl->module.eval();
    // Dry run: the right input channels and output shape, before a user's day is processed.
    try {
        c10::InferenceMode guard;
        auto probe = torch::zeros({1, card.inputChannels(), card.inputSize, card.inputSize}, torch::TensorOptions().device(impl->device));
        forwardProbabilities(*impl, probe);
    } catch (const ModelError& error) {
        throw ModelError(error.problem(), modelContext(modelPath));
    }
    return SegmentationModel(impl);
}

torch::Tensor forwardProbabilities(SegmentationModel::Impl& impl, const torch::Tensor& input) {
    const auto& card = impl.card;
    torch::IValue result;
    try {
        std::lock_guard<std::mutex> lock(impl.forwardMutex);
        result = impl.module.forward({input});
    } catch (const c10::Error& error) {
        throw ModelError(forwardFailure(card, describeTorchError(error)));
    } catch (const std::exception& error) { // TorchScript interpreter errors are std::runtime_error
        throw ModelError(forwardFailure(card, firstLine(error.what())));
    }
    if (!result.isTensor()) throw ModelError("the network's output is not a tensor (expected N x 3 x H x W)");
    auto output = result.toTensor();
    const auto n = input.size(0);
    if (output.dim() != 4 || output.size(0) != n || output.size(1) != kOrganCount || output.size(2) != card.inputSize ||
        output.size(3) != card.inputSize) {
        std::ostringstream shape;
        shape << output.sizes();
        throw ModelError("the network's output has shape " + shape.str() + ", expected [" + std::to_string(n) + ", 3, " +
                         std::to_string(card.inputSize) + ", " + std::to_string(card.inputSize) + "]");
    }
    output = output.to(torch::kFloat32);
    if (card.outputActivation == "logits") output = torch::sigmoid(output);
    if (torch::isnan(output).any().item<bool>()) throw ModelError("the network's output contains NaN");
    return output;
}

void SegmentationModel::predict(const float* input, int batch, float* probabilities) const {
    c10::InferenceMode guard;
    const auto& card = impl_->card;
    auto tensor = torch::from_blob(const_cast<float*>(input), {batch, card.inputChannels(), card.inputSize, card.inputSize});
    auto output = forwardProbabilities(*impl_, tensor.to(impl_->device)).to(torch::kCPU).contiguous();
    std::memcpy(probabilities, output.data_ptr<float>(), sizeof(float) * size_t(output.numel()));
}

void SegmentationModel::save(const std::string& modelPath) const {
    const fs::path target(modelPath);
    if (target.has_parent_path()) fs::create_directories(target.parent_path());
    const std::string temporary = modelPath + ".partial";
    try {
        saveCpuMapped(impl_->module, temporary);
    } catch (const c10::Error& error) {
        fs::remove(temporary);
        throw ModelError("cannot write the model: " + describeTorchError(error), modelContext(modelPath));
    }
    ModelCard card = impl_->card;
    card.modelFile = target.filename().string();
    card.modelSha256 = sha256OfFile(temporary);
    fs::rename(temporary, target);
    writeModelCard(cardPathFor(modelPath), card);
    impl_->card = card;
}

void saveCpuMapped(const torch::jit::Module& module, const std::string& path) {
    bool onCpu = true;
    for (const auto& parameter : module.parameters()) onCpu = onCpu && parameter.device().is_cpu();
    if (onCpu) {
        module.save(path);
        return;
    }
    torch::jit::Module copy = module.clone();
    copy.to(torch::kCPU);
    copy.save(path);
}

std::string findDefaultModel(const std::string& executablePath) {
    const fs::path exe = fs::absolute(executablePath).parent_path();
    const std::vector<fs::path> candidates = {
        exe / ".." / "models" / "default" / "unet.pt",     // build tree: <build>/app/<exe>
        exe / ".." / "share" / "gireview" / "models" / "unet.pt", // install prefix: <prefix>/bin/<exe>
        exe / "models" / "default" / "unet.pt"};
    for (const auto& candidate : candidates)
        if (fs::exists(candidate)) return fs::weakly_canonical(candidate).string();
    return {};
}

} // namespace gireview
