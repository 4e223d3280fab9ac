// No correction is ever lost, driven through the window under Xvfb with keys, mouse and real
// dialogs: accepting the prediction over a correction asks (keep is the default), exclusive
// paint over an approved organ says the organ kept its voxels, a read-only workspace refuses
// strokes and says so, the window's and the CLI's exports are the same bytes, and a whole review
// session (model, three tools, accept, marks, approval, quit, reopen, export) ends in exactly
// the expected masks.
#include "GuiTestSupport.h"
#include "SqliteFullDisk.h"
#include "EffortPanel.h"
#include "MessageLog.h"
#include "OrganColors.h"
#include "OrganListPanel.h"
#include "ReviewQueuePanel.h"
#include "SliceStrip.h"
#include "SurfaceView.h"
#include "TestSupport.h"
#include "ViewState.h"
#include "VtkHostWidget.h"
#include "io/LabelExchange.h"
#include "review/Workspace.h"

#include <QAction>
#include <QProgressBar>
#include <QTreeWidget>
#include <QStatusBar>
#include <QSettings>
#include <QLabel>
#include <QInputDialog>
#include <QTableWidget>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

using namespace gireview;
using testsupport::drag;
using testsupport::loadDay;
using testsupport::openOnDay;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

// A sidecar without what may differ between two exports of the same labels.
nlohmann::json comparableSidecar(const QString& path) {
    std::ifstream in(path.toStdString());
    auto json = nlohmann::json::parse(in);
    json["provenance"].erase("exported_at");
    json["provenance"].erase("tool");
    json.erase("files"); // the output names differ
    return json;
}

int runCli(const QStringList& arguments, QString* output = nullptr) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(GIREVIEW_CLI), arguments);
    if (!process.waitForFinished(300000)) return -1;
    if (output) *output = QString::fromUtf8(process.readAll());
    return process.exitCode();
}

// A slice in the middle of where `organ` is.
int sliceWith(const LabelVolume& labels, Organ organ) {
    int first = -1, last = -1;
    for (int z = 0; z < labels.geometry().depth; ++z)
        if (labels.countOnSlice(z, organ)) {
            if (first < 0) first = z;
            last = z;
        }
    return first < 0 ? -1 : (first + last) / 2;
}

// A plane point inside the organ's box on a slice, and one well outside it.
std::pair<int, int> centreOf(const LabelVolume& labels, int z, Organ organ) {
    const MaskBox box = labels.boxOnSlice(z, organ);
    return {(box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2};
}

} // namespace

class TestReviewGui : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    PhantomOptions options_;
    CaseDayKey day_;
    QString predictionCsv_;

    // A copy of the phantom with its train.csv: the truth as the reviewed labels.
    QString labelledDataset(const QString& name) {
        const QString path = dir_.filePath(name);
        writePhantomDataset(path.toStdString(), options_);
        return path;
    }

    // The dataset opened again: the shown day is read back from the workspace.
    void reopenDay(MainWindow& window, const QString& dataset) {
        QVERIFY(window.openDataset(dataset));
        QVERIFY(loadDay(window, day_));
        // A slow open (sanitizers) shows a progress dialog; the window's shortcuts need it active again.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
    }
    // A fresh copy of the phantom without its train.csv: a day nobody labelled yet.
    QString freshDataset(const QString& name) {
        const QString path = dir_.filePath(name);
        writePhantomDataset(path.toStdString(), options_);
        QFile::remove(path + "/train.csv");
        return path;
    }

