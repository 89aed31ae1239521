// lc::plan checklist: reading and validating the checklist TOML (every schema error names the file
// and the line), reconciling the checklist's declared counts with what is transcribed, and the JSON
// view. The schema this enforces is documented in docs/checklist.md.
#include "plan/checklist.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.hpp"

namespace lc::plan {

// ---- dates -----------------------------------------------------------------------------------

bool is_valid_date(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t pos, std::size_t len) {
    int value = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const Date date{digits(0, 4), digits(5, 2), digits(8, 2)};
  if (!is_valid_date(date.year, date.month, date.day)) return std::nullopt;
  return date;
}

std::string Date::iso() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

// ---- model helpers ---------------------------------------------------------------------------

std::size_t Circle::measure_count() const {
  std::size_t n = 0;
  for (const Task& task : tasks) n += task.measures.size();
  return n;
}

std::size_t Checklist::task_count() const {
  std::size_t n = 0;
  for (const Circle& circle : circles) n += circle.tasks.size();
  return n;
}

std::size_t Checklist::measure_count() const {
  std::size_t n = 0;
  for (const Circle& circle : circles) n += circle.measure_count();
  return n;
}

const Circle* Checklist::find_circle(int id) const {
  for (const Circle& circle : circles)
    if (circle.id == id) return &circle;
  return nullptr;
}

const Task* Checklist::find_task(int id) const {
  for (const Circle& circle : circles)
    for (const Task& task : circle.tasks)
      if (task.id == id) return &task;
  return nullptr;
}

const Measure* Checklist::find_measure(std::string_view id) const {
  for (const Circle& circle : circles)
    for (const Task& task : circle.tasks)
      for (const Measure& measure : task.measures)
        if (measure.id == id) return &measure;
  return nullptr;
}

namespace {

// ---- typed access to TOML nodes, failing with file and line -----------------------------------

struct Ctx {
  const std::string& path;
  std::span<const std::string> categories;  // empty: not checked
};

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

[[noreturn]] void fail(const Ctx& ctx, int line, const std::string& what) {
  throw InputError({ctx.path, "", line > 0 ? "line " + std::to_string(line) : ""}, what);
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    default:
      return "nothing";
  }
}

// Names a value in messages: "task 6: 'deadline' ...".
std::string quoted(std::string_view key) { return "'" + std::string(key) + "'"; }

[[noreturn]] void wrong_type(const Ctx& ctx, const toml::node& node, std::string_view key,
                             const std::string& owner, std::string_view want) {
  fail(ctx, line_of(node),
       owner + ": " + quoted(key) + " must be " + std::string(want) + ", not " + type_name(node));
}

// A missing key has no line of its own, so the error points at the table that lacks it.
const toml::node& need(const Ctx& ctx, const toml::table& table, std::string_view key,
                       const std::string& owner) {
  const toml::node* node = table.get(key);
  if (node == nullptr) fail(ctx, line_of(table), owner + ": missing key " + quoted(key));
  return *node;
}

// Typos in key names would otherwise silently drop data, so unknown keys are errors.
void only_keys(const Ctx& ctx, const toml::table& table,
               std::initializer_list<std::string_view> keys, const std::string& owner) {
  for (auto&& [key, value] : table)
    if (std::find(keys.begin(), keys.end(), key.str()) == keys.end())
      fail(ctx, line_of(value), owner + ": unknown key " + quoted(key.str()));
}

std::string as_text(const Ctx& ctx, const toml::node& node, std::string_view key,
                    const std::string& owner) {
  const auto* value = node.as_string();
  if (value == nullptr) wrong_type(ctx, node, key, owner, "a string");
  if (value->get().empty()) fail(ctx, line_of(node), owner + ": " + quoted(key) + " is empty");
  return value->get();
}

std::string need_text(const Ctx& ctx, const toml::table& table, std::string_view key,
                      const std::string& owner) {
  return as_text(ctx, need(ctx, table, key, owner), key, owner);
}

std::optional<std::string> opt_text(const Ctx& ctx, const toml::table& table, std::string_view key,
                                    const std::string& owner) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::nullopt;
  return as_text(ctx, *node, key, owner);
}

int need_int(const Ctx& ctx, const toml::table& table, std::string_view key,
             const std::string& owner, int min) {
  const toml::node& node = need(ctx, table, key, owner);
  const auto* value = node.as_integer();
  if (value == nullptr) wrong_type(ctx, node, key, owner, "an integer");
  if (value->get() < min || value->get() > INT_MAX)
    fail(ctx, line_of(node),
         owner + ": " + quoted(key) + " must be at least " + std::to_string(min) + ", not " +
             std::to_string(value->get()));
  return static_cast<int>(value->get());
}

