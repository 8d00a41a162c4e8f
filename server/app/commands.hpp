// The `helpchat` command line: `serve`, `session …`, `moderator …`, `version`, with --help everywhere.
// Each command parses its own words and flags here; settings shared with `serve` (--data, --config …) go
// through config::parse, so the same precedence applies everywhere.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace helpchat::app {

// Runs the command in `args` (argv without the program name); returns the process exit code.
int run_command(std::vector<std::string> args, const config::environment& env, std::istream& in, std::ostream& out,
                std::ostream& err);

}  // namespace helpchat::app
