#include "ModelCard.h"

#include "io/AtomicFile.h"
#include "ModelError.h"
#include "data/Organ.h"

#include <filesystem>
#include <fstream>

namespace gireview {

namespace fs = std::filesystem;

bool ModelCard::syntheticTrainingData() const {
    const auto found = trainedOn.find("synthetic");
    return found != trainedOn.end() && found->is_boolean() && found->get<bool>();
}

nlohmann::json ModelCard::toJson() const {
    return {{"format", "gireview-model-card/1"},
            {"name", name},
            {"version", version},
            {"architecture", architecture},
            {"depth", depth},
            {"base_channels", baseChannels},
            {"input_size", inputSize},
            {"input_channels", inputChannels()},
            {"channel_offsets", channelOffsets},
            {"normalisation",
             {{"method", normalisation}, {"percentile", normalisationPercentile}, {"clip", normalisationClip}}},
            {"classes", classes},
            {"thresholds", thresholds},
            {"output_activation", outputActivation},
            {"postprocess", {{"min_component_voxels", minComponentVoxels}}},
            {"trained_on", trainedOn},
            {"validation", validation},
            {"intended_use", intendedUse},
            {"model_file", modelFile},
            {"model_sha256", modelSha256},
            {"contract",
             "input float32 (N, input_channels, input_size, input_size): slices z+offset (clamped at the ends), each scan "
             "divided by its normalisation percentile and clipped, letterboxed (aspect kept, zero padding, centred); output "
             "(N, len(classes), input_size, input_size) logits or probabilities per output_activation"}};
}

std::string cardPathFor(const std::string& modelPath) {
    fs::path path(modelPath);
    return (path.parent_path() / (path.stem().string() + ".card.json")).string();
}

namespace {

template <typename T>
T field(const nlohmann::json& json, const char* key, const std::string& source) {
    const auto found = json.find(key);
    if (found == json.end()) throw ModelError(std::string("model card has no '") + key + "'", modelContext(source));
    try {
        return found->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw ModelError(std::string("model card field '") + key + "' has the wrong type", modelContext(source, found->dump()));
    }
}

} // namespace

ModelCard modelCardFromJson(const nlohmann::json& json, const std::string& source) {
    if (!json.is_object()) throw ModelError("model card is not a JSON object", modelContext(source));
    ModelCard card;
    card.name = field<std::string>(json, "name", source);
    card.version = field<std::string>(json, "version", source);
    card.architecture = field<std::string>(json, "architecture", source);
    card.depth = json.value("depth", 0);
    card.baseChannels = json.value("base_channels", 0);
    card.inputSize = field<int>(json, "input_size", source);
    card.channelOffsets = field<std::vector<int>>(json, "channel_offsets", source);
    const auto normalisation = field<nlohmann::json>(json, "normalisation", source);
    card.normalisation = field<std::string>(normalisation, "method", source);
    card.normalisationPercentile = field<double>(normalisation, "percentile", source);
    card.normalisationClip = normalisation.value("clip", 1.5);
    card.classes = field<std::vector<std::string>>(json, "classes", source);
    const auto thresholds = field<std::vector<double>>(json, "thresholds", source);
    card.outputActivation = json.value("output_activation", std::string("logits"));
    card.minComponentVoxels = json.value("postprocess", nlohmann::json::object()).value("min_component_voxels", 0);
    card.trainedOn = json.value("trained_on", nlohmann::json::object());
    card.validation = json.value("validation", nlohmann::json::object());
    card.intendedUse = json.value("intended_use", std::string());
    card.modelFile = field<std::string>(json, "model_file", source);
    card.modelSha256 = field<std::string>(json, "model_sha256", source);

    if (card.inputSize < 16 || card.inputSize > 2048)
        throw ModelError("model card input_size must be 16..2048", modelContext(source, std::to_string(card.inputSize)));
    if (card.channelOffsets.empty() || card.channelOffsets.size() > 16)
        throw ModelError("model card channel_offsets must list 1..16 slice offsets", modelContext(source));
    if (card.normalisation != "percentile")
        throw ModelError("model card normalisation method must be 'percentile'", modelContext(source, card.normalisation));
    if (!(card.normalisationPercentile > 0 && card.normalisationPercentile <= 100))
        throw ModelError("model card normalisation percentile must be in (0, 100]", modelContext(source));
    if (card.classes.size() != size_t(kOrganCount))
        throw ModelError("model card must list the 3 classes", modelContext(source));
    for (size_t i = 0; i < card.classes.size(); ++i)
        if (card.classes[i] != organClassName(kAllOrgans[i]))
            throw ModelError("model card classes must be large_bowel, small_bowel, stomach in that order", modelContext(source, card.classes[i]));
    if (thresholds.size() != size_t(kOrganCount)) throw ModelError("model card must have 3 thresholds", modelContext(source));
    for (size_t i = 0; i < thresholds.size(); ++i) {
        if (!(thresholds[i] > 0 && thresholds[i] < 1)) throw ModelError("model card thresholds must lie in (0, 1)", modelContext(source));
        card.thresholds[i] = thresholds[i];
    }
    if (card.outputActivation != "logits" && card.outputActivation != "sigmoid")
        throw ModelError("model card output_activation must be 'logits' or 'sigmoid'", modelContext(source, card.outputActivation));
    if (card.modelSha256.size() != 64) throw ModelError("model card model_sha256 must be 64 hex digits", modelContext(source));
    return card;
}

ModelCard readModelCard(const std::string& cardPath) {
    std::error_code error;
    const auto type = std::filesystem::status(cardPath, error).type();
    if (type != std::filesystem::file_type::regular && type != std::filesystem::file_type::not_found)
        throw ModelError(std::string("the model card is ") + describeFileType(type) + ", expected a JSON file", modelContext(cardPath));
    std::ifstream in(cardPath);
    if (!in) throw ModelError("model card not found (every model needs its .card.json beside it)", modelContext(cardPath));
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& error) {
        throw ModelError(std::string("model card is not valid JSON: ") + error.what(), modelContext(cardPath));
    }
    return modelCardFromJson(json, cardPath);
}

void writeModelCard(const std::string& cardPath, const ModelCard& card) {
    writeFileAtomically(cardPath, card.toJson().dump(2) + "\n");
}

} // namespace gireview
