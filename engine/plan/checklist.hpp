// lc::plan checklist: the model of a city's life-circle task checklist (circles, tasks, measures,
// quantitative targets, the counts the checklist declares about itself), its TOML loader with
// schema errors that name the line, the declared-vs-actual reconciliation, and the JSON view used
// by `lifecircle checklist show --json`. The file schema is documented in docs/checklist.md; the
// Wuhai 2023 checklist is data/checklist/wuhai-2023.toml. Nothing here knows the facility catalog:
// the known category ids are passed in, so the catalog module can depend on this one, not the
// reverse.
#pragma once

#include <compare>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lc::plan {

// A calendar date. Plain ints rather than std::chrono so the model stays trivially copyable and
// comparable (deadline passed at --as-of DATE is `deadline < as_of`).
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  std::string iso() const;  // YYYY-MM-DD
  auto operator<=>(const Date&) const = default;
};

bool is_valid_date(int year, int month, int day);
// Strict YYYY-MM-DD; nullopt for anything else, including 2023-02-30.
std::optional<Date> parse_iso_date(std::string_view text);

// A number the checklist states as a target ("2023年建设14个社区便民点").
struct Target {
  double quantity = 0;
  std::string unit;                     // as printed: 个, 套, %, 户, 人次 ...
  std::string subject;                  // what is counted
  std::optional<std::string> district;  // set on per-district rows; the city row has none
  std::optional<std::string> measure;   // measure id the number is printed in; none: task title
  std::string comparison = "exact";  // "exact", "at_least" (以上, 突破), "at_most" (不超过, 内)
  std::string printed;               // the seed's wording, for the report and for review
  int line = 0;
};

struct Measure {
  std::string id;  // "<task>.<n>", n = position within the task, from 1
  int number = 0;  // n
  std::string text;
  bool assessable = false;              // can a walking-accessibility analysis judge it?
  std::vector<std::string> categories;  // facility category ids it acts on
  std::string note;                     // why assessable/categories were decided so (optional)
  int line = 0;
};

struct Task {
  int id = 0;
  int circle = 0;
  std::string title;
  std::vector<std::string> units;
  bool units_carried = false;  // true: the unit cell was printed on an earlier row of the block
  Date deadline;
  std::string deadline_text;  // as printed ("2023年底"); may be empty
  bool deadline_carried = false;
  std::vector<Target> targets;
  std::vector<Measure> measures;
  int line = 0;
};

struct Circle {
  int id = 0;
  std::string name;
  std::string heading;  // the printed heading, with its declared counts
  int declared_aspects = 0;
  int declared_measures = 0;
  std::vector<Task> tasks;  // in file order
  int line = 0;

  std::size_t measure_count() const;
};

// A documented decision where the checklist disagrees with itself (a [[reconciliation]] entry).
struct Reconciliation {
  std::optional<int> circle;  // none: the whole checklist
  std::string field;          // "circles", "tasks", "aspects" or "measures"
  int declared = 0;
  int actual = 0;
  std::string decision;
  int line = 0;
};

struct DeclaredCounts {
  int circles = 0;
  int tasks = 0;
  int measures = 0;
  std::string text;  // the sentence that declares them (optional)
};

struct Checklist {
  std::string path;  // the file it was loaded from
  std::string title;
  std::string city;
  std::string source;
  Date published;
  DeclaredCounts declared;
  std::vector<Circle> circles;
  std::vector<Reconciliation> reconciliations;

  std::size_t task_count() const;
  std::size_t measure_count() const;
  const Circle* find_circle(int id) const;
  const Task* find_task(int id) const;
  const Measure* find_measure(std::string_view id) const;
};

// Loads and validates a checklist. Every schema violation throws lc::InputError naming the file and
// the line. Category ids are checked against known_categories unless it is empty.
Checklist load_checklist(const std::string& path,
                         std::span<const std::string> known_categories = {});
// The same from the file's text (load_checklist reads the file and calls this); `path` names it in
// messages. The fuzz target fuzz/checklist enters here.
Checklist parse_checklist(std::string_view text, const std::string& path,
                          std::span<const std::string> known_categories = {});

// One declared-vs-actual count. The note is a sentence for people; where the counts disagree it
// carries the file's [[reconciliation]] decision, or says that none explains it.
struct Comparison {
  std::optional<int> circle;  // none: the whole checklist
  std::string field;          // "circles", "tasks", "aspects" or "measures"
  int declared = 0;
  int actual = 0;
  bool agrees = true;
  std::string note;
};

// Checklist totals first (circles, tasks, measures), then per circle (aspects = tasks, measures).
std::vector<Comparison> reconcile(const Checklist& checklist);

// The `checklist show --json` document (shape in docs/checklist.md).
std::string to_json(const Checklist& checklist);

}  // namespace lc::plan
