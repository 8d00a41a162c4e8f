// The FAQ as the running server serves it: the entries of faq/entries/ plus the drafts published since, indexed
// for search. Publishing a draft builds a new catalog and index and swaps them in; searches running meanwhile
// keep the snapshot they started with.
// Thread-safety: everything may be called from any thread (an atomic shared_ptr snapshot; publish() serialised
// by a mutex).
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <vector>

#include "common/mutex.hpp"
#include "common/result.hpp"
#include "faq/faq_catalog.hpp"
#include "faq/faq_index.hpp"
#include "faq/form_model.hpp"
#include "store/faq_draft_store.hpp"

namespace helpchat::app {

class faq_library {
 public:
  // The name published drafts go under in the catalog (faq_entry::source).
  static constexpr std::string_view published_source = "propuestas publicadas";

  struct snapshot {
    faq::faq_catalog catalog;
    std::unique_ptr<faq::faq_index> index;
  };

  // `form` must outlive the library. `published` are drafts already published (loaded from the database).
  static result<std::unique_ptr<faq_library>> load(const std::filesystem::path& entries, const faq::form_model& form,
                                                   const std::vector<store::faq_draft>& published);

  std::shared_ptr<const snapshot> current() const { return std::atomic_load(&current_); }
  // True when `id` is a published entry now.
  bool has_entry(std::string_view id) const;
  // What `helpchat faq check` would find wrong with the FAQ if `draft` were published (its errors only; the
  // repository's content is checked clean by the test suite, so they are the draft's).
  std::vector<std::string> problems_if_published(const store::faq_draft& draft);
  // Adds (or replaces, by entry id) a published draft and swaps in the new index.
  status publish(const store::faq_draft& draft);

  // A draft as an FAQ entry in faq/entries/ format (JSON object).
  static std::string entry_json(const store::faq_draft& draft);

 private:
  faq_library(const faq::form_model& form, std::vector<faq::faq_source> files)
      : form_(form), files_(std::move(files)) {}
  // The file sources plus `drafts` as one more source.
  std::vector<faq::faq_source> sources_with(const std::vector<store::faq_draft>& drafts) const;
  status rebuild() HELPCHAT_REQUIRES(publish_mutex_);

  const faq::form_model& form_;
  const std::vector<faq::faq_source> files_;  // constant after load
  mutex publish_mutex_;
  std::vector<store::faq_draft> published_ HELPCHAT_GUARDED_BY(publish_mutex_);
  std::shared_ptr<const snapshot> current_;  // read and written with atomic_load/atomic_store
};

}  // namespace helpchat::app
