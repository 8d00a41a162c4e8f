// The relevance test set: questions as officials type them (no accents, typos, colloquial wording), each with the
// FAQ entry that answers it, in relevance_queries.json. The queries were written from how officials ask, not from
// the entries' wording, and are not to be edited to make this test pass: improve the entries or the ranking.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <iomanip>
#include <iostream>

#include "faq/faq_catalog.hpp"
#include "faq/faq_index.hpp"
#include "faq/form_model.hpp"
#include "faq/text_file.hpp"

namespace helpchat::faq {
namespace {

constexpr double required_top3_accuracy = 0.90;

TEST(faq_relevance, top3_accuracy_on_official_questions_is_at_least_90_percent) {
  auto form = form_model::load_file(HELPCHAT_SOURCE_DIR "/faq/form.json");
  ASSERT_TRUE(form) << form.failure().message;
  auto catalog = faq_catalog::load_directory(HELPCHAT_SOURCE_DIR "/faq/entries");
  ASSERT_TRUE(catalog) << catalog.failure().message;
  auto index = faq_index::build(*catalog, *form);
  ASSERT_TRUE(index) << index.failure().message;
  auto text = read_text_file(HELPCHAT_SOURCE_DIR "/tests/unit/faq/relevance_queries.json");
  ASSERT_TRUE(text) << text.failure().message;
  auto cases = nlohmann::json::parse(*text);
  ASSERT_GE(cases.size(), 60u);

  std::size_t top1 = 0;
  std::size_t top3 = 0;
  for (const auto& item : cases) {
    std::string query = item.at("query");
    std::string expected = item.at("expect");
    ASSERT_NE(catalog->find(expected), nullptr) << "the test set names an unknown entry: " << expected;
    std::optional<std::string> field;
    if (item.contains("field")) field = item.at("field").get<std::string>();

    auto hits = (*index)->search(query, field, 3);
    std::size_t rank = 0;
    while (rank < hits.size() && hits[rank].id != expected) ++rank;
    if (rank == 0 && !hits.empty()) ++top1;
    if (rank < hits.size()) {
      ++top3;
    } else {
      std::cout << "  miss: \"" << query << "\"" << (field ? " [" + *field + "]" : "") << " expected " << expected
                << ", got:";
      for (const auto& hit : hits) std::cout << ' ' << hit.id;
      std::cout << '\n';
    }
  }
  double top3_accuracy = static_cast<double>(top3) / static_cast<double>(cases.size());
  double top1_accuracy = static_cast<double>(top1) / static_cast<double>(cases.size());
  std::cout << std::fixed << std::setprecision(1) << "FAQ relevance: top-3 accuracy " << 100 * top3_accuracy << " % ("
            << top3 << "/" << cases.size() << "), top-1 " << 100 * top1_accuracy << " % (" << top1 << "/"
            << cases.size() << ")\n";
  EXPECT_GE(top3_accuracy, required_top3_accuracy);
}

}  // namespace
}  // namespace helpchat::faq
