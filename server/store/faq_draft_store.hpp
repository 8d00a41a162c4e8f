// FAQ drafts in the database (migration 002). Functions over a connection: the server calls the writes through
// the transcript writer, `helpchat faq export` reads on its own connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/ids.hpp"
#include "common/result.hpp"
#include "common/utc_time.hpp"
#include "store/database.hpp"

namespace helpchat::store {

struct faq_draft {
  std::int64_t id = 0;
  std::string entry_id;  // the FAQ id it will have: "propuesta-1-42" until someone renames it
  std::vector<std::string> fields;
  std::string question;
  std::string answer;
  std::optional<std::string> legal_reference;
  std::vector<std::string> tags;
  std::string agency;
  std::string status = "draft";  // draft | published | discarded
  std::optional<help_session_id> session;
  std::optional<seq_t> answer_seq;
  participant_id proposed_by;
  std::optional<participant_id> published_by;
  utc_time created_at;
  utc_time updated_at;
};

// Inserts `draft` (its id is filled in).
result<faq_draft> insert_faq_draft(database& db, faq_draft draft);
// Replaces the editable members and the status of draft `draft.id`.
status update_faq_draft(database& db, const faq_draft& draft);
result<std::vector<faq_draft>> load_faq_drafts(database& db);

}  // namespace helpchat::store
