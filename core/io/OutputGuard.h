#pragma once
// Where a run may write, checked before anything is read or written: never over one of the
// run's own inputs, never over something that is not a regular file (a FIFO, a device, a socket,
// a symbolic link, a folder where a file goes), never over a read-only file, and never into an
// existing dataset unless forced. IoError names the path and says why.
#include <string>
#include <vector>

namespace gireview {

enum class OutputKind {
    File,   // one file (CSV, JSON)
    Folder, // a folder of outputs (a NIfTI export, a training run)
    Dataset // a new dataset (the phantom): an existing one is replaced only with force
};

struct OutputRules {
    std::vector<std::string> inputs; // files and folders this run reads
    bool force = false;              // Dataset: replace an existing one
};

void checkOutputPath(const std::string& path, OutputKind kind, const OutputRules& rules);

// What an existing dataset at `path` holds ("train.csv and 4 case-days"), empty when none.
std::string describeExistingDataset(const std::string& path);

} // namespace gireview
