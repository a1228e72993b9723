// `crier render [--context FILE.json] [--now ISO] [--undefined default|debug|strict|chainable]
// [--repeat N] TEMPLATE_FILE|-`: renders a Jinja2 template as Python's SandboxedEnvironment would
// and prints the text exactly. A documented superset adds --trim-blocks, --lstrip-blocks,
// --keep-trailing-newline, --autoescape, --templates FILE.json (name -> source, for include /
// import / extends) and --frappe-globals (frappe.utils helpers as template globals).
#include <fmt/format.h>

#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "main/cli_common.h"
#include "main/command.h"
#include "tmpl/template.h"
#include "value/context.h"

namespace crier {
namespace {

constexpr char kUsage[] =
    "crier render [--context FILE.json] [--now ISO] [--undefined default|debug|strict|chainable] "
    "[--repeat N] [--trim-blocks] [--lstrip-blocks] [--keep-trailing-newline] [--autoescape] "
    "[--templates FILE.json] [--frappe-globals] TEMPLATE_FILE|-";

int RunRender(std::span<const std::string_view> args) {
  std::string_view context_path, now_text, templates_path, template_path;
  bool have_template = false;
  long repeat = 1;
  tmpl::Options options;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    auto value_of = [&](std::string_view& out) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    if (a == "--help" || a == "-h") {
      fmt::print("usage: {}\n", kUsage);
      return 0;
    } else if (a == "--context") {
      if (!value_of(context_path)) return cli::Fail("--context needs a file");
    } else if (a == "--now") {
      if (!value_of(now_text)) return cli::Fail("--now needs an ISO date or datetime");
    } else if (a == "--templates") {
      if (!value_of(templates_path)) return cli::Fail("--templates needs a file");
    } else if (a == "--undefined") {
      std::string_view mode;
      if (!value_of(mode)) return cli::Fail("--undefined needs a mode");
      if (mode == "default")
        options.undefined = value::UndefinedKind::kDefault;
      else if (mode == "debug")
        options.undefined = value::UndefinedKind::kDebug;
      else if (mode == "strict")
        options.undefined = value::UndefinedKind::kStrict;
      else if (mode == "chainable")
        options.undefined = value::UndefinedKind::kChainable;
      else
        return cli::Fail(fmt::format(
            "--undefined: unknown mode '{}' (default, debug, strict, chainable)", mode));
    } else if (a == "--repeat") {
      std::string_view n;
      if (!value_of(n)) return cli::Fail("--repeat needs a count");
      auto r = cli::ParseRepeat(n);
      if (!r.ok()) return cli::Fail(r.status().message());
      repeat = *r;
    } else if (a == "--trim-blocks") {
      options.trim_blocks = true;
    } else if (a == "--lstrip-blocks") {
      options.lstrip_blocks = true;
    } else if (a == "--keep-trailing-newline") {
      options.keep_trailing_newline = true;
    } else if (a == "--autoescape") {
      options.autoescape = true;
    } else if (a == "--frappe-globals") {
      options.frappe_globals = true;
    } else if (!have_template && (a == "-" || !a.starts_with("--"))) {
      template_path = a;
      have_template = true;
    } else {
      return cli::Fail(fmt::format("unexpected argument '{}'; usage: {}", a, kUsage));
    }
  }
  if (!have_template) return cli::Fail(fmt::format("missing TEMPLATE_FILE; usage: {}", kUsage));

  std::shared_ptr<const tmpl::Loader> loader;
  if (!templates_path.empty()) {
    auto text = cli::ReadFileOrStdin(templates_path);
    if (!text.ok()) return cli::Fail(text.status().message());
    nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      return cli::Fail("--templates: expected a JSON object of template name -> source");
    }
    std::map<std::string, std::string, std::less<>> sources;
    for (const auto& [name, source] : doc.items()) {
      if (!source.is_string())
        return cli::Fail(fmt::format("--templates: '{}' is not a string", name));
      sources.emplace(name, source.get<std::string>());
    }
    loader = std::make_shared<tmpl::MapLoader>(std::move(sources));
  }
  auto source = cli::ReadFileOrStdin(template_path);
  if (!source.ok()) return cli::Fail(source.status().message());

  // Each --repeat iteration gets a fresh context: a template may mutate its values
  // (`l.append(x)`), and every render must see the context as given.
  std::string context_json;
  if (!context_path.empty()) {
    auto text = cli::ReadFileOrStdin(context_path);
    if (!text.ok()) return cli::Fail(text.status().message());
    context_json = std::move(*text);
  }
  DateTime now_dt = ToLocal(SystemClock().Now());
  if (!now_text.empty()) {
    auto now = cli::ParseNow(now_text);
    if (!now.ok()) return cli::Fail(now.status().message());
    now_dt = *now;
  }
  auto make_context = [&](value::Context& context) -> Status {
    if (!context_json.empty()) {
      CRIER_RETURN_IF_ERROR(context.LoadJson(context_json, value::DictMode::kDict));
    }
    context.SetNow(now_dt);
    return Status::Ok();
  };
  value::Context context;
  if (Status s = make_context(context); !s.ok()) return cli::Fail(s.message());

  tmpl::Environment env(options, loader);
  auto compiled = env.Compile(*source, template_path == "-" ? std::string_view() : template_path);
  if (!compiled.ok()) return cli::Fail(compiled.error().ToString());
  value::Expected<std::string> out = std::string();
  for (long i = 0; i < repeat; ++i) {
    if (i > 0) {
      context = value::Context();
      if (Status s = make_context(context); !s.ok()) return cli::Fail(s.message());
    }
    out = (*compiled)->Render(context);
    if (!out.ok()) return cli::Fail(out.error().ToString());
  }
  std::fwrite(out->data(), 1, out->size(), stdout);
  return 0;
}

}  // namespace

CRIER_REGISTER_COMMAND(render,
                       Command{"render", kUsage, "Render a Jinja2 template (as Frappe/Dokos do).",
                               RunRender});

}  // namespace crier
