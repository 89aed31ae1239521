// lc::core errors: the public error family (include/lifecircle/error.hpp) under the engine's
// namespace. Only a binary's main() or a binding's entry point catches (house rule 7).
#pragma once

#include <lifecircle/error.hpp>

namespace lc {

using lifecircle::Cancelled;
using lifecircle::describe;
using lifecircle::Error;
using lifecircle::ErrorKind;
using lifecircle::InputError;
using lifecircle::OutputError;
using lifecircle::UsageError;
using lifecircle::Field;
using lifecircle::FieldText;
using lifecircle::Where;

}  // namespace lc
