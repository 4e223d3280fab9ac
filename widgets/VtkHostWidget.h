#pragma once
// Hosts a VTK render window in a Qt 6 QOpenGLWidget (Debian's VTK Qt module is Qt 5, so we do
// not use QVTKOpenGLNativeWidget). VTK renders straight into the widget's framebuffer in
// paintGL; GL resources are released when the context goes away. Subclasses build their scene
// on renderer() and handle Qt input events themselves.
#include <QOpenGLWidget>
#include <vtkSmartPointer.h>

class vtkGenericOpenGLRenderWindow;
class vtkRenderer;

namespace gireview {

class VtkHostWidget : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit VtkHostWidget(QWidget* parent = nullptr);
    ~VtkHostWidget() override;

    vtkRenderer* renderer() const;
    vtkGenericOpenGLRenderWindow* renderWindow() const;
    // Renders a frame into the widget's framebuffer now and waits for the GPU (benchmarks and
    // tests; normal drawing goes through update()).
    void renderNow();
    // Milliseconds the last paintGL spent in VTK's Render().
    double lastRenderMs() const { return lastRenderMs_; }

    // Call before the first QApplication: OpenGL 3.2 core, as VTK's OpenGL2 backend needs.
    static void setDefaultSurfaceFormat();

protected:
    void initializeGL() override;
    void paintGL() override;
    void resizeGL(int width, int height) override;
    // Framebuffer pixels per logical pixel, for converting event positions.
    double pixelRatio() const { return devicePixelRatioF(); }
    // Display coordinates (VTK: origin bottom-left, device pixels) of a Qt event position.
    void toDisplay(const QPointF& position, double& x, double& y) const;

private slots:
    void contextAboutToBeDestroyed();

private:
    void releaseGraphics();
    vtkSmartPointer<vtkGenericOpenGLRenderWindow> window_;
    vtkSmartPointer<vtkRenderer> renderer_;
    double lastRenderMs_ = 0;
    bool initialized_ = false;
};

} // namespace gireview
