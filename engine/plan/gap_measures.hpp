// lc::plan gap measures: links what the accessibility analysis measured (the `unit_coverage` table
// of lc::access) to the checklist measures meant to close each gap, with who is responsible, by
// when, whether that date has passed, and the numbers the checklist promises. Three views: the
// `gap_measures` table (layer / CSV), the measure-by-measure `progress` table for a base and an
// optional plan scenario, and a Markdown section for the report. Pure functions over plain data;
// no I/O. Siting (how many new facilities would close a gap) is not part of this module yet.
//
// Linkage. A measure is linked to a category when the catalog's category lists the measure id
// (`measures = ["6.5", "24.1"]`) or the checklist measure lists the category id
// (`categories = ["elder_dining"]`): the union of both, without duplicates, sorted by task then
// measure number. Catalog measure ids that the checklist does not have are ignored.
//
// Targets. The targets shown for a measure are the task's targets that name the measure
// (`measure = "16.1"`) plus the task's title targets (no `measure`), which apply to the whole task.
// Rendered as "20 套 购置安装健身器材 (海勃湾区 9, 乌达区 6, 海南区 5)": one group per subject, the
// city row first with the per-district rows in brackets; a group with district rows only is
// written "海南区 3 座 新增环保公厕"; "≥" / "≤" mark at_least / at_most; groups are joined with "; ".
//
// Deadlines. A deadline has passed at the as-of date when `deadline < as_of` (on the day itself it
// has not).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/catalog.hpp"
#include "io/table.hpp"
#include "plan/checklist.hpp"

namespace lc::plan {

// A category's coverage share at or above which an assessable measure acting on it counts as met.
inline constexpr double kMetCoverage = 0.95;
// A unit-category pair is a gap when more than this many people are uncovered (rounding noise of
// group shares stays out of the report).
inline constexpr double kMinUncovered = 0.5;

// One measure with the task it belongs to; pointers into the Checklist, which must outlive it.
struct LinkedMeasure {
  const Task* task = nullptr;
  const Measure* measure = nullptr;
};

// The measures linked to a category (rule above), sorted by task id then measure number.
std::vector<LinkedMeasure> linked_measures(const access::Catalog& catalog, const Checklist& checklist,
                                           std::string_view category);

// The categories linked to a measure: the measure's own `categories` first, then the catalog
// categories listing the measure, in catalog order, without duplicates.
std::vector<std::string> linked_categories(const access::Catalog& catalog, const Measure& measure);

// The task's targets shown for a measure: those naming it plus the task's title targets.
std::vector<const Target*> measure_targets(const Task& task, const Measure& measure);
// The targets as one line of text (format above); "" when there are none.
std::string render_targets(const std::vector<const Target*>& targets);

// The gap report as a table (layer `gap_measures`). Input: a `unit_coverage` table (columns unit,
// category, population, covered_population, coverage, ...; the completeness rows `all_level_N` are
// skipped). For every unit (including "ALL") and category where population - covered_population >
// kMinUncovered, one row per linked measure:
//   unit, category, uncovered_population, coverage, measure_id, task_id, measure_text,
//   responsible_units (joined with "、"), deadline (YYYY-MM-DD), deadline_passed (1/0 at as_of),
//   target (rendered text, "" when none), target_for_unit (quantity of the first shown target whose
//   district equals the unit's name, else empty), assessable (1/0).
// A gap that no measure is linked to still gets one row, with the measure columns empty: a gap the
// checklist does not address is worth seeing. Rows of unit "ALL" come first, then the other units in
// input order; within a unit, categories in input order. Throws lc::InputError when a required
// column is missing.
io::Table gap_measures_table(const io::Table& unit_coverage, const access::Catalog& catalog,
                             const Checklist& checklist, const Date& as_of);

// Measure by measure, every measure of the checklist in file order (not assessable ones too):
//   measure_id, task_id, circle, assessable (1/0), categories (linked ids joined with ","), target,
//   base_coverage, plan_coverage, deadline, deadline_passed (1/0 at as_of), status, plan_status.
// base_coverage / plan_coverage: the "ALL" row's coverage of the measure's first linked category in
// that scenario; empty when there is no such row (plan_coverage is empty without a plan).
// status (base scenario) and plan_status (plan scenario; empty without a plan) are one of
//   "not assessable"  the measure is `assessable = false`;
//   "no data"         no linked category, no "ALL" row for the first one (or zero population there),
//                     or the measure has a quantity target of its own that is not a share (a target
//                     naming it, or a title target of a task with a single measure, whose unit is not
//                     "%": facilities, households, money, floor area): whether such a number is
//                     reached needs facility counts / siting, which coverage does not give. Title
//                     targets of a task with several measures (task 6's 14 points) are shown in
//                     `target` but do not decide the status of each of its measures;
//   "met"             coverage >= kMetCoverage;
//   "gap"             coverage < kMetCoverage.
io::Table progress_table(const Checklist& checklist, const access::Catalog& catalog,
                         const io::Table& base_unit_coverage, const io::Table* plan_unit_coverage,
                         const Date& as_of);

// A Markdown section (starts with a level-2 heading) from a gap_measures table: per category, a table
// of people uncovered and coverage (city-wide "ALL" first, then each unit), then its linked measures
// with responsible units, deadline (⚠ when passed at as_of), target and per-unit targets. Headings
// and column names are Chinese + English.
std::string gap_report_markdown(const io::Table& gap_measures, const Checklist& checklist,
                                const Date& as_of);

// The date deadlines are judged at: strict YYYY-MM-DD; throws lc::UsageError about the field
// "as_of" otherwise (the command line's --as-of).
Date parse_date_arg(const std::string& text);

}  // namespace lc::plan