private slots:
    void initTestCase() {
        options_ = testsupport::startWindowTest();
        writePhantomDataset(dir_.filePath("reference").toStdString(), options_);
        predictionCsv_ = dir_.filePath("reference/train.csv"); // stands in for a model's prediction
        day_ = {1, phantomDayNumbers(options_, 0)[0]};
    }

    void helpListsEveryBoundShortcut() {
        // Help is generated from the actions really bound, the tools' from their registry.
        MainWindow window;
        const QString help = window.shortcutHelp().join('\n');
        int bound = 0;
        for (QAction* action : window.findChildren<QAction*>()) {
            if (action->shortcut().isEmpty()) continue;
            ++bound;
            QVERIFY2(help.contains(action->shortcut().toString(QKeySequence::NativeText)), qPrintable(action->text()));
        }
        QVERIFY(bound > 40);
        for (const char* expected : {"brush", "lasso", "push", "interpolate", "accept the prediction", "mark every slice since", "Middle drag"})
            QVERIFY2(help.contains(expected), expected);
    }

    // The organ list: the active organ's row highlighted (keys and clicks), swatches in the
    // organs' colours, the eye bound to the views' visibility, the status moving from not
    // reviewed to in progress to approved with a lock drawn before anyone paints.
    void organListShowsActiveOrganVisibilityAndLock() {
        MainWindow window;
        QVERIFY(openOnDay(window, labelledDataset("organs"), day_));
        auto* list = window.findChild<OrganListPanel*>(QStringLiteral("organList"));
        QVERIFY(list && list->isVisible());
        QCOMPARE(list->statusText(Organ::Stomach), QStringLiteral("not reviewed"));
        auto rowPixel = [list](int row, int column) {
            const QImage shot = list->viewport()->grab().toImage();
            const QRect cell = list->visualItemRect(list->item(row, column));
            return shot.pixelColor(cell.right() - 3, cell.center().y());
        };
        auto hasColour = [list](int row, int column, QColor colour) {
            const QImage shot = list->viewport()->grab().toImage();
            const QRect cell = list->visualItemRect(list->item(row, column));
            for (int y = cell.top(); y <= cell.bottom(); ++y)
                for (int x = cell.left(); x <= cell.right(); ++x)
                    if (shot.pixelColor(x, y) == colour) return true;
            return false;
        };
        QTest::keyClick(window.sliceView(ViewPlane::Axial), Qt::Key_2);
        QCOMPARE(window.editController()->activeOrgan(), Organ::SmallBowel);
        QCOMPARE(list->currentRow(), organIndex(Organ::SmallBowel));
        // The highlighted row looks different from the others.
        QVERIFY(rowPixel(organIndex(Organ::SmallBowel), OrganListPanel::KeyColumn) != rowPixel(organIndex(Organ::Stomach), OrganListPanel::KeyColumn));
        QVERIFY(rowPixel(organIndex(Organ::LargeBowel), OrganListPanel::KeyColumn) == rowPixel(organIndex(Organ::Stomach), OrganListPanel::KeyColumn));
        for (Organ organ : {Organ::LargeBowel, Organ::Stomach})
            QVERIFY2(hasColour(organIndex(organ), OrganListPanel::NameColumn, organColor(organ)), organClassName(organ).data());
        // A click on the stomach's row makes it active; the Edit menu's entry is checked.
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(organIndex(Organ::Stomach), OrganListPanel::NameColumn)).center());
        QCOMPARE(window.editController()->activeOrgan(), Organ::Stomach);
        for (QAction* action : window.findChildren<QAction*>())
            if (action->text().startsWith(QStringLiteral("Active organ:")))
                QCOMPARE(action->isChecked(), action->text().endsWith(QStringLiteral("Stomach")));
        // The eye hides the organ in the views, and follows the Display panel.
        list->item(organIndex(Organ::LargeBowel), OrganListPanel::ShownColumn)->setCheckState(Qt::Unchecked);
        QVERIFY(!window.viewState()->overlay().organVisible[size_t(organIndex(Organ::LargeBowel))]);
        OverlaySettings overlay = window.viewState()->overlay();
        overlay.organVisible = {true, true, true};
        window.viewState()->setOverlay(overlay);
        QCOMPARE(list->item(organIndex(Organ::LargeBowel), OrganListPanel::ShownColumn)->checkState(), Qt::Checked);
        // M on a slice: in progress, with the count; the axial view says the slice is reviewed
        // for one organ of three, in amber, and in green once all three are.
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        QVERIFY(!axial->sliceText().contains(QStringLiteral("reviewed")));
        auto textColour = [axial](QColor wanted) {
            axial->update();
            QCoreApplication::processEvents();
            const QImage frame = axial->grabFramebuffer();
            int n = 0;
            for (int py = frame.height() - 30; py < frame.height(); ++py)
                for (int px = 0; px < frame.width() / 2; ++px) {
                    const QColor p = frame.pixelColor(px, py);
                    n += std::abs(p.red() - wanted.red()) < 40 && std::abs(p.green() - wanted.green()) < 40 &&
                         std::abs(p.blue() - wanted.blue()) < 40;
                }
            return n;
        };
        const QColor amber(242, 191, 51), green(77, 230, 102);
        const int greenBefore = textColour(green);
        QTest::keyClick(axial, Qt::Key_M); // every organ of the slice
        QVERIFY2(axial->sliceText().endsWith(QStringLiteral("  reviewed")), qPrintable(axial->sliceText()));
        QVERIFY(textColour(green) > greenBefore + 20);
        QVERIFY2(list->statusText(Organ::Stomach).startsWith(QStringLiteral("in progress")), qPrintable(list->statusText(Organ::Stomach)));
        QVERIFY2(list->statusText(Organ::Stomach).contains(QStringLiteral("1/144")), qPrintable(list->statusText(Organ::Stomach)));
        // Approved: the lock is drawn in the row (its gold body), the other organs have none.
        QVERIFY(window.approveActiveOrgan("Dr Test", [](const std::vector<QaFlag>&) { return true; }));
        QCOMPARE(list->statusText(Organ::Stomach), QStringLiteral("approved (locked)"));
        QVERIFY(list->showsLock(Organ::Stomach) && !list->showsLock(Organ::SmallBowel));
        QTest::keyClick(window.sliceView(ViewPlane::Axial), Qt::Key_1); // the stomach's row unselected: icons untinted
        QCOMPARE(list->currentRow(), organIndex(Organ::LargeBowel));
        QVERIFY(hasColour(organIndex(Organ::Stomach), OrganListPanel::StatusColumn, QColor(200, 150, 0)));
        QVERIFY(!hasColour(organIndex(Organ::SmallBowel), OrganListPanel::StatusColumn, QColor(200, 150, 0)));
        // On a slice nobody marked, the approved stomach is one organ of three reviewed: amber.
        const int amberBefore = textColour(amber);
        axial->setSliceIndex(axial->sliceIndex() > 5 ? axial->sliceIndex() - 5 : axial->sliceIndex() + 5);
        QVERIFY2(axial->sliceText().endsWith(QStringLiteral("reviewed 1/3 organs")), qPrintable(axial->sliceText()));
        QVERIFY(textColour(amber) > amberBefore + 20);
        list->grab().save(QDir(QStringLiteral(GIREVIEW_TEST_TMP)).absoluteFilePath(QStringLiteral("organ_list.png")));
    }

    void approvalWithOpenQaFlagsAsksAndRecordsThem() {
        // The phantom's truth as the reviewed labels, with the stomach erased on one slice inside
        // its range (through the edit session, as the eraser would): a gap.
        const QString dataset = labelledDataset("qa");
        MainWindow window;
        QVERIFY(openOnDay(window, dataset, day_));
        window.setActiveOrgan(Organ::Stomach);
        QVERIFY(window.checkCurrentDay().empty()); // clean truth: no flag
        QVERIFY(window.messageLog()->lastMessage().contains("no flags"));
        EditSession& session = *window.editSession();
        const int z = sliceWith(*session.labels(), Organ::Stomach);
        const auto& g = session.labels()->geometry();
        EditRegion slice = EditRegion::box(0, 0, z, g.width, g.height, 1);
        std::fill(slice.mask.begin(), slice.mask.end(), 1);
        QVERIFY(session.apply(Organ::Stomach, slice, EditMode::Remove, "eraser"));
        // Q lists the flag in the log.
        QTest::keyClick(&window, Qt::Key_Q);
        QVERIFY2(window.messageLog()->lastMessage().contains("1 flag"), qPrintable(window.messageLog()->lastMessage()));
        // Unattended, nobody can acknowledge it: not approved, and said so.
        QVERIFY(!window.approveActiveOrgan("Dr Test"));
        QCOMPARE(window.workspace()->status(day_, Organ::Stomach), ReviewStatus::InProgress);
        QVERIFY2(window.messageLog()->lastMessage().contains("not approved: 1 QA flag"), qPrintable(window.messageLog()->lastMessage()));
        // The question names the organ, the day and the flag; Cancel (the default) approves nothing.
        qunsetenv("GIREVIEW_NO_DIALOGS");
        auto cancelled = testsupport::answerNextDialog([](QWidget* dialog) {
            // GIREVIEW_SCREENSHOTS=DIR keeps a picture of the question (the README's).
            if (const QString dir = qEnvironmentVariable("GIREVIEW_SCREENSHOTS"); !dir.isEmpty())
                dialog->window()->grab().save(dir + "/approve-with-flags.png");
            testsupport::clickButton(dialog, "cancelApproval");
        });
        QVERIFY(!window.approveActiveOrgan("Dr Test"));
        QVERIFY(cancelled->seen);
        const QString expected = QStringLiteral("Stomach gap, slice %1").arg(z + 1);
        QVERIFY2(cancelled->text.contains(expected) && cancelled->text.contains(QString::fromStdString(formatCaseDayName(day_))) &&
                     cancelled->text.contains("One QA flag is open for Stomach") && cancelled->text.contains("as Dr Test"),
                 qPrintable(cancelled->text));
        QCOMPARE(window.workspace()->status(day_, Organ::Stomach), ReviewStatus::InProgress);
        auto approved = testsupport::answerNextDialog([](QWidget* dialog) { testsupport::clickButton(dialog, "approveWithFlags"); });
        QVERIFY(window.approveActiveOrgan("Dr Test"));
        QVERIFY(approved->seen);
        qputenv("GIREVIEW_NO_DIALOGS", "1");
        QCOMPARE(window.workspace()->status(day_, Organ::Stomach), ReviewStatus::Approved);
        QVERIFY(window.messageLog()->lastMessage().contains("1 QA flag(s) acknowledged"));
        // The audit keeps which flags the approval acknowledged.
        const auto audit = window.workspace()->audit();
        QCOMPARE(audit.back().action, std::string("approve"));
        QCOMPARE(audit.back().acknowledged.size(), size_t(1));
        QCOMPARE(audit.back().acknowledged[0].kind, std::string("gap"));
        QCOMPARE(audit.back().acknowledged[0].firstSlice, z + 1);
        // The large bowel has no flag: approved without a question.
        window.setActiveOrgan(Organ::LargeBowel);
        QVERIFY(window.approveActiveOrgan("Dr Test", [](const std::vector<QaFlag>&) {
            qFatal("asked although nothing is flagged");
            return false;
        }));
        QVERIFY(window.workspace()->audit().back().acknowledged.empty());
    }

    void effortClockAndPanelFollowTheReview() {
        // The phantom's truth as the reviewed labels; a brush stroke of stomach outside it, with
        // half a second of pointer activity around it.
        const QString dataset = labelledDataset("effort");
        MainWindow window;
        window.resize(1600, 1000);
        QVERIFY(openOnDay(window, dataset, day_));
        window.setActiveOrgan(Organ::Stomach);
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        const LabelVolume before = *window.currentLabels();
        const int z = sliceWith(before, Organ::Stomach);
        axial->setSliceIndex(z);
        window.setTool(MainWindow::Tool::Brush);
        window.setBrushRadiusMm(3);
        const auto [cx, cy] = centreOf(before, z, Organ::Stomach);
        const int outsideX = cx < 117 ? 200 : 30;
        QVERIFY(!before.has(outsideX, 30, z, Organ::Stomach));
        for (int i = 0; i < 5; ++i) {
            QTest::mouseMove(axial, axial->planeToWidget(outsideX - 10 + i, 40).toPoint());
            QTest::qWait(120);
        }
        drag(axial, {{double(outsideX), 30.0}, {double(outsideX) + 6, 30.0}});
        // Stored at the stroke's end: another connection (a killed window's next start) reads
        // the very seconds the window wrote, and the day's first showing is recorded.
        {
            Workspace reader(window.workspace()->path(), Workspace::Access::Reader);
            const double stored = window.workspace()->activeSeconds(day_, Organ::Stomach);
            QCOMPARE(reader.activeSeconds(day_, Organ::Stomach), stored);
            QVERIFY(stored >= 0);
            QVERIFY(reader.firstShown(day_) > 0);
        }
        // Not approved yet: the panel shows the time so far.
        EffortPanel* panel = window.effortPanel();
        const int row = organIndex(Organ::Stomach);
        QCOMPARE(panel->item(row, 9)->text(), QStringLiteral("not approved"));
        QVERIFY(window.approveActiveOrgan("Dr Test", [](const std::vector<QaFlag>&) { return true; }));
        // The approval's effort: the stroke drawn outside the labels file's stomach is all added path.
        const auto records = window.workspace()->effort();
        QCOMPARE(records.size(), size_t(1));
        const auto measures = nlohmann::json::parse(records[0].measuresJson);
        QCOMPARE(measures["baseline"].get<std::string>(), std::string("labels_file"));
        QCOMPARE(measures["strokes"].get<int>(), 1);
        QCOMPARE(measures["slices_edited"].get<int>(), 1);
        QVERIFY(measures["apl_mm"].get<double>() > 0);
        // The clock's seconds are recorded; their value depends on the machine's speed and is not
        // checked here (bench_review_inputs counts the review's inputs instead).
        QVERIFY(measures["active_seconds"].is_number());
        QVERIFY(measures["seconds_to_approval"].is_number()); // the day was shown in this window
        // On screen: the panel's stomach row shows the measures.
        QTRY_VERIFY(panel->item(row, 7)->text() == QStringLiteral("1"));
        QCOMPARE(panel->item(row, 1)->text(), QString::number(measures["apl_mm"].get<double>(), 'f', 1));
        QCOMPARE(panel->item(organIndex(Organ::LargeBowel), 9)->text(), QStringLiteral("not approved"));
        // Its tab raised, as the reviewer would.
        panel->parentWidget()->show();
        panel->parentWidget()->raise();
        QTRY_VERIFY(panel->isVisible());
        const QImage shot = panel->grab().toImage();
        QVERIFY2(!shot.isNull() && shot.width() > 100, qPrintable(QStringLiteral("%1x%2").arg(shot.width()).arg(shot.height())));
        if (const QString dir = qEnvironmentVariable("GIREVIEW_SCREENSHOTS"); !dir.isEmpty())
            window.grab().save(dir + "/effort-panel.png");
    }

    void riskQueueStepsByRiskAndOutlineOnlyShows() {
        // A prediction's review risk as a model run stores it: three pairs.
        const QString dataset = labelledDataset("queue");
        MainWindow window;
        QVERIFY(openOnDay(window, dataset, day_));
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        QVERIFY(!window.stepRiskQueue(+1)); // no risk yet: said, nothing moves
        QVERIFY(window.messageLog()->lastMessage().contains("No review risk"));
        const int depth = window.currentLabels()->geometry().depth;
        SliceRisk risk(size_t(depth), {0.f, 0.f, 0.f});
        const int stomachZ = sliceWith(*window.currentLabels(), Organ::Stomach);
        risk[size_t(stomachZ)][size_t(organIndex(Organ::Stomach))] = 0.9f;
        risk[10][size_t(organIndex(Organ::LargeBowel))] = 0.5f;
        risk[20][size_t(organIndex(Organ::SmallBowel))] = 0.7f;
        window.workspace()->setPredictionRisk(day_, risk);
        QCOMPARE(window.workspace()->predictionRisk(day_), risk);
        reopenDay(window, dataset);
        // J: highest first, the organ made active; K: back; the ends are said.
        QTest::keyClick(&window, Qt::Key_J);
        QCOMPARE(axial->sliceIndex(), stomachZ);
        QCOMPARE(window.activeOrgan(), Organ::Stomach);
        QTest::keyClick(&window, Qt::Key_J);
        QCOMPARE(axial->sliceIndex(), 20);
        QCOMPARE(window.activeOrgan(), Organ::SmallBowel);
        QVERIFY(window.messageLog()->lastMessage().contains("Queue 2/3: slice 21, Small bowel, risk 0.70"));
        QTest::keyClick(&window, Qt::Key_K);
        QCOMPARE(axial->sliceIndex(), stomachZ);
        QVERIFY(!window.stepRiskQueue(-1));
        QCOMPARE(window.riskQueueSeen(), 2); // seen, not reviewed
        QVERIFY(window.workspace()->reviewedSlices(day_).empty());
        // O: outline only. On screen the stomach's filled interior goes back to the image.
        const LabelVolume& labels = *window.currentLabels();
        const auto [cx, cy] = centreOf(labels, stomachZ, Organ::Stomach);
        QVERIFY(labels.has(cx, cy, stomachZ, Organ::Stomach));
        auto pixelAt = [&] {
            axial->update();
            QCoreApplication::processEvents();
            const QImage frame = axial->grabFramebuffer();
            const QPointF p = axial->planeToWidget(cx, cy) * frame.devicePixelRatio();
            return frame.pixelColor(p.toPoint());
        };
        const QColor filled = pixelAt();
        QTest::keyClick(&window, Qt::Key_O);
        QCOMPARE(window.viewState()->overlay().mode, OverlayMode::Outline);
        const QColor outline = pixelAt();
        QVERIFY2(filled != outline, qPrintable(filled.name() + " " + outline.name()));
        // Stomach blue fill: blue over red; without it the grey image (no dominant blue).
        QVERIFY(filled.blue() > filled.red() + 20);
        QVERIFY(std::abs(outline.blue() - outline.red()) < 20);
        QTest::keyClick(&window, Qt::Key_O);
        QCOMPARE(window.viewState()->overlay().mode, OverlayMode::FillAndOutline);
    }

    void queuePanelAndSliceStripShowTheRisk() {
        const QString dataset = labelledDataset("strip");
        MainWindow window;
        QVERIFY(openOnDay(window, dataset, day_));
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        SliceStrip* strip = window.sliceStrip();
        QTableWidget* table = window.reviewQueuePanel()->table();
        const int depth = window.currentLabels()->geometry().depth;
        QCOMPARE(strip->depth(), depth);
        QCOMPARE(table->rowCount(), 0); // no model run yet
        SliceRisk risk(size_t(depth), {0.f, 0.f, 0.f});
        const int stomachZ = sliceWith(*window.currentLabels(), Organ::Stomach);
        risk[size_t(stomachZ)][size_t(organIndex(Organ::Stomach))] = 0.9f;
        risk[10][size_t(organIndex(Organ::LargeBowel))] = 0.3f;
        window.workspace()->setPredictionRisk(day_, risk);
        reopenDay(window, dataset);
        // The panel: riskiest first, the bar as long as the risk, in the organ's colour.
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(0, 0)->text(), QString::number(stomachZ + 1));
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Stomach"));
        QCOMPARE(table->item(1, 0)->text(), QStringLiteral("11"));
        window.reviewQueuePanel()->parentWidget()->show();
        window.reviewQueuePanel()->parentWidget()->raise();
        QCoreApplication::processEvents();
        const auto barLength = [&](int row, const QColor& color) {
            const QRect cell = table->visualItemRect(table->item(row, 2));
            const QImage shot = table->viewport()->grab(cell).toImage();
            int length = 0;
            for (int x = 0; x < shot.width(); ++x) {
                const QColor c = shot.pixelColor(x, shot.height() / 2);
                if (std::abs(c.red() - color.red()) < 12 && std::abs(c.green() - color.green()) < 12 &&
                    std::abs(c.blue() - color.blue()) < 12)
                    ++length;
            }
            return std::pair<int, int>{length, cell.width()};
        };
        const auto [stomachBar, cellWidth] = barLength(0, QColor(0x00, 0x72, 0xB2));
        const auto [bowelBar, cellWidth1] = barLength(1, QColor(0xE6, 0x9F, 0x00));
        QVERIFY2(stomachBar > 0 && bowelBar > 0, qPrintable(QString("%1 %2").arg(stomachBar).arg(bowelBar)));
        // 0.9 against 0.3 of the same track: three times as long, give or take a pixel.
        QVERIFY2(std::abs(stomachBar - 3 * bowelBar) <= 4, qPrintable(QString("%1 %2").arg(stomachBar).arg(bowelBar)));
        // The strip: the risky slice's upper band red-orange, a slice without risk dark.
        const auto stripColor = [&](int z, bool upper) {
            strip->repaint();
            const QImage shot = strip->grab().toImage();
            const QRect cell = strip->cellRect(z);
            return shot.pixelColor(cell.center().x(), upper ? 4 : strip->height() - 3);
        };
        QCOMPARE(stripColor(stomachZ, true), SliceStrip::riskColor(0.9f));
        QCOMPARE(stripColor(40, true), SliceStrip::riskColor(0.0f));
        QVERIFY(SliceStrip::riskColor(0.9f).red() > 200 && SliceStrip::riskColor(0.0f).red() < 60);
        // A click on the queue's second row goes there and counts it seen.
        const QRect second = table->visualItemRect(table->item(1, 1));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, second.center());
        QCOMPARE(axial->sliceIndex(), 10);
        QCOMPARE(window.activeOrgan(), Organ::LargeBowel);
        QCOMPARE(table->item(1, 3)->text(), QStringLiteral("\u2713"));
        QCOMPARE(window.riskQueueSeen(), 1);
        // Review state on the lower band: M marks slice 11 reviewed (green); the slice on screen framed.
        QCOMPARE(stripColor(10, false), SliceStrip::stateColor(SliceStrip::State::Unreviewed));
        QTest::keyClick(&window, Qt::Key_M);
        QCOMPARE(strip->stateOf(10), SliceStrip::State::Reviewed);
        QCOMPARE(stripColor(10, false), SliceStrip::stateColor(SliceStrip::State::Reviewed));
        // The Cases browser counts it: one slice of the day reviewed, no organ approved yet.
        QTreeWidgetItem* row = window.caseBrowser()->topLevelItem(0)->child(0);
        QCOMPARE(row->text(4), QStringLiteral("1/%1 \u00b7 0/3").arg(depth));
        // And the bar above the views.
        QCOMPARE(window.reviewProgress()->value(), 1);
        QCOMPARE(window.reviewProgress()->maximum(), depth);
        QVERIFY2(window.reviewProgress()->text().contains(QStringLiteral("1/%1 slices reviewed \u00b7 0/3 organs approved").arg(depth)),
                 qPrintable(window.reviewProgress()->text()));
        QVERIFY(window.reviewProgress()->isVisible());
        auto* tree = window.caseBrowser();
        const QRect reviewCell = tree->visualRect(tree->model()->index(0, 4, tree->model()->index(0, 0)));
        // Shown next to the day and readable whole in the dock's default width.
        QVERIFY2(reviewCell.left() < tree->viewport()->width() / 2, qPrintable(QString::number(reviewCell.left())));
        QVERIFY2(reviewCell.left() + tree->fontMetrics().horizontalAdvance(row->text(4)) < tree->viewport()->width(),
                 qPrintable(QString("%1 + text > %2").arg(reviewCell.left()).arg(tree->viewport()->width())));
        QVERIFY2(row->toolTip(4).contains(QStringLiteral("Large bowel: in progress, 1 of %1").arg(depth)) ||
                     row->toolTip(4).contains(QStringLiteral("Large bowel: not reviewed, 1 of %1").arg(depth)),
                 qPrintable(row->toolTip(4)));
        QCOMPARE(strip->currentSlice(), 10);
        // A brush stroke on slice 31 makes it edited (purple) until it is marked.
        axial->setSliceIndex(30);
        QTest::keyClick(window.sliceView(ViewPlane::Axial), Qt::Key_1);
        QTest::keyClick(&window, Qt::Key_B);
        drag(axial, {{60, 60}, {70, 62}});
        QCOMPARE(strip->stateOf(30), SliceStrip::State::Edited);
        QCOMPARE(stripColor(30, false), SliceStrip::stateColor(SliceStrip::State::Edited));
        // A click on the strip goes to that slice.
        const QRect target = strip->cellRect(50);
        QTest::mouseClick(strip, Qt::LeftButton, Qt::NoModifier, target.center());
        QCOMPARE(axial->sliceIndex(), 50);
        if (const QString dir = qEnvironmentVariable("GIREVIEW_SCREENSHOTS"); !dir.isEmpty())
            window.grab().save(dir + "/review-queue.png");
        // Another dataset opened: nothing of this day's queue or strip stays on screen.
        QVERIFY(window.openDataset(freshDataset("strip-other")));
        QCOMPARE(table->rowCount(), 0);
        QCOMPARE(strip->depth(), 0);
        QCOMPARE(window.reviewProgress()->text(), QStringLiteral("No case-day open"));
        QVERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("Opened ")));
    }

    void approvalAsksTheReviewerOnceAndNamesOrganDayAndReviewer() {
        MainWindow window;
        QVERIFY(openOnDay(window, labelledDataset("reviewer"), day_));
        QSettings().setValue(QStringLiteral("review/reviewer"), QStringLiteral("Dr Previous"));
        QAction* approve = nullptr;
        QAction* rename = nullptr;
        QAction* reopen = nullptr;
        for (QAction* action : window.findChildren<QAction*>()) {
            if (action->text() == QStringLiteral("&Approve active organ...")) approve = action;
            if (action->text() == QStringLiteral("Reviewer &name...")) rename = action;
            if (action->text() == QStringLiteral("Re&open active organ...")) reopen = action;
        }
        QVERIFY(approve && rename && reopen);
        qunsetenv("GIREVIEW_NO_DIALOGS");
        const QString dayName = QString::fromStdString(formatCaseDayName(day_));
        // The first approval of the session asks the name (last session's offered), then confirms.
        QString offered, confirmText;
        auto named = testsupport::answerNextDialog([&](QWidget* dialog) {
            auto* input = qobject_cast<QInputDialog*>(dialog);
            if (!input) return;
            offered = input->textValue();
            input->setTextValue(QStringLiteral("Dr Once"));
            testsupport::answerNextDialog([&](QWidget* confirm) {
                for (auto* label : confirm->findChildren<QLabel*>()) confirmText += label->text() + "\n";
                testsupport::clickButton(confirm, "approve");
                testsupport::clickButton(confirm, "approveWithFlags");
            });
            input->accept();
        });
        QTest::keyClick(window.sliceView(ViewPlane::Axial), Qt::Key_1); // Large bowel
        approve->trigger();
        QVERIFY(named->seen);
        QCOMPARE(offered, QStringLiteral("Dr Previous"));
        QVERIFY2(confirmText.contains("Large bowel") && confirmText.contains(dayName) && confirmText.contains("Dr Once"),
                 qPrintable(confirmText));
        QCOMPARE(window.workspace()->status(day_, Organ::LargeBowel), ReviewStatus::Approved);
        // The second approval: no name asked again, only the confirmation naming the three.
        bool askedName = false;
        QString second;
        auto confirmed = testsupport::answerNextDialog([&](QWidget* dialog) {
            askedName = qobject_cast<QInputDialog*>(dialog) != nullptr;
            for (auto* label : dialog->findChildren<QLabel*>()) second += label->text() + "\n";
            testsupport::clickButton(dialog, "approve");
            testsupport::clickButton(dialog, "approveWithFlags");
            if (askedName) qobject_cast<QDialog*>(dialog)->reject();
        });
        QTest::keyClick(window.sliceView(ViewPlane::Axial), Qt::Key_3); // Stomach
        approve->trigger();
        QVERIFY(confirmed->seen);
        QVERIFY(!askedName);
        QVERIFY2(second.contains("Stomach") && second.contains(dayName) && second.contains("Dr Once"), qPrintable(second));
        QCOMPARE(window.workspace()->status(day_, Organ::Stomach), ReviewStatus::Approved);
        QCOMPARE(window.caseBrowser()->topLevelItem(0)->child(0)->text(4),
                 QStringLiteral("0/%1 \u00b7 2/3").arg(window.currentLabels()->geometry().depth));
        QVERIFY2(window.reviewProgress()->text().contains(QStringLiteral("2/3 organs approved")),
                 qPrintable(window.reviewProgress()->text()));
        // Cancel at the confirmation approves nothing.
        auto cancelled = testsupport::answerNextDialog(
            [](QWidget* dialog) { testsupport::clickButton(dialog, "cancelApproval"); });
        QTest::keyClick(window.sliceView(ViewPlane::Axial), Qt::Key_2); // Small bowel
        approve->trigger();
        QVERIFY(cancelled->seen);
        QVERIFY(window.workspace()->status(day_, Organ::SmallBowel) != ReviewStatus::Approved);
        // Edit > Reviewer name changes it; the reopen that follows records the new name unasked.
        auto renamed = testsupport::answerNextDialog([](QWidget* dialog) {
            auto* input = qobject_cast<QInputDialog*>(dialog);
            QVERIFY(input);
            QCOMPARE(input->textValue(), QStringLiteral("Dr Once"));
            input->setTextValue(QStringLiteral("Dr Two"));
            input->accept();
        });
        rename->trigger();
        QVERIFY(renamed->seen);
        QTest::keyClick(window.sliceView(ViewPlane::Axial), Qt::Key_3);
        reopen->trigger();
        qputenv("GIREVIEW_NO_DIALOGS", "1");
        const auto audit = window.workspace()->audit();
        QCOMPARE(audit.size(), size_t(3));
        QCOMPARE(QString::fromStdString(audit[0].reviewer), QStringLiteral("Dr Once"));
        QCOMPARE(QString::fromStdString(audit[1].reviewer), QStringLiteral("Dr Once"));
        QCOMPARE(audit[2].action, std::string("reopen"));
        QCOMPARE(QString::fromStdString(audit[2].reviewer), QStringLiteral("Dr Two"));
        QCOMPARE(QSettings().value(QStringLiteral("review/reviewer")).toString(), QStringLiteral("Dr Two"));
        QSettings().remove(QStringLiteral("review"));
    }

    // 3D: an empty pane says why; a prediction shows as translucent surfaces; Ctrl+Shift+A on a
    // day opened without labels puts opaque surfaces on screen, framed, without R.
    void surfaceViewShowsThePredictionAndUpdatesAfterAccept() {
        MainWindow window;
        SurfaceView* view = window.surfaceView();
        QCOMPARE(view->emptyMessage(), QStringLiteral("No case-day shown"));
        QVERIFY(openOnDay(window, freshDataset("surfaces"), day_));
        auto settle = [view] {
            if (view->meshing()) {
                QSignalSpy ready(view, &SurfaceView::meshesReady);
                QVERIFY(ready.wait(60000));
            }
        };
        // Bright text pixels in the middle of the pane (the background is a dark gradient).
        auto textPixels = [view] {
            view->update();
            QCoreApplication::processEvents();
            const QImage frame = view->grabFramebuffer();
            int bright = 0;
            for (int py = frame.height() / 3; py < 2 * frame.height() / 3; ++py)
                for (int px = 0; px < frame.width(); ++px)
                    bright += qGray(frame.pixel(px, py)) > 170;
            return bright;
        };
        // Organ-coloured pixels: saturated (reviewed) and any tint at all (translucent prediction).
        auto colourPixels = [view](int minimumSpread) {
            view->update();
            QCoreApplication::processEvents();
            const QImage frame = view->grabFramebuffer();
            int n = 0;
            for (int py = 0; py < frame.height(); py += 2)
                for (int px = 0; px < frame.width(); px += 2) {
                    const QColor p = frame.pixelColor(px, py);
                    n += std::max({p.red(), p.green(), p.blue()}) - std::min({p.red(), p.green(), p.blue()}) > minimumSpread;
                }
            return n;
        };
        settle();
        QVERIFY2(view->emptyMessage().startsWith(QStringLiteral("No labels on this day")) ||
                     view->emptyMessage().startsWith(QStringLiteral("No organ drawn")),
                 qPrintable(view->emptyMessage()));
        QVERIFY(textPixels() > 30);
        QVERIFY(window.importLabels(predictionCsv_, MainWindow::Layer::Prediction));
        settle();
        for (Organ organ : kAllOrgans)
            QVERIFY(view->surfacePoints(organ, SurfaceView::Layer::Prediction) > 100);
        QCOMPARE(view->emptyMessage(), QString());
        const int translucent = colourPixels(12);
        QVERIFY2(translucent > 200, qPrintable(QString::number(translucent)));
        QVERIFY2(colourPixels(110) < translucent / 4, "the prediction is drawn translucent, not as solid surfaces");
        view->grabFramebuffer().save(QDir(QStringLiteral(GIREVIEW_TEST_TMP)).absoluteFilePath(QStringLiteral("surfaces_prediction.png")));
        // Hidden: the pane says so.
        OverlaySettings overlay = window.viewState()->overlay();
        overlay.showPrediction = false;
        window.viewState()->setOverlay(overlay);
        QVERIFY2(view->emptyMessage().contains(QStringLiteral("hidden")), qPrintable(view->emptyMessage()));
        overlay.showPrediction = true;
        window.viewState()->setOverlay(overlay);
        // Accept the whole day: solid surfaces appear, framed, without pressing R.
        QTest::keyClick(window.sliceView(ViewPlane::Axial), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        settle();
        for (Organ organ : kAllOrgans)
            QVERIFY(view->surfacePoints(organ) > 100);
        const int solid = colourPixels(110);
        QVERIFY2(solid > 200, qPrintable(QString::number(solid)));
        view->grabFramebuffer().save(QDir(QStringLiteral(GIREVIEW_TEST_TMP)).absoluteFilePath(QStringLiteral("surfaces_accepted.png")));
    }

    void acceptOverACorrectionAsksAndKeepsItByDefault() {
        MainWindow window;
        QVERIFY(openOnDay(window, freshDataset("accept"), day_));
        QVERIFY(window.importLabels(predictionCsv_, MainWindow::Layer::Prediction));
        const LabelVolume prediction = *window.currentPrediction();
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        const int z = sliceWith(prediction, Organ::Stomach);
        QVERIFY(z >= 0);
        axial->setSliceIndex(z);
        LabelVolume& labels = *window.editSession()->labels();
        // The correction: a brush stroke of stomach outside the predicted stomach.
        QTest::keyClick(window.sliceView(ViewPlane::Axial), Qt::Key_3);
        QTest::keyClick(&window, Qt::Key_B);
        window.setBrushRadiusMm(3);
        const auto [cx, cy] = centreOf(prediction, z, Organ::Stomach);
        const int outsideX = cx < 117 ? 200 : 30;
        QVERIFY(!prediction.has(outsideX, 30, z, Organ::Stomach));
        drag(axial, {{double(outsideX), 30.0}, {double(outsideX) + 6, 30.0}});
        QVERIFY(labels.has(outsideX + 3, 30, z, Organ::Stomach));
        const LabelVolume corrected = labels;
        // Shift+A: a real dialog names the one edited pair; Enter keeps the edit.
        qunsetenv("GIREVIEW_NO_DIALOGS");
        auto asked = testsupport::answerNextDialog(
            [](QWidget* dialog) { QTest::keyClick(dialog, Qt::Key_Return); });
        QTest::keyClick(&window, Qt::Key_A, Qt::ShiftModifier);
        QTRY_VERIFY(asked->seen);
        QVERIFY2(asked->text.contains("1 (slice, organ) pair"), qPrintable(asked->text));
        QCOMPARE(labels.countOnSlice(z, Organ::Stomach), corrected.countOnSlice(z, Organ::Stomach));
        QVERIFY(labels.has(outsideX + 3, 30, z, Organ::Stomach));
        for (int slice = 0; slice < labels.geometry().depth; ++slice)
            if (slice != z)
                QCOMPARE(labels.countOnSlice(slice, Organ::Stomach),
                         prediction.countOnSlice(slice, Organ::Stomach));
        // One undo step takes the accept back and leaves the correction.
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(labels == corrected);
        // Asked again, "Replace with the prediction" replaces it.
        auto replaced = testsupport::answerNextDialog(
            [](QWidget* dialog) { testsupport::clickButton(dialog, "acceptReplace"); });
        QTest::keyClick(&window, Qt::Key_A, Qt::ShiftModifier);
        QTRY_VERIFY(replaced->seen);
        QVERIFY(!labels.has(outsideX + 3, 30, z, Organ::Stomach));
        QCOMPARE(labels.countOnSlice(z, Organ::Stomach),
                 prediction.countOnSlice(z, Organ::Stomach));
        qputenv("GIREVIEW_NO_DIALOGS", "1");
        // The journal tells the story in order.
        const auto journal = window.workspace()->journal(day_);
        QVERIFY(journal.size() >= 3);
        QCOMPARE(QString::fromStdString(journal[journal.size() - 1].tool),
                 QString("accept-prediction"));
    }

    void exclusivePaintOverAnApprovedOrganSaysSo() {
        MainWindow window;
        QVERIFY(openOnDay(window, freshDataset("exclusive"), day_));
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        const int z = 30;
        axial->setSliceIndex(z);
        LabelVolume& labels = *window.editSession()->labels();
        window.setActiveOrgan(Organ::LargeBowel);
        window.setTool(MainWindow::Tool::Lasso);
        drag(axial, {{100, 100}, {130, 100}, {130, 130}, {100, 130}});
        QVERIFY(labels.has(115, 115, z, Organ::LargeBowel));
        QVERIFY(window.approveActiveOrgan("Dr Test"));
        ToolSettings settings = window.toolSettings();
        settings.exclusive = true;
        window.setToolSettings(settings);
        window.setActiveOrgan(Organ::SmallBowel);
        window.setTool(MainWindow::Tool::Brush);
        window.setBrushRadiusMm(6);
        drag(axial, {{128, 115}, {140, 115}});
        size_t overlap = 0;
        for (int y = 0; y < labels.geometry().height; ++y)
            for (int x = 0; x < labels.geometry().width; ++x)
                overlap += labels.has(x, y, z, Organ::LargeBowel) &&
                           labels.has(x, y, z, Organ::SmallBowel);
        QCOMPARE(overlap, size_t(0));
        QVERIFY(labels.has(138, 115, z, Organ::SmallBowel)); // painted where large bowel was not
        const QString said = window.messageLog()->lastMessage();
        QVERIFY2(said.contains("Large bowel") && said.contains("kept"), qPrintable(said));
    }

    void readOnlyWorkspaceRefusesStrokesAndSaysSo() {
        const QString dataset = freshDataset("readonly");
        {
            MainWindow window;
            QVERIFY(openOnDay(window, dataset, day_));
        }
        const QString workspace = dataset + "/gireview-workspace.sqlite";
        QVERIFY(QFile::exists(workspace));
        QVERIFY(::chmod(workspace.toLocal8Bit().constData(), 0444) == 0);
        MainWindow window;
        QVERIFY(openOnDay(window, dataset, day_));
        QVERIFY(window.workspace()->readOnly());
        bool said = false;
        for (int i = 0; i < window.messageLog()->count(); ++i)
            said = said || window.messageLog()->item(i)->text().contains("read-only");
        QVERIFY(said);
        const LabelVolume before = *window.editSession()->labels();
        window.setTool(MainWindow::Tool::Brush);
        drag(window.sliceView(ViewPlane::Axial), {{100, 100}, {120, 100}});
        QVERIFY(*window.editSession()->labels() == before); // nothing drawn that cannot be saved
        QVERIFY(window.messageLog()->lastMessage().contains("read-only"));
        ::chmod(workspace.toLocal8Bit().constData(), 0644);
    }

    void fullDiskKeepsTheStrokeAndSavesItLater() {
        testsupport::installFullDiskVfs();
        const QString dataset = freshDataset("fulldisk");
        MainWindow window;
        QVERIFY(openOnDay(window, dataset, day_));
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        axial->setSliceIndex(30);
        window.setActiveOrgan(Organ::Stomach);
        window.setTool(MainWindow::Tool::Lasso);
        testsupport::diskFullFlag() = true;
        drag(axial, {{60, 60}, {90, 60}, {90, 90}, {60, 90}});
        const LabelVolume drawn = *window.currentLabels();
        QVERIFY(drawn.has(75, 75, 30, Organ::Stomach)); // on screen, kept in memory
        const QString said = window.messageLog()->lastMessage();
        QVERIFY2(said.contains("full") && !said.contains("corrupt"), qPrintable(said));
        QVERIFY(window.editSession()->hasUnsavedEdits());
        testsupport::diskFullFlag() = false;
        // Saved by the window's retry once there is room; nothing of it is lost.
        QTRY_VERIFY_WITH_TIMEOUT(!window.editSession()->hasUnsavedEdits(), 15000);
        QVERIFY(window.messageLog()->lastMessage().contains("saved now"));
        LabelVolume stored(day_, drawn.geometry());
        Workspace reader(window.workspace()->path(), Workspace::Access::Reader);
        QVERIFY(reader.loadLayer(day_, LabelLayer::Reviewed, stored));
        QVERIFY(stored == drawn);
    }

    void failuresReachTheLogInsteadOfEscaping() {
        // Review actions on a read-only workspace fail with a message; nothing throws out of a slot.
        const QString dataset = freshDataset("failures");
        {
            MainWindow window;
            QVERIFY(openOnDay(window, dataset, day_));
        }
        const QString workspace = dataset + "/gireview-workspace.sqlite";
        QVERIFY(::chmod(workspace.toLocal8Bit().constData(), 0444) == 0);
        MainWindow window;
        QVERIFY(openOnDay(window, dataset, day_));
        QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier); // approve
        QVERIFY2(window.messageLog()->lastMessage().contains("read-only"), qPrintable(window.messageLog()->lastMessage()));
        QTest::keyClick(&window, Qt::Key_M); // mark reviewed
        QVERIFY(window.messageLog()->lastMessage().contains("read-only"));
        QVERIFY(window.workspace()->reviewedSlices(day_).empty());
        QVERIFY(!window.importLabels(dataset + "/no-such-file.csv")); // a missing file: said, not thrown
        QVERIFY(window.messageLog()->lastMessage().contains("no-such-file"));
        ::chmod(workspace.toLocal8Bit().constData(), 0644);
    }

    void windowAndCliExportTheSameBytes() {
        const QString dataset = freshDataset("same");
        const QString workspace = dataset + "/gireview-workspace.sqlite";
        MainWindow window;
        QVERIFY(openOnDay(window, dataset, day_));
        SliceView* axial = window.sliceView(ViewPlane::Axial);
        window.setActiveOrgan(Organ::Stomach);
        window.setTool(MainWindow::Tool::Lasso);
        axial->setSliceIndex(20);
        drag(axial, {{60, 60}, {100, 60}, {100, 90}, {60, 90}});
        window.setTool(MainWindow::Tool::Brush);
        window.setActiveOrgan(Organ::SmallBowel);
        axial->setSliceIndex(24);
        drag(axial, {{120, 140}, {150, 150}});
        QTest::keyClick(&window, Qt::Key_M, Qt::ShiftModifier); // slices 1..25 reviewed
        QVERIFY(window.approveActiveOrgan("Dr Test"));          // small bowel, every slice
        for (const bool reviewedOnly : {true, false}) {
            const QString stem = dir_.filePath(reviewedOnly ? "same-reviewed" : "same-all");
            ExportRequest request;
            request.options.format = LabelFormat::TrainCsv;
            request.options.reviewedOnly = reviewedOnly;
            request.path = stem + "-window.csv";
            QVERIFY(window.exportLabels(request));
            QStringList arguments = {"export",   "--data", dataset, "--workspace",    workspace,
                                     "--format", "csv",    "--out", stem + "-cli.csv"};
            if (reviewedOnly) arguments << "--reviewed-only";
            QString output;
            QCOMPARE(runCli(arguments, &output), 0);
            const QByteArray fromWindow = readAll(request.path),
                             fromCli = readAll(stem + "-cli.csv");
            QVERIFY(!fromWindow.isEmpty());
            QVERIFY2(fromWindow == fromCli, qPrintable(output));
            QCOMPARE(comparableSidecar(request.path + ".sidecar.json"),
                     comparableSidecar(stem + "-cli.csv.sidecar.json"));
        }
        // The reviewed-only file holds the corrections, and no row for what nobody looked at.
        const auto back =
            importLabels(dir_.filePath("same-reviewed-cli.csv").toStdString(), window.dataset());
        const LabelledSlices& labelled = back.labelled.at(day_);
        QCOMPARE(labelled.count(Organ::SmallBowel), size_t(window.currentScan()->geometry().depth));
        QCOMPARE(labelled.count(Organ::Stomach), size_t(25));
        QCOMPARE(back.volumes.at(day_).countOnSlice(20, Organ::Stomach),
                 window.currentLabels()->countOnSlice(20, Organ::Stomach));
        QVERIFY(back.volumes.at(day_).countOnSlice(20, Organ::Stomach) > 500);
    }

    void wholeReviewSessionEndsInTheExpectedMasks() {
        const QString dataset = freshDataset("session");
        const QString workspace = dataset + "/gireview-workspace.sqlite";
        LabelVolume expected;
        {
            MainWindow window;
            QVERIFY(openOnDay(window, dataset, day_));
            if (window.modelRunner()->modelPath().isEmpty())
                QSKIP("the default model is not in the build tree");
            // Run the model on the day (Ctrl+R).
            QSignalSpy finished(window.modelRunner(), &ModelRunner::finished);
            QTest::keyClick(&window, Qt::Key_R, Qt::ControlModifier);
            QVERIFY(finished.count() > 0 || finished.wait(300000));
            QVERIFY(window.currentPrediction());
            const LabelVolume prediction = *window.currentPrediction();
            LabelVolume& labels = *window.editSession()->labels();
            SliceView* axial = window.sliceView(ViewPlane::Axial);
            // Three corrections with three tools, each on its own slice; the prediction is
            // accepted on those slices first so the correction is a change of it.
            struct Correction {
                Organ organ;
                MainWindow::Tool tool;
            };
            const Correction corrections[] = {{Organ::Stomach, MainWindow::Tool::Brush},
                                              {Organ::LargeBowel, MainWindow::Tool::Eraser},
                                              {Organ::SmallBowel, MainWindow::Tool::Lasso}};
            std::vector<std::pair<int, Organ>> corrected;
            for (const auto& c : corrections) {
                int z = sliceWith(prediction, c.organ);
                for (const auto& [done, organ] : corrected)
                    if (done == z) ++z; // its own slice
                QVERIFY(z >= 0);
                axial->setSliceIndex(z);
                window.setActiveOrgan(c.organ);
                QTest::keyClick(&window, Qt::Key_A); // this slice, this organ
                window.setTool(c.tool);
                window.setBrushRadiusMm(4);
                const auto [x, y] = centreOf(prediction, z, c.organ);
                if (c.tool == MainWindow::Tool::Lasso)
                    drag(axial, {{x - 30.0, y - 30.0},
                                 {x - 10.0, y - 30.0},
                                 {x - 10.0, y - 10.0},
                                 {x - 30.0, y - 10.0}});
                else
                    drag(axial, {{double(x), double(y)}, {x + 8.0, double(y)}});
                corrected.emplace_back(z, c.organ);
            }
            const LabelVolume afterCorrections = labels;
            // Accept the rest: every organ, every slice (the three corrections are kept: dialogs
            // are off, so the default answer).
            QTest::keyClick(&window, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
            expected = prediction;
            for (const auto& [z, organ] : corrected) {
                const std::uint8_t bit = organBit(organ);
                std::uint8_t* to = expected.slice(z);
                const std::uint8_t* from = afterCorrections.slice(z);
                for (size_t i = 0; i < expected.geometry().sliceSize(); ++i)
                    to[i] = std::uint8_t((to[i] & ~bit) | (from[i] & bit));
            }
            QVERIFY(labels == expected);
            QVERIFY(!(labels == prediction)); // the corrections are real changes
            // Mark every slice reviewed (Shift+M on the last slice) and approve the stomach.
            axial->setSliceIndex(labels.geometry().depth - 1);
            QTest::keyClick(&window, Qt::Key_M, Qt::ShiftModifier);
            QCOMPARE(int(window.workspace()->reviewedSlices(day_).size()), labels.geometry().depth);
            window.setActiveOrgan(Organ::Stomach);
            QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
            QCOMPARE(window.workspace()->status(day_, Organ::Stomach), ReviewStatus::Approved);
            window.close();
        }
        // Reopened: everything is as it was left.
        MainWindow window;
        QVERIFY(openOnDay(window, dataset, day_));
        QVERIFY(*window.currentLabels() == expected);
        ExportRequest request;
        request.options.format = LabelFormat::TrainCsv;
        request.options.reviewedOnly = true;
        request.path = dir_.filePath("session-window.csv");
        QVERIFY(window.exportLabels(request));
        QCOMPARE(runCli({"export", "--data", dataset, "--workspace", workspace, "--format", "csv",
                         "--reviewed-only", "--out", dir_.filePath("session-cli.csv")}),
                 0);
        for (const QString& file : {request.path, dir_.filePath("session-cli.csv")}) {
            const auto back = importLabels(file.toStdString(), window.dataset());
            QVERIFY(back.labelled.at(day_).complete());
            QVERIFY2(back.volumes.at(day_) == expected, qPrintable(file));
        }
        QCOMPARE(readAll(request.path), readAll(dir_.filePath("session-cli.csv")));
    }
};

int main(int argc, char** argv) {
    VtkHostWidget::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestReviewGui test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_review_gui.moc"
