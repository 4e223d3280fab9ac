#pragma once
// The model card: the JSON file beside every model file that says what the network expects and
// what it was trained on. It is the model's contract: the product reads the input size, channel
// offsets, normalisation, class order, thresholds and post-processing from it, and the SHA-256
// of the model file pins the card to exactly one file.
#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gireview {

struct ModelCard {
    std::string name = "gireview-unet";
    std::string version = "1";
    std::string architecture = "unet2.5d"; // free text for external models
    int depth = 4;                         // U-Net levels (0 for external models)
    int baseChannels = 8;
    int inputSize = 128;                        // square model input, pixels
    std::vector<int> channelOffsets = {-2, 0, 2}; // slices stacked as channels, relative to z
    // Intensity normalisation: each scan is divided by its `normalisationPercentile`-th
    // percentile (clipped to [0, normalisationClip]): intensity ranges differ 100x between scans.
    std::string normalisation = "percentile";
    double normalisationPercentile = 99.5;
    double normalisationClip = 1.5;
    std::vector<std::string> classes = {"large_bowel", "small_bowel", "stomach"}; // output channels
    std::array<double, 3> thresholds = {0.5, 0.5, 0.5};
    std::string outputActivation = "logits"; // "logits" (sigmoid applied here) or "sigmoid"
    int minComponentVoxels = 0;              // 3D pieces smaller than this are dropped (0: keep all)
    nlohmann::json trainedOn = nlohmann::json::object(); // dataset, synthetic, cases, days, seed, command
    nlohmann::json validation = nlohmann::json::object(); // metrics on the validation cases
    std::string intendedUse = "Research and education; not a medical device.";
    std::string modelFile;   // file name of the model, relative to the card
    std::string modelSha256; // hex digest of the model file

    int inputChannels() const { return int(channelOffsets.size()); }
    // True when the card says the training data were synthetic (the phantom).
    bool syntheticTrainingData() const;
    nlohmann::json toJson() const;
};

// "models/unet.pt" -> "models/unet.card.json".
std::string cardPathFor(const std::string& modelPath);

// Parses and checks a card; throws ModelError naming the file and the field that is missing,
// of the wrong type or out of range.
ModelCard readModelCard(const std::string& cardPath);
ModelCard modelCardFromJson(const nlohmann::json& json, const std::string& sourceForErrors);
// Writes atomically (temporary file, then rename).
void writeModelCard(const std::string& cardPath, const ModelCard& card);

} // namespace gireview
