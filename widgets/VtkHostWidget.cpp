#include "VtkHostWidget.h"

#include <QElapsedTimer>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QOpenGLFunctions>
#include <QSurfaceFormat>
#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>

namespace gireview {

namespace {

// VTK calls MakeCurrent often, also in the middle of building its framebuffers. Only switch
// contexts when needed: QOpenGLWidget::makeCurrent() also rebinds the widget's framebuffer,
// behind the back of VTK's GL state cache, and VTK then attaches its textures to Qt's FBO.
void makeCurrentCallback(vtkObject*, unsigned long, void* clientData, void*) {
    auto* widget = static_cast<QOpenGLWidget*>(clientData);
    if (QOpenGLContext::currentContext() != widget->context()) widget->makeCurrent();
}

void isCurrentCallback(vtkObject*, unsigned long, void* clientData, void* callData) {
    auto* widget = static_cast<QOpenGLWidget*>(clientData);
    *static_cast<bool*>(callData) =
        widget->context() && QOpenGLContext::currentContext() == widget->context();
}

} // namespace

vtkRenderer* VtkHostWidget::renderer() const { return renderer_; }
vtkGenericOpenGLRenderWindow* VtkHostWidget::renderWindow() const { return window_; }

void VtkHostWidget::setDefaultSurfaceFormat() {
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    format.setRedBufferSize(8);
    format.setGreenBufferSize(8);
    format.setBlueBufferSize(8);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(0);
    format.setAlphaBufferSize(8);
    format.setSamples(0);
    QSurfaceFormat::setDefaultFormat(format);
}

VtkHostWidget::VtkHostWidget(QWidget* parent) : QOpenGLWidget(parent) {
    window_ = vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New();
    renderer_ = vtkSmartPointer<vtkRenderer>::New();
    window_->AddRenderer(renderer_);
    window_->SetReadyForRendering(false);
    window_->SetOwnContext(false);
    // VTK renders into its own framebuffer; paintGL blits the result into Qt's (see there).
    window_->SetFrameBlitModeToNoBlit();
    window_->SetMultiSamples(0);
    window_->SetForceMaximumHardwareLineWidth(1);
    vtkNew<vtkCallbackCommand> makeCurrent;
    makeCurrent->SetCallback(makeCurrentCallback);
    makeCurrent->SetClientData(this);
    window_->AddObserver(vtkCommand::WindowMakeCurrentEvent, makeCurrent);
    vtkNew<vtkCallbackCommand> isCurrent;
    isCurrent->SetCallback(isCurrentCallback);
    isCurrent->SetClientData(this);
    window_->AddObserver(vtkCommand::WindowIsCurrentEvent, isCurrent);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
}

VtkHostWidget::~VtkHostWidget() {
    makeCurrent();
    releaseGraphics();
    window_->RemoveAllObservers();
}

void VtkHostWidget::releaseGraphics() {
    if (!initialized_) return;
    window_->ReleaseGraphicsResources(window_);
    window_->Finalize();
    initialized_ = false;
}

void VtkHostWidget::contextAboutToBeDestroyed() {
    makeCurrent();
    releaseGraphics();
    doneCurrent();
}

void VtkHostWidget::initializeGL() {
    // The context can be replaced (e.g. the widget moves to another top-level window): release
    // VTK's resources while the old one is still current.
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkHostWidget::contextAboutToBeDestroyed,
            Qt::UniqueConnection);
    window_->SetReadyForRendering(false);
    resizeGL(width(), height()); // VTK sizes its framebuffers from this when it initialises
    window_->OpenGLInitContext();
    initialized_ = true;
}

void VtkHostWidget::resizeGL(int w, int h) {
    const double ratio = devicePixelRatioF();
    window_->SetSize(int(w * ratio + 0.5), int(h * ratio + 0.5));
    window_->SetPosition(0, 0);
}

void VtkHostWidget::paintGL() {
    if (!initialized_) return;
    QElapsedTimer timer;
    timer.start();
    window_->SetReadyForRendering(true);
    // Qt leaves GL state of its own around; make VTK's state cache agree with the context.
    window_->GetState()->Reset();
    window_->GetState()->Push();
    window_->Render();
    window_->GetState()->Pop();
    window_->SetReadyForRendering(false);
    // Blit VTK's display framebuffer into the framebuffer Qt bound for this widget.
    QOpenGLExtraFunctions* gl = context()->extraFunctions();
    gl->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
    const GLenum attachment = GL_COLOR_ATTACHMENT0;
    gl->glDrawBuffers(1, &attachment);
    const bool scissor = gl->glIsEnabled(GL_SCISSOR_TEST);
    if (scissor) {
        window_->GetState()->vtkglDisable(GL_SCISSOR_TEST);
        gl->glDisable(GL_SCISSOR_TEST);
    }
    const int* size = window_->GetRenderFramebuffer()->GetLastSize();
    const int w = int(width() * devicePixelRatioF() + 0.5), h = int(height() * devicePixelRatioF() + 0.5);
    window_->BlitDisplayFramebuffer(0, 0, 0, size[0], size[1], 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    // Opaque alpha, or Mesa composites the widget with what lies behind it.
    gl->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    gl->glClearColor(0, 0, 0, 1);
    gl->glViewport(0, 0, w, h);
    gl->glClear(GL_COLOR_BUFFER_BIT);
    gl->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    if (scissor) {
        window_->GetState()->vtkglEnable(GL_SCISSOR_TEST);
        gl->glEnable(GL_SCISSOR_TEST);
    }
    lastRenderMs_ = double(timer.nsecsElapsed()) / 1e6;
}

void VtkHostWidget::renderNow() {
    if (!initialized_) return;
    makeCurrent();
    paintGL();
    context()->functions()->glFinish();
    doneCurrent();
}

void VtkHostWidget::toDisplay(const QPointF& position, double& x, double& y) const {
    const double ratio = devicePixelRatioF();
    x = position.x() * ratio;
    y = (height() - position.y()) * ratio;
}

} // namespace gireview
