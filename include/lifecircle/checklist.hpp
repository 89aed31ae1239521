// lifecircle checklist: a life-circle checklist (default: the Wuhai 2023 checklist installed with
// the library) as data: the `lifecircle checklist show --json` document (shape in docs/checklist.md).
#pragma once

#include <string>

namespace lifecircle {

// The installed Wuhai 2023 checklist (share/lifecircle/checklist/wuhai-2023.toml), or the source
// tree's when the library runs from its build folder.
std::string default_checklist_path();

// Loads and validates `path` (empty: the default) with its measures' categories checked against
// `catalog` (empty: Catalog::default_path()); InputError naming the file and line when malformed.
std::string checklist_json(const std::string& path = {}, const std::string& catalog = {});

}  // namespace lifecircle
