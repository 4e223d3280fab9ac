#include "LibraryVersions.h"

#include "BuildInfo.h"
#include "TorchRuntime.h"

#include <QtGlobal>
#include <itkConfigure.h>
#include <opencv2/core/version.hpp>
#include <vtkVersionMacros.h>

#define GIREVIEW_STRINGIFY2(x) #x
#define GIREVIEW_STRINGIFY(x) GIREVIEW_STRINGIFY2(x)

std::string versionText(const char* program) {
    return std::string(program) + " " + GIREVIEW_VERSION + " (git " + GIREVIEW_GIT_REVISION + ")\n" +
           "Qt " + qVersion() + "\n" +
           "VTK " VTK_VERSION "\n"
           "ITK " GIREVIEW_STRINGIFY(ITK_VERSION_MAJOR) "." GIREVIEW_STRINGIFY(ITK_VERSION_MINOR) "." GIREVIEW_STRINGIFY(ITK_VERSION_PATCH) "\n"
           "LibTorch " + gireview::libtorchVersion() + "\n" +
           "OpenCV " CV_VERSION "\n";
}
