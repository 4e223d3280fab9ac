#include "ToolOptionsPanel.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSpinBox>

namespace gireview {

ToolOptionsPanel::ToolOptionsPanel(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    form_ = form;
    radius_ = new QDoubleSpinBox(this);
    radius_->setRange(0.75, 60.0);
    radius_->setSuffix(tr(" mm"));
    radius_->setObjectName(QStringLiteral("brushRadius"));
    form->addRow(tr("Brush / push radius"), radius_);
    exclusive_ = new QCheckBox(tr("Exclusive: clear other organs where painting"), this);
    form->addRow(QString(), exclusive_);
    restrict_ = new QCheckBox(tr("Only where the intensity is in"), this);
    low_ = new QSpinBox(this);
    high_ = new QSpinBox(this);
    low_->setRange(0, 65535);
    high_->setRange(0, 65535);
    form->addRow(restrict_);
    form->addRow(tr("from"), low_);
    form->addRow(tr("to"), high_);
    islands_ = new QSpinBox(this);
    islands_->setRange(1, 100000);
    islands_->setSuffix(tr(" px"));
    islands3d_ = new QCheckBox(tr("Islands in 3D (whole day)"), this);
    form->addRow(tr("Smallest island kept"), islands_);
    form->addRow(QString(), islands3d_);
    margin_ = new QDoubleSpinBox(this);
    margin_->setRange(0.5, 30.0);
    margin_->setSuffix(tr(" mm"));
    form->addRow(tr("Grow / shrink margin"), margin_);
    setSettings(ToolSettings{});
    auto changed = [this] {
        if (!updating_) emit settingsChanged(settings());
    };
    connect(radius_, &QDoubleSpinBox::valueChanged, this, changed);
    connect(exclusive_, &QCheckBox::toggled, this, changed);
    connect(restrict_, &QCheckBox::toggled, this, changed);
    connect(low_, &QSpinBox::valueChanged, this, changed);
    connect(high_, &QSpinBox::valueChanged, this, changed);
    connect(islands_, &QSpinBox::valueChanged, this, changed);
    connect(islands3d_, &QCheckBox::toggled, this, changed);
    connect(margin_, &QDoubleSpinBox::valueChanged, this, changed);
}

void ToolOptionsPanel::setRelevance(Relevance relevance) {
    // Rows the active tool does not use are hidden, not greyed: a small screen shows only what
    // applies (islands and margin belong to the slice operations, D and +/-, and stay).
    form_->setRowVisible(radius_, relevance.radius);
    for (QWidget* row : std::initializer_list<QWidget*>{restrict_, low_, high_})
        form_->setRowVisible(row, relevance.intensity);
    radius_->setEnabled(relevance.radius);
    restrict_->setEnabled(relevance.intensity);
    low_->setEnabled(relevance.intensity);
    high_->setEnabled(relevance.intensity);
}

bool ToolOptionsPanel::showsRadius() const { return !radius_->isHidden(); }
bool ToolOptionsPanel::showsIntensityRange() const { return !restrict_->isHidden(); }

void ToolOptionsPanel::setUsers(const QStringList& radius, const QStringList& intensity, const QStringList& islands,
                                const QStringList& margin) {
    auto tip = [this](const QStringList& users) { return users.isEmpty() ? QString() : tr("Used by: %1").arg(users.join(QStringLiteral(", "))); };
    radius_->setToolTip(tip(radius));
    for (QWidget* w : std::initializer_list<QWidget*>{restrict_, low_, high_}) w->setToolTip(tip(intensity));
    for (QWidget* w : std::initializer_list<QWidget*>{islands_, islands3d_}) w->setToolTip(tip(islands));
    margin_->setToolTip(tip(margin));
}

void ToolOptionsPanel::setSettings(const ToolSettings& s) {
    updating_ = true;
    radius_->setValue(s.brushRadiusMm);
    exclusive_->setChecked(s.exclusive);
    restrict_->setChecked(s.intensityRestricted);
    low_->setValue(s.intensityLow);
    high_->setValue(s.intensityHigh);
    islands_->setValue(s.islandMinPixels);
    islands3d_->setChecked(s.islands3d);
    margin_->setValue(s.marginMm);
    updating_ = false;
}

ToolSettings ToolOptionsPanel::settings() const {
    ToolSettings s;
    s.brushRadiusMm = radius_->value();
    s.exclusive = exclusive_->isChecked();
    s.intensityRestricted = restrict_->isChecked();
    s.intensityLow = low_->value();
    s.intensityHigh = high_->value();
    s.islandMinPixels = islands_->value();
    s.islands3d = islands3d_->isChecked();
    s.marginMm = margin_->value();
    return s;
}

} // namespace gireview
