#include "Trainer.h"

#include "io/AtomicFile.h"
#include "io/DatasetIndex.h"
#include "DayInference.h"
#include "io/KaggleCsv.h"
#include "io/LabelExchange.h"
#include "analysis/Metrics.h"
#include "ModelError.h"
#include "ModelInput.h"
#include "ModelInternals.h"
#include "io/ScanVolumeLoader.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <set>

namespace gireview {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Per case-day and organ, which slices are training targets.
using TargetSlices = std::map<CaseDayKey, std::array<std::vector<bool>, kOrganCount>>;

// One case-day ready for training: letterboxed image slices and masks at the model's size.
struct PreparedDay {
    CaseDayKey day;
    std::unique_ptr<ScanVolume> scan; // a stable address: `image` refers to it
    LabelVolume labels;
    std::unique_ptr<LetterboxedScan> image;
    std::vector<std::uint8_t> masks; // depth x organs x S x S
    std::array<std::vector<bool>, kOrganCount> target;
};

struct Sample {
    size_t day = 0;
    int slice = 0;
};

struct LoadedLabels {
    std::map<CaseDayKey, LabelVolume> volumes;
    TargetSlices targets;
    std::string sidecar; // path when one was used
};

LoadedLabels loadLabels(const TrainingOptions& options, const DatasetIndex& index) {
    LoadedLabels loaded;
    LabelImport imported;
    try {
        imported = importLabels(options.labelsPath, index);
    } catch (const DataError& error) {
        throw ModelError(std::string("the training labels cannot be read: ") + error.what(), modelContext(options.labelsPath));
    }
    std::string report;
    int errors = 0;
    for (const auto& problem : imported.problems)
        if (problem.severity == Problem::Severity::Error && errors++ < 5) report += "\n  " + formatProblem(problem);
    if (errors > 0)
        throw ModelError("the training labels have " + std::to_string(errors) + " error(s); nothing was trained:" + report,
                         modelContext(options.labelsPath));
    loaded.volumes = std::move(imported.volumes);
    loaded.sidecar = imported.sidecar;
    // Only labelled (slice, organ) pairs are targets (the import read the review sidecar, or the
    // rows, images or volumes the file has): an unlabelled pair is never taught as background.
    for (const auto& [day, labelled] : imported.labelled) {
        if (!loaded.volumes.count(day) || !labelled.any()) continue;
        auto& target = loaded.targets[day];
        for (Organ organ : kAllOrgans) {
            auto& slices = target[size_t(organIndex(organ))];
            slices.assign(size_t(labelled.depth()), false);
            for (int z = 0; z < labelled.depth(); ++z) slices[size_t(z)] = labelled.has(z, organ);
        }
    }
    return loaded;
}

// Splits the labelled cases: a seeded shuffle, then the first val-fraction of cases validate.
void splitByCase(const TargetSlices& targets, const TrainingOptions& options, std::vector<CaseDayKey>& train,
                 std::vector<CaseDayKey>& validation) {
    std::vector<int> cases;
    for (const auto& [day, target] : targets)
        if (cases.empty() || cases.back() != day.caseNo) cases.push_back(day.caseNo);
    std::sort(cases.begin(), cases.end());
    cases.erase(std::unique(cases.begin(), cases.end()), cases.end());
    std::mt19937_64 rng(options.seed);
    std::shuffle(cases.begin(), cases.end(), rng);
    size_t validationCases = 0;
    if (cases.size() >= 2 && options.valFraction > 0)
        validationCases = std::clamp<size_t>(size_t(std::lround(options.valFraction * double(cases.size()))), 1, cases.size() - 1);
    const std::set<int> validationSet(cases.begin(), cases.begin() + long(validationCases));
    for (const auto& [day, target] : targets) (validationSet.count(day.caseNo) ? validation : train).push_back(day);
}

PreparedDay prepareDay(const DatasetIndex& index, CaseDayKey key, LabelVolume labels, std::array<std::vector<bool>, kOrganCount> target,
                       const ModelCard& card) {
    const DayEntry* entry = index.findDay(key);
    if (!entry) throw ModelError("labelled case-day has no scans in the dataset", ErrorContext{index.root, formatCaseDayName(key), {}, 0, {}});
    PreparedDay day;
    day.day = key;
    day.scan = std::make_unique<ScanVolume>(loadScanVolume(*entry));
    day.labels = std::move(labels);
    day.target = std::move(target);
    // A blank slice (no image) teaches nothing: never a training target, whatever its labels say.
    for (int z : day.scan->unusableSlices())
        for (auto& organ : day.target)
            if (size_t(z) < organ.size()) organ[size_t(z)] = false;
    day.image = std::make_unique<LetterboxedScan>(*day.scan, card);
    const int depth = day.scan->geometry().depth;
    day.image->prepare(0, depth);
    const size_t plane = size_t(card.inputSize) * size_t(card.inputSize);
    day.masks.assign(size_t(depth) * kOrganCount * plane, 0);
    for (int z = 0; z < depth; ++z)
        letterboxMask(day.labels, z, day.image->letterbox(), day.masks.data() + size_t(z) * kOrganCount * plane);
    return day;
}

double cosineRate(const TrainingOptions& options, double progress) {
    return options.minLearningRate + 0.5 * (options.learningRate - options.minLearningRate) * (1 + std::cos(M_PI * progress));
}

void setRate(torch::optim::Adam& optimizer, double rate) {
    for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);
}

