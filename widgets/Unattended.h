#pragma once
// Whether a person is there to answer. Not in smoke runs (gireview --smoke-test, --screenshot)
// nor under GIREVIEW_NO_DIALOGS=1 (the GUI tests, scripted runs; documented in the README).
// Unattended, a question takes its safe default and a problem is printed to standard error
// instead of waiting in a dialog: nothing waits for a person who is not there.
namespace gireview {

bool unattended();
void setUnattended(bool on);

} // namespace gireview
