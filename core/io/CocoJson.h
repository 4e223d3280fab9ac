#pragma once
// COCO JSON export and import of organ labels. Images are the slices of the exported case-days
// (every slice, labelled or not, so empty slices stay known), with file_name relative to the
// dataset root and case, day and slice fields; categories have fixed ids (1 large_bowel,
// 2 small_bowel, 3 stomach); annotations carry segmentation (COCO RLE, compressed by default,
// or polygons), area, bbox and iscrowd.
#include "data/LabelVolume.h"
#include "data/LabelledSlices.h"
#include "data/Problem.h"

#include <map>
#include <functional>
#include <string>
#include <vector>

namespace gireview {

// A case-day as the exporters see it: geometry and each slice's file name relative to the root.
struct ExportDay {
    CaseDayKey day;
    VolumeGeometry geometry;
    std::vector<std::string> sliceFiles; // index z -> e.g. train/case1/case1_day0/scans/slice_0001_...png
    const LabelVolume* labels = nullptr;  // nullptr: no labels (images only)
    // The pairs that are labelled; nullptr: all of them. Unlabelled pairs are left out of every
    // format (no CSV row, no COCO image or category, a clear bit in NIfTI's _labelled volume).
    const LabelledSlices* labelled = nullptr;
};

// The Kaggle layout's relative file name of a slice.
std::string kaggleSliceFile(CaseDayKey day, int slice, const VolumeGeometry& geometry);

// Polygons follow pixel edges, holes spliced in (see MaskPolygons.h): the reference COCO API
// rasterises them back to exactly the exported mask.
enum class CocoSegmentation { CompressedRle, UncompressedRle, Polygons };

struct CocoExportOptions {
    CocoSegmentation segmentation = CocoSegmentation::CompressedRle;
    bool perComponent = false; // one annotation per 8-connected component instead of per organ
};

int cocoCategoryId(Organ organ); // 1, 2, 3

// Writes through a temporary file renamed into place. With ExportDay::labelled, images without a
// labelled organ are left out and each image lists `labelled_category_ids` (COCO readers ignore
// the extra field). `afterDay(done)` is called after each case-day; it may throw to stop, and then
// nothing is written.
void writeCocoJson(const std::string& path, const std::vector<ExportDay>& days, const CocoExportOptions& options = {},
                   const std::function<void(int done)>& afterDay = {});

// Reads COCO JSON into label volumes on the given grids. `dayFiles` maps each case-day to its
// slices' relative file names (as ExportDay::sliceFiles). Every problem is collected: file_names
// that escape the dataset root or match no slice, unknown categories or image ids, duplicate ids,
// RLE sizes that disagree with the image, polygons with fewer than 3 points.
struct CocoImport {
    std::map<CaseDayKey, LabelVolume> volumes;
    // The pairs the file labels: a listed image, for every category or those in its
    // labelled_category_ids; slices of images not listed are unlabelled.
    LabelledMap labelled;
    std::vector<Problem> problems;
    size_t images = 0;
    size_t annotations = 0;
};
CocoImport importCocoJson(const std::string& path, const std::vector<ExportDay>& days);

} // namespace gireview
