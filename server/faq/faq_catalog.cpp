#include "faq/faq_catalog.hpp"

#include <algorithm>
#include <system_error>

#include "faq/json_members.hpp"
#include "faq/text_file.hpp"

namespace helpchat::faq {
namespace {

using nlohmann::json;

result<faq_entry> read_entry(const json& item, std::size_t index, const std::string& source) {
  std::string where = source + ", entrada #" + std::to_string(index + 1);
  if (!item.is_object()) return bad_content(where, "debe ser un objeto");
  auto id = required_string(item, "id", where);
  if (!id) return id.failure();
  if (!id->empty()) where = source + ", entrada '" + *id + "'";
  if (auto known =
          only_members(item, {"id", "fields", "question", "answer", "legal_reference", "tags", "status"}, where);
      !known) {
    return known.failure();
  }
  auto fields = required_array(item, "fields", where);
  if (!fields) return fields.failure();
  auto field_ids = string_array(item, "fields", where);
  if (!field_ids) return field_ids.failure();
  auto question = required_string(item, "question", where);
  if (!question) return question.failure();
  auto answer = required_string(item, "answer", where);
  if (!answer) return answer.failure();
  auto legal_reference = optional_string(item, "legal_reference", where);
  if (!legal_reference) return legal_reference.failure();
  auto tags = string_array(item, "tags", where);
  if (!tags) return tags.failure();
  auto status = required_string(item, "status", where);
  if (!status) return status.failure();
  return faq_entry{std::move(*id),
                   std::move(*field_ids),
                   std::move(*question),
                   std::move(*answer),
                   std::move(*legal_reference),
                   std::move(*tags),
                   std::move(*status),
                   source};
}

}  // namespace

result<faq_catalog> faq_catalog::load_directory(const std::filesystem::path& directory) {
  auto sources = read_sources(directory);
  if (!sources) return sources.failure();
  return parse(*sources);
}

result<std::vector<faq_source>> faq_catalog::read_sources(const std::filesystem::path& directory) {
  std::error_code failure;
  std::vector<std::filesystem::path> files;
  for (std::filesystem::directory_iterator it(directory, failure), end; !failure && it != end; it.increment(failure)) {
    if (it->path().extension() == ".json" && it->is_regular_file()) files.push_back(it->path());
  }
  if (failure) {
    return error::of(error_code::not_found, "No se pudo leer la carpeta " + directory.string() + ".");
  }
  std::sort(files.begin(), files.end());
  std::vector<faq_source> sources;
  for (const auto& file : files) {
    auto text = read_text_file(file);
    if (!text) return text.failure();
    sources.push_back({file.filename().string(), std::move(*text)});
  }
  return sources;
}

result<faq_catalog> faq_catalog::parse(const std::vector<faq_source>& sources) {
  faq_catalog catalog;
  for (const auto& source : sources) {
    auto document = parse_json(source.text, source.name);
    if (!document) return document.failure();
    if (!document->is_array()) return bad_content(source.name, "debe ser una lista de entradas");
    for (std::size_t i = 0; i < document->size(); ++i) {
      auto entry = read_entry((*document)[i], i, source.name);
      if (!entry) return entry.failure();
      catalog.entries_.push_back(std::move(*entry));
    }
  }
  return catalog;
}

const faq_entry* faq_catalog::find(std::string_view id) const {
  for (const auto& entry : entries_) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

}  // namespace helpchat::faq
