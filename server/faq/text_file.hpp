// Reads a whole data file (form.json, divipola.csv, FAQ entries) into memory at start-up.
// The files are small (the largest, divipola.csv, is about 60 KB), so there is no streaming.
#pragma once

#include <filesystem>
#include <string>

#include "common/result.hpp"

namespace helpchat::faq {

// The file's bytes, or `not_found` naming the path when it cannot be opened or read.
result<std::string> read_text_file(const std::filesystem::path& path);

}  // namespace helpchat::faq
