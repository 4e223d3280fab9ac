#pragma once
// Options of the editing tools, in one parameter object (ToolSettings) that the window reads when
// a tool acts; the panel only edits it.
#include <QWidget>
#include <cstdint>

class QCheckBox;
class QFormLayout;
class QDoubleSpinBox;
class QSpinBox;

namespace gireview {

struct ToolSettings {
    double brushRadiusMm = 5.0;
    bool exclusive = false;           // painting an organ clears the others there
    bool intensityRestricted = false; // brush and lasso only where the intensity is in range
    int intensityLow = 0, intensityHigh = 65535;
    int islandMinPixels = 20;
    bool islands3d = false;
    double marginMm = 1.5;
};

class ToolOptionsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ToolOptionsPanel(QWidget* parent = nullptr);
    void setSettings(const ToolSettings& settings); // without emitting
    // Which options the active tool uses; the others are greyed out.
    struct Relevance {
        bool radius = false;
        bool intensity = false;
        bool islands = false;
        bool margin = false;
    };
    // Hides the options the active gesture tool does not use (islands and margin belong to
    // slice operations and stay shown).
    void setRelevance(Relevance relevance);
    bool showsRadius() const;
    bool showsIntensityRange() const;
    // Tooltips naming the tools that use each option (from the tool registry).
    void setUsers(const QStringList& radius, const QStringList& intensity, const QStringList& islands, const QStringList& margin);
    ToolSettings settings() const;

signals:
    void settingsChanged(const gireview::ToolSettings& settings);

private:
    QDoubleSpinBox* radius_ = nullptr;
    QFormLayout* form_ = nullptr;
    QCheckBox* exclusive_ = nullptr;
    QCheckBox* restrict_ = nullptr;
    QSpinBox* low_ = nullptr;
    QSpinBox* high_ = nullptr;
    QSpinBox* islands_ = nullptr;
    QCheckBox* islands3d_ = nullptr;
    QDoubleSpinBox* margin_ = nullptr;
    bool updating_ = false;
};

} // namespace gireview
