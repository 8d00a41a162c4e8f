// Online backup and restore of the database file, through SQLite's backup API: a backup taken while the server
// runs is a consistent snapshot (one read transaction in WAL mode, so the writer is not blocked).
#pragma once

#include <filesystem>

#include "common/result.hpp"

namespace helpchat::store {

// Copies the database at `source` into a new file `target` (which must not exist) and checks the copy.
status backup_database(const std::filesystem::path& source, const std::filesystem::path& target);

// Replaces the database at `target` with the checked backup `source`. The server must not be running on `target`.
status restore_database(const std::filesystem::path& source, const std::filesystem::path& target);

}  // namespace helpchat::store
