// Command-line options of renkei-cli: "--name VALUE" pairs, "--flag" switches, positionals.
#pragma once

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace renkei::cli {

/// A usage error: renkei-cli prints it with the command's usage and exits 1.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Parsed options. `flags` lists the options that take no value; any other "--x" takes the
/// next argument. Unknown options are refused when check() is called.
class Args {
 public:
  Args(const std::vector<std::string>& argv, std::set<std::string> flags, std::set<std::string> valued);
  [[nodiscard]] bool has(const std::string& name) const { return values_.count(name) || set_.count(name); }
  [[nodiscard]] std::string get(const std::string& name, const std::string& fallback = "") const;
  /// A whole number ≥ 0 (e.g. milliseconds), or `fallback` when the option is absent; throws
  /// UsageError naming the option when the value is not one.
  [[nodiscard]] long long get_count(const std::string& name, long long fallback) const;
  /// The value of a required option; throws UsageError naming it.
  [[nodiscard]] std::string require(const std::string& name) const;
  [[nodiscard]] const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::set<std::string> set_;
  std::vector<std::string> positional_;
};

}  // namespace renkei::cli
