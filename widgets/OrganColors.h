#pragma once
// Organ colours from the Okabe-Ito palette (distinguishable with the common colour-vision
// deficiencies): orange large bowel, bluish green small bowel, blue stomach.
#include "data/Organ.h"

#include <QColor>
#include <QIcon>
#include <QPixmap>

namespace gireview {

inline QColor organColor(Organ organ) {
    switch (organ) {
    case Organ::LargeBowel: return QColor(0xE6, 0x9F, 0x00);
    case Organ::SmallBowel: return QColor(0x00, 0x9E, 0x73);
    case Organ::Stomach: return QColor(0x00, 0x72, 0xB2);
    }
    return Qt::white;
}

// The prediction layer's lighter shade, so a model's contour never looks like a reviewed one.
inline QColor predictionColor(Organ organ) { return organColor(organ).lighter(150); }

// A square of the organ's colour, for lists and check boxes.
inline QIcon organSwatch(Organ organ, int size = 12) {
    QPixmap pixmap(size, size);
    pixmap.fill(organColor(organ));
    return QIcon(pixmap);
}

} // namespace gireview
