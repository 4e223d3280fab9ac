#include "DisplayPanel.h"

#include "OrganColors.h"
#include "ViewState.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSlider>
#include <QVBoxLayout>

namespace gireview {

DisplayPanel::DisplayPanel(ViewState* state, QWidget* parent) : QWidget(parent), state_(state) {
    auto* form = new QFormLayout(this);
    preset_ = new QComboBox(this);
    preset_->setObjectName(QStringLiteral("windowPreset"));
    for (WindowPreset preset : kWindowPresets)
        preset_->addItem(tr(windowPresetName(preset).data()), int(preset));
    preset_->setToolTip(tr("Intensity window from the body's histogram of this day (W: Auto)"));
    form->addRow(tr("Window preset"), preset_);
    auto spin = [this](const char* name, const QString& tip) {
        auto* box = new QDoubleSpinBox(this);
        box->setObjectName(QString::fromLatin1(name));
        box->setRange(0, 65535);
        box->setDecimals(0);
        box->setKeyboardTracking(false); // typed digits apply on Enter, not one by one
        box->setToolTip(tip);
        return box;
    };
    windowWidth_ = spin("windowWidth", tr("Window width (intensities shown from black to white)"));
    windowWidth_->setMinimum(1);
    windowLevel_ = spin("windowLevel", tr("Window level (the intensity shown mid-grey)"));
    form->addRow(tr("Window"), windowWidth_);
    form->addRow(tr("Level"), windowLevel_);
    mode_ = new QComboBox(this);
    mode_->addItems({tr("Fill"), tr("Outline"), tr("Fill and outline")});
    mode_->setObjectName(QStringLiteral("overlayMode"));
    form->addRow(tr("Overlay"), mode_);
    opacity_ = new QSlider(Qt::Horizontal, this);
    opacity_->setRange(0, 100);
    opacity_->setObjectName(QStringLiteral("overlayOpacity"));
    form->addRow(tr("Opacity"), opacity_);
    for (Organ organ : kAllOrgans) {
        auto* box = new QCheckBox(QString::fromUtf8(organDisplayName(organ).data()), this);
        box->setIcon(organSwatch(organ));
        box->setObjectName(QStringLiteral("visible_%1").arg(organClassName(organ).data()));
        organs_[organIndex(organ)] = box;
        form->addRow(QString(), box);
    }
    reviewed_ = new QCheckBox(tr("Reviewed labels"), this);
    prediction_ = new QCheckBox(tr("Prediction (dotted)"), this);
    volume_ = new QCheckBox(tr("Volume rendering (3D)"), this);
    form->addRow(tr("Layers"), reviewed_);
    form->addRow(QString(), prediction_);
    form->addRow(tr("3D"), volume_);
    pullFromState();
    pullWindow();
    connect(state_, &ViewState::windowChanged, this, &DisplayPanel::pullWindow);
    connect(preset_, &QComboBox::activated, this,
            [this](int row) { emit presetChosen(WindowPreset(preset_->itemData(row).toInt())); });
    connect(windowWidth_, &QDoubleSpinBox::valueChanged, this, &DisplayPanel::pushWindow);
    connect(windowLevel_, &QDoubleSpinBox::valueChanged, this, &DisplayPanel::pushWindow);
    connect(state_, &ViewState::overlayChanged, this, &DisplayPanel::pullFromState);
    connect(state_, &ViewState::volumeRenderingChanged, this, &DisplayPanel::pullFromState);
    connect(mode_, &QComboBox::currentIndexChanged, this, &DisplayPanel::pushToState);
    connect(opacity_, &QSlider::valueChanged, this, &DisplayPanel::pushToState);
    for (auto* box : organs_) connect(box, &QCheckBox::toggled, this, &DisplayPanel::pushToState);
    connect(reviewed_, &QCheckBox::toggled, this, &DisplayPanel::pushToState);
    connect(prediction_, &QCheckBox::toggled, this, &DisplayPanel::pushToState);
    connect(volume_, &QCheckBox::toggled, this, [this](bool on) {
        if (!updating_) state_->setVolumeRendering(on);
    });
}

void DisplayPanel::pullFromState() {
    updating_ = true;
    const auto& o = state_->overlay();
    mode_->setCurrentIndex(int(o.mode));
    opacity_->setValue(int(o.opacity * 100 + 0.5));
    for (int i = 0; i < kOrganCount; ++i) organs_[i]->setChecked(o.organVisible[size_t(i)]);
    reviewed_->setChecked(o.showReviewed);
    prediction_->setChecked(o.showPrediction);
    volume_->setChecked(state_->volumeRendering());
    updating_ = false;
}

void DisplayPanel::pullWindow() {
    updating_ = true;
    windowWidth_->setValue(state_->windowHigh() - state_->windowLow());
    windowLevel_->setValue((state_->windowHigh() + state_->windowLow()) / 2);
    updating_ = false;
}

void DisplayPanel::pushWindow() {
    if (updating_) return;
    const double width = windowWidth_->value(), level = windowLevel_->value();
    state_->setWindow(level - width / 2, level + width / 2);
}

void DisplayPanel::pushToState() {
    if (updating_) return;
    OverlaySettings o = state_->overlay();
    o.mode = OverlayMode(mode_->currentIndex());
    o.opacity = opacity_->value() / 100.0;
    for (int i = 0; i < kOrganCount; ++i) o.organVisible[size_t(i)] = organs_[i]->isChecked();
    o.showReviewed = reviewed_->isChecked();
    o.showPrediction = prediction_->isChecked();
    state_->setOverlay(o);
}

} // namespace gireview
