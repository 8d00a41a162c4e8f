// Fuzzes the FAQ search an official's typing reaches (`GET /api/faq/search?q=…&field=…&limit=…`):
// faq_index::search over the real index, built once from the repository's faq/ (form.json and entries/).
//
// Input format, readable so that seeds can be written by hand:
//   line 1: limit, in decimal ("" → 5; past 2^64 → SIZE_MAX); anything else after the digits is ignored
//   line 2: field ("" → no field; otherwise taken as is, e.g. "gel_fases.fecha_fin", "general", "nope")
//   rest:   the query (any bytes, newlines included)
// An input without a newline is a query alone (limit 5, no field).
//
// Invariants beyond "no crash, no sanitizer report":
//   - at most clamp(limit, 1, 20) hits, best first, with finite scores, distinct non-empty ids;
//   - a query without a letter or digit finds nothing;
//   - whatever came before, a fixed probe search keeps giving its first answer (the shared statement and the
//     analyzer are left in a clean state by every search).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "faq/faq_catalog.hpp"
#include "faq/faq_index.hpp"
#include "faq/form_model.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace helpchat::faq;

struct real_faq {
  std::optional<form_model> form;
  std::unique_ptr<faq_index> index;

  real_faq() {
    auto loaded_form = form_model::load_file(HELPCHAT_SOURCE_DIR "/faq/form.json");
    FUZZ_CHECK(loaded_form.ok());
    form.emplace(std::move(loaded_form).value());
    auto catalog = faq_catalog::load_directory(HELPCHAT_SOURCE_DIR "/faq/entries");
    FUZZ_CHECK(catalog.ok());
    auto built = faq_index::build(*catalog, *form);
    FUZZ_CHECK(built.ok());
    index = std::move(built).value();
    FUZZ_CHECK(index->size() > 0);
  }
};

const faq_index& index() {
  static const real_faq faq;
  return *faq.index;
}

const std::optional<std::string> probe_field = "gel_fases.fecha_fin";
constexpr std::string_view probe_query = "¿Qué plazo pongo para la fase de información?";

std::string_view next_line(std::string_view& input) {
  auto end = input.find('\n');
  std::string_view line = input.substr(0, end);
  input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
  return line;
}

std::size_t parse_limit(std::string_view text) {
  if (text.empty()) return 5;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<std::size_t>::max();
  if (ec != std::errc()) return 0;
  return static_cast<std::size_t>(value);
}

bool has_alphanumeric(std::string_view text) {
  for (unsigned char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80) return true;
  }
  return false;
}

bool same_hits(const std::vector<faq_hit>& a, const std::vector<faq_hit>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].id != b[i].id || a[i].score != b[i].score) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t limit = 5;
  std::optional<std::string> field;
  if (input.find('\n') != std::string_view::npos) {
    limit = parse_limit(next_line(input));
    if (auto line = next_line(input); !line.empty()) field = std::string(line);
  }
  std::string_view query = input;

  auto hits = index().search(query, field, limit);
  FUZZ_CHECK(hits.size() <= std::clamp<std::size_t>(limit, 1, faq_index::max_limit));
  if (!has_alphanumeric(query)) FUZZ_CHECK(hits.empty());
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    FUZZ_CHECK(!hits[i].id.empty());
    FUZZ_CHECK(ids.insert(hits[i].id).second);
    FUZZ_CHECK(std::isfinite(hits[i].score));
    if (i > 0) FUZZ_CHECK(hits[i - 1].score >= hits[i].score);
  }
  // Every 64th input (a search costs about a millisecond under the sanitizers, so not after each).
  static const std::vector<faq_hit> probe = index().search(probe_query, probe_field, 5);
  static std::size_t inputs = 0;
  FUZZ_CHECK(!probe.empty());
  if (++inputs % 64 == 0) FUZZ_CHECK(same_hits(probe, index().search(probe_query, probe_field, 5)));
  if (field) (void)index().entries_for_field(*field);
  return 0;
}
