#include "TorchRuntime.h"

#include <QtTest>

using namespace gireview;

class TestTorchRuntime : public QObject {
    Q_OBJECT
private slots:
    void versionAndThreads() {
        QVERIFY(QString::fromStdString(libtorchVersion()).startsWith("1."));
        QVERIFY(torchThreads() >= 1);
    }
    void deviceSelection() {
        QCOMPARE(chooseDevice(DeviceRequest::Cpu).device, std::string("cpu"));
        DeviceChoice automatic = chooseDevice(DeviceRequest::Auto);
        QCOMPARE(automatic.device, std::string(cudaAvailable() ? "cuda" : "cpu"));
        if (!cudaAvailable()) QVERIFY_THROWS_EXCEPTION(std::runtime_error, chooseDevice(DeviceRequest::Cuda));
        QCOMPARE(parseDeviceRequest("auto"), DeviceRequest::Auto);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseDeviceRequest("tpu"));
    }
    void computesOnTheChosenDevice() {
        QCOMPARE(torchSelfTest(chooseDevice(DeviceRequest::Auto)), 8.0);
    }
};

QTEST_GUILESS_MAIN(TestTorchRuntime)
#include "test_torch_runtime.moc"
