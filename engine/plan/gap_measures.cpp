// lc::plan gap measures: the linkage of measured gaps to checklist measures, the progress table and
// the Markdown gap section. Rules are stated in gap_measures.hpp.
#include "plan/gap_measures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <utility>

#include "core/error.hpp"

namespace lc::plan {

namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string format_quantity(double q) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", q);
  return buf;
}

std::optional<double> number(const io::Cell& cell) {
  if (const auto* d = std::get_if<double>(&cell)) return std::isfinite(*d) ? std::optional<double>(*d) : std::nullopt;
  if (const auto* i = std::get_if<long long>(&cell)) return static_cast<double>(*i);
  return std::nullopt;
}

std::string text(const io::Cell& cell) {
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  if (const auto* i = std::get_if<long long>(&cell)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&cell)) return format_quantity(*d);
  return {};
}

// Index of a column by name; throws InputError naming the table when it is missing.
std::size_t column(const io::Table& table, std::string_view name) {
  for (std::size_t i = 0; i < table.fields.size(); ++i)
    if (table.fields[i].name == name) return i;
  throw InputError(Where{"", table.name, ""}, "the table has no column '" + std::string(name) + "'");
}

const io::Cell& at(const std::vector<io::Cell>& row, std::size_t i) {
  static const io::Cell kEmpty{};
  return i < row.size() ? row[i] : kEmpty;
}

// The columns of a unit_coverage table this module reads.
struct CoverageColumns {
  std::size_t unit, category, population, covered, coverage;
  explicit CoverageColumns(const io::Table& t)
      : unit(column(t, "unit")),
        category(column(t, "category")),
        population(column(t, "population")),
        covered(column(t, "covered_population")),
        coverage(column(t, "coverage")) {}
};

bool completeness_row(const std::string& category) { return category.rfind("all_level_", 0) == 0; }

// Coverage of a row: the coverage cell, else covered / population.
std::optional<double> row_coverage(const std::vector<io::Cell>& row, const CoverageColumns& c) {
  if (auto v = number(at(row, c.coverage))) return v;
  const auto pop = number(at(row, c.population));
  const auto cov = number(at(row, c.covered));
  if (pop && cov && *pop > 0) return *cov / *pop;
  return std::nullopt;
}

// City-wide ("ALL") coverage of a category; none when the row is missing or has nobody in it.
std::optional<double> city_coverage(const io::Table& unit_coverage, const std::string& category) {
  const CoverageColumns c(unit_coverage);
  for (const auto& row : unit_coverage.rows) {
    if (text(at(row, c.unit)) != "ALL" || text(at(row, c.category)) != category) continue;
    const auto pop = number(at(row, c.population));
    if (!pop || *pop <= 0) return std::nullopt;
    return row_coverage(row, c);
  }
  return std::nullopt;
}

bool is_count(const Target& t) { return t.unit != "%"; }

// A target that belongs to the measure itself (decides the progress status).
bool own_target(const Task& task, const Measure& measure, const Target& t) {
  if (t.measure) return *t.measure == measure.id;
  return task.measures.size() == 1;
}

std::string comparison_mark(const Target& t) {
  if (t.comparison == "at_least") return "≥";
  if (t.comparison == "at_most") return "≤";
  return "";
}

std::string amount(const Target& t) {
  const std::string q = comparison_mark(t) + format_quantity(t.quantity);
  return t.unit == "%" ? q + "%" : q + " " + t.unit;
}

std::string status_for(const Task& task, const Measure& measure, const std::vector<std::string>& categories,
                       const io::Table& unit_coverage, std::optional<double>* coverage_out) {
  const std::optional<double> coverage =
      categories.empty() ? std::nullopt : city_coverage(unit_coverage, categories.front());
  *coverage_out = coverage;
  if (!measure.assessable) return "not assessable";
  for (const Target& t : task.targets)
    if (own_target(task, measure, t) && is_count(t)) return "no data";
  if (!coverage) return "no data";
  return *coverage >= kMetCoverage ? "met" : "gap";
}

