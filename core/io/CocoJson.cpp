#include "io/CocoJson.h"

#include "io/AtomicFile.h"

#include <optional>
#include "io/CocoRle.h"
#include "data/DataError.h"
#include "io/MaskPolygons.h"
#include "data/SliceName.h"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

namespace gireview {

using nlohmann::json;

std::string kaggleSliceFile(CaseDayKey day, int slice, const VolumeGeometry& g) {
    return "train/case" + std::to_string(day.caseNo) + "/" + formatCaseDayName(day) + "/scans/" +
           formatSliceFileName(slice, g.width, g.height, g.spacingX, g.spacingY);
}

int cocoCategoryId(Organ organ) { return organIndex(organ) + 1; }

namespace {

// Splits one organ's plane into 8-connected components (labels 1..n in `components`).
int labelComponents(const std::uint8_t* plane, int width, int height, std::uint8_t bit, std::vector<int>& components) {
    components.assign(size_t(width) * size_t(height), 0);
    int count = 0;
    std::vector<int> stack;
    for (int start = 0; start < width * height; ++start) {
        if (!(plane[start] & bit) || components[size_t(start)]) continue;
        components[size_t(start)] = ++count;
        stack.push_back(start);
        while (!stack.empty()) {
            const int p = stack.back();
            stack.pop_back();
            const int x = p % width, y = p / width;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                    const int q = ny * width + nx;
                    if ((plane[q] & bit) && !components[size_t(q)]) {
                        components[size_t(q)] = count;
                        stack.push_back(q);
                    }
                }
        }
    }
    return count;
}

json segmentationJson(const CocoRle& rle, CocoSegmentation kind) {
    json counts = kind == CocoSegmentation::CompressedRle ? json(coco::toString(rle.counts)) : json(rle.counts);
    return json{{"size", {rle.height, rle.width}}, {"counts", counts}};
}

bool escapesRoot(const std::string& name) {
    if (name.empty() || name[0] == '/' || name.find('\\') != std::string::npos) return true;
    size_t start = 0;
    while (start <= name.size()) {
        size_t end = name.find('/', start);
        if (end == std::string::npos) end = name.size();
        if (name.compare(start, end - start, "..") == 0 && end - start == 2) return true;
        start = end + 1;
    }
    return false;
}

} // namespace

