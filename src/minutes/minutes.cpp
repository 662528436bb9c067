// Text minutes (Markdown, HTML through mstch; JSON), template lookup and validation, and the
// atomic file writer shared by every format.
#include "minutes/minutes.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mstch/mstch.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <vector>

#include "minutes/ecomap.hpp"
#include "minutes/text_format.hpp"

namespace renkei::minutes {
namespace fs = std::filesystem;

namespace {

std::string read_template(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw MinutesError("minutes template not found: " + path.string());
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf()))
    throw MinutesError("cannot read minutes template: " + path.string());
  return text.str();
}

/// Checks what mstch silently accepts: unclosed tags, sections never closed or closed out of
/// order. Follows set-delimiter tags ({{=<% %>=}}). Throws MinutesError naming file and line.
void validate_template(const std::string& text, const fs::path& path) {
  std::string open = "{{", close = "}}";
  std::vector<std::pair<std::string, int>> sections;
  auto line_at = [&](std::size_t pos) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
  };
  auto fail = [&](std::size_t pos, const std::string& what) {
    throw MinutesError("malformed minutes template " + path.string() + ", line " +
                       std::to_string(line_at(pos)) + ": " + what);
  };
  auto trim = [](std::string s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    const auto e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  std::size_t pos = 0;
  while ((pos = text.find(open, pos)) != std::string::npos) {
    const std::size_t body = pos + open.size();
    const bool triple = open == "{{" && body < text.size() && text[body] == '{';
    const std::string closer = triple ? "}" + close : close;
    const std::size_t end = text.find(closer, body);
    if (end == std::string::npos) fail(pos, "tag '" + open + "' is never closed");
    const std::string tag = text.substr(body, end - body);
    const char kind = tag.empty() ? ' ' : tag[0];
    if (kind == '#' || kind == '^') {
      sections.emplace_back(trim(tag.substr(1)), line_at(pos));
    } else if (kind == '/') {
      const std::string name = trim(tag.substr(1));
      if (sections.empty()) fail(pos, "'{{/" + name + "}}' closes no open section");
      if (sections.back().first != name)
        fail(pos, "'{{/" + name + "}}' closes section '" + sections.back().first + "' opened on line " +
                      std::to_string(sections.back().second));
      sections.pop_back();
    } else if (kind == '=') {
      std::string spec = trim(tag.substr(1));
      if (spec.empty() || spec.back() != '=') fail(pos, "bad set-delimiter tag");
      std::istringstream parts(spec.substr(0, spec.size() - 1));
      if (!(parts >> open >> close)) fail(pos, "bad set-delimiter tag");
    }
    pos = end + closer.size();
  }
  if (!sections.empty())
    throw MinutesError("malformed minutes template " + path.string() + ": section '" +
                       sections.back().first + "' opened on line " +
                       std::to_string(sections.back().second) + " is never closed");
}

/// The view model as an mstch node; every string goes through `text` (the format's escaping).
mstch::node to_mstch(const nlohmann::json& j, const std::function<std::string(const std::string&)>& text) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mstch::map m;
      for (auto it = j.begin(); it != j.end(); ++it) m.emplace(it.key(), to_mstch(it.value(), text));
      return m;
    }
    case nlohmann::json::value_t::array: {
      mstch::array a;
      a.reserve(j.size());
      for (const auto& e : j) a.push_back(to_mstch(e, text));
      return a;
    }
    case nlohmann::json::value_t::string: return text(j.get<std::string>());
    case nlohmann::json::value_t::boolean: return j.get<bool>();
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return static_cast<int>(j.get<long long>());
    case nlohmann::json::value_t::number_float: return j.get<double>();
    default: return nullptr;
  }
}

/// mstch's escape hook is a process-wide std::function: set ours (no "/" → "&#x2F;") for one
/// render and restore it, serialized.
std::string render_mustache(const std::string& tmpl, const mstch::node& view) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  auto saved = mstch::config::escape;
  mstch::config::escape = [](const std::string& s) { return detail::html_escape(s); };
  try {
    std::string out = mstch::render(tmpl, view);
    mstch::config::escape = saved;
    return out;
  } catch (...) {
    mstch::config::escape = saved;
    throw;
  }
}