// Thousands-separated whole number ("12,000").
std::string people(double n) {
  const long long v = std::llround(n);
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string percent(std::optional<double> share) {
  if (!share) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", *share * 100.0);
  return buf;
}

// Text from data (unit and facility names, checklist text) as literal Markdown: names come from
// scraped POIs and hand-typed tables, so none may become markup. HTML-significant characters become
// entities (a Markdown renderer passes raw HTML through), brackets and backticks are escaped so
// no link, image or code span can start, and pipes and line breaks cannot end a table cell or row.
// Emphasis characters are left alone: they cannot carry markup, and ids like elder_dining stay
// readable in the raw file.
std::string md_cell(std::string s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\\': case '`': case '[': case ']': case '|':
        out += '\\';
        out += ch;
        break;
      case '\n': case '\r': out += ' '; break;
      default: out += ch;
    }
  }
  return out;
}

// At most `max_chars` UTF-8 code points, with "…" when cut.
std::string shorten(const std::string& s, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars) return s.substr(0, i) + "…";
    ++chars;
  }
  return s;
}

}  // namespace

std::vector<LinkedMeasure> linked_measures(const access::Catalog& catalog, const Checklist& checklist,
                                           std::string_view category) {
  const access::Category* cat = catalog.find(category);
  std::vector<LinkedMeasure> out;
  for (const Circle& circle : checklist.circles)
    for (const Task& task : circle.tasks)
      for (const Measure& measure : task.measures)
        if (contains(measure.categories, category) || (cat && contains(cat->measures, measure.id)))
          out.push_back({&task, &measure});
  std::sort(out.begin(), out.end(), [](const LinkedMeasure& a, const LinkedMeasure& b) {
    return std::pair(a.task->id, a.measure->number) < std::pair(b.task->id, b.measure->number);
  });
  return out;
}

std::vector<std::string> linked_categories(const access::Catalog& catalog, const Measure& measure) {
  std::vector<std::string> out;
  for (const std::string& id : measure.categories)
    if (!contains(out, id)) out.push_back(id);
  for (const access::Category& c : catalog.categories)
    if (contains(c.measures, measure.id) && !contains(out, c.id)) out.push_back(c.id);
  return out;
}

std::vector<const Target*> measure_targets(const Task& task, const Measure& measure) {
  std::vector<const Target*> out;
  for (const Target& t : task.targets)
    if (!t.measure || *t.measure == measure.id) out.push_back(&t);
  return out;
}

std::string render_targets(const std::vector<const Target*>& targets) {
  // Groups by subject, in order of first appearance.
  std::vector<std::string> subjects;
  for (const Target* t : targets)
    if (!contains(subjects, t->subject)) subjects.push_back(t->subject);
  std::vector<std::string> groups;
  for (const std::string& subject : subjects) {
    std::vector<const Target*> city, districts;
    for (const Target* t : targets)
      if (t->subject == subject) (t->district ? districts : city).push_back(t);
    for (const Target* t : city) {
      std::string g = amount(*t) + " " + subject;
      if (!districts.empty()) {
        std::vector<std::string> split;
        for (const Target* d : districts)
          split.push_back(*d->district + " " +
                          (d->unit == t->unit && d->comparison == t->comparison ? format_quantity(d->quantity)
                                                                                 : amount(*d)));
        g += " (" + join(split, ", ") + ")";
        districts.clear();  // written once, after the first city row
      }
      groups.push_back(std::move(g));
    }
    for (const Target* d : districts) groups.push_back(*d->district + " " + amount(*d) + " " + subject);
  }
  return join(groups, "; ");
}

io::Table gap_measures_table(const io::Table& unit_coverage, const access::Catalog& catalog,
                             const Checklist& checklist, const Date& as_of) {
  using io::FieldType;
  io::Table t{"gap_measures",
              "Category gaps per unit (population - covered_population > 0.5) and the checklist measures "
              "linked to them (" + checklist.title + "), deadlines judged at " + as_of.iso(),
              {{"unit"}, {"category"}, {"uncovered_population", FieldType::real}, {"coverage", FieldType::real},
               {"measure_id"}, {"task_id", FieldType::integer}, {"measure_text"}, {"responsible_units"},
               {"deadline"}, {"deadline_passed", FieldType::integer}, {"target"},
               {"target_for_unit", FieldType::real}, {"assessable", FieldType::integer}},
              false, {}, {}};
  const CoverageColumns c(unit_coverage);

  std::vector<const std::vector<io::Cell>*> rows;
  for (const auto& row : unit_coverage.rows) rows.push_back(&row);
  std::stable_partition(rows.begin(), rows.end(),
                        [&](const std::vector<io::Cell>* r) { return text(at(*r, c.unit)) == "ALL"; });

  std::map<std::string, std::vector<LinkedMeasure>> linked;  // per category, computed once
  for (const std::vector<io::Cell>* row : rows) {
    const std::string unit = text(at(*row, c.unit));
    const std::string category = text(at(*row, c.category));
    if (completeness_row(category)) continue;
    const auto population = number(at(*row, c.population));
    const auto covered = number(at(*row, c.covered));
    if (!population) continue;
    const double uncovered = *population - covered.value_or(0.0);
    if (!(uncovered > kMinUncovered)) continue;
    const io::Cell coverage = io::opt_real(row_coverage(*row, c));

    auto it = linked.find(category);
    if (it == linked.end()) it = linked.emplace(category, linked_measures(catalog, checklist, category)).first;
    if (it->second.empty()) {
      t.add({unit, category, uncovered, coverage, {}, {}, {}, {}, {}, {}, {}, {}, {}});
      continue;
    }
    for (const LinkedMeasure& lm : it->second) {
      const auto targets = measure_targets(*lm.task, *lm.measure);
      io::Cell for_unit;
      for (const Target* target : targets)
        if (target->district && *target->district == unit) {
          for_unit = target->quantity;
          break;
        }
      t.add({unit, category, uncovered, coverage, lm.measure->id, static_cast<long long>(lm.task->id),
             lm.measure->text, join(lm.task->units, "、"), lm.task->deadline.iso(),
             static_cast<long long>(lm.task->deadline < as_of ? 1 : 0), render_targets(targets), for_unit,
             static_cast<long long>(lm.measure->assessable ? 1 : 0)});
    }
  }
  return t;
}

io::Table progress_table(const Checklist& checklist, const access::Catalog& catalog,
                         const io::Table& base_unit_coverage, const io::Table* plan_unit_coverage,
                         const Date& as_of) {
  using io::FieldType;
  io::Table t{"progress",
              std::string("Checklist measures (") + checklist.title + "): city-wide coverage of each measure's first "
              "linked category in the base" + (plan_unit_coverage ? " and plan" : "") +
                  " scenario; met at coverage >= 0.95; count targets need siting (no data); deadlines judged at " +
                  as_of.iso(),
              {{"measure_id"}, {"task_id", FieldType::integer}, {"circle", FieldType::integer},
               {"assessable", FieldType::integer}, {"categories"}, {"target"}, {"base_coverage", FieldType::real},
               {"plan_coverage", FieldType::real}, {"deadline"}, {"deadline_passed", FieldType::integer},
               {"status"}, {"plan_status"}},
              false, {}, {}};
  for (const Circle& circle : checklist.circles)
    for (const Task& task : circle.tasks)
      for (const Measure& measure : task.measures) {
        const std::vector<std::string> categories = linked_categories(catalog, measure);
        std::optional<double> base, plan;
        const std::string status = status_for(task, measure, categories, base_unit_coverage, &base);
        io::Cell plan_status;
        if (plan_unit_coverage) plan_status = status_for(task, measure, categories, *plan_unit_coverage, &plan);
        t.add({measure.id, static_cast<long long>(task.id), static_cast<long long>(task.circle),
               static_cast<long long>(measure.assessable ? 1 : 0), join(categories, ","),
               render_targets(measure_targets(task, measure)), io::opt_real(base), io::opt_real(plan),
               task.deadline.iso(), static_cast<long long>(task.deadline < as_of ? 1 : 0), status, plan_status});
      }
  return t;
}

std::string gap_report_markdown(const io::Table& gap_measures, const Checklist& checklist, const Date& as_of) {
  const std::size_t c_unit = column(gap_measures, "unit"), c_cat = column(gap_measures, "category"),
                    c_unc = column(gap_measures, "uncovered_population"),
                    c_cov = column(gap_measures, "coverage"), c_mid = column(gap_measures, "measure_id"),
                    c_text = column(gap_measures, "measure_text"),
                    c_units = column(gap_measures, "responsible_units"),
                    c_dl = column(gap_measures, "deadline"), c_target = column(gap_measures, "target"),
                    c_tfu = column(gap_measures, "target_for_unit"),
                    c_ass = column(gap_measures, "assessable");

  std::string md = "## 缺口与清单措施 / Gaps and the checklist measures meant to close them\n\n";
  md += "清单 Checklist: " + md_cell(checklist.title) + " · 截至 As of: " + as_of.iso() + "\n\n";

  // Categories in order of first appearance.
  std::vector<std::string> categories;
  for (const auto& row : gap_measures.rows) {
    const std::string cat = text(at(row, c_cat));
    if (!contains(categories, cat)) categories.push_back(cat);
  }
  if (categories.empty()) {
    md += "没有缺口:每类设施都覆盖了全部人口。 / No gaps: every category reaches everyone within its walk.\n";
    return md;
  }
  md += "每类设施:步行时限内到达不了的人口(全市 ALL 在前,再按区),以及清单中针对它的措施、责任单位、完成时限和目标。"
        "⚠ 表示完成时限在截至日前已过。\n"
        "Per category: the people who cannot reach one within the walking threshold (city-wide first, then by "
        "unit), and the checklist measures meant to close the gap with their responsible units, deadlines and "
        "targets. ⚠ marks a deadline that passed before the as-of date.\n";

  for (const std::string& cat : categories) {
    std::vector<const std::vector<io::Cell>*> rows;
    for (const auto& row : gap_measures.rows)
      if (text(at(row, c_cat)) == cat) rows.push_back(&row);

    md += "\n### " + md_cell(cat) + "\n\n";
    md += "| 范围 Area | 未覆盖人口 People uncovered | 覆盖率 Coverage |\n|---|---:|---:|\n";
    std::vector<std::string> units;
    for (const auto* row : rows) {
      const std::string u = text(at(*row, c_unit));
      if (!contains(units, u)) units.push_back(u);
    }
    std::stable_partition(units.begin(), units.end(), [](const std::string& u) { return u == "ALL"; });
    for (const std::string& u : units)
      for (const auto* row : rows)
        if (text(at(*row, c_unit)) == u) {
          md += "| " + (u == "ALL" ? std::string("全市 City (ALL)") : md_cell(u)) + " | " +
                people(number(at(*row, c_unc)).value_or(0.0)) + " | " + percent(number(at(*row, c_cov))) + " |\n";
          break;
        }

    // Measures, once each, in row order (already sorted by task and measure).
    std::vector<std::string> ids;
    std::vector<const std::vector<io::Cell>*> measure_rows;
    for (const auto* row : rows) {
      const std::string id = text(at(*row, c_mid));
      if (id.empty() || contains(ids, id)) continue;
      ids.push_back(id);
      measure_rows.push_back(row);
    }
    if (measure_rows.empty()) {
      md += "\n清单中没有针对该类设施的措施。 / No checklist measure acts on this category.\n";
      continue;
    }
    md += "\n| 措施 Measure | 可评估 Assessable | 责任单位 Responsible units | 完成时限 Deadline | 目标 Target | 内容 Text |\n"
          "|---|---|---|---|---|---|\n";
    for (const auto* row : measure_rows) {
      const std::string deadline = text(at(*row, c_dl));
      const auto date = parse_iso_date(deadline);
      const bool passed = date && *date < as_of;
      const bool assessable = number(at(*row, c_ass)).value_or(0.0) != 0.0;
      md += "| " + md_cell(text(at(*row, c_mid))) + " | " + (assessable ? "是 yes" : "否 no") + " | " +
            md_cell(text(at(*row, c_units))) + " | " + (passed ? "⚠ " + deadline + " 已过 passed" : deadline) +
            " | " + md_cell(text(at(*row, c_target))) + " | " + md_cell(shorten(text(at(*row, c_text)), 60)) +
            " |\n";
    }
    // Per-unit shares of the targets, where the checklist splits them by district.
    std::vector<std::string> splits;
    for (const std::string& u : units)
      for (const auto* row : rows)
        if (text(at(*row, c_unit)) == u)
          if (auto q = number(at(*row, c_tfu)))
            splits.push_back(md_cell(u) + " " + format_quantity(*q) + " (" + md_cell(text(at(*row, c_mid))) + ")");
    if (!splits.empty()) md += "\n各区目标 Targets for the units: " + join(splits, ", ") + "\n";
  }
  return md;
}

Date parse_date_arg(const std::string& text_arg) {
  if (auto date = parse_iso_date(text_arg)) return *date;
  throw UsageError(Field{"as_of"}, "expected a date YYYY-MM-DD, got '" + text_arg + "'");
}

}  // namespace lc::plan
