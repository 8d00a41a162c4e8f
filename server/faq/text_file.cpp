#include "faq/text_file.hpp"

#include <fstream>
#include <sstream>

namespace helpchat::faq {

result<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return error::of(error_code::not_found, "No se pudo abrir el archivo " + path.string() + ".");
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return error::of(error_code::not_found, "No se pudo leer el archivo " + path.string() + ".");
  return contents.str();
}

}  // namespace helpchat::faq