bool opt_bool(const Ctx& ctx, const toml::table& table, std::string_view key,
              const std::string& owner, bool fallback) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return fallback;
  const auto* value = node->as_boolean();
  if (value == nullptr) wrong_type(ctx, *node, key, owner, "true or false");
  return value->get();
}

bool need_bool(const Ctx& ctx, const toml::table& table, std::string_view key,
               const std::string& owner) {
  need(ctx, table, key, owner);
  return opt_bool(ctx, table, key, owner, false);
}

// Dates are TOML dates (deadline = 2023-12-31); a quoted "2023-12-31" is accepted too, because a
// hand-written file for another city will contain some, and it is checked just as strictly.
Date need_date(const Ctx& ctx, const toml::table& table, std::string_view key,
               const std::string& owner) {
  const toml::node& node = need(ctx, table, key, owner);
  if (const auto* value = node.as_date()) {
    const toml::date d = value->get();
    return Date{d.year, d.month, d.day};
  }
  if (const auto* value = node.as_string()) {
    if (auto date = parse_iso_date(value->get())) return *date;
    fail(ctx, line_of(node),
         owner + ": " + std::string(key) + " '" + value->get() + "' is not a date (YYYY-MM-DD)");
  }
  wrong_type(ctx, node, key, owner, "a date (YYYY-MM-DD)");
}

std::vector<std::string> opt_texts(const Ctx& ctx, const toml::table& table, std::string_view key,
                                   const std::string& owner) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return {};
  const toml::array* array = node->as_array();
  if (array == nullptr) wrong_type(ctx, *node, key, owner, "an array of strings");
  std::vector<std::string> out;
  for (const toml::node& item : *array) out.push_back(as_text(ctx, item, key, owner));
  return out;
}

// An array of tables ([[tasks]]); nullptr when the key is absent.
const toml::array* opt_tables(const Ctx& ctx, const toml::table& table, std::string_view key,
                              const std::string& owner) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return nullptr;
  const toml::array* array = node->as_array();
  if (array == nullptr)
    wrong_type(ctx, *node, key, owner, "an array of tables ([[" + std::string(key) + "]])");
  for (const toml::node& item : *array)
    if (!item.is_table()) wrong_type(ctx, item, key, owner, "an array of tables");
  return array;
}

const toml::array& need_tables(const Ctx& ctx, const toml::table& table, std::string_view key,
                               const std::string& owner) {
  const toml::array* array = opt_tables(ctx, table, key, owner);
  if (array == nullptr || array->empty())
    fail(ctx, line_of(table), owner + ": needs at least one [[" + std::string(key) + "]]");
  return *array;
}

// ---- the schema, table by table --------------------------------------------------------------

std::string ordinal_owner(std::string_view kind, std::size_t index) {
  return std::string(kind) + " #" + std::to_string(index + 1);
}

Target read_target(const Ctx& ctx, const toml::table& table, const Task& task, std::size_t index) {
  const std::string owner =
      "task " + std::to_string(task.id) + " target #" + std::to_string(index + 1);
  only_keys(ctx, table,
            {"quantity", "unit", "subject", "district", "measure", "comparison", "printed"}, owner);
  Target target;
  target.line = line_of(table);
  const toml::node& quantity = need(ctx, table, "quantity", owner);
  if (!quantity.is_number()) wrong_type(ctx, quantity, "quantity", owner, "a number");
  const auto* whole = quantity.as_integer();
  target.quantity = whole ? double(whole->get()) : quantity.as_floating_point()->get();
  if (!std::isfinite(target.quantity)) fail(ctx, line_of(quantity), owner + ": 'quantity' is not a finite number");
  if (target.quantity < 0) fail(ctx, line_of(quantity), owner + ": 'quantity' is negative");
  target.unit = need_text(ctx, table, "unit", owner);
  target.subject = need_text(ctx, table, "subject", owner);
  target.district = opt_text(ctx, table, "district", owner);
  target.printed = opt_text(ctx, table, "printed", owner).value_or("");
  return target;
}

