# Turns store/migrations/NNN_*.sql into migrations.hpp (a constexpr array of the scripts, in order), so that the
# binary carries its schema and needs no source tree at run time.
file(GLOB scripts "${MIGRATIONS_DIR}/*.sql")
list(SORT scripts)
set(body "")
foreach(script ${scripts})
  file(READ ${script} sql)
  get_filename_component(name ${script} NAME)
  string(APPEND body "    // ${name}\n    R\"helpchat_sql(${sql})helpchat_sql\",\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "// Generated from server/store/migrations/ by embed_migrations.cmake; do not edit.
#pragma once
#include <array>
#include <string_view>
namespace helpchat::store {
inline constexpr std::array migration_scripts{
${body}};
}  // namespace helpchat::store
")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
