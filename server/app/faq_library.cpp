#include "app/faq_library.hpp"

#include <nlohmann/json.hpp>

namespace helpchat::app {

std::string faq_library::entry_json(const store::faq_draft& draft) {
  nlohmann::ordered_json entry{{"id", draft.entry_id}, {"fields", draft.fields}, {"question", draft.question},
                               {"answer", draft.answer}};
  if (draft.legal_reference) entry["legal_reference"] = *draft.legal_reference;
  entry["tags"] = draft.tags;
  entry["status"] = "published";
  return entry.dump(2);
}

result<std::unique_ptr<faq_library>> faq_library::load(const std::filesystem::path& entries,
                                                        const faq::form_model& form,
                                                        const std::vector<store::faq_draft>& published) {
  auto files = faq::faq_catalog::read_sources(entries);
  if (!files) return files.failure();
  std::unique_ptr<faq_library> library(new faq_library(form, std::move(files).value()));
  for (const auto& draft : published) {
    if (draft.status == "published") library->published_.push_back(draft);
  }
  std::lock_guard lock(library->publish_mutex_);
  if (auto built = library->rebuild(); !built) return built.failure();
  return library;
}

status faq_library::rebuild() {
  auto sources = files_;
  std::string drafts = "[";
  for (const auto& draft : published_) {
    if (drafts.size() > 1) drafts += ',';
    drafts += entry_json(draft);
  }
  drafts += ']';
  sources.push_back({"propuestas publicadas", std::move(drafts)});
  auto catalog = faq::faq_catalog::parse(sources);
  if (!catalog) return catalog.failure();
  auto index = faq::faq_index::build(*catalog, form_);
  if (!index) return index.failure();
  auto next = std::make_shared<snapshot>(snapshot{std::move(catalog).value(), std::move(index).value()});
  std::atomic_store(&current_, std::shared_ptr<const snapshot>(std::move(next)));
  return done{};
}

bool faq_library::has_entry(std::string_view id) const {
  auto now = current();
  const auto* entry = now->catalog.find(id);
  return entry != nullptr && entry->status == faq::faq_catalog::published;
}

status faq_library::publish(const store::faq_draft& draft) {
  std::lock_guard lock(publish_mutex_);
  auto same = std::find_if(published_.begin(), published_.end(), [&](const auto& d) { return d.id == draft.id; });
  if (same != published_.end()) {
    *same = draft;
  } else {
    published_.push_back(draft);
  }
  return rebuild();
}

}  // namespace helpchat::app