void writeCocoJson(const std::string& path, const std::vector<ExportDay>& days, const CocoExportOptions& options,
                   const std::function<void(int)>& afterDay) {
    json root;
    root["info"] = {{"description", "GI Review organ labels"}, {"version", "1.0"}};
    root["licenses"] = json::array();
    root["categories"] = json::array();
    for (Organ organ : kAllOrgans)
        root["categories"].push_back({{"id", cocoCategoryId(organ)}, {"name", std::string(organClassName(organ))}, {"supercategory", "gi_tract"}});
    json images = json::array(), annotations = json::array();
    long long imageId = 0, annotationId = 0;
    std::vector<std::uint8_t> part;
    std::vector<int> components;
    int daysDone = 0;
    for (const ExportDay& day : days) {
        if (afterDay && daysDone > 0) afterDay(daysDone);
        ++daysDone;
        const auto& g = day.geometry;
        if (int(day.sliceFiles.size()) != g.depth)
            throw GeometryError("slice file list does not match the day's depth", ErrorContext{path, formatCaseDayName(day.day), {}, 0, {}});
        for (int z = 0; z < g.depth; ++z) {
            ++imageId; // the same id for a slice whether or not other slices are left out
            // Partly labelled exports list only images with a labelled organ, and say which.
            if (day.labelled && !day.labelled->organsOn(z)) continue;
            json image = {{"id", imageId},
                          {"file_name", day.sliceFiles[size_t(z)]},
                          {"width", g.width},
                          {"height", g.height},
                          {"case", day.day.caseNo},
                          {"day", day.day.dayNo},
                          {"slice", z + 1},
                          {"slice_id", formatSliceId(day.day, z + 1)}};
            if (day.labelled) {
                json ids = json::array();
                for (Organ organ : kAllOrgans)
                    if (day.labelled->has(z, organ)) ids.push_back(cocoCategoryId(organ));
                image["labelled_category_ids"] = std::move(ids);
            }
            images.push_back(std::move(image));
            if (!day.labels) continue;
            const std::uint8_t* plane = day.labels->slice(z);
            for (Organ organ : kAllOrgans) {
                if (day.labelled && !day.labelled->has(z, organ)) continue;
                const std::uint8_t bit = organBit(organ);
                int pieces = 1;
                if (options.perComponent) pieces = labelComponents(plane, g.width, g.height, bit, components);
                for (int piece = 1; piece <= pieces; ++piece) {
                    CocoRle rle;
                    if (options.perComponent) {
                        part.assign(g.sliceSize(), 0);
                        for (size_t i = 0; i < part.size(); ++i) part[i] = components[i] == piece;
                        rle = coco::encode(part.data(), g.height, g.width, 1);
                    } else {
                        rle = coco::encode(plane, g.height, g.width, bit);
                    }
                    const auto area = coco::area(rle);
                    if (area == 0) continue;
                    const auto box = coco::boundingBox(rle);
                    json segmentation;
                    if (options.segmentation == CocoSegmentation::Polygons) {
                        if (!options.perComponent) {
                            part.assign(g.sliceSize(), 0);
                            for (size_t i = 0; i < part.size(); ++i) part[i] = (plane[i] & bit) ? 1 : 0;
                        }
                        segmentation = maskToPolygons(part.data(), g.width, g.height, 1);
                    } else {
                        segmentation = segmentationJson(rle, options.segmentation);
                    }
                    annotations.push_back({{"id", ++annotationId},
                                           {"image_id", imageId},
                                           {"category_id", cocoCategoryId(organ)},
                                           {"segmentation", segmentation},
                                           {"area", double(area)},
                                           {"bbox", {box[0], box[1], box[2], box[3]}},
                                           {"iscrowd", 0}});
                }
            }
        }
    }
    if (afterDay) afterDay(daysDone);
    root["images"] = std::move(images);
    root["annotations"] = std::move(annotations);
    writeFileAtomically(path, root.dump() + "\n");
}

namespace {
// A whole-number field: `missing` when absent, nullopt when present but not a whole number in
// range (a float such as 7.7e47 must never be converted: that is undefined behaviour).
std::optional<long long> integerField(const json& object, const char* key, long long missing) {
    const auto found = object.find(key);
    if (found == object.end()) return missing;
    if (found->is_number_integer()) return found->get<long long>();
    return std::nullopt;
}
std::string textField(const json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}
// At most 80 characters of what was found, for messages.
std::string shown(const json& value) {
    return quoteForMessage(value.dump());
}
} // namespace