// Masked BCE (mean over target voxels) + 1 - soft Dice (over the batch, per organ).
torch::Tensor segmentationLoss(const torch::Tensor& logits, const torch::Tensor& target, const torch::Tensor& weight) {
    const auto w = weight.expand_as(logits);
    const auto bce = torch::binary_cross_entropy_with_logits(logits, target, w, {}, at::Reduction::Sum) /
                     w.sum().clamp_min(1.0);
    const auto probability = torch::sigmoid(logits) * w;
    const auto masked = target * w;
    const auto intersection = (probability * masked).sum({0, 2, 3});
    const auto denominator = probability.sum({0, 2, 3}) + masked.sum({0, 2, 3});
    const auto dice = (2 * intersection + 1) / (denominator + 1);
    return bce + (1 - dice).mean();
}

struct Validation {
    double dice = 0, hausdorff = 0, score = 0;
    nlohmann::json perOrgan;
};

Validation validate(SegmentationModel& model, const std::vector<PreparedDay>& days, const std::vector<size_t>& which) {
    Validation result;
    if (which.empty()) return result;
    model.impl()->module.eval();
    std::map<CaseDayKey, LabelVolume> truth, prediction;
    std::vector<CaseDayKey> keys;
    for (size_t i : which) {
        keys.push_back(days[i].day);
        truth[days[i].day] = days[i].labels;
        prediction[days[i].day] = predictDay(model, *days[i].scan).labels;
    }
    const auto report = evaluate(keys, truth, prediction);
    result.dice = report.dice;
    result.hausdorff = report.hausdorffScore;
    result.score = report.score;
    for (Organ organ : kAllOrgans) {
        const size_t o = size_t(organIndex(organ));
        result.perOrgan[std::string(organClassName(organ))] = {{"dice", report.organDice[o]},
                                                               {"hausdorff_score", report.organHausdorffScore[o]}};
    }
    return result;
}

nlohmann::json recordJson(const EpochRecord& r) {
    return {{"epoch", r.epoch}, {"lr", r.learningRate}, {"train_loss", r.trainLoss}, {"val_dice", r.valDice},
            {"val_hausdorff", r.valHausdorff}, {"val_score", r.valScore}, {"seconds", r.seconds},
            {"slices_per_second", r.slicesPerSecond}, {"best", r.best}};
}

EpochRecord recordFromJson(const nlohmann::json& j) {
    EpochRecord r;
    r.epoch = j.at("epoch");
    r.learningRate = j.at("lr");
    r.trainLoss = j.at("train_loss");
    r.valDice = j.at("val_dice");
    r.valHausdorff = j.at("val_hausdorff");
    r.valScore = j.at("val_score");
    r.seconds = j.at("seconds");
    r.slicesPerSecond = j.at("slices_per_second");
    r.best = j.at("best");
    return r;
}

