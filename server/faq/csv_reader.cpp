#include "faq/csv_reader.hpp"

namespace helpchat::faq {
namespace {

error bad_csv(std::size_t line, std::string_view why) {
  return error::of(error_code::invalid_message,
                   "CSV inválido en la línea " + std::to_string(line) + ": " + std::string(why) + ".");
}

}  // namespace

result<std::vector<csv_record>> parse_csv(std::string_view text) {
  std::vector<csv_record> records;
  std::size_t line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    csv_record record{line, {}};
    std::string field;
    bool record_done = false;
    while (!record_done) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        std::size_t opened_on = line;
        ++i;
        for (;;) {
          if (i >= text.size()) return bad_csv(opened_on, "comillas sin cerrar");
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field.push_back('"');
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field.push_back(c);
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return bad_csv(line, "texto después de un campo entre comillas");
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') return bad_csv(line, "comillas dentro de un campo sin comillas");
          field.push_back(text[i++]);
        }
      }
      record.fields.push_back(field);
      if (i >= text.size()) {
        record_done = true;
      } else if (text[i] == ',') {
        ++i;
      } else {
        if (text[i] == '\r') {
          ++i;
          if (i >= text.size() || text[i] != '\n') return bad_csv(line, "retorno de carro sin salto de línea");
        }
        ++i;  // the '\n'
        ++line;
        record_done = true;
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace helpchat::faq