std::string render_template(const core::MeetingState& state, Format format, const RenderOptions& options) {
  const fs::path dir = options.templates_dir.empty() ? default_templates_dir() : options.templates_dir;
  const fs::path path = dir / (format == Format::markdown ? "minutes.md.mustache" : "minutes.html.mustache");
  const std::string tmpl = read_template(path);
  validate_template(tmpl, path);
  nlohmann::json view = minutes_view(state, options);
  if (format == Format::html && view["has_ecomap"].get<bool>()) {
    // Inline SVG: the document without its XML declaration (it applies the audience itself).
    EcomapOptions ecomap;
    ecomap.audience = options.audience;
    const std::string svg = ecomap_svg(state, ecomap);
    const std::size_t from = svg.find("<svg"), to = svg.find_last_not_of(" \n");
    view["ecomap_svg"] = from == std::string::npos || to == std::string::npos ? svg : svg.substr(from, to + 1 - from);
  }
  std::function<std::string(const std::string&)> text = [](const std::string& s) { return s; };
  if (format == Format::markdown) text = [](const std::string& s) { return detail::markdown_cell_escape(s); };
  try {
    return render_mustache(tmpl, to_mstch(view, text));
  } catch (const std::exception& e) {
    throw MinutesError("cannot render minutes template " + path.string() + ": " + e.what());
  }
}

mode_t new_file_mode() {
  mode_t mask = 022;
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("Umask:", 0) == 0) mask = static_cast<mode_t>(std::strtol(line.c_str() + 6, nullptr, 8));
  return 0666 & ~mask;
}

[[noreturn]] void write_error(const fs::path& out, const std::string& what, int err) {
  throw MinutesError("cannot write minutes to " + out.string() + ": " + what + ": " + std::strerror(err));
}

}  // namespace

std::optional<Format> format_from_string(std::string_view name) {
  if (name == "md" || name == "markdown") return Format::markdown;
  if (name == "html") return Format::html;
  if (name == "pdf") return Format::pdf;
  if (name == "json") return Format::json;
  return std::nullopt;
}

const char* to_string(Format format) {
  switch (format) {
    case Format::markdown: return "markdown";
    case Format::html: return "html";
    case Format::pdf: return "pdf";
    case Format::json: return "json";
  }
  return "";
}

const char* file_extension(Format format) {
  switch (format) {
    case Format::markdown: return "md";
    case Format::html: return "html";
    case Format::pdf: return "pdf";
    case Format::json: return "json";
  }
  return "";
}

fs::path default_templates_dir() {
  if (const char* env = std::getenv("RENKEI_DATA_DIR"); env && *env)
    return fs::path(env) / "templates" / "minutes";
  std::error_code ec;
  const fs::path source = fs::path(RENKEI_SOURCE_DATA_DIR) / "templates" / "minutes";
  if (fs::is_directory(source, ec)) return source;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) return exe.parent_path().parent_path() / "share" / "renkei" / "templates" / "minutes";
  return source;
}

std::string render_text(const core::MeetingState& state, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::markdown:
    case Format::html: return render_template(state, format, options);
    case Format::json: return core::to_json(for_audience(state, options.audience)).dump(2) + "\n";
    case Format::pdf: break;
  }
  throw std::invalid_argument("render_text: PDF is binary, use render_pdf");
}

void render_pdf(const core::MeetingState& state, const fs::path& out, const RenderOptions& options) {
  write_file_atomically(out, render_pdf_bytes(state, options));
}

void export_minutes(const core::MeetingState& state, Format format, const fs::path& out,
                    const RenderOptions& options) {
  if (format == Format::pdf) {
    render_pdf(state, out, options);
  } else if (format == Format::markdown) {
    // Both rendered before anything is written; the ecomap SVG goes beside the Markdown.
    RenderOptions md = options;
    md.ecomap_file = out.stem().string() + "-ecomap.svg";
    const std::string text = render_text(state, format, md);
    std::optional<std::string> svg;
    if (has_ecomap(for_audience(state, options.audience))) {
      EcomapOptions ecomap;
      ecomap.audience = options.audience;
      svg = ecomap_svg(state, ecomap);
    }
    write_file_atomically(out, text);
    if (svg) write_file_atomically(out.parent_path() / md.ecomap_file, *svg);
  } else {
    write_file_atomically(out, render_text(state, format, options));
  }
}

void write_file_atomically(const fs::path& out, std::string_view bytes) {
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  std::string tmp = (dir / ("." + out.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) write_error(out, "cannot create a temporary file in " + dir.string(), errno);
  auto abandon = [&](const std::string& what, int err) {
    ::close(fd);
    ::unlink(tmp.c_str());
    write_error(out, what, err);
  };
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) abandon("write failed", n < 0 ? errno : EIO);
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, new_file_mode()) != 0) abandon("chmod failed", errno);
  if (::fsync(fd) != 0) abandon("fsync failed", errno);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    write_error(out, "close failed", err);
  }
  if (::rename(tmp.c_str(), out.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    write_error(out, "rename failed", err);
  }
  // Make the rename itself durable; best effort (some file systems refuse fsync on folders).
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace renkei::minutes
