#pragma once
#include <QString>

namespace gireview {
// "Qt 6.4.2, VTK 9.1.0, ITK 5.2.1, LibTorch 1.13.0, OpenCV 4.6.0" for the About box.
QString libraryVersions();
} // namespace gireview
