// The FAQ content as written by people: the entries under faq/entries/, one JSON file per form section (see
// faq/README.md for the format and why). Loading checks only the shape of each file and entry (types, required
// and unknown members); whether the content is right (known fields, unique ids, links that resolve, no empty
// answer) is faq_validator's job, so `helpchat faq check` can list every problem at once.
//
// Immutable after loading: any number of threads may read one concurrently.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace helpchat::faq {

struct faq_entry {
  std::string id;                   // stable, kebab-case: "gel-fases-todas"; links and answered_by_faq use it
  std::vector<std::string> fields;  // ids form_model::locate accepts: fields, "section.row_field", sections, "general"
  std::string question;
  std::string answer;  // plain text; links as [texto](/faq#campo-ID), [texto](/faq#entrada-ID) or https URLs
  std::optional<std::string> legal_reference;  // "Decreto 1151 de 2008"
  std::vector<std::string> tags;
  std::string status;  // "published" is shown and searched; "draft" is kept out of both
  std::string source;  // the file it came from ("gel_fases.json"), for messages
};

// One file's name (for messages) and text.
struct faq_source {
  std::string name;
  std::string text;
};

class faq_catalog {
 public:
  static constexpr std::string_view published = "published";
  static constexpr std::string_view draft = "draft";

  // Every *.json file directly under `directory`, in file-name order. Fails with `not_found` when the directory
  // or a file cannot be read, and with `invalid_message` naming the file and entry for a malformed one.
  static result<faq_catalog> load_directory(const std::filesystem::path& directory);
  // The sources load_directory() parses, for callers that add sources of their own (published drafts).
  static result<std::vector<faq_source>> read_sources(const std::filesystem::path& directory);
  // Each source is a JSON array of entry objects.
  static result<faq_catalog> parse(const std::vector<faq_source>& sources);

  // In file order, then in the order written in each file; drafts and duplicates included.
  const std::vector<faq_entry>& entries() const { return entries_; }
  // The first entry with `id`, or nullptr.
  const faq_entry* find(std::string_view id) const;

 private:
  std::vector<faq_entry> entries_;
};

}  // namespace helpchat::faq
