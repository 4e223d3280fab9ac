#pragma once
// Turns a case-day into the network's input and its output back into the day's grid, exactly as
// the card says: per-scan percentile normalisation, letterboxing to a square (aspect kept, zero
// padding, centred; never stretched) and 2.5D stacking of neighbouring slices as channels.
// Torch-free, so it is shared by inference, training and tests.
#include "data/LabelVolume.h"
#include "ModelCard.h"
#include "data/ScanVolume.h"

#include <cstdint>
#include <vector>

namespace gireview {

// Where a W x H slice lands in the S x S model input.
struct Letterbox {
    int size = 0;             // S
    int scaledWidth = 0, scaledHeight = 0;
    int offsetX = 0, offsetY = 0;
    double scale = 1;         // model pixels per slice pixel (the same on both axes)
};
Letterbox letterboxFor(int width, int height, int size);

// 1 / (percentile of the scan), or 1 for an all-black scan.
float normalisationScale(const ScanVolume& scan, const ModelCard& card);

// The day's slices normalised and letterboxed to S x S (one float image per slice). The scan
// must outlive every prepare() call.
class LetterboxedScan {
public:
    LetterboxedScan(const ScanVolume& scan, const ModelCard& card);
    // Resizes slices [first, last) (callers may fill it progressively from a worker thread).
    void prepare(int first, int last);
    const float* slice(int z) const { return pixels_.data() + size_t(z) * size_t(box_.size) * size_t(box_.size); }
    int depth() const { return depth_; }
    const Letterbox& letterbox() const { return box_; }
    // Writes the channels of slice z (offsets clamped at the volume's ends) into `out`.
    void stackChannels(int z, const std::vector<int>& offsets, float* out) const;

private:
    const ScanVolume& scan_;
    Letterbox box_;
    float scale_ = 1, clip_ = 1.5f;
    int depth_ = 0;
    std::vector<float> pixels_;
};

// Letterboxes a mask (nearest neighbour): 3 x S x S bytes (0/1 per organ) for slice z.
void letterboxMask(const LabelVolume& labels, int z, const Letterbox& box, std::uint8_t* out);

// Resamples one S x S probability map back onto the W x H slice (bilinear, inside the letterbox
// only) as bytes 0..255.
void restoreProbability(const float* modelMap, const Letterbox& box, int width, int height, std::uint8_t* out);

} // namespace gireview
