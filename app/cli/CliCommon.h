#pragma once
// Shared pieces of the gireview-cli subcommands: exit codes, argument parsing, error printing.
#include <QCommandLineParser>
#include <QStringList>
#include <string>

namespace cli {

enum ExitCode { Ok = 0, Failed = 1, BadUsage = 2 };

// Parses `arguments` (argv[0] = "gireview-cli <command>") with --help; on bad usage prints the
// problem and the help to stderr and returns false with `exitCode` = BadUsage; on --help prints
// help to stdout and returns false with exitCode = Ok.
bool parseOrExplain(QCommandLineParser& parser, const QStringList& arguments, int& exitCode);

void printError(const std::string& message); // "gireview-cli: error: ..." on stderr
std::string toStd(const QString& text);

int runPhantom(const QStringList& arguments);
int runInfo(const QStringList& arguments);
int runValidate(const QStringList& arguments);
int runExport(const QStringList& arguments);
int runConvert(const QStringList& arguments);
int runEval(const QStringList& arguments);

} // namespace cli
