#pragma once
// The status bar's read-out of what is under the cursor: voxel, LPS millimetres, slice,
// intensity and the organs there.
#include "data/LabelVolume.h"
#include "data/ScanVolume.h"

#include <QLabel>
#include <memory>

namespace gireview {

class CursorReadout : public QLabel {
    Q_OBJECT
public:
    explicit CursorReadout(QWidget* parent = nullptr);
    void setVolumes(std::shared_ptr<const ScanVolume> scan,
                    std::shared_ptr<const LabelVolume> labels);
    void showVoxel(int x, int y, int z, bool valid);

private:
    std::shared_ptr<const ScanVolume> scan_;
    std::shared_ptr<const LabelVolume> labels_;
};

} // namespace gireview
