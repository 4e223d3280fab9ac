#include "CursorReadout.h"

namespace gireview {

CursorReadout::CursorReadout(QWidget* parent) : QLabel(parent) {
    setObjectName(QStringLiteral("cursorReadout"));
    setMinimumWidth(420);
}

void CursorReadout::setVolumes(std::shared_ptr<const ScanVolume> scan,
                               std::shared_ptr<const LabelVolume> labels) {
    scan_ = std::move(scan);
    labels_ = std::move(labels);
    if (!scan_) clear();
}

void CursorReadout::showVoxel(int x, int y, int z, bool valid) {
    if (!scan_ || !valid) {
        clear();
        return;
    }
    const auto& g = scan_->geometry();
    if (x < 0 || y < 0 || z < 0 || x >= g.width || y >= g.height || z >= g.depth) {
        clear();
        return;
    }
    QStringList organs;
    if (labels_)
        for (Organ organ : kAllOrgans)
            if (labels_->has(x, y, z, organ))
                organs << QString::fromUtf8(organDisplayName(organ).data());
    const auto lps = g.indexToLps(x, y, z);
    setText(tr("(%1, %2) px  (%3, %4, %5) mm  slice %6/%7  value %8  %9")
                .arg(x)
                .arg(y)
                .arg(lps[0], 0, 'f', 1)
                .arg(lps[1], 0, 'f', 1)
                .arg(lps[2], 0, 'f', 1)
                .arg(z + 1)
                .arg(g.depth)
                .arg(scan_->rescale().identity() ? QString::number(scan_->at(x, y, z))
                                                 : QString::number(scan_->intensity(x, y, z), 'g', 10))
                .arg(organs.isEmpty() ? tr("no organ") : organs.join(QStringLiteral(", "))));
}

} // namespace gireview
