// helpchat: wiring only. Every command lives in app/commands.
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return helpchat::app::run_command(std::move(args), helpchat::config::process_environment(), std::cin, std::cout,
                                    std::cerr);
}
