#include "ExportDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace gireview {

ExportDialog::ExportDialog(const QString& defaultFolder, bool haveCurrentDay, QWidget* parent)
    : QDialog(parent), folder_(defaultFolder) {
    setWindowTitle(tr("Export labels"));
    auto* form = new QFormLayout(this);
    format_ = new QComboBox(this);
    format_->setObjectName(QStringLiteral("exportFormat"));
    format_->addItem(tr("Kaggle CSV (train.csv form)"), int(LabelFormat::TrainCsv));
    format_->addItem(tr("Kaggle submission CSV"), int(LabelFormat::SubmissionCsv));
    format_->addItem(tr("COCO JSON"), int(LabelFormat::Coco));
    format_->addItem(tr("NIfTI (.nii.gz per case-day)"), int(LabelFormat::Nifti));
    form->addRow(tr("Format"), format_);
    scope_ = new QComboBox(this);
    scope_->setObjectName(QStringLiteral("exportScope"));
    scope_->addItem(tr("Every day"), int(ExportRequest::Scope::AllDays));
    scope_->addItem(tr("Changed since the last export"), int(ExportRequest::Scope::ChangedSinceLastExport));
    if (haveCurrentDay) {
        scope_->addItem(tr("Current case"), int(ExportRequest::Scope::CurrentCase));
        scope_->addItem(tr("Current day"), int(ExportRequest::Scope::CurrentDay));
    }
    form->addRow(tr("Scope"), scope_);
    cocoEncoding_ = new QComboBox(this);
    cocoEncoding_->setObjectName(QStringLiteral("exportCocoSegmentation"));
    cocoEncoding_->addItem(tr("Compressed RLE"), int(CocoSegmentation::CompressedRle));
    cocoEncoding_->addItem(tr("Uncompressed RLE counts"), int(CocoSegmentation::UncompressedRle));
    cocoEncoding_->addItem(tr("Polygons"), int(CocoSegmentation::Polygons));
    form->addRow(tr("COCO segmentation"), cocoEncoding_);
    perComponent_ = new QCheckBox(tr("One annotation per connected component"), this);
    form->addRow(QString(), perComponent_);
    perOrgan_ = new QCheckBox(tr("Also one file per organ"), this);
    withImage_ = new QCheckBox(tr("Also the image volume"), this);
    form->addRow(tr("NIfTI"), perOrgan_);
    form->addRow(QString(), withImage_);
    reviewedOnly_ = new QCheckBox(tr("For retraining: only approved organs and reviewed slices"), this);
    form->addRow(tr("Content"), reviewedOnly_);
    sidecar_ = new QCheckBox(tr("Sidecar JSON (labelled slices, provenance)"), this);
    sidecar_->setChecked(true);
    form->addRow(QString(), sidecar_);
    auto* pathRow = new QHBoxLayout;
    path_ = new QLineEdit(this);
    auto* browse = new QPushButton(tr("Browse..."), this);
    pathRow->addWidget(path_);
    pathRow->addWidget(browse);
    form->addRow(tr("Save to"), pathRow);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (path_->text().isEmpty()) return;
        rememberChoices();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    restoreChoices();
    formatChanged();
}

// The last export's format, scope and options come back (the path follows the format).
void ExportDialog::restoreChoices() {
    QSettings settings;
    settings.beginGroup(QStringLiteral("export"));
    const auto pick = [&](QComboBox* box, const char* key) {
        if (const int index = box->findData(settings.value(QLatin1String(key), -1).toInt()); index >= 0)
            box->setCurrentIndex(index);
    };
    pick(format_, "format");
    pick(scope_, "scope"); // a day scope without a day open stays at the default
    pick(cocoEncoding_, "cocoSegmentation");
    perComponent_->setChecked(settings.value(QStringLiteral("perComponent"), false).toBool());
    perOrgan_->setChecked(settings.value(QStringLiteral("niftiPerOrgan"), false).toBool());
    withImage_->setChecked(settings.value(QStringLiteral("niftiImage"), false).toBool());
    reviewedOnly_->setChecked(settings.value(QStringLiteral("reviewedOnly"), false).toBool());
    sidecar_->setChecked(settings.value(QStringLiteral("sidecar"), true).toBool());
}

void ExportDialog::rememberChoices() const {
    QSettings settings;
    settings.beginGroup(QStringLiteral("export"));
    settings.setValue(QStringLiteral("format"), format_->currentData());
    settings.setValue(QStringLiteral("scope"), scope_->currentData());
    settings.setValue(QStringLiteral("cocoSegmentation"), cocoEncoding_->currentData());
    settings.setValue(QStringLiteral("perComponent"), perComponent_->isChecked());
    settings.setValue(QStringLiteral("niftiPerOrgan"), perOrgan_->isChecked());
    settings.setValue(QStringLiteral("niftiImage"), withImage_->isChecked());
    settings.setValue(QStringLiteral("reviewedOnly"), reviewedOnly_->isChecked());
    settings.setValue(QStringLiteral("sidecar"), sidecar_->isChecked());
}

void ExportDialog::formatChanged() {
    const auto format = LabelFormat(format_->currentData().toInt());
    cocoEncoding_->setEnabled(format == LabelFormat::Coco);
    perComponent_->setEnabled(format == LabelFormat::Coco);
    perOrgan_->setEnabled(format == LabelFormat::Nifti);
    withImage_->setEnabled(format == LabelFormat::Nifti);
    const char* names[] = {"labels.csv", "submission.csv", "labels.json", "nifti"};
    path_->setText(folder_ + "/" + names[int(format)]);
}

void ExportDialog::browse() {
    const auto format = LabelFormat(format_->currentData().toInt());
    QString chosen = format == LabelFormat::Nifti
                         ? QFileDialog::getExistingDirectory(this, tr("Export NIfTI into folder"), folder_)
                         : QFileDialog::getSaveFileName(this, tr("Export to"), path_->text(),
                                                        format == LabelFormat::Coco ? tr("COCO JSON (*.json)") : tr("CSV (*.csv)"));
    if (!chosen.isEmpty()) path_->setText(chosen);
}

void ExportDialog::setRequest(LabelFormat format, const QString& path) {
    format_->setCurrentIndex(format_->findData(int(format)));
    path_->setText(path);
}

ExportRequest ExportDialog::request() const {
    ExportRequest request;
    request.options.format = LabelFormat(format_->currentData().toInt());
    request.options.coco.segmentation = CocoSegmentation(cocoEncoding_->currentData().toInt());
    request.options.coco.perComponent = perComponent_->isChecked();
    request.options.niftiPerOrgan = perOrgan_->isChecked();
    request.options.niftiImage = withImage_->isChecked();
    request.options.sidecar = sidecar_->isChecked();
    request.options.reviewedOnly = reviewedOnly_->isChecked();
    request.options.tool = "gireview";
    request.scope = ExportRequest::Scope(scope_->currentData().toInt());
    request.path = path_->text();
    return request;
}

} // namespace gireview
