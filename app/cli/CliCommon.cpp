#include "CliCommon.h"

#include "data/DataError.h"
#include "io/AtomicFile.h"
#include "io/CaseDayRegistry.h"
#include "review/ReviewDocument.h"

#include <QDir>
#include <QStandardPaths>

#include <QCoreApplication>
#include <csignal>
#include <filesystem>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <unistd.h>

namespace cli {

std::string toStd(const QString& text) { return text.toStdString(); }

std::string caseDayRegistryFor(const std::string& dataDir, const QCommandLineParser& parser) {
    if (parser.optionNames().contains(QStringLiteral("workspace")))
        return gireview::CaseDayRegistry::pathBeside(toStd(parser.value(QStringLiteral("workspace"))));
    // The window's own fallback folder (AppDataLocation of GIReview/gireview).
    const QString fallback = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                             QStringLiteral("/GIReview/gireview/workspaces");
    const std::string workspace = gireview::defaultWorkspacePath(dataDir, {toStd(fallback), {}});
    if (workspace.rfind(toStd(fallback), 0) == 0) QDir().mkpath(fallback);
    return gireview::CaseDayRegistry::pathBeside(workspace);
}

gireview::DatasetIndex scanData(const std::string& dataDir, const QCommandLineParser& parser, gireview::ScanOptions options) {
    options.caseDayRegistry = caseDayRegistryFor(dataDir, parser);
    return gireview::scanDataset(dataDir, options);
}

void requireWorkspaceFile(const std::string& path) {
    if (!std::filesystem::is_regular_file(path))
        throw gireview::DataError("no review workspace at " + gireview::quoteForMessage(path) +
                                  ": expected the .sqlite file the window keeps beside the dataset");
}

void printError(const std::string& message) {
    std::fprintf(stderr, "gireview-cli: error: %s\n", message.c_str());
}

namespace {
// QCommandLineParser names the program after argv[0]; show "gireview-cli <command>" instead.
QString helpFor(const QCommandLineParser& parser, const QStringList& arguments) {
    QString text = parser.helpText();
    const QString program = QCoreApplication::arguments().value(0);
    const int at = program.isEmpty() ? -1 : int(text.indexOf(program));
    if (at >= 0 && !arguments.isEmpty()) text.replace(at, program.size(), arguments.first());
    return text;
}
} // namespace

bool parseOrExplain(QCommandLineParser& parser, const QStringList& arguments, int& exitCode) {
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        printError(toStd(parser.errorText()));
        std::fprintf(stderr, "%s", toStd(helpFor(parser, arguments)).c_str());
        exitCode = BadUsage;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", toStd(helpFor(parser, arguments)).c_str());
        exitCode = Ok;
        return false;
    }
    return true;
}

std::vector<gireview::CaseDayKey> parseScope(const QCommandLineParser& parser, const gireview::DatasetIndex& index) {
    std::vector<gireview::CaseDayKey> scope;
    if (parser.isSet("days"))
        for (const QString& name : parser.value("days").split(',', Qt::SkipEmptyParts)) {
            auto key = gireview::parseCaseDayName(toStd(name.trimmed()));
            if (!index.findDay(key)) throw gireview::DataError("no case-day " + toStd(name) + " in the dataset");
            scope.push_back(key);
        }
    if (parser.isSet("case")) {
        bool ok = false;
        const int caseNo = parser.value("case").toInt(&ok);
        if (!ok)
            throw gireview::DataError("--case '" + gireview::quoteForMessage(parser.value("case").toStdString(), 40) +
                                      "' is not a case number: expected N, as in caseN");
        for (const auto* day : index.days())
            if (day->key.caseNo == caseNo) scope.push_back(day->key);
        if (scope.empty()) throw gireview::DataError("no case " + std::to_string(caseNo) + " in the dataset");
    }
    return scope;
}

namespace {
std::atomic<bool> interruptRequested{false};
extern "C" void onInterrupt(int) { interruptRequested = true; }
} // namespace

const std::atomic<bool>& catchInterrupts() {
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    return interruptRequested;
}

bool readInt(const QCommandLineParser& parser, const char* name, int minimum, int maximum, int& out) {
    const QString text = parser.value(name).trimmed();
    bool ok = false;
    const long long value = text.toLongLong(&ok);
    if (!ok || value < minimum || value > maximum) {
        // Quote what was given (at most 40 characters): "not a number" and "too large" read differently.
        const std::string given = gireview::quoteForMessage(text.toStdString(), 40);
        printError(std::string("--") + name + " '" + given + "' is " + (ok ? "out of range" : "not a whole number") + ": expected " +
                   std::to_string(minimum) + " to " + std::to_string(maximum));
        return false;
    }
    out = int(value);
    return true;
}

bool readDouble(const QCommandLineParser& parser, const char* name, double low, double high, double& out) {
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || value < low || value > high) {
        const std::string text = gireview::quoteForMessage(parser.value(name).toStdString(), 40);
        printError(std::string("--") + name + " '" + text + "' is " + (ok ? "out of range" : "not a number") +
                   ": expected a number from " + QString::number(low).toStdString() + " to " + QString::number(high).toStdString());
        return false;
    }
    out = value;
    return true;
}

bool readDevice(const QCommandLineParser& parser, gireview::DeviceRequest& out) {
    try {
        out = gireview::parseDeviceRequest(toStd(parser.value("device")));
    } catch (const std::invalid_argument& error) {
        printError(error.what());
        return false;
    }
    return true;
}

OutputTarget::OutputTarget(const std::string& given, gireview::OutputKind kind, const gireview::OutputRules& rules, bool stdoutAllowed) {
    if (given == "-") {
        if (!stdoutAllowed)
            throw gireview::IoError("standard output (-) takes one file; this output is a folder or several files",
                                    gireview::ErrorContext{given, {}, {}, 0, {}});
        toStdout_ = true;
        char name[] = "/tmp/gireview-stdout-XXXXXX";
        const int fd = ::mkstemp(name);
        if (fd < 0) throw gireview::IoError("cannot create a temporary file for standard output", gireview::ErrorContext{name, {}, {}, 0, {}});
        ::close(fd);
        path_ = name;
        // The command's messages must not mix with the result: they go to stderr meanwhile.
        std::fflush(stdout);
        savedStdout_ = ::dup(STDOUT_FILENO);
        ::dup2(STDERR_FILENO, STDOUT_FILENO);
        return;
    }
    gireview::checkOutputPath(given, kind, rules);
    path_ = given;
}

OutputTarget::~OutputTarget() {
    restoreStdout();
    if (toStdout_) std::remove(path_.c_str());
}

void OutputTarget::restoreStdout() {
    if (savedStdout_ < 0) return;
    std::fflush(stdout);
    ::dup2(savedStdout_, STDOUT_FILENO);
    ::close(savedStdout_);
    savedStdout_ = -1;
}

void OutputTarget::finish() {
    if (!toStdout_) return;
    restoreStdout();
    const auto bytes = gireview::readFileBytes(path_);
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    std::fflush(stdout);
}

} // namespace cli
