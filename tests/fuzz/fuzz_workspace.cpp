// The workspace's own decoding of what SQLite returns: a fuzzed database file opened and read
// (schema check, layers, review state, journal, audit).
#include "FuzzSupport.h"
#include "review/Workspace.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const std::string path = fuzz::writeInput(data, size, ".sqlite");
    fuzz::expectOnlyDataErrors([&] {
        gireview::Workspace workspace(path, gireview::Workspace::Access::Reader);
        gireview::VolumeGeometry grid;
        grid.width = 8, grid.height = 8, grid.depth = 4;
        for (gireview::CaseDayKey day : {gireview::CaseDayKey{1, 0}, gireview::CaseDayKey{2, 3}}) {
            gireview::LabelVolume labels(day, grid);
            workspace.loadLayer(day, gireview::LabelLayer::Reviewed, labels);
            workspace.loadLayer(day, gireview::LabelLayer::Prediction, labels);
            workspace.reviewMarks(day, grid.depth);
            workspace.editedPairs(day, grid.depth);
            workspace.vouchedPairs(day, grid.depth);
            workspace.journal(day);
            workspace.modelCard(day);
        }
        workspace.audit();
    });
    std::remove((path + "-wal").c_str());
    std::remove((path + "-shm").c_str());
    return 0;
}
