#include "jobs/job_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "io/postgis.hpp"

namespace lc::jobs {

namespace {

namespace fs = std::filesystem;

int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }
int line_of(const toml::key& k) { return static_cast<int>(k.source().begin.line); }

[[noreturn]] void fail(const std::string& path, int line, const std::string& what) {
  throw InputError({path, "", line > 0 ? "line " + std::to_string(line) : ""}, what);
}

bool is_name(std::string_view s, bool dashes) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z' && !dashes) || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// Shortest text that reads back as the same double (0.95, not 0.9499999999999999556).
std::string number_text(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// {out}, {job_dir} and [vars] in a string value; an unknown {name} is an error, "{{" is "{".
std::string expand(const std::string& s, const std::map<std::string, std::string>& vars, const std::string& path,
                   int line) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '{') { out += s[i]; continue; }
    if (i + 1 < s.size() && s[i + 1] == '{') { out += '{'; ++i; continue; }
    const auto close = s.find('}', i);
    if (close == std::string::npos) fail(path, line, "unclosed '{' in \"" + s + "\"");
    const std::string name = s.substr(i + 1, close - i - 1);
    auto it = vars.find(name);
    if (it == vars.end()) fail(path, line, "unknown variable {" + name + "} in \"" + s + "\" (known: out, job_dir and [vars])");
    out += it->second;
    i = close;
  }
  return out;
}

// What the file's values are read against: its path (for messages) and its variables.
struct JobVars {
  std::string path;
  std::map<std::string, std::string> vars;
};

std::string scalar_text(const toml::node& v, const JobVars& c, const std::string& what) {
  if (auto s = v.value<std::string>(); s && v.is_string()) return expand(*s, c.vars, c.path, line_of(v));
  if (v.is_integer()) return std::to_string(*v.value<std::int64_t>());
  if (v.is_floating_point()) return number_text(*v.value<double>());
  fail(c.path, line_of(v), what + ": expected a string, a number or a list of them");
}

// A path key's value: inputs relative to the job file, outputs relative to the output folder.
std::string resolve(const std::string& key, const std::string& value, const Job& job) {
  if (io::is_postgis(value)) return value;  // a PostgreSQL source or database, not a path
  // NAME=PATH (e.g. report-sites = "fitness=sites.csv"): the path is after the '='.
  if (const auto eq = value.find('='); eq != std::string::npos && value.find('/') > eq)
    return value.substr(0, eq + 1) + resolve(key, value.substr(eq + 1), job);
  if (value.empty() || fs::path(value).is_absolute()) return value;
  if (is_input_path_key(key)) return (fs::path(job.dir) / value).lexically_normal().string();
  if (is_output_path_key(key)) return (fs::path(job.out_dir) / value).lexically_normal().string();
  return value;
}

JobArg arg_of(const toml::key& key, const toml::node& value, const JobVars& c, const Job& job,
              const std::string& where) {
  JobArg a{std::string(key.str()), {}, false, false, line_of(key)};
  if (!is_name(a.key, true) || a.key.front() == '-')
    fail(c.path, a.line, where + ": '" + a.key + "' is not an option name (lower case, digits and dashes, as in --" + a.key + ")");
  if (value.is_boolean()) {
    a.is_flag = true;
    if (!*value.value<bool>()) a.values.push_back("false");
    return a;
  }
  if (const auto* arr = value.as_array()) {
    if (arr->empty()) fail(c.path, a.line, where + ": " + a.key + " is an empty list");
    for (const auto& item : *arr) a.values.push_back(resolve(a.key, scalar_text(item, c, where + ": " + a.key), job));
    return a;
  }
  if (value.is_table()) fail(c.path, a.line, where + ": " + a.key + " is a table; options take a value or a list");
  a.values.push_back(resolve(a.key, scalar_text(value, c, where + ": " + a.key), job));
  return a;
}

std::string required_string(const toml::table& t, std::string_view key, const std::string& path, int line,
                            const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) fail(path, line, where + ": missing key '" + std::string(key) + "'");
  if (!n->is_string()) fail(path, line_of(*n), where + ": '" + std::string(key) + "' must be a string");
  return *n->value<std::string>();
}

