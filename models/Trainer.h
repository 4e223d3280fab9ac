#pragma once
// Trains a U-Net on a labelled dataset: 2.5D inputs as the card says, augmentation applied
// identically to image and mask, a split by case (days of one case never sit on both sides),
// BCE + Dice loss, cosine learning rate, the best checkpoint by the validation competition
// score, early stopping, an epoch log (CSV) and a plot (PNG), and a resumable checkpoint after
// every epoch. Deterministic for a seed and thread count. When the labels come with the review
// sidecar of an export, only the slices it lists are training targets (per organ); the others
// are unlabelled, not background.
#include "Augmentation.h"
#include "TorchRuntime.h"
#include "data/SliceName.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace gireview {

struct TrainingOptions {
    std::string dataDir;
    std::string caseDayRegistry; // DICOM: the numbering of case-days (ScanOptions::caseDayRegistry)
    std::string labelsPath; // train.csv form, COCO JSON or NIfTI folder
    std::string outDir;
    int epochs = 40;
    int batchSize = 8;
    double learningRate = 2e-3;
    double minLearningRate = 1e-5;
    int inputSize = 128;
    int depth = 4;
    int baseChannels = 8;
    std::vector<int> channelOffsets = {-2, 0, 2};
    double valFraction = 0.2;
    std::uint64_t seed = 1;
    bool resume = false;
    int patience = 10;        // epochs without a better validation score before stopping
    int epochSlices = 0;      // slices drawn per epoch (0: every training slice)
    int minComponentVoxels = 64;
    int threads = 0;          // LibTorch intra-op threads (0: LibTorch's default)
    DeviceRequest device = DeviceRequest::Auto; // saved files are always CPU-mapped
    AugmentationSettings augmentation;
    std::string command;      // the command line, recorded in the card
    const std::atomic<bool>* cancel = nullptr;
};

struct EpochRecord {
    int epoch = 0; // 1-based
    double learningRate = 0;
    double trainLoss = 0;
    double valDice = 0, valHausdorff = 0, valScore = 0;
    bool validated = true; // false: no validation case-days, the val* fields mean nothing
    double seconds = 0;        // this epoch, training + validation
    double slicesPerSecond = 0; // training throughput
    bool best = false;
};

struct TrainingReport {
    std::vector<EpochRecord> epochs; // every epoch so far, including those before a resume
    int bestEpoch = 0;
    double bestScore = -1;
    bool stoppedEarly = false;
    double seconds = 0; // all runs together
    std::string modelPath, logPath, plotPath;
    std::vector<CaseDayKey> trainDays, validationDays;
    size_t trainSlices = 0;
};

using EpochCallback = std::function<void(const EpochRecord&)>;
using StepCallback = std::function<void(int done, int total)>; // training slices this epoch

// Throws ModelError/DataError with the file for unusable data or labels; ModelCancelled when
// the cancel flag is raised (the last completed epoch's checkpoint stays resumable).
TrainingReport trainModel(const TrainingOptions& options, const EpochCallback& onEpoch = {}, const StepCallback& onStep = {});

// Draws the loss and score curves of an epoch log into a PNG (written atomically).
// `validated` false: there were no validation case-days, and the plot says so instead of
// drawing a validation score that does not exist.
void writeTrainingPlot(const std::string& path, const std::vector<EpochRecord>& epochs, bool validated = true);

} // namespace gireview