// Without validation case-days the validation columns are empty: there is no such score.
void writeLog(const std::string& path, const std::vector<EpochRecord>& epochs, bool validated) {
    std::string csv = "epoch,lr,train_loss,val_dice,val_hausdorff,val_score,seconds,slices_per_second,best\n";
    char line[256];
    for (const auto& r : epochs) {
        if (validated)
            std::snprintf(line, sizeof line, "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.2f,%.2f,%d\n", r.epoch, r.learningRate, r.trainLoss,
                          r.valDice, r.valHausdorff, r.valScore, r.seconds, r.slicesPerSecond, r.best ? 1 : 0);
        else
            std::snprintf(line, sizeof line, "%d,%.6g,%.6f,,,,%.2f,%.2f,%d\n", r.epoch, r.learningRate, r.trainLoss, r.seconds,
                          r.slicesPerSecond, r.best ? 1 : 0);
        csv += line;
    }
    writeFileAtomically(path, csv);
}

// What must match for --resume to continue a run instead of silently mixing two.
nlohmann::json runSignature(const TrainingOptions& o) {
    return {{"data", fs::weakly_canonical(o.dataDir).string()}, {"labels", fs::weakly_canonical(o.labelsPath).string()},
            {"size", o.inputSize}, {"depth", o.depth}, {"base", o.baseChannels}, {"offsets", o.channelOffsets},
            {"batch", o.batchSize}, {"epochs", o.epochs}, {"lr", o.learningRate}, {"seed", o.seed},
            {"val_fraction", o.valFraction}, {"epoch_slices", o.epochSlices}};
}

nlohmann::json dayNames(const std::vector<CaseDayKey>& days) {
    nlohmann::json names = nlohmann::json::array();
    for (const auto& day : days) names.push_back(formatCaseDayName(day));
    return names;
}

} // namespace

