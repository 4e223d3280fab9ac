#include "CliCommon.h"

#include <QCoreApplication>
#include <cstdio>

namespace cli {

std::string toStd(const QString& text) { return text.toStdString(); }

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

} // namespace cli
