#include "VersionInfo.h"

#include "TorchRuntime.h"

#include <itkVersion.h>
#include <opencv2/core/version.hpp>
#include <vtkVersion.h>

namespace gireview {

QString libraryVersions() {
    return QStringLiteral("Qt %1, VTK %2, ITK %3, LibTorch %4, OpenCV %5")
        .arg(QString::fromLatin1(qVersion()), QString::fromLatin1(vtkVersion::GetVTKVersion()),
             QString::fromLatin1(itk::Version::GetITKVersion()), QString::fromStdString(libtorchVersion()),
             QStringLiteral(CV_VERSION));
}

} // namespace gireview
