#pragma once
// Errors of the model layer: a model file or card that cannot be used, or a network whose
// output breaks the contract. Each names the file and what was expected.
#include "data/DataError.h"

#include <string>
#include <utility>

namespace gireview {

class ModelError : public DataError {
public:
    using DataError::DataError;
};

// Where a model problem is: a file and optionally the offending value.
inline ErrorContext modelContext(std::string file, std::string token = {}) {
    return ErrorContext{std::move(file), {}, {}, 0, std::move(token)};
}

// Thrown by inference and training when the cancel flag is raised between batches.
struct ModelCancelled : std::exception {
    const char* what() const noexcept override { return "cancelled"; }
};

} // namespace gireview
