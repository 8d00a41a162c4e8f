#include "app/faq_library.hpp"

#include <nlohmann/json.hpp>

#include "faq/faq_validator.hpp"

namespace helpchat::app {

std::string faq_library::entry_json(const store::faq_draft& draft) {
  nlohmann::ordered_json entry{
      {"id", draft.entry_id}, {"fields", draft.fields}, {"question", draft.question}, {"answer", draft.answer}};
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
  mutex_lock lock(library->publish_mutex_);
  for (const auto& draft : published) {
    if (draft.status == "published") library->published_.push_back(draft);
  }
  if (auto built = library->rebuild(); !built) return built.failure();
  return library;
}

std::vector<faq::faq_source> faq_library::sources_with(const std::vector<store::faq_draft>& drafts) const {
  auto sources = files_;
  std::string entries = "[";
  for (const auto& draft : drafts) {
    if (entries.size() > 1) entries += ',';
    entries += entry_json(draft);
  }
  entries += ']';
  sources.push_back({std::string(published_source), std::move(entries)});
  return sources;
}

std::vector<std::string> faq_library::problems_if_published(const store::faq_draft& draft) {
  std::vector<store::faq_draft> candidate;
  {
    mutex_lock lock(publish_mutex_);
    for (const auto& d : published_) {
      if (d.id != draft.id) candidate.push_back(d);
    }
  }
  candidate.push_back(draft);
  auto catalog = faq::faq_catalog::parse(sources_with(candidate));
  if (!catalog) return {catalog.failure().message};
  std::vector<std::string> problems;
  for (const auto& finding : faq::faq_validator(form_).check(*catalog).errors) problems.push_back(finding.message);
  return problems;
}

status faq_library::rebuild() {
  auto catalog = faq::faq_catalog::parse(sources_with(published_));
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
  mutex_lock lock(publish_mutex_);
  auto same = std::find_if(published_.begin(), published_.end(), [&](const auto& d) { return d.id == draft.id; });
  if (same != published_.end()) {
    *same = draft;
  } else {
    published_.push_back(draft);
  }
  return rebuild();
}

}  // namespace helpchat::app
