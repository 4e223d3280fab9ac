#include "Unattended.h"

#include <QtGlobal>
#include <atomic>

namespace gireview {
namespace {
std::atomic<bool> forced{false};
} // namespace

// The variable is read at each call: tests switch it around a dialog they answer themselves.
bool unattended() {
    return forced.load() || qEnvironmentVariableIsSet("GIREVIEW_NO_DIALOGS");
}

void setUnattended(bool on) {
    forced = on;
}

} // namespace gireview