// The links from a target to its task's measures and the comparison word are checked here, once
// the task's measures are known.
void read_target_links(const Ctx& ctx, const toml::table& table, const Task& task, Target& target) {
  const std::string owner =
      "task " + std::to_string(task.id) + " target on line " + std::to_string(target.line);
  target.measure = opt_text(ctx, table, "measure", owner);
  auto same_id = [&](const Measure& m) { return m.id == *target.measure; };
  if (target.measure && std::none_of(task.measures.begin(), task.measures.end(), same_id))
    fail(ctx, line_of(*table.get("measure")),
         owner + ": 'measure' '" + *target.measure + "' is not a measure of task " +
             std::to_string(task.id));
  target.comparison = opt_text(ctx, table, "comparison", owner).value_or("exact");
  if (target.comparison != "exact" && target.comparison != "at_least" &&
      target.comparison != "at_most")
    fail(ctx, line_of(*table.get("comparison")),
         owner + ": 'comparison' must be exact, at_least or at_most, not '" + target.comparison +
             "'");
}

void check_categories(const Ctx& ctx, const toml::table& table, const Measure& measure) {
  if (ctx.categories.empty()) return;
  for (const std::string& id : measure.categories)
    if (std::find(ctx.categories.begin(), ctx.categories.end(), id) == ctx.categories.end())
      fail(ctx, line_of(*table.get("categories")),
           "measure " + measure.id + ": unknown category id '" + id + "'");
}

// Measures are numbered within their task, in file order: the n-th measure of task 6 is "6.n".
Measure read_measure(const Ctx& ctx, const toml::table& table, int task_id, std::size_t index) {
  const std::string task_owner = "task " + std::to_string(task_id);
  Measure measure;
  measure.line = line_of(table);
  measure.number = static_cast<int>(index + 1);
  const std::string expected = std::to_string(task_id) + "." + std::to_string(measure.number);
  measure.id = need_text(ctx, table, "id", task_owner + " " + ordinal_owner("measure", index));
  if (measure.id != expected)
    fail(ctx, line_of(*table.get("id")),
         task_owner + ": measure #" + std::to_string(measure.number) + " has id '" + measure.id +
             "', expected '" + expected + "' (measures are numbered within their task)");
  const std::string owner = "measure " + measure.id;
  only_keys(ctx, table, {"id", "text", "assessable", "categories", "note"}, owner);
  measure.text = need_text(ctx, table, "text", owner);
  measure.assessable = need_bool(ctx, table, "assessable", owner);
  measure.categories = opt_texts(ctx, table, "categories", owner);
  measure.note = opt_text(ctx, table, "note", owner).value_or("");
  check_categories(ctx, table, measure);
  return measure;
}

void read_task_measures(const Ctx& ctx, const toml::table& table, Task& task) {
  const std::string owner = "task " + std::to_string(task.id);
  const toml::array& measures = need_tables(ctx, table, "measures", owner);
  for (std::size_t i = 0; i < measures.size(); ++i)
    task.measures.push_back(read_measure(ctx, *measures[i].as_table(), task.id, i));
}

void read_task_targets(const Ctx& ctx, const toml::table& table, Task& task) {
  const toml::array* targets = opt_tables(ctx, table, "targets", "task " + std::to_string(task.id));
  if (targets == nullptr) return;
  for (std::size_t i = 0; i < targets->size(); ++i) {
    const toml::table& item = *(*targets)[i].as_table();
    task.targets.push_back(read_target(ctx, item, task, i));
    read_target_links(ctx, item, task, task.targets.back());
  }
}

Task read_task(const Ctx& ctx, const toml::table& table, std::size_t index) {
  Task task;
  task.line = line_of(table);
  task.id = need_int(ctx, table, "id", ordinal_owner("[[tasks]]", index), 1);
  const std::string owner = "task " + std::to_string(task.id);
  only_keys(ctx, table,
            {"id", "circle", "title", "units", "units_carried", "deadline", "deadline_text",
             "deadline_carried", "targets", "measures"},
            owner);
  task.circle = need_int(ctx, table, "circle", owner, 1);
  task.title = need_text(ctx, table, "title", owner);
  need(ctx, table, "units", owner);
  task.units = opt_texts(ctx, table, "units", owner);
  if (task.units.empty()) fail(ctx, line_of(*table.get("units")), owner + ": 'units' is empty");
  task.units_carried = opt_bool(ctx, table, "units_carried", owner, false);
  task.deadline = need_date(ctx, table, "deadline", owner);
  task.deadline_text = opt_text(ctx, table, "deadline_text", owner).value_or("");
  task.deadline_carried = opt_bool(ctx, table, "deadline_carried", owner, false);
  read_task_measures(ctx, table, task);
  read_task_targets(ctx, table, task);
  return task;
}