void read_header(const toml::table& root, Job& job, JobVars& c) {
  static const std::set<std::string> allowed = {"schema", "name", "out", "threads", "vars", "defaults", "task"};
  for (auto&& [k, v] : root)
    if (!allowed.count(std::string(k.str())))
      fail(c.path, line_of(k), "unknown top-level key '" + std::string(k.str()) +
                                   "' (allowed: schema, name, out, threads, [vars], [defaults], [[task]])");
  const toml::node* schema = root.get("schema");
  if (!schema) fail(c.path, 1, "missing 'schema = 1'");
  if (schema->value<std::int64_t>().value_or(-1) != 1 || !schema->is_integer())
    fail(c.path, line_of(*schema), "schema must be 1 (this lifecircle reads job files of schema 1)");
  job.name = required_string(root, "name", c.path, 1, "job");
  if (!is_name(job.name, false)) fail(c.path, line_of(*root.get("name")), "job name '" + job.name + "': use letters, digits, '-' and '_'");
  const std::string out = required_string(root, "out", c.path, 1, "job");
  if (out.empty()) fail(c.path, line_of(*root.get("out")), "'out' is empty");
  job.out_dir = fs::absolute(fs::path(job.dir) / out).lexically_normal().string();
  while (job.out_dir.size() > 1 && job.out_dir.back() == '/') job.out_dir.pop_back();
  if (const toml::node* t = root.get("threads")) {
    const auto v = t->value<std::int64_t>();
    if (!t->is_integer() || *v < 0 || *v > 1024) fail(c.path, line_of(*t), "threads must be an integer from 0 (all cores) to 1024");
    job.threads = static_cast<unsigned>(*v);
  }
  c.vars = {{"out", job.out_dir}, {"job_dir", job.dir}};
  if (const toml::node* vars = root.get("vars")) {
    if (!vars->is_table()) fail(c.path, line_of(*vars), "[vars] must be a table");
    // toml++ keeps keys sorted; in file order a var may use the ones above it.
    std::vector<std::pair<const toml::key*, const toml::node*>> in_order;
    for (auto&& [k, v] : *vars->as_table()) in_order.emplace_back(&k, &v);
    std::sort(in_order.begin(), in_order.end(), [](auto& a, auto& b) { return line_of(*a.first) < line_of(*b.first); });
    for (auto [k, v] : in_order) {
      if (!v->is_string()) fail(c.path, line_of(*k), "vars." + std::string(k->str()) + " must be a string");
      c.vars[std::string(k->str())] = expand(*v->value<std::string>(), c.vars, c.path, line_of(*v));
    }
  }
}

JobTask read_task(const toml::table& t, const std::vector<JobArg>& defaults, const JobVars& c, const Job& job) {
  JobTask task;
  task.line = line_of(t);
  task.name = required_string(t, "name", c.path, task.line, "task");
  const std::string where = "task '" + task.name + "'";
  if (!is_name(task.name, false)) fail(c.path, task.line, where + ": use letters, digits, '-' and '_' in task names");
  std::istringstream words(required_string(t, "command", c.path, task.line, where));
  for (std::string w; words >> w;) task.command.push_back(w);
  if (task.command.empty()) fail(c.path, line_of(*t.get("command")), where + ": empty command");
  if (task.command[0] == "run") fail(c.path, line_of(*t.get("command")), where + ": a job cannot run another job");
  if (const toml::node* after = t.get("after")) {
    const auto* arr = after->as_array();
    if (!arr) fail(c.path, line_of(*after), where + ": 'after' must be a list of task names");
    for (const auto& a : *arr) {
      if (!a.is_string()) fail(c.path, line_of(a), where + ": 'after' must be a list of task names");
      task.after.push_back(*a.value<std::string>());
    }
  }
  if (const toml::node* split = t.get("split")) {
    if (!split->is_boolean()) fail(c.path, line_of(*split), where + ": 'split' must be true or false");
    task.split = *split->value<bool>();
    if (task.split && task.command[0] != "coverage")
      fail(c.path, line_of(*split), where + ": only coverage tasks can be split across ranks");
  }
  std::set<std::string> own;
  std::vector<JobArg> args;
  for (auto&& [k, v] : t) {
    const std::string key(k.str());
    if (key == "name" || key == "command" || key == "after" || key == "split") continue;
    own.insert(key);
    args.push_back(arg_of(k, v, c, job, where));
  }
  for (const auto& d : defaults)
    if (!own.count(d.key)) task.args.push_back(d);
  std::stable_sort(args.begin(), args.end(), [](const JobArg& a, const JobArg& b) { return a.line < b.line; });
  task.args.insert(task.args.end(), args.begin(), args.end());
  return task;
}