TrainingReport trainModel(const TrainingOptions& options, const EpochCallback& onEpoch, const StepCallback& onStep) {
    const auto runStart = Clock::now();
    if (options.epochs < 1) throw ModelError("epochs must be at least 1");
    if (options.batchSize < 1) throw ModelError("batch size must be at least 1");
    if (options.threads > 0) at::set_num_threads(options.threads);
    torch::manual_seed(options.seed);

    ScanOptions scanOptions;
    scanOptions.caseDayRegistry = options.caseDayRegistry;
    const DatasetIndex index = scanDataset(options.dataDir, scanOptions);
    LoadedLabels labels = loadLabels(options, index);
    if (labels.targets.empty()) throw ModelError("no labelled case-days to train on", modelContext(options.labelsPath));

    TrainingReport report;
    splitByCase(labels.targets, options, report.trainDays, report.validationDays);
    if (report.trainDays.empty()) throw ModelError("no case left to train on after the validation split");

    ModelCard card;
    card.inputSize = options.inputSize;
    card.channelOffsets = options.channelOffsets;
    card.minComponentVoxels = options.minComponentVoxels;
    UNetSpec spec{options.depth, options.baseChannels, int(options.channelOffsets.size()), kOrganCount};

    // Training data: every day letterboxed once; samples are (day, slice) with any target organ.
    std::vector<PreparedDay> days;
    std::vector<size_t> trainIndex, validationIndex;
    for (const auto* list : {&report.trainDays, &report.validationDays})
        for (const CaseDayKey& key : *list) {
            (list == &report.trainDays ? trainIndex : validationIndex).push_back(days.size());
            days.push_back(prepareDay(index, key, labels.volumes.at(key), labels.targets.at(key), card));
        }
    std::vector<Sample> samples;
    for (size_t d : trainIndex)
        for (int z = 0; z < days[d].scan->geometry().depth; ++z) {
            bool any = false;
            for (const auto& organ : days[d].target) any = any || organ[size_t(z)];
            if (any) samples.push_back({d, z});
        }
    if (samples.empty()) throw ModelError("no slice is marked as a training target (see the review sidecar)", modelContext(labels.sidecar));
    report.trainSlices = samples.size();

    const bool synthetic = fs::exists(fs::path(options.dataDir) / "phantom.json");
    card.trainedOn = {{"dataset", fs::weakly_canonical(options.dataDir).string()},
                      {"labels", fs::weakly_canonical(options.labelsPath).string()},
                      {"synthetic", synthetic},
                      {"train_case_days", dayNames(report.trainDays)},
                      {"validation_case_days", dayNames(report.validationDays)},
                      {"train_slices", samples.size()},
                      {"review_sidecar", labels.sidecar},
                      {"seed", options.seed},
                      {"command", options.command}};
    if (synthetic) {
        std::ifstream in(fs::path(options.dataDir) / "phantom.json");
        card.trainedOn["phantom"] = nlohmann::json::parse(in, nullptr, false);
        card.intendedUse = "Synthetic training data: not for patient images. Demonstration, research and education; "
                           "not a medical device.";
    }

    fs::create_directories(fs::path(options.outDir) / "checkpoint");
    const std::string checkpoint = (fs::path(options.outDir) / "checkpoint" / "last.pt").string();
    const std::string optimizerState = (fs::path(options.outDir) / "checkpoint" / "optimizer.pt").string();
    const std::string statePath = (fs::path(options.outDir) / "checkpoint" / "state.json").string();
    report.modelPath = (fs::path(options.outDir) / "model.pt").string();
    report.logPath = (fs::path(options.outDir) / "training_log.csv").string();
    report.plotPath = (fs::path(options.outDir) / "training_curves.png").string();

    SegmentationModel model = SegmentationModel::createUNet(spec, card, options.seed);
    int startEpoch = 0, sinceBest = 0;
    double earlierSeconds = 0;
    if (options.resume && fs::exists(statePath)) {
        std::ifstream in(statePath);
        const auto state = nlohmann::json::parse(in, nullptr, false);
        if (state.is_discarded()) throw ModelError("the checkpoint state is not valid JSON", modelContext(statePath));
        if (state.value("signature", nlohmann::json()) != runSignature(options))
            throw ModelError("the checkpoint belongs to a run with other data or settings; use another --out or the same options",
                             modelContext(statePath));
        try {
            model.impl()->module = torch::jit::load(checkpoint, torch::Device(chooseDevice(options.device).device));
        } catch (const c10::Error& error) {
            throw ModelError(std::string("cannot load the checkpoint: ") + error.what_without_backtrace(), modelContext(checkpoint));
        }
        startEpoch = state.at("epoch");
        sinceBest = state.at("since_best");
        report.bestEpoch = state.at("best_epoch");
        report.bestScore = state.at("best_score");
        earlierSeconds = state.at("seconds");
        for (const auto& record : state.at("log")) report.epochs.push_back(recordFromJson(record));
    }
    const torch::Device device(chooseDevice(options.device).device);
    model.impl()->device = device;
    model.impl()->module.to(device);
    std::vector<torch::Tensor> parameters;
    for (const auto& parameter : model.impl()->module.parameters()) parameters.push_back(parameter);
    torch::optim::Adam optimizer(parameters, torch::optim::AdamOptions(options.learningRate).weight_decay(1e-5));
    if (startEpoch > 0) torch::load(optimizer, optimizerState, device);

    const int size = options.inputSize;
    const int channels = int(options.channelOffsets.size());
    const size_t plane = size_t(size) * size_t(size);
    const int perEpoch = options.epochSlices > 0 ? std::min<int>(options.epochSlices, int(samples.size())) : int(samples.size());
    const int stepsPerEpoch = (perEpoch + options.batchSize - 1) / options.batchSize;

    for (int epoch = startEpoch; epoch < options.epochs; ++epoch) {
        if (sinceBest >= options.patience && !report.validationDays.empty()) {
            report.stoppedEarly = true;
            break;
        }
        const auto epochStart = Clock::now();
        // Seeded per epoch, so a resumed run draws exactly what an uninterrupted one would.
        std::mt19937_64 rng(options.seed * 1000003ull + std::uint64_t(epoch));
        std::vector<Sample> order = samples;
        std::shuffle(order.begin(), order.end(), rng);
        order.resize(size_t(perEpoch));

        model.impl()->module.train();
        double lossSum = 0;
        int done = 0;
        const auto trainStart = Clock::now();
        for (int step = 0; step < stepsPerEpoch; ++step) {
            if (options.cancel && options.cancel->load()) throw ModelCancelled();
            setRate(optimizer, cosineRate(options, (double(epoch) + double(step) / stepsPerEpoch) / options.epochs));
            const int first = step * options.batchSize;
            const int count = std::min(options.batchSize, perEpoch - first);
            auto input = torch::empty({count, channels, size, size});
            auto target = torch::empty({count, kOrganCount, size, size});
            auto weight = torch::zeros({count, kOrganCount, 1, 1});
            std::vector<std::uint8_t> mask(kOrganCount * plane);
            for (int i = 0; i < count; ++i) {
                const Sample& sample = order[size_t(first + i)];
                const PreparedDay& day = days[sample.day];
                float* image = input.data_ptr<float>() + size_t(i) * size_t(channels) * plane;
                day.image->stackChannels(sample.slice, options.channelOffsets, image);
                std::memcpy(mask.data(), day.masks.data() + size_t(sample.slice) * kOrganCount * plane, mask.size());
                applyAugmentation(drawAugmentation(rng, options.augmentation, size), image, channels, mask.data(), kOrganCount, size);
                float* t = target.data_ptr<float>() + size_t(i) * kOrganCount * plane;
                for (size_t k = 0; k < mask.size(); ++k) t[k] = float(mask[k]);
                for (int o = 0; o < kOrganCount; ++o)
                    weight[i][o][0][0] = day.target[size_t(o)][size_t(sample.slice)] ? 1.0f : 0.0f;
            }
            optimizer.zero_grad();
            auto logits = model.impl()->module.forward({input.to(device)}).toTensor();
            auto loss = segmentationLoss(logits, target.to(device), weight.to(device));
            loss.backward();
            optimizer.step();
            lossSum += loss.item<double>() * count;
            done += count;
            if (onStep) onStep(done, perEpoch);
        }
        const double trainSeconds = secondsSince(trainStart);

        EpochRecord record;
        record.epoch = epoch + 1;
        record.learningRate = cosineRate(options, double(epoch + 1) / options.epochs);
        record.trainLoss = lossSum / std::max(1, done);
        record.slicesPerSecond = done / std::max(1e-9, trainSeconds);
        const Validation validation = validate(model, days, validationIndex);
        record.valDice = validation.dice;
        record.valHausdorff = validation.hausdorff;
        // Without validation cases the lowest training loss decides the best checkpoint.
        record.valScore = validationIndex.empty() ? 1.0 / (1.0 + record.trainLoss) : validation.score;
        record.validated = !validationIndex.empty();
        record.best = record.valScore > report.bestScore;
        record.seconds = secondsSince(epochStart);
        if (record.best) {
            report.bestScore = record.valScore;
            report.bestEpoch = record.epoch;
            sinceBest = 0;
            if (validationIndex.empty())
                model.card().validation = {{"none", "no validation split (too few cases for --val-fraction): no validation score "
                                                    "exists; the best epoch is the one with the lowest training loss"},
                                           {"epoch", record.epoch},
                                           {"selected_by", "lowest training loss"}};
            else
                model.card().validation = {{"metric", "competition score 0.4*Dice + 0.6*(1 - normalised 3D Hausdorff), community"},
                                           {"epoch", record.epoch},
                                           {"score", validation.score},
                                           {"dice", validation.dice},
                                           {"hausdorff_score", validation.hausdorff},
                                           {"per_organ", validation.perOrgan},
                                           {"case_days", dayNames(report.validationDays)}};
            model.save(report.modelPath);
        } else {
            ++sinceBest;
        }
        report.epochs.push_back(record);
        // The checkpoint: weights, optimizer, and the state needed to continue exactly here.
        saveCpuMapped(model.impl()->module, checkpoint + ".partial");
        fs::rename(checkpoint + ".partial", checkpoint);
        torch::save(optimizer, optimizerState + ".partial");
        fs::rename(optimizerState + ".partial", optimizerState);
        nlohmann::json state = {{"signature", runSignature(options)}, {"epoch", epoch + 1}, {"since_best", sinceBest},
                                {"best_epoch", report.bestEpoch}, {"best_score", report.bestScore},
                                {"seconds", earlierSeconds + secondsSince(runStart)}, {"log", nlohmann::json::array()}};
        for (const auto& r : report.epochs) state["log"].push_back(recordJson(r));
        writeFileAtomically(statePath, state.dump(1));
        writeLog(report.logPath, report.epochs, !report.validationDays.empty());
        writeTrainingPlot(report.plotPath, report.epochs, !report.validationDays.empty());
        if (onEpoch) onEpoch(record);
    }
    report.seconds = earlierSeconds + secondsSince(runStart);
    // The training time goes into the card of the best model.
    if (fs::exists(report.modelPath)) {
        ModelCard best = readModelCard(cardPathFor(report.modelPath));
        best.trainedOn["training_seconds"] = report.seconds;
        best.trainedOn["epochs_run"] = report.epochs.empty() ? 0 : report.epochs.back().epoch;
        best.trainedOn["threads"] = at::get_num_threads();
        writeModelCard(cardPathFor(report.modelPath), best);
    }
    return report;
}

} // namespace gireview
