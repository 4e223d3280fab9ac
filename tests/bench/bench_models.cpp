// infer_day: one 144-slice 266x266 case-day end to end on CPU (load the PNGs, predict, threshold
// and post-process, encode every slice x organ as Kaggle RLE), slices per second, against the
// same pipeline in Python (python3-torch) with the identical TorchScript file, card, inputs,
// thread count and batch size. train_step: training throughput (slices per second, batch 8,
// with augmentation) of the default architecture. infer_day_risk: the same with the review
// risk of the run (models/DayRisk.h: the features and the flip of the uncertain slices), as the
// window and `infer --risk` run it; infer_day and its peer are without it.
#include "PeerRunner.h"
#include "DayInference.h"
#include "DayRisk.h"
#include "io/KaggleRle.h"
#include "phantom/Phantom.h"
#include "io/ScanVolumeLoader.h"
#include "SegmentationModel.h"
#include "Trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <unistd.h>

using namespace gireview;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Stages {
    double load = 0, predict = 0, risk = 0, encode = 0;
};

size_t inferDay(const SegmentationModel& model, const DayEntry& day, int batch, int threads, Stages& stages,
                bool withRisk = false) {
    LoadOptions load;
    load.threads = threads;
    auto start = Clock::now();
    const ScanVolume scan = loadScanVolume(day, load);
    stages.load += secondsSince(start);
    InferenceOptions options;
    options.batchSize = batch;
    start = Clock::now();
    const DayPrediction prediction = predictDay(model, scan, options);
    stages.predict += secondsSince(start);
    float riskSum = 0;
    if (withRisk) {
        start = Clock::now();
        DayRiskOptions riskOptions;
        riskOptions.batchSize = batch;
        for (const auto& slice : dayRisk(model, scan, prediction, riskOptions))
            for (float r : slice) riskSum += r;
        stages.risk += secondsSince(start);
    }
    start = Clock::now();
    const auto& g = scan.geometry();
    size_t voxels = 0, characters = 0;
    for (Organ organ : kAllOrgans) {
        voxels += prediction.labels.count(organ);
        for (int z = 0; z < g.depth; ++z)
            characters += KaggleRle::encode(prediction.labels.slice(z), g.sliceSize(), organBit(organ)).size();
    }
    stages.encode += secondsSince(start);
    return voxels + (characters == size_t(-1)) + (riskSum < 0); // keep the work from being optimised away
}

} // namespace

int main() {
    const int threads = 2, batch = 8, repeats = 3;
    setTorchThreads(threads);
    const fs::path work = fs::temp_directory_path() / ("gireview-bench-models-" + std::to_string(::getpid()));
    PhantomOptions options;
    options.cases = 1;
    options.daysPerCase = 1;
    options.seed = 404;
    writePhantomDataset(work.string(), options);
    const DatasetIndex index = scanDataset(work.string());
    const DayEntry& day = *index.days().front();

    std::string modelPath = fs::exists(GIREVIEW_DEFAULT_MODEL) ? GIREVIEW_DEFAULT_MODEL : "";
    if (modelPath.empty()) {
        ModelCard card;
        modelPath = (work / "unet.pt").string();
        SegmentationModel::createUNet({4, 8, 3, 3}, card, 1).save(modelPath);
        std::printf("# no default model in this build: an untrained U-Net of the default shape is timed\n");
    }
    const SegmentationModel model = SegmentationModel::load(modelPath, DeviceRequest::Cpu);
    std::printf("# model %s: %s depth %d base %d, %d px, %zu parameters; %d threads, batch %d\n", modelPath.c_str(),
                model.card().architecture.c_str(), model.card().depth, model.card().baseChannels, model.card().inputSize,
                model.parameterCount(), threads, batch);

    Stages stages;
    size_t voxels = inferDay(model, day, batch, threads, stages); // warm-up
    stages = Stages{};
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        voxels = inferDay(model, day, batch, threads, stages);
        times.push_back(secondsSince(start));
    }
    std::printf("# infer_day stages (mean ms): load %.0f, predict %.0f, encode %.0f\n", 1000 * stages.load / repeats,
                1000 * stages.predict / repeats, 1000 * stages.encode / repeats);
    std::sort(times.begin(), times.end());
    const double ours = day.geometry.depth / times[times.size() / 2];
    std::printf("infer_day %.2f slices/s\n", ours);
    std::printf("infer_day.voxels %zu voxels\n", voxels);

    Stages riskStages;
    std::vector<double> riskTimes;
    for (int i = 0; i < repeats; ++i) {
        const auto start = Clock::now();
        inferDay(model, day, batch, threads, riskStages, true);
        riskTimes.push_back(secondsSince(start));
    }
    std::sort(riskTimes.begin(), riskTimes.end());
    const double withRisk = day.geometry.depth / riskTimes[riskTimes.size() / 2];
    std::printf("# infer_day_risk stages (mean ms): load %.0f, predict %.0f, risk %.0f, encode %.0f\n",
                1000 * riskStages.load / repeats, 1000 * riskStages.predict / repeats,
                1000 * riskStages.risk / repeats, 1000 * riskStages.encode / repeats);
    std::printf("infer_day_risk %.2f slices/s\n", withRisk);
    std::printf("infer_day_risk.cost %.1f %% of the run\n",
                100.0 * riskStages.risk / (riskStages.load + riskStages.predict + riskStages.risk + riskStages.encode));

    const std::string command = std::string(GIREVIEW_PYTHON) + " " + GIREVIEW_BENCH_PEERS + "/infer_day.py " + modelPath + " " +
                                fs::path(day.slices.front().path).parent_path().string() + " " + std::to_string(threads) + " " + std::to_string(batch) + " " +
                                std::to_string(repeats) + "";
    std::map<std::string, double> peer = runPeer(command);
    if (peer.count("infer_day.peer")) {
        std::printf("infer_day.peer %.2f slices/s\n", peer["infer_day.peer"]);
        std::printf("infer_day.voxels.peer %.0f voxels\n", peer["infer_day.voxels.peer"]);
        std::printf("infer_day.ratio %.2f x\n", ours / peer["infer_day.peer"]);
    } else {
        std::printf("# infer_day.peer unavailable (python3-torch, python3-opencv or python3-scipy missing?)\n");
    }

    TrainingOptions training;
    training.dataDir = work.string();
    training.labelsPath = (work / "train.csv").string();
    training.outDir = (work / "train").string();
    training.epochs = 1;
    training.epochSlices = 256;
    training.valFraction = 0;
    training.threads = threads;
    const auto report = trainModel(training);
    std::printf("train_step %.2f slices/s\n", report.epochs.front().slicesPerSecond);
    fs::remove_all(work);
    return 0;
}
