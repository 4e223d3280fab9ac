#pragma once
// The --version text of both executables: product version, git revision and the versions of the
// libraries GI Review is built on. Header macros only (no VTK/ITK/OpenCV link needed), so the CLI
// can print it without loading the GUI stack.
#include <string>

std::string versionText(const char* program);