namespace {
CocoImport importCocoJsonChecked(const std::string& path, const std::vector<ExportDay>& days) {
    CocoImport result;
    json root;
    {
        requireRegularFile(path);
        std::ifstream in(path);
        if (!in) throw IoError("cannot open COCO JSON file", ErrorContext{path, {}, {}, 0, {}});
        try {
            root = json::parse(in);
        } catch (const json::exception& error) { // syntax, or a number out of range
            throw DataError(std::string("malformed JSON: ") + error.what(), ErrorContext{path, {}, {}, 0, {}});
        }
    }
    if (!root.is_object() || !root.contains("images") || !root.contains("annotations") || !root["images"].is_array() ||
        !root["annotations"].is_array())
        throw DataError("not a COCO file: expected an object with 'images' and 'annotations' arrays", ErrorContext{path, {}, {}, 0, {}});
    // file name -> (day, slice index)
    std::map<std::string, std::pair<CaseDayKey, int>> byFile;
    for (const ExportDay& day : days) {
        result.volumes.emplace(day.day, LabelVolume(day.day, day.geometry));
        for (size_t z = 0; z < day.sliceFiles.size(); ++z) byFile[day.sliceFiles[z]] = {day.day, int(z)};
    }
    auto problem = [&](std::string where, std::string message) {
        result.problems.push_back({Problem::Severity::Error, std::move(where), std::move(message)});
    };
    std::map<long long, std::pair<CaseDayKey, int>> imageSlice;
    std::set<long long> badImages;
    for (const auto& image : root["images"]) {
        ++result.images;
        if (!image.is_object()) {
            problem("image #" + std::to_string(result.images), "not an object: " + shown(image));
            continue;
        }
        if (!image.contains("id") || !image["id"].is_number_integer() || !image.contains("file_name") || !image["file_name"].is_string()) {
            problem("image #" + std::to_string(result.images), "image without an integer id or a file_name");
            continue;
        }
        const long long id = image["id"];
        const std::string file = image["file_name"];
        const std::string where = "image " + std::to_string(id) + " (" + file + ")";
        if (imageSlice.count(id) || badImages.count(id)) {
            problem(where, "duplicate image id " + std::to_string(id));
            continue;
        }
        if (escapesRoot(file)) {
            problem(where, "file_name escapes the dataset root (absolute path or '..'); expected a path relative to it");
            badImages.insert(id);
            continue;
        }
        auto found = byFile.find(file);
        if (found == byFile.end()) {
            problem(where, "file_name is not a slice of the dataset");
            badImages.insert(id);
            continue;
        }
        const VolumeGeometry& g = result.volumes.at(found->second.first).geometry();
        const auto width = integerField(image, "width", g.width), height = integerField(image, "height", g.height);
        if (!width || !height || *width != g.width || *height != g.height) {
            problem(where, "image size " + (image.contains("width") ? shown(image["width"]) : std::to_string(g.width)) + "x" +
                               (image.contains("height") ? shown(image["height"]) : std::to_string(g.height)) +
                               " disagrees with the slice (" + std::to_string(g.width) + "x" + std::to_string(g.height) + ")");
            badImages.insert(id);
            continue;
        }
        imageSlice[id] = found->second;
        // A listed image is labelled for every category unless it names the labelled ones.
        auto& labelled = result.labelled.try_emplace(found->second.first, LabelledSlices::none(g.depth)).first->second;
        std::uint8_t organs = 0x7;
        if (const auto ids = image.find("labelled_category_ids"); ids != image.end()) {
            organs = 0;
            if (!ids->is_array()) {
                problem(where, "labelled_category_ids is not an array of category ids");
                continue;
            }
            for (const auto& category : *ids)
                for (Organ organ : kAllOrgans)
                    if (category.is_number_integer() && category.get<long long>() == cocoCategoryId(organ)) organs |= organBit(organ);
        }
        labelled.setOrgans(found->second.second, std::uint8_t(labelled.organsOn(found->second.second) | organs));
    }
    std::map<long long, Organ> categories;
    const json noCategories = json::array();
    const json& categoryList = root.contains("categories") ? root["categories"] : noCategories;
    if (!categoryList.is_array()) problem("categories", "not a list: " + shown(categoryList));
    for (const auto& category : categoryList.is_array() ? categoryList : noCategories) {
        if (!category.is_object()) {
            problem("category", "not an object: " + shown(category));
            continue;
        }
        auto organ = organFromClassName(textField(category, "name"));
        const auto id = integerField(category, "id", -1);
        if (!organ || !id) {
            problem("category " + shown(category.contains("name") ? category["name"] : json("?")),
                    !organ ? "unknown category; expected large_bowel, small_bowel or stomach" : "id is not a whole number");
            continue;
        }
        categories[*id] = *organ;
    }
    std::set<long long> annotationIds;
    for (const auto& annotation : root["annotations"]) {
        ++result.annotations;
        if (!annotation.is_object()) {
            problem("annotation #" + std::to_string(result.annotations), "not an object: " + shown(annotation));
            continue;
        }
        const auto idField = integerField(annotation, "id", -1);
        const auto imageField = integerField(annotation, "image_id", -1);
        const auto categoryField = integerField(annotation, "category_id", -1);
        if (!idField || !imageField || !categoryField) {
            problem("annotation #" + std::to_string(result.annotations), "id, image_id and category_id must be whole numbers");
            continue;
        }
        const long long id = *idField;
        const std::string where = "annotation " + std::to_string(id);
        if (!annotationIds.insert(id).second) {
            problem(where, "duplicate annotation id " + std::to_string(id));
            continue;
        }
        const long long imageId = *imageField;
        auto slice = imageSlice.find(imageId);
        if (slice == imageSlice.end()) {
            if (!badImages.count(imageId)) problem(where, "image_id " + std::to_string(imageId) + " is not in 'images'");
            continue;
        }
        auto category = categories.find(*categoryField);
        if (category == categories.end()) {
            problem(where, "unknown category_id " + std::to_string(*categoryField));
            continue;
        }
        LabelVolume& volume = result.volumes.at(slice->second.first);
        const auto& g = volume.geometry();
        const std::uint8_t bit = organBit(category->second);
        ErrorContext context{path, formatSliceId(slice->second.first, slice->second.second + 1),
                             std::string(organClassName(category->second)), 0, {}};
        const std::string at = where + " (" + context.rowId + ", " + context.className + ")";
        try {
            const json& segmentation = annotation.at("segmentation");
            std::vector<std::uint8_t> plane(g.sliceSize(), 0);
            if (segmentation.is_object()) {
                const auto size = segmentation.at("size");
                if (size.size() != 2 || size[0] != g.height || size[1] != g.width) {
                    problem(at, "RLE size " + shown(size) + " disagrees with the image; expected [" + std::to_string(g.height) +
                                    ", " + std::to_string(g.width) + "] (height, width)");
                    continue;
                }
                CocoRle rle{g.height, g.width, {}};
                const json& counts = segmentation.at("counts");
                if (counts.is_string()) {
                    rle.counts = coco::fromString(counts.get<std::string>(), context);
                } else if (counts.is_array()) {
                    bool whole = true;
                    for (const auto& count : counts) {
                        if (!count.is_number_integer() || count.get<long long>() < 0 || count.get<long long>() > 0xffffffffLL) {
                            problem(at, "RLE count " + shown(count) + " is not a whole number from 0 to 4294967295");
                            whole = false;
                            break;
                        }
                        rle.counts.push_back(std::uint32_t(count.get<long long>()));
                    }
                    if (!whole) continue;
                } else {
                    problem(at, "RLE counts are neither a string nor a list: " + shown(counts));
                    continue;
                }
                coco::decodeInto(rle, plane.data(), bit, context);
            } else if (segmentation.is_array()) {
                std::vector<CocoRle> parts;
                bool outside = false;
                for (const auto& polygon : segmentation) {
                    const auto xy = polygon.get<std::vector<double>>();
                    for (size_t i = 0; i + 1 < xy.size(); i += 2)
                        outside = outside || xy[i] < -0.5 || xy[i + 1] < -0.5 || xy[i] > g.width - 0.5 || xy[i + 1] > g.height - 0.5;
                    parts.push_back(coco::fromPolygon(xy, g.height, g.width, context));
                }
                if (outside) {
                    problem(at, "polygon extends outside the " + std::to_string(g.width) + "x" + std::to_string(g.height) + " image");
                    continue;
                }
                if (parts.empty()) {
                    problem(at, "empty polygon list");
                    continue;
                }
                coco::decodeInto(coco::merge(parts), plane.data(), bit, context);
            } else {
                problem(at, "segmentation is neither an RLE object nor a list of polygons");
                continue;
            }
            std::uint8_t* target = volume.slice(slice->second.second);
            for (size_t i = 0; i < plane.size(); ++i) target[i] |= plane[i];
        } catch (const DataError& error) {
            problem(at, error.problem());
        } catch (const json::exception& error) {
            problem(at, std::string("malformed annotation: ") + error.what());
        }
    }
    return result;
}
} // namespace

CocoImport importCocoJson(const std::string& path, const std::vector<ExportDay>& days) {
    try {
        return importCocoJsonChecked(path, days);
    } catch (const json::exception& error) {
        // Every item is checked above; this names the file should a shape still slip through.
        throw DataError(std::string("malformed COCO: ") + error.what(), ErrorContext{path, {}, {}, 0, {}});
    }
}

} // namespace gireview