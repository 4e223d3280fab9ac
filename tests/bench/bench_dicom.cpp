// Benchmarks of the DICOM reader (issue "The clinic's scans"):
//   dicom_load   one 144-slice 266x266 MR series written by pydicom from a phantom day, loaded
//                into a volume; peers: pydicom + numpy stacking the same files (same threads,
//                warm, timed in-process) and ITK's ImageSeriesReader with GDCMImageIO (ITK reads
//                a series on one thread; our one-thread figure is printed beside it).
//   dicom_index  a folder of 20 such case-days (2,880 files): the dataset index (headers only);
//                peer: pydicom with stop_before_pixels over the same files, same threads.
// Goal: at least 3x pydicom for both. Usage: bench_dicom [load|index]
#include "BenchTiming.h"
#include "PeerRunner.h"
#include "data/HeapTuning.h"
#include "data/ParallelFor.h"
#include "io/DatasetIndex.h"
#include "io/ScanVolumeLoader.h"
#include "phantom/Phantom.h"

#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImage.h>
#include <itkImageSeriesReader.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace gireview;

namespace {

std::string python() { return GIREVIEW_PYTHON; }
std::string peer() { return python() + " " + std::string(GIREVIEW_BENCH_PEERS) + "/dicom.py"; }

void printRatio(const std::string& name, double ours, const std::map<std::string, double>& peers) {
    const auto found = peers.find(name + ".peer");
    if (found == peers.end()) {
        std::printf("# %s.peer unavailable (python3-pydicom and python3-numpy: scripts/install-deps.sh test)\n", name.c_str());
        return;
    }
    std::printf("%s.peer %.3f ms\n%s.ratio %.2f x\n", name.c_str(), found->second, name.c_str(), found->second / ours);
}

// One series per call of tests/dicom/write_series.py (pydicom), from the phantom day's voxels.
bool writeSeries(const fs::path& raw, const fs::path& out, const std::string& patient, int seed) {
    const std::string command = python() + " " + std::string(GIREVIEW_TEST_SCRIPTS) + "/write_series.py --raw " + raw.string() +
                                " --size 266 266 144 --out " + out.string() + " --patient " + patient + " --seed " +
                                std::to_string(seed) + " --date 202601" + std::to_string(10 + seed % 20) + " > /dev/null";
    return std::system(command.c_str()) == 0;
}

double itkSeriesRead(const fs::path& dir) {
    using Image = itk::Image<std::uint16_t, 3>;
    auto names = itk::GDCMSeriesFileNames::New();
    names->SetDirectory(dir.string());
    const auto files = names->GetInputFileNames();
    auto reader = itk::ImageSeriesReader<Image>::New();
    reader->SetImageIO(itk::GDCMImageIO::New());
    reader->SetFileNames(files);
    reader->Update();
    return double(reader->GetOutput()->GetLargestPossibleRegion().GetNumberOfPixels());
}

void benchLoad(const fs::path& series) {
    const DatasetIndex index = scanDataset(series.string());
    const DayEntry& day = *index.days().front();
    const int threads = defaultThreadCount();
    for (int t : {threads, 1}) {
        LoadOptions options;
        options.threads = t;
        loadScanVolume(day, options); // warm-up (and page cache)
        std::vector<double> times;
        std::uint64_t checksum = 0;
        for (int i = 0; i < 15; ++i) {
            const auto start = Clock::now();
            const ScanVolume volume = loadScanVolume(day, options);
            times.push_back(msSince(start));
            if (i == 0)
                for (size_t v = 0; v < volume.geometry().voxelCount(); ++v) checksum += volume.data()[v];
        }
        const std::string name = t == 1 ? "dicom_load.1thread" : "dicom_load";
        const double ours = median(times);
        std::printf("%s %.3f ms\n%s.spread %.3f-%.3f ms\n", name.c_str(), ours, name.c_str(),
                    *std::min_element(times.begin(), times.end()), *std::max_element(times.begin(), times.end()));
        if (t != 1) std::printf("dicom_load.threads %d threads\ndicom_load.checksum %llu\n", t, (unsigned long long)checksum);
        printRatio(name, ours, runPeer(peer() + " load " + series.string() + " " + std::to_string(t) + " 9"));
        std::fflush(stdout);
    }
    // ITK's series reader (GDCM underneath), as a 3D Slicer or ITK-SNAP user gets it.
    itkSeriesRead(series);
    std::vector<double> times;
    for (int i = 0; i < 5; ++i) {
        const auto start = Clock::now();
        itkSeriesRead(series);
        times.push_back(msSince(start));
    }
    std::printf("dicom_load.itk %.3f ms\n", median(times));
}

void benchIndex(const fs::path& root) {
    const int threads = std::min(2, defaultThreadCount());
    scanDataset(root.string()); // warm-up (and page cache)
    std::vector<double> times;
    size_t days = 0;
    for (int i = 0; i < 5; ++i) {
        const auto start = Clock::now();
        const DatasetIndex index = scanDataset(root.string());
        times.push_back(msSince(start));
        days = index.dayCount();
    }
    const double ours = median(times);
    std::printf("dicom_index %.3f ms\ndicom_index.days %zu case-days\ndicom_index.threads %d threads\n", ours, days, threads);
    printRatio("dicom_index", ours, runPeer(peer() + " index " + root.string() + " " + std::to_string(threads) + " 3"));
}

} // namespace

int main(int argc, char** argv) {
    tuneHeapForDayLoading(); // as the window and the command line run
    const std::string only = argc > 1 ? argv[1] : "";
    const fs::path work = fs::temp_directory_path() / ("gireview-bench-dicom-" + std::to_string(::getpid()));
    fs::create_directories(work);
    PhantomOptions options;
    options.seed = 99;
    const PhantomDay day = generatePhantomDay(options, 0, 0);
    const fs::path raw = work / "phantom.u16";
    {
        std::ofstream out(raw, std::ios::binary);
        out.write(reinterpret_cast<const char*>(day.scan.data()), std::streamsize(day.scan.geometry().voxelCount() * 2));
    }
    int status = 0;
    if (!writeSeries(raw, work / "series", "GI-BENCH", 0)) {
        std::printf("# dicom benchmarks skipped: pydicom could not write the series (python3-pydicom)\n");
        status = 0;
    } else {
        if (only.empty() || only == "load") benchLoad(work / "series");
        if (only.empty() || only == "index") {
            // 20 case-days: the series again for 10 patients x 2 fractions (fresh UIDs each).
            for (int i = 0; i < 20; ++i)
                if (!writeSeries(raw, work / "index" / ("p" + std::to_string(i)), "GI-" + std::to_string(i / 2), i)) status = 1;
            if (status == 0) benchIndex(work / "index");
        }
    }
    std::error_code error;
    fs::remove_all(work, error);
    return status;
}
