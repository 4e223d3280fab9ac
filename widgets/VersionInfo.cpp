#include "VersionInfo.h"

#include "TorchRuntime.h"

#include <vtkVersion.h>

namespace gireview {

QString libraryVersions() {
    return QStringLiteral("Qt %1, VTK %2, LibTorch %3")
        .arg(QString::fromLatin1(qVersion()), QString::fromLatin1(vtkVersion::GetVTKVersion()),
             QString::fromStdString(libtorchVersion()));
}

} // namespace gireview