Circle read_circle(const Ctx& ctx, const toml::table& table, std::size_t index) {
  Circle circle;
  circle.line = line_of(table);
  circle.id = need_int(ctx, table, "id", ordinal_owner("[[circles]]", index), 1);
  const std::string owner = "circle " + std::to_string(circle.id);
  only_keys(ctx, table, {"id", "name", "heading", "declared"}, owner);
  circle.name = need_text(ctx, table, "name", owner);
  circle.heading = opt_text(ctx, table, "heading", owner).value_or("");
  const toml::node& declared = need(ctx, table, "declared", owner);
  if (!declared.is_table()) wrong_type(ctx, declared, "declared", owner, "a table");
  const toml::table& counts = *declared.as_table();
  only_keys(ctx, counts, {"aspects", "measures"}, owner + " declared");
  circle.declared_aspects = need_int(ctx, counts, "aspects", owner + " declared", 0);
  circle.declared_measures = need_int(ctx, counts, "measures", owner + " declared", 0);
  return circle;
}

DeclaredCounts read_declared(const Ctx& ctx, const toml::table& root) {
  const toml::node& node = need(ctx, root, "declared", "checklist");
  if (!node.is_table()) wrong_type(ctx, node, "declared", "checklist", "a table");
  const toml::table& table = *node.as_table();
  only_keys(ctx, table, {"circles", "tasks", "measures", "text"}, "[declared]");
  DeclaredCounts declared;
  declared.circles = need_int(ctx, table, "circles", "[declared]", 0);
  declared.tasks = need_int(ctx, table, "tasks", "[declared]", 0);
  declared.measures = need_int(ctx, table, "measures", "[declared]", 0);
  declared.text = opt_text(ctx, table, "text", "[declared]").value_or("");
  return declared;
}

void read_circles(const Ctx& ctx, const toml::table& root, Checklist& out) {
  std::map<int, int> first_line;  // id -> line, for the duplicate message
  const toml::array& circles = need_tables(ctx, root, "circles", "checklist");
  for (std::size_t i = 0; i < circles.size(); ++i) {
    Circle circle = read_circle(ctx, *circles[i].as_table(), i);
    auto [it, fresh] = first_line.emplace(circle.id, circle.line);
    if (!fresh)
      fail(ctx, circle.line,
           "circle " + std::to_string(circle.id) + ": duplicate id (first defined on line " +
               std::to_string(it->second) + ")");
    out.circles.push_back(std::move(circle));
  }
}

// Tasks are written flat ([[tasks]] with circle = N) and nested into their circle here.
void read_tasks(const Ctx& ctx, const toml::table& root, Checklist& out) {
  std::map<int, int> first_line;
  const toml::array& tasks = need_tables(ctx, root, "tasks", "checklist");
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const toml::table& table = *tasks[i].as_table();
    // The duplicate is reported before anything else in the task: its other errors (measure ids
    // numbered for the first task of that id) would only be symptoms.
    const int id = need_int(ctx, table, "id", ordinal_owner("[[tasks]]", i), 1);
    auto [it, fresh] = first_line.emplace(id, line_of(*table.get("id")));
    if (!fresh)
      fail(ctx, line_of(*table.get("id")),
           "task " + std::to_string(id) + ": duplicate id (first defined on line " +
               std::to_string(it->second) + ")");
    Task task = read_task(ctx, table, i);
    const std::string owner = "task " + std::to_string(task.id);
    auto circle = std::find_if(out.circles.begin(), out.circles.end(),
                               [&](const Circle& c) { return c.id == task.circle; });
    if (circle == out.circles.end())
      fail(ctx, line_of(*table.get("circle")),
           owner + ": circle " + std::to_string(task.circle) + " is not defined");
    circle->tasks.push_back(std::move(task));
  }
}

// ---- declared vs actual counts ---------------------------------------------------------------

struct Count {
  int declared = 0;
  int actual = 0;
};

// Checklist fields: circles, tasks, measures. Circle fields: aspects (one task per aspect),
// measures.
std::optional<Count> count_of(const Checklist& list, std::optional<int> circle_id,
                              std::string_view field) {
  if (circle_id) {
    const Circle* circle = list.find_circle(*circle_id);
    if (circle == nullptr) return std::nullopt;
    if (field == "aspects") return Count{circle->declared_aspects, int(circle->tasks.size())};
    if (field == "measures") return Count{circle->declared_measures, int(circle->measure_count())};
    return std::nullopt;
  }
  if (field == "circles") return Count{list.declared.circles, int(list.circles.size())};
  if (field == "tasks") return Count{list.declared.tasks, int(list.task_count())};
  if (field == "measures") return Count{list.declared.measures, int(list.measure_count())};
  return std::nullopt;
}