// Every `after` names an earlier task: the file order is then a valid run order and there can
// be no cycle.
void check_order(const Job& job, const toml::array& tasks, const std::string& path) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < job.tasks.size(); ++i) {
    const JobTask& t = job.tasks[i];
    if (seen.count(t.name)) fail(path, t.line, "task '" + t.name + "' is defined twice");
    for (const auto& a : t.after)
      if (!seen.count(a)) {
        const bool later = std::any_of(job.tasks.begin(), job.tasks.end(), [&](const JobTask& x) { return x.name == a; });
        fail(path, line_of(*tasks[i].as_table()->get("after")),
             "task '" + t.name + "': after '" + a + "': " + (later ? "that task comes later in the file; list tasks in the order they depend on each other" : "no such task"));
      }
    seen.insert(t.name);
  }
}

}  // namespace

bool is_input_path_key(const std::string& key) {
  static const std::set<std::string> keys = {"network", "facilities", "origins", "units", "entrances",
                                             "grid-boundary", "catalog", "checklist", "candidates",
                                             "plan-facilities", "add-facilities", "add-links",
                                             "remove-facilities-file", "report-sites", "input", "file", "dem"};
  return keys.count(key) > 0;
}

bool is_output_path_key(const std::string& key) {
  static const std::set<std::string> keys = {"out", "out-dir", "summary", "gap-report", "report", "output"};
  return keys.count(key) > 0;
}

Job parse_job(const std::string& text, const std::string& path) {
  Job job;
  job.path = path;
  // A bare "job.toml" has no parent: its folder is the working one (fs::absolute("") throws).
  const fs::path parent = fs::path(path).parent_path();
  job.dir = fs::absolute(parent.empty() ? fs::path(".") : parent).lexically_normal().string();
  while (job.dir.size() > 1 && job.dir.back() == '/') job.dir.pop_back();
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    fail(path, static_cast<int>(e.source().begin.line), std::string(e.description()));
  }
  JobVars c{path, {}};
  read_header(root, job, c);
  std::vector<JobArg> defaults;
  if (const toml::node* d = root.get("defaults")) {
    if (!d->is_table()) fail(path, line_of(*d), "[defaults] must be a table");
    for (auto&& [k, v] : *d->as_table()) {
      defaults.push_back(arg_of(k, v, c, job, "defaults"));
      defaults.back().from_defaults = true;
    }
    std::stable_sort(defaults.begin(), defaults.end(), [](const JobArg& a, const JobArg& b) { return a.line < b.line; });
  }
  const toml::node* tasks = root.get("task");
  if (!tasks) fail(path, 1, "no [[task]]: a job needs at least one");
  const toml::array* arr = tasks->as_array();
  if (!arr || arr->empty() || !arr->is_array_of_tables()) fail(path, line_of(*tasks), "tasks are written as [[task]] tables");
  for (const auto& t : *arr) job.tasks.push_back(read_task(*t.as_table(), defaults, c, job));
  check_order(job, *arr, path);
  return job;
}

std::string command_text(const JobTask& t) {
  std::string s;
  for (const auto& w : t.command) s += (s.empty() ? "" : " ") + w;
  return s;
}

// Waves: a task runs in the wave after the last of the tasks it runs after.
std::vector<std::vector<std::size_t>> waves(const Job& job) {
  std::map<std::string, std::size_t> wave;
  std::vector<std::vector<std::size_t>> out;
  for (std::size_t i = 0; i < job.tasks.size(); ++i) {
    std::size_t w = 0;
    for (const auto& a : job.tasks[i].after) w = std::max(w, wave.at(a) + 1);
    wave[job.tasks[i].name] = w;
    if (out.size() <= w) out.resize(w + 1);
    out[w].push_back(i);
  }
  return out;
}

Job load_job(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, "", ""}, "cannot open the job file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_job(text.str(), path);
}

}  // namespace lc::jobs
