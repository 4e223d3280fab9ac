#include "CliCommon.h"

#include <cstdio>

namespace cli {

std::string toStd(const QString& text) { return text.toStdString(); }

void printError(const std::string& message) {
    std::fprintf(stderr, "gireview-cli: error: %s\n", message.c_str());
}

bool parseOrExplain(QCommandLineParser& parser, const QStringList& arguments, int& exitCode) {
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        printError(toStd(parser.errorText()));
        std::fprintf(stderr, "%s", toStd(parser.helpText()).c_str());
        exitCode = BadUsage;
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", toStd(parser.helpText()).c_str());
        exitCode = Ok;
        return false;
    }
    return true;
}

} // namespace cli