std::string scope_name(const Checklist& list, std::optional<int> circle_id) {
  if (!circle_id) return "the checklist";
  const Circle* circle = list.find_circle(*circle_id);
  return "circle " + std::to_string(*circle_id) + (circle ? " " + circle->name : "");
}

// A [[reconciliation]] entry must restate the numbers it explains, and they must be right: a note
// that no longer matches the data after an edit is worse than none.
Reconciliation read_reconciliation(const Ctx& ctx, const toml::table& table, std::size_t index,
                                   const Checklist& list) {
  const std::string owner = ordinal_owner("[[reconciliation]]", index);
  only_keys(ctx, table, {"circle", "field", "declared", "actual", "decision"}, owner);
  Reconciliation rec;
  rec.line = line_of(table);
  if (table.get("circle") != nullptr) rec.circle = need_int(ctx, table, "circle", owner, 1);
  rec.field = need_text(ctx, table, "field", owner);
  rec.declared = need_int(ctx, table, "declared", owner, 0);
  rec.actual = need_int(ctx, table, "actual", owner, 0);
  rec.decision = need_text(ctx, table, "decision", owner);
  const std::optional<Count> count = count_of(list, rec.circle, rec.field);
  const std::string scope = scope_name(list, rec.circle);
  if (!count)
    fail(ctx, rec.line,
         owner + ": " + scope + " has no count '" + rec.field +
             "' (circles, tasks, measures; per circle: aspects, measures)");
  if (count->declared != rec.declared || count->actual != rec.actual)
    fail(ctx, rec.line,
         owner + ": " + scope + " declares " + std::to_string(count->declared) + " " + rec.field +
             " and has " + std::to_string(count->actual) + ", but the entry says " +
             std::to_string(rec.declared) + " and " + std::to_string(rec.actual));
  return rec;
}

void read_reconciliations(const Ctx& ctx, const toml::table& root, Checklist& out) {
  const toml::array* entries = opt_tables(ctx, root, "reconciliation", "checklist");
  if (entries == nullptr) return;
  for (std::size_t i = 0; i < entries->size(); ++i)
    out.reconciliations.push_back(read_reconciliation(ctx, *(*entries)[i].as_table(), i, out));
}

Checklist read_checklist(const Ctx& ctx, const toml::table& root) {
  only_keys(ctx, root,
            {"schema_version", "title", "city", "published", "source", "declared", "circles",
             "tasks", "reconciliation"},
            "checklist");
  if (root.get("schema_version") != nullptr &&
      need_int(ctx, root, "schema_version", "checklist", 1) != 1)
    fail(ctx, line_of(*root.get("schema_version")), "checklist: only schema_version 1 is known");
  Checklist out;
  out.path = ctx.path;
  out.title = need_text(ctx, root, "title", "checklist");
  out.city = opt_text(ctx, root, "city", "checklist").value_or("");
  out.source = opt_text(ctx, root, "source", "checklist").value_or("");
  out.published = need_date(ctx, root, "published", "checklist");
  out.declared = read_declared(ctx, root);
  read_circles(ctx, root, out);
  read_tasks(ctx, root, out);
  read_reconciliations(ctx, root, out);
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError({path, "", ""}, "cannot open the checklist file");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw InputError({path, "", ""}, "cannot read the checklist file");
  return buf.str();
}

toml::table parse_text(std::string_view text, const std::string& path) {
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw InputError({path, "", "line " + std::to_string(e.source().begin.line)},
                     "not valid TOML: " + std::string(e.description()));
  }
}

// ---- JSON ------------------------------------------------------------------------------------

using Json = nlohmann::ordered_json;  // ordered: the documented key order is kept in the output

// Whole numbers print as integers (60, not 60.0); 14.6 km stays a float.
Json quantity_json(double quantity) {
  if (std::floor(quantity) == quantity && std::fabs(quantity) < 9.0e15)
    return static_cast<std::int64_t>(quantity);
  return quantity;
}

Json target_json(const Target& target) {
  Json out = {{"quantity", quantity_json(target.quantity)},
              {"unit", target.unit},
              {"subject", target.subject}};
  if (target.district) out["district"] = *target.district;
  out["comparison"] = target.comparison;
  if (target.measure) out["measure"] = *target.measure;
  if (!target.printed.empty()) out["printed"] = target.printed;
  return out;
}

