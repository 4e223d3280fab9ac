// The model layer without widgets: SHA-256, model card, letterboxing, augmentation, the U-Net
// file format (also run by PyTorch when python3-torch is installed), every model error the
// issue names, whole-day inference, and training (case split, sidecar targets, log, plot,
// determinism and resume).
#include "Augmentation.h"
#include "DayInference.h"
#include "io/LabelExchange.h"
#include "ModelError.h"
#include "ModelInput.h"
#include "ModelInternals.h"
#include "phantom/Phantom.h"
#include "io/ScanVolumeLoader.h"
#include "io/Sha256.h"
#include "TestSupport.h"
#include "Trainer.h"
#include "review/ReviewDocument.h"
#include "review/Workspace.h"

#include <QProcess>
#include <QtTest>
#include <filesystem>
#include <fstream>

using namespace gireview;
namespace fs = std::filesystem;

namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeAll(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

ModelCard smallCard(int size = 64) {
    ModelCard card;
    card.inputSize = size;
    return card;
}

template <typename Call>
QString modelErrorOf(Call call) {
    try {
        call();
    } catch (const ModelError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace

class TestModels : public QObject {
    Q_OBJECT
    QTemporaryDir scratch_;
    std::string dataset_; // 3 cases x 1 day of the 80-slice 276x276 phantom

    std::string path(const std::string& name) const { return (fs::path(testsupport::str(scratch_.path())) / name).string(); }

    TrainingOptions tinyTraining(const std::string& out) const {
        TrainingOptions options;
        options.dataDir = dataset_;
        options.labelsPath = dataset_ + "/train.csv";
        options.outDir = out;
        options.epochs = 2;
        options.epochSlices = 16;
        options.batchSize = 4;
        options.inputSize = 32;
        options.depth = 3;
        options.baseChannels = 4;
        options.valFraction = 0.34;
        options.threads = 1;
        options.seed = 3;
        return options;
    }

private slots:
    void initTestCase() {
        QVERIFY(scratch_.isValid());
        PhantomOptions options;
        options.cases = 3;
        options.daysPerCase = 1;
        options.seed = 21;
        options.format = phantomFormat("276");
        dataset_ = path("phantom");
        writePhantomDataset(dataset_, options);
    }

    void sha256KnownVectors() {
        QCOMPARE(QString::fromStdString(sha256Hex("", 0)), QString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(QString::fromStdString(sha256Hex("abc", 3)), QString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        const std::string twoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        QCOMPARE(QString::fromStdString(sha256Hex(twoBlocks.data(), twoBlocks.size())),
                 QString("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
        Sha256 incremental;
        const std::string million(1000000, 'a');
        for (size_t i = 0; i < million.size(); i += 999) incremental.update(million.data() + i, std::min<size_t>(999, million.size() - i));
        QCOMPARE(QString::fromStdString(incremental.finishHex()), QString("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    }

    void cardRoundTripAndErrors() {
        ModelCard card = smallCard(96);
        card.modelFile = "m.pt";
        card.modelSha256 = std::string(64, 'a');
        card.thresholds = {0.4, 0.5, 0.6};
        card.trainedOn = {{"synthetic", true}};
        const std::string file = path("card.card.json");
        writeModelCard(file, card);
        const ModelCard back = readModelCard(file);
        QCOMPARE(back.inputSize, 96);
        QCOMPARE(back.thresholds[2], 0.6);
        QVERIFY(back.syntheticTrainingData());
        QCOMPARE(back.channelOffsets, (std::vector<int>{-2, 0, 2}));

        auto json = card.toJson();
        json.erase("input_size");
        QVERIFY(modelErrorOf([&] { modelCardFromJson(json, "x.json"); }).contains("input_size"));
        json = card.toJson();
        json["classes"] = {"stomach", "small_bowel", "large_bowel"};
        QVERIFY(modelErrorOf([&] { modelCardFromJson(json, "x.json"); }).contains("in that order"));
        json = card.toJson();
        json["thresholds"] = {0.5, 1.5, 0.5};
        QVERIFY(modelErrorOf([&] { modelCardFromJson(json, "x.json"); }).contains("thresholds"));
        writeAll(path("broken.card.json"), "{\"name\": ");
        QVERIFY(modelErrorOf([&] { readModelCard(path("broken.card.json")); }).contains("not valid JSON"));
        QVERIFY(modelErrorOf([&] { readModelCard(path("absent.card.json")); }).contains("not found"));
        QCOMPARE(QString::fromStdString(cardPathFor("/a/b/unet.pt")), QString("/a/b/unet.card.json"));
    }

    void letterboxKeepsAspect_data() { testsupport::addRealSliceSizes(); }
    void letterboxKeepsAspect() {
        QFETCH(int, width);
        QFETCH(int, height);
        const Letterbox box = letterboxFor(width, height, 128);
        QCOMPARE(std::max(box.scaledWidth, box.scaledHeight), 128);
        QVERIFY(std::abs(double(box.scaledWidth) / box.scaledHeight - double(width) / height) < 0.02);
        QCOMPARE(box.offsetX * 2 + box.scaledWidth <= 128, true);
        // A mask survives letterboxing and restoring (nearest down, bilinear up, threshold 0.5).
        VolumeGeometry g{width, height, 1, 1.5, 1.5, 3.0};
        LabelVolume labels({1, 0}, g);
        for (int y = height / 4; y < height * 3 / 4; ++y)
            for (int x = width / 3; x < width * 2 / 3; ++x) labels.set(x, y, 0, Organ::Stomach, true);
        std::vector<std::uint8_t> mask(3 * 128 * 128);
        letterboxMask(labels, 0, box, mask.data());
        std::vector<float> map(128 * 128);
        for (size_t i = 0; i < map.size(); ++i) map[i] = mask[2 * 128 * 128 + i];
        std::vector<std::uint8_t> restored(g.sliceSize());
        restoreProbability(map.data(), box, width, height, restored.data());
        size_t both = 0, either = 0;
        for (size_t i = 0; i < restored.size(); ++i) {
            const bool a = labels.data()[i] & organBit(Organ::Stomach), b = restored[i] > 127;
            both += a && b;
            either += a || b;
        }
        QVERIFY2(double(both) / either > 0.95, qPrintable(QString("IoU %1").arg(double(both) / either)));
    }

    void augmentationMovesImageAndMaskTogether() {
        const int size = 64;
        std::vector<float> image(2 * size * size, 0.0f);
        std::vector<std::uint8_t> mask(3 * size * size, 0);
        for (int y = 10; y < 40; ++y)
            for (int x = 20; x < 30 + y / 2; ++x) {
                mask[size_t(y * size + x)] = 1;
                image[size_t(y * size + x)] = 1.0f;            // channel 0 = the mask
                image[size_t(size * size + y * size + x)] = 1.0f; // channel 1 too
            }
        AugmentationSettings settings;
        settings.probability = 1;
        settings.flipXProbability = 1;
        settings.maxBrightness = settings.maxContrast = settings.maxGammaChange = settings.maxNoiseSigma = 0;
        std::mt19937_64 rng(5);
        const auto draw = drawAugmentation(rng, settings, size);
        QVERIFY(!draw.identity && draw.flipX);
        applyAugmentation(draw, image.data(), 2, mask.data(), 3, size);
        size_t moved = 0, disagree = 0;
        for (int i = 0; i < size * size; ++i) {
            moved += mask[size_t(i)];
            disagree += (image[size_t(i)] > 0.5f) != (mask[size_t(i)] == 1);
        }
        QVERIFY(moved > 200);
        QVERIFY2(disagree < moved / 20, qPrintable(QString("%1 of %2 pixels disagree").arg(disagree).arg(moved)));
        // Intensity changes touch the image only; the same seed draws the same augmentation.
        settings = AugmentationSettings{};
        settings.probability = 1;
        std::mt19937_64 a(9), b(9);
        const auto first = drawAugmentation(a, settings, size), second = drawAugmentation(b, settings, size);
        QCOMPARE(first.rotationDegrees, second.rotationDegrees);
        QCOMPARE(first.noiseSeed, second.noiseSeed);
    }

    void unetSavesLoadsAndPredicts() {
        auto model = SegmentationModel::createUNet({3, 4, 3, 3}, smallCard(), 1);
        QVERIFY(model.parameterCount() > 1000);
        const std::string file = path("unet.pt");
        model.save(file);
        QVERIFY(fs::exists(cardPathFor(file)));
        const auto loaded = SegmentationModel::load(file, DeviceRequest::Cpu);
        QCOMPARE(loaded.card().modelSha256, sha256OfFile(file));
        QCOMPARE(QString::fromStdString(loaded.device()), QString("cpu"));
        std::vector<float> input(2 * 3 * 64 * 64);
        for (size_t i = 0; i < input.size(); ++i) input[i] = float((i * 7919) % 1000) / 1000.0f;
        std::vector<float> a(2 * 3 * 64 * 64), b(a.size());
        model.impl()->module.eval();
        model.predict(input.data(), 2, a.data());
        loaded.predict(input.data(), 2, b.data());
        for (size_t i = 0; i < a.size(); ++i) QVERIFY(std::abs(a[i] - b[i]) < 1e-5f && a[i] >= 0 && a[i] <= 1);
    }

    void samefileRunsInPyTorch() {
        const QString python = "/usr/bin/python3";
        QProcess probe;
        probe.start(python, {"-c", "import torch"});
        if (!probe.waitForFinished(60000) || probe.exitCode() != 0) QSKIP("python3-torch is not installed (bench role of packaging/deps.txt)");
        auto model = SegmentationModel::createUNet({3, 4, 3, 3}, smallCard(), 2);
        const std::string file = path("py.pt");
        model.save(file);
        std::vector<float> input(3 * 64 * 64);
        for (size_t i = 0; i < input.size(); ++i) input[i] = float((i * 104729) % 997) / 997.0f;
        writeAll(path("py.in"), std::string(reinterpret_cast<const char*>(input.data()), input.size() * 4));
        std::vector<float> ours(3 * 64 * 64);
        model.impl()->module.eval();
        model.predict(input.data(), 1, ours.data());
        const QString script = QString("import torch, numpy as np\n"
                                       "m = torch.jit.load('%1'); m.eval()\n"
                                       "x = torch.from_numpy(np.fromfile('%2', dtype=np.float32).reshape(1, 3, 64, 64))\n"
                                       "with torch.no_grad(): y = torch.sigmoid(m(x))\n"
                                       "y.numpy().astype(np.float32).tofile('%3')\n")
                                   .arg(QString::fromStdString(file), QString::fromStdString(path("py.in")),
                                        QString::fromStdString(path("py.out")));
        QProcess run;
        run.start(python, {"-c", script});
        QVERIFY(run.waitForFinished(120000));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        const std::string theirs = readAll(path("py.out"));
        QCOMPARE(theirs.size(), ours.size() * 4);
        const float* values = reinterpret_cast<const float*>(theirs.data());
        for (size_t i = 0; i < ours.size(); ++i) QVERIFY(std::abs(values[i] - ours[i]) < 1e-5f);
    }

    void loadsAModelDefinedInPython() {
        // A team's own PyTorch network (5 input slices, probabilities out), scripted and saved in
        // Python, with a card written by hand as the README describes, runs a whole day here.
        QProcess probe;
        probe.start("/usr/bin/python3", {"-c", "import torch"});
        if (!probe.waitForFinished(60000) || probe.exitCode() != 0) QSKIP("python3-torch is not installed (test role of packaging/deps.txt)");
        const std::string file = path("team.pt");
        const QString script = QString("import torch\n"
                                       "class Net(torch.nn.Module):\n"
                                       "    def __init__(self):\n"
                                       "        super().__init__()\n"
                                       "        self.a = torch.nn.Conv2d(5, 8, 3, padding=1)\n"
                                       "        self.b = torch.nn.Conv2d(8, 3, 3, padding=1)\n"
                                       "    def forward(self, x):\n"
                                       "        return torch.sigmoid(self.b(torch.relu(self.a(x))))\n"
                                       "torch.manual_seed(0)\n"
                                       "torch.jit.script(Net().eval()).save('%1')\n")
                                   .arg(QString::fromStdString(file));
        writeAll(path("team.py"), script.toStdString()); // torch.jit.script reads the class's source file
        QProcess run;
        run.start("/usr/bin/python3", {QString::fromStdString(path("team.py"))});
        QVERIFY(run.waitForFinished(120000));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        ModelCard card;
        card.name = "team-net";
        card.architecture = "two convolutions (Python)";
        card.depth = card.baseChannels = 0;
        card.inputSize = 96;
        card.channelOffsets = {-2, -1, 0, 1, 2};
        card.outputActivation = "sigmoid";
        card.modelFile = "team.pt";
        card.modelSha256 = sha256OfFile(file);
        writeModelCard(cardPathFor(file), card);
        const auto model = SegmentationModel::load(file, DeviceRequest::Cpu);
        QCOMPARE(model.card().inputChannels(), 5);
        const DatasetIndex index = scanDataset(dataset_);
        const auto scan = loadScanVolume(*index.days().front());
        const auto prediction = predictDay(model, scan);
        QVERIFY(prediction.labels.geometry().sameGrid(scan.geometry()));
        // Probabilities came through unchanged (no second sigmoid): not everything is above 0.5.
        size_t above = 0;
        for (std::uint8_t p : prediction.probability[0]) above += p > 127;
        QVERIFY(above < scan.geometry().voxelCount());
    }

    void modelErrorsAreClear() {
        auto model = SegmentationModel::createUNet({3, 4, 3, 3}, smallCard(), 1);
        const std::string file = path("errors.pt");
        model.save(file);
        const std::string bytes = readAll(file);
        const std::string cardFile = cardPathFor(file);
        const ModelCard good = readModelCard(cardFile);

        // Checksum mismatch: one byte changed.
        std::string changed = bytes;
        changed[changed.size() / 2] ^= 0x5a;
        writeAll(file, changed);
        QVERIFY(modelErrorOf([&] { SegmentationModel::load(file); }).contains("does not match its card"));
        // Truncated (card updated to the truncated file's checksum, so the loader itself must cope).
        writeAll(file, bytes.substr(0, bytes.size() / 3));
        ModelCard card = good;
        card.modelSha256 = sha256OfFile(file);
        writeModelCard(cardFile, card);
        QString error = modelErrorOf([&] { SegmentationModel::load(file); });
        QVERIFY2(error.contains("not a loadable TorchScript model") && error.contains(QString::fromStdString(file)), qPrintable(error));
        // Not a model at all.
        writeAll(file, "this is not a zip archive");
        card.modelSha256 = sha256OfFile(file);
        writeModelCard(cardFile, card);
        QVERIFY(modelErrorOf([&] { SegmentationModel::load(file); }).contains("not a loadable TorchScript model"));
        // Wrong input channels: the card stacks 5 slices, the network takes 3.
        writeAll(file, bytes);
        card = good;
        card.channelOffsets = {-2, -1, 0, 1, 2};
        writeModelCard(cardFile, card);
        error = modelErrorOf([&] { SegmentationModel::load(file); });
        QVERIFY2(error.contains("5 channels"), qPrintable(error));
        // Missing card.
        fs::remove(cardFile);
        QVERIFY(modelErrorOf([&] { SegmentationModel::load(file); }).contains("model card not found"));
        // Output of the wrong shape: a network with 2 outputs.
        const std::string twoFile = path("two.pt");
        SegmentationModel::createUNet({3, 4, 3, 2}, smallCard(), 1).save(twoFile);
        error = modelErrorOf([&] { SegmentationModel::load(twoFile); });
        QVERIFY2(error.contains("output has shape") && error.contains("expected [1, 3, 64, 64]"), qPrintable(error));
        // NaN in the output.
        auto broken = SegmentationModel::createUNet({3, 4, 3, 3}, smallCard(), 1);
        {
            torch::NoGradGuard guard;
            broken.impl()->module.attr("head_bias").toTensor().fill_(std::numeric_limits<float>::quiet_NaN());
        }
        const std::string nanFile = path("nan.pt");
        broken.save(nanFile);
        QVERIFY(modelErrorOf([&] { SegmentationModel::load(nanFile); }).contains("NaN"));
    }

    void predictsAWholeDayWithProgressAndCancel() {
        const DatasetIndex index = scanDataset(dataset_);
        const auto scan = loadScanVolume(*index.days().front());
        auto model = SegmentationModel::createUNet({3, 4, 3, 3}, smallCard(), 4);
        model.impl()->module.eval();
        std::vector<int> progress;
        InferenceOptions options;
        options.batchSize = 16;
        options.progress = [&](int done, int total) {
            QCOMPARE(total, 80);
            progress.push_back(done);
        };
        const auto prediction = predictDay(model, scan, options);
        QCOMPARE(progress, (std::vector<int>{16, 32, 48, 64, 80}));
        QVERIFY(prediction.labels.geometry().sameGrid(scan.geometry()));
        QCOMPARE(prediction.probability[0].size(), scan.geometry().voxelCount());
        // Labels are exactly the thresholded probabilities (no post-processing in this card).
        size_t above = 0;
        for (std::uint8_t p : prediction.probability[1]) above += p > 127;
        QCOMPARE(prediction.labels.count(Organ::SmallBowel), above);

        std::atomic<bool> cancel{false};
        options.cancel = &cancel;
        options.progress = [&](int done, int) {
            if (done >= 32) cancel = true;
        };
        bool cancelled = false;
        try {
            predictDay(model, scan, options);
        } catch (const ModelCancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
    }

    void trainsWritesLogPlotAndCard() {
        const auto report = trainModel(tinyTraining(path("train-a")));
        QCOMPARE(int(report.epochs.size()), 2);
        QVERIFY(fs::exists(report.modelPath) && fs::exists(cardPathFor(report.modelPath)));
        QVERIFY(fs::file_size(report.plotPath) > 1000);
        QCOMPARE(readAll(report.plotPath).substr(1, 3), std::string("PNG"));
        const std::string log = readAll(report.logPath);
        QCOMPARE(int(std::count(log.begin(), log.end(), '\n')), 3);
        QVERIFY(log.rfind("epoch,lr,train_loss,val_dice,val_hausdorff,val_score", 0) == 0);
        // Split by case: no case on both sides.
        QCOMPARE(int(report.validationDays.size()), 1);
        for (const auto& day : report.trainDays) QVERIFY(day.caseNo != report.validationDays.front().caseNo);
        const ModelCard card = readModelCard(cardPathFor(report.modelPath));
        QVERIFY(card.syntheticTrainingData());
        QVERIFY(QString::fromStdString(card.intendedUse).contains("not for patient images"));
        QVERIFY(card.validation.contains("score"));
        QVERIFY(card.trainedOn.contains("training_seconds"));
        QCOMPARE(card.trainedOn["train_slices"].get<int>(), 2 * 80);
        // The saved best model loads through the checked path.
        QCOMPARE(SegmentationModel::load(report.modelPath).card().inputSize, 32);
    }

    void trainingIsDeterministicAndResumable() {
        const auto whole = trainModel(tinyTraining(path("train-b")));
        const std::string wholeCheckpoint = sha256OfFile(path("train-b") + "/checkpoint/last.pt");
        // Interrupted after the first epoch, then resumed: the same weights as the uninterrupted run.
        std::atomic<bool> cancel{false};
        TrainingOptions options = tinyTraining(path("train-c"));
        options.cancel = &cancel;
        bool cancelled = false;
        try {
            trainModel(options, [&](const EpochRecord&) { cancel = true; });
        } catch (const ModelCancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        cancel = false;
        options.resume = true;
        const auto resumed = trainModel(options);
        QCOMPARE(int(resumed.epochs.size()), 2);
        QCOMPARE(resumed.epochs[1].trainLoss, whole.epochs[1].trainLoss);
        QCOMPARE(sha256OfFile(path("train-c") + "/checkpoint/last.pt").size(), wholeCheckpoint.size());
        auto a = torch::jit::load(path("train-b") + "/checkpoint/last.pt");
        auto b = torch::jit::load(path("train-c") + "/checkpoint/last.pt");
        QVERIFY(torch::equal(a.attr("head_w").toTensor(), b.attr("head_w").toTensor()));
        // A resume with other settings is refused rather than mixing two runs.
        options.learningRate = 0.01;
        QVERIFY(modelErrorOf([&] { trainModel(options); }).contains("another --out"));
    }

    void reviewSidecarLimitsTargets() {
        const std::string sidecar = dataset_ + "/train.csv.sidecar.json";
        // Only slices 10..19 of the first case's day are reviewed, for the stomach only.
        const DatasetIndex index = scanDataset(dataset_);
        nlohmann::json labelled;
        for (const auto* day : index.days())
            labelled[formatCaseDayName(day->key)] = {{"large_bowel", nlohmann::json::array()},
                                                     {"small_bowel", nlohmann::json::array()},
                                                     {"stomach", nlohmann::json::array({nlohmann::json::array({10, 19})})}};
        writeAll(sidecar, nlohmann::json{{"labelled", labelled}}.dump());
        const auto report = trainModel(tinyTraining(path("train-d")));
        fs::remove(sidecar);
        QCOMPARE(report.trainSlices, size_t(2 * 10));
    }

    void trainsFromCocoLabels() {
        // The same labels as COCO JSON (through the product's exporter) train just as well.
        const DatasetIndex index = scanDataset(dataset_);
        const auto labels = importLabels(dataset_ + "/train.csv", index);
        ExportOptions exportOptions;
        exportOptions.format = LabelFormat::Coco;
        exportOptions.sidecar = false;
        const std::string coco = path("labels.json");
        exportLabels(index, labels.volumes, coco, exportOptions);
        TrainingOptions options = tinyTraining(path("train-coco"));
        options.labelsPath = coco;
        options.epochs = 1;
        const auto report = trainModel(options);
        QCOMPARE(report.trainSlices, size_t(2 * 80));
        QVERIFY(fs::exists(report.modelPath));
    }

    void retrainsFromAReviewedOnlyExport() {
        // The correction loop: a reviewer approves the stomach of one day and marks 12 slices of
        // another reviewed; the reviewed-only export and its sidecar are the training labels.
        ReviewDocument document(scanDataset(dataset_));
        document.setLabelsFile(importLabels(dataset_ + "/train.csv", document.index()), dataset_ + "/train.csv");
        document.openWorkspace(path("review.sqlite"));
        const auto days = document.index().days();
        document.approve(days[0]->key, Organ::Stomach, "Dr Test");
        document.markReviewed(days[1]->key, 30, 41, 0x7, true);
        ExportOptions exportOptions;
        exportOptions.reviewedOnly = true;
        const std::string csv = path("reviewed.csv");
        document.exportLabels(csv, exportOptions);
        QVERIFY(fs::exists(sidecarPathFor(csv, LabelFormat::TrainCsv)));
        TrainingOptions options = tinyTraining(path("train-reviewed"));
        options.labelsPath = csv;
        options.valFraction = 0; // every case trains: the targets are what the reviewer vouched for
        options.epochs = 1;
        const auto report = trainModel(options);
        // Day 0: every slice (stomach approved); day 1: the 12 reviewed slices; day 2: nothing.
        QCOMPARE(report.trainSlices, size_t(80 + 12));
        // The unreviewed pairs are not in the file at all (no row), so no trainer reads them as
        // background; our own reader knows them as unlabelled.
        const auto back = importLabels(csv, document.index());
        QCOMPARE(back.labelled.at(days[0]->key).count(Organ::LargeBowel), size_t(0));
        QCOMPARE(back.labelled.at(days[0]->key).count(Organ::Stomach), size_t(80));
        QVERIFY(!back.labelled.count(days[2]->key) || !back.labelled.at(days[2]->key).any());
    }

    void badTrainingInputIsRefused() {
        TrainingOptions options = tinyTraining(path("train-e"));
        writeAll(path("bad.csv"), "id,class,segmentation\ncase99_day0_slice_0001,stomach,1 5\n");
        options.labelsPath = path("bad.csv");
        QVERIFY(modelErrorOf([&] { trainModel(options); }).contains("error(s); nothing was trained"));
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
