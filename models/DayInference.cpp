#include "DayInference.h"

#include "editing/EditTools.h"
#include "ModelError.h"
#include "ModelInput.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace gireview {

namespace {

// A bounded hand-over queue between two pipeline stages.
template <typename T>
class StageQueue {
public:
    explicit StageQueue(size_t capacity) : capacity_(capacity) {}
    bool push(T item) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
        if (closed_) return false;
        items_.push_back(std::move(item));
        changed_.notify_all();
        return true;
    }
    std::optional<T> pop() {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return !items_.empty() || closed_; });
        if (items_.empty()) return std::nullopt;
        T item = std::move(items_.front());
        items_.pop_front();
        changed_.notify_all();
        return item;
    }
    void close() {
        std::lock_guard<std::mutex> lock(mutex_);
        closed_ = true;
        changed_.notify_all();
    }

private:
    size_t capacity_;
    std::deque<T> items_;
    bool closed_ = false;
    std::mutex mutex_;
    std::condition_variable changed_;
};

struct Batch {
    int first = 0, count = 0;
    std::vector<float> data; // input, then reused for the output probabilities
};

void removeRegion(LabelVolume& labels, Organ organ, const EditRegion& region) {
    if (region.empty()) return;
    const std::uint8_t clear = std::uint8_t(~organBit(organ));
    for (int z = region.z0; z < region.z0 + region.nz; ++z)
        for (int y = region.y0; y < region.y0 + region.ny; ++y)
            for (int x = region.x0; x < region.x0 + region.nx; ++x)
                if (region.at(x, y, z)) labels.data()[labels.geometry().index(x, y, z)] &= clear;
}

} // namespace

LabelVolume labelsFromProbabilities(const DayPrediction& prediction, const ModelCard& card) {
    LabelVolume labels(prediction.day, prediction.geometry);
    const size_t count = prediction.geometry.voxelCount();
    for (Organ organ : kAllOrgans) {
        const size_t o = size_t(organIndex(organ));
        const auto& probability = prediction.probability[o];
        // Bytes hold p * 255 rounded: p > t  <=>  byte > t * 255 (up to rounding of the byte).
        const int cut = int(card.thresholds[o] * 255.0);
        const std::uint8_t bit = organBit(organ);
        for (size_t i = 0; i < count; ++i)
            if (probability[i] > cut) labels.data()[i] |= bit;
        if (card.minComponentVoxels > 0)
            removeRegion(labels, organ, smallIslands(labels, organ, -1, size_t(card.minComponentVoxels)));
    }
    return labels;
}

DayPrediction predictDay(const SegmentationModel& model, const ScanVolume& scan, const InferenceOptions& options) {
    const ModelCard& card = model.card();
    const auto& g = scan.geometry();
    const int depth = g.depth;
    const int channels = card.inputChannels();
    const int size = card.inputSize;
    const size_t plane = size_t(size) * size_t(size);
    const int batchSize = std::max(1, options.batchSize);

    DayPrediction result;
    result.day = scan.day();
    result.geometry = g;
    for (auto& organ : result.probability) organ.assign(g.voxelCount(), 0);

    LetterboxedScan input(scan, card);
    const Letterbox box = input.letterbox();
    StageQueue<Batch> ready(2), done(2);
    std::atomic<bool> stop{false};
    std::exception_ptr stageError;
    std::mutex errorMutex;
    auto fail = [&] {
        std::lock_guard<std::mutex> lock(errorMutex);
        if (!stageError) stageError = std::current_exception();
        stop = true;
        ready.close();
        done.close();
    };

    // Stage 1: letterbox slices a little ahead of the batch that needs them, then stack channels.
    std::thread prepare([&] {
        try {
            int preparedUpTo = 0;
            int maxOffset = 0;
            for (int offset : card.channelOffsets) maxOffset = std::max(maxOffset, offset);
            for (int first = 0; first < depth && !stop; first += batchSize) {
                const int count = std::min(batchSize, depth - first);
                const int need = std::min(depth, first + count + maxOffset);
                if (need > preparedUpTo) {
                    input.prepare(preparedUpTo, need);
                    preparedUpTo = need;
                }
                Batch batch{first, count, std::vector<float>(size_t(count) * size_t(channels) * plane)};
                for (int i = 0; i < count; ++i)
                    input.stackChannels(first + i, card.channelOffsets, batch.data.data() + size_t(i) * size_t(channels) * plane);
                if (!ready.push(std::move(batch))) return;
            }
            ready.close();
        } catch (...) {
            fail();
        }
    });
    // Stage 3: resample each output batch back onto the day's grid.
    std::thread restore([&] {
        try {
            while (auto batch = done.pop())
                for (int i = 0; i < batch->count; ++i)
                    for (int o = 0; o < kOrganCount; ++o)
                        restoreProbability(batch->data.data() + (size_t(i) * kOrganCount + size_t(o)) * plane, box, g.width,
                                           g.height, result.probability[size_t(o)].data() + size_t(batch->first + i) * g.sliceSize());
        } catch (...) {
            fail();
        }
    });
    // Stage 2 (this thread): the network.
    int slicesDone = 0;
    bool cancelled = false;
    try {
        while (auto batch = ready.pop()) {
            if (options.cancel && options.cancel->load()) {
                cancelled = true;
                break;
            }
            std::vector<float> output(size_t(batch->count) * kOrganCount * plane);
            model.predict(batch->data.data(), batch->count, output.data());
            batch->data = std::move(output);
            slicesDone += batch->count;
            if (!done.push(std::move(*batch))) break;
            if (options.progress) options.progress(slicesDone, depth);
        }
    } catch (...) {
        fail();
    }
    if (cancelled) {
        stop = true;
        ready.close();
    }
    done.close();
    prepare.join();
    restore.join();
    if (stageError) std::rethrow_exception(stageError);
    if (cancelled) throw ModelCancelled();
    // A blank slice (no image) is unpredicted, not "organ absent": nothing is claimed there.
    for (int z : scan.unusableSlices())
        for (auto& organ : result.probability)
            std::fill_n(organ.begin() + long(z) * long(scan.geometry().sliceSize()), scan.geometry().sliceSize(), std::uint8_t(0));
    result.labels = labelsFromProbabilities(result, card);
    return result;
}

} // namespace gireview