Json measure_json(const Measure& measure) {
  Json out = {{"id", measure.id},
              {"text", measure.text},
              {"assessable", measure.assessable},
              {"categories", measure.categories}};
  if (!measure.note.empty()) out["note"] = measure.note;
  return out;
}

Json task_json(const Task& task) {
  Json out = {{"id", task.id},
              {"title", task.title},
              {"units", task.units},
              {"units_carried", task.units_carried},
              {"deadline", task.deadline.iso()},
              {"deadline_text", task.deadline_text},
              {"deadline_carried", task.deadline_carried},
              {"targets", Json::array()},
              {"measures", Json::array()}};
  for (const Target& target : task.targets) out["targets"].push_back(target_json(target));
  for (const Measure& measure : task.measures) out["measures"].push_back(measure_json(measure));
  return out;
}

Json circle_json(const Circle& circle) {
  Json out = {
      {"id", circle.id},
      {"name", circle.name},
      {"heading", circle.heading},
      {"declared", {{"aspects", circle.declared_aspects}, {"measures", circle.declared_measures}}},
      {"actual", {{"aspects", circle.tasks.size()}, {"measures", circle.measure_count()}}},
      {"tasks", Json::array()}};
  for (const Task& task : circle.tasks) out["tasks"].push_back(task_json(task));
  return out;
}

Json comparison_json(const Comparison& cmp) {
  Json out = Json::object();
  if (cmp.circle) out["circle"] = *cmp.circle;
  out["field"] = cmp.field;
  out["declared"] = cmp.declared;
  out["actual"] = cmp.actual;
  out["agrees"] = cmp.agrees;
  out["note"] = cmp.note;
  return out;
}

}  // namespace

// ---- public entry points ---------------------------------------------------------------------

Checklist load_checklist(const std::string& path, std::span<const std::string> known_categories) {
  return parse_checklist(read_file(path), path, known_categories);
}

Checklist parse_checklist(std::string_view text, const std::string& path,
                          std::span<const std::string> known_categories) {
  const toml::table root = parse_text(text, path);
  const Ctx ctx{path, known_categories};
  return read_checklist(ctx, root);
}

std::vector<Comparison> reconcile(const Checklist& list) {
  std::vector<std::pair<std::optional<int>, std::string>> keys = {
      {std::nullopt, "circles"}, {std::nullopt, "tasks"}, {std::nullopt, "measures"}};
  for (const Circle& circle : list.circles) {
    keys.emplace_back(circle.id, "aspects");
    keys.emplace_back(circle.id, "measures");
  }
  std::vector<Comparison> out;
  for (const auto& [circle, field] : keys) {
    const Count count = count_of(list, circle, field).value_or(Count{});
    Comparison cmp{circle, field, count.declared, count.actual, count.declared == count.actual, ""};
    const std::string who = circle ? scope_name(list, circle) : "The checklist";
    cmp.note = who + " declares " + std::to_string(cmp.declared) + " " + field + "; " +
               std::to_string(cmp.actual) + " are transcribed.";
    if (!cmp.agrees) {
      // The comparison's own copies: clang 14 cannot capture structured bindings.
      auto same = [&cmp](const Reconciliation& r) { return r.circle == cmp.circle && r.field == cmp.field; };
      auto rec = std::find_if(list.reconciliations.begin(), list.reconciliations.end(), same);
      cmp.note += rec != list.reconciliations.end()
                      ? " Decision: " + rec->decision
                      : " No [[reconciliation]] entry in the file explains the difference.";
    }
    out.push_back(std::move(cmp));
  }
  return out;
}

std::string to_json(const Checklist& list) {
  Json out = {{"title", list.title},
              {"published", list.published.iso()},
              {"city", list.city},
              {"source", list.source},
              {"declared",
               {{"circles", list.declared.circles},
                {"tasks", list.declared.tasks},
                {"measures", list.declared.measures}}},
              {"actual",
               {{"circles", list.circles.size()},
                {"tasks", list.task_count()},
                {"measures", list.measure_count()}}},
              {"circles", Json::array()},
              {"reconciliation", Json::array()}};
  for (const Circle& circle : list.circles) out["circles"].push_back(circle_json(circle));
  for (const Comparison& cmp : reconcile(list))
    out["reconciliation"].push_back(comparison_json(cmp));
  return out.dump(2);
}

}  // namespace lc::plan
