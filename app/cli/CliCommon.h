#pragma once
// Shared pieces of the gireview-cli subcommands: exit codes, argument parsing, error printing.
#include <QCommandLineParser>
#include "io/DatasetIndex.h"
#include "TorchRuntime.h"
#include "io/OutputGuard.h"

#include <cstdio>

#include <QStringList>
#include <atomic>
#include <string>
#include <vector>

namespace cli {

enum ExitCode { Ok = 0, Failed = 1, BadUsage = 2 };

// Parses `arguments` (argv[0] = "gireview-cli <command>") with --help; on bad usage prints the
// problem and the help to stderr and returns false with `exitCode` = BadUsage; on --help prints
// help to stdout and returns false with exitCode = Ok.
bool parseOrExplain(QCommandLineParser& parser, const QStringList& arguments, int& exitCode);

void printError(const std::string& message); // "gireview-cli: error: ..." on stderr

// Ctrl+C or SIGTERM: from the first call on, either signal sets the returned flag instead of
// killing the process, so the command stops at its next step and removes what it had begun
// (temporary files, a half-built export) instead of leaving them behind.
const std::atomic<bool>& catchInterrupts();
std::string toStd(const QString& text);
// The file that numbers a DICOM folder's series as case-days: beside --workspace when the command
// was given one, else beside the workspace the window keeps for the dataset, so the window and
// every command give a clinic's series the same caseN_dayM for ever.
std::string caseDayRegistryFor(const std::string& dataDir, const QCommandLineParser& parser);
// scanDataset with that registry.
gireview::DatasetIndex scanData(const std::string& dataDir, const QCommandLineParser& parser,
                                gireview::ScanOptions options = {});
// Throws DataError unless `path` is an existing workspace file (commands that only read one
// never create it).
void requireWorkspaceFile(const std::string& path);

// The case-days named by --days LIST or --case N (empty: none given); throws DataError for
// names that are not in the dataset.
std::vector<gireview::CaseDayKey> parseScope(const QCommandLineParser& parser, const gireview::DatasetIndex& index);

// Reads --NAME as a whole number in [minimum, maximum] / a number in [low, high]; on failure
// prints what was given and the range, and returns false (the caller exits with BadUsage).
bool readInt(const QCommandLineParser& parser, const char* name, int minimum, int maximum, int& out);
bool readDouble(const QCommandLineParser& parser, const char* name, double low, double high, double& out);

// Reads --device (auto, cpu or cuda); on a bad value prints what was expected and returns false.
bool readDevice(const QCommandLineParser& parser, gireview::DeviceRequest& out);

// An output the user named: checked against the run's inputs and what is there before anything
// is written (io/OutputGuard.h). "-" is standard output where one file is written: the result
// goes to a temporary file and is copied out whole by finish(), so a failure prints nothing half;
// until then everything the command prints goes to stderr.
class OutputTarget {
public:
    // Throws IoError when the path may not be written.
    OutputTarget(const std::string& given, gireview::OutputKind kind, const gireview::OutputRules& rules, bool stdoutAllowed);
    ~OutputTarget();
    OutputTarget(const OutputTarget&) = delete;
    OutputTarget& operator=(const OutputTarget&) = delete;
    const std::string& path() const { return path_; }
    bool toStdout() const { return toStdout_; }
    void finish();

private:
    void restoreStdout();
    std::string path_;
    bool toStdout_ = false;
    int savedStdout_ = -1;
};

int runInfer(const QStringList& arguments);
int runTrain(const QStringList& arguments);
int runPhantom(const QStringList& arguments);
int runInfo(const QStringList& arguments);
int runValidate(const QStringList& arguments);
int runExport(const QStringList& arguments);
int runConvert(const QStringList& arguments);
int runEval(const QStringList& arguments);
int runQa(const QStringList& arguments);
int runEffort(const QStringList& arguments);

} // namespace cli
