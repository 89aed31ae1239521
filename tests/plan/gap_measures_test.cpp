// Tests of lc::plan gap measures: a small synthetic unit_coverage table, built by hand, linked to the
// measures of the shipped Wuhai 2023 checklist and catalog (elder dining to 6.5 and 24.1, fitness
// with its per-district split, health stations), deadlines at two as-of dates, the progress table's
// statuses, and the Markdown section.
#include "plan/gap_measures.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "access/catalog.hpp"
#include "core/error.hpp"
#include "plan/checklist.hpp"

#ifndef LIFECIRCLE_SOURCE_DIR
#define LIFECIRCLE_SOURCE_DIR "."
#endif

namespace {

using lc::io::Cell;
using lc::io::Table;
using lc::plan::Date;

const lc::access::Catalog& catalog() {
  static const lc::access::Catalog c =
      lc::access::load_catalog(std::string(LIFECIRCLE_SOURCE_DIR) + "/data/geo/categories.toml");
  return c;
}

const lc::plan::Checklist& checklist() {
  static const lc::plan::Checklist list = [] {
    std::vector<std::string> ids;
    for (const auto& c : catalog().categories) ids.push_back(c.id);
    return lc::plan::load_checklist(std::string(LIFECIRCLE_SOURCE_DIR) + "/data/checklist/wuhai-2023.toml", ids);
  }();
  return list;
}

// unit_coverage as lc::access::coverage_table writes it (key column "unit").
Table unit_coverage() {
  using lc::io::FieldType;
  Table t{"unit_coverage", "", {{"unit"}, {"category"}, {"population", FieldType::real},
      {"covered_population", FieldType::real}, {"coverage", FieldType::real}, {"mean_s", FieldType::real},
      {"p85_s", FieldType::real}, {"gini", FieldType::real}}, false, {}, {}};
  auto add = [&](const std::string& unit, const std::string& category, double population, double covered) {
    t.add({unit, category, population, covered, population > 0 ? Cell{covered / population} : Cell{}, 300.0,
           600.0, 0.2});
  };
  add("乌达区", "elder_dining", 12000, 3000);
  add("乌达区", "all_level_5", 50000, 1000);       // completeness row: never a gap row
  add("海勃湾区", "elder_dining", 20000, 20000);   // fully covered: no rows
  add("海勃湾区", "fitness", 100000, 80000);
  add("海南区", "health_station", 30000, 29999.8);  // 0.2 uncovered: rounding noise, no rows
  add("海南区", "pharmacy", 30000, 20000);          // no measure acts on pharmacies
  add("ALL", "elder_dining", 40000, 30000);
  add("ALL", "fitness", 250000, 230000);
  add("ALL", "health_station", 250000, 245000);
  add("ALL", "pharmacy", 250000, 240000);
  add("ALL", "all_level_5", 250000, 100000);
  return t;
}

std::size_t col(const Table& t, const std::string& name) {
  for (std::size_t i = 0; i < t.fields.size(); ++i)
    if (t.fields[i].name == name) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

std::string str(const Cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return *s;
  return {};
}

std::optional<double> num(const Cell& c) {
  if (const auto* d = std::get_if<double>(&c)) return *d;
  if (const auto* i = std::get_if<long long>(&c)) return static_cast<double>(*i);
  return std::nullopt;
}

// Rows of a unit and category.
std::vector<std::vector<Cell>> rows_of(const Table& t, const std::string& unit, const std::string& category) {
  std::vector<std::vector<Cell>> out;
  for (const auto& row : t.rows)
    if (str(row[col(t, "unit")]) == unit && str(row[col(t, "category")]) == category) out.push_back(row);
  return out;
}

std::vector<std::string> measure_ids(const Table& t, const std::string& unit, const std::string& category) {
  std::vector<std::string> ids;
  for (const auto& row : rows_of(t, unit, category)) ids.push_back(str(row[col(t, "measure_id")]));
  return ids;
}

const std::vector<Cell>* row_of(const Table& t, const std::string& unit, const std::string& category,
                                const std::string& measure) {
  for (const auto& row : t.rows)
    if (str(row[col(t, "unit")]) == unit && str(row[col(t, "category")]) == category &&
        str(row[col(t, "measure_id")]) == measure)
      return &row;
  return nullptr;
}

const std::vector<Cell>* progress_row(const Table& t, const std::string& measure) {
  for (const auto& row : t.rows)
    if (str(row[col(t, "measure_id")]) == measure) return &row;
  return nullptr;
}

constexpr Date kEarly{2023, 1, 1};
constexpr Date kLate{2024, 1, 1};

TEST(GapMeasures, Columns) {
  const Table t = lc::plan::gap_measures_table(unit_coverage(), catalog(), checklist(), kLate);
  EXPECT_EQ(t.name, "gap_measures");
  std::vector<std::string> names;
  for (const auto& f : t.fields) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"unit", "category", "uncovered_population", "coverage", "measure_id",
                                             "task_id", "measure_text", "responsible_units", "deadline",
                                             "deadline_passed", "target", "target_for_unit", "assessable"}));
  for (const auto& row : t.rows) EXPECT_EQ(row.size(), t.fields.size());
}

TEST(GapMeasures, ElderDiningLinksToItsMeasures) {
  const Table t = lc::plan::gap_measures_table(unit_coverage(), catalog(), checklist(), kLate);
  EXPECT_EQ(measure_ids(t, "乌达区", "elder_dining"), (std::vector<std::string>{"6.5", "24.1"}));
  EXPECT_EQ(measure_ids(t, "ALL", "elder_dining"), (std::vector<std::string>{"6.5", "24.1"}));

  const auto* m65 = row_of(t, "乌达区", "elder_dining", "6.5");
  ASSERT_NE(m65, nullptr);
  EXPECT_DOUBLE_EQ(*num((*m65)[col(t, "uncovered_population")]), 9000.0);
  EXPECT_DOUBLE_EQ(*num((*m65)[col(t, "coverage")]), 0.25);
  EXPECT_EQ(*num((*m65)[col(t, "task_id")]), 6);
  EXPECT_EQ(str((*m65)[col(t, "responsible_units")]), "市商务局");
  EXPECT_EQ(str((*m65)[col(t, "deadline")]), "2023-12-31");
  EXPECT_EQ(*num((*m65)[col(t, "assessable")]), 1);
  EXPECT_NE(str((*m65)[col(t, "measure_text")]).find("老年餐厅"), std::string::npos);
  // Task 6's title targets apply to all its measures; 6.6's own target is not 6.5's.
  EXPECT_EQ(str((*m65)[col(t, "target")]), "14 个 建设社区便民点; 60 个 优化提升社区商业网点");

  const auto* m24 = row_of(t, "乌达区", "elder_dining", "24.1");
  ASSERT_NE(m24, nullptr);
  EXPECT_EQ(*num((*m24)[col(t, "task_id")]), 24);
  EXPECT_EQ(str((*m24)[col(t, "responsible_units")]), "市民政局");
  EXPECT_EQ(str((*m24)[col(t, "deadline")]), "2023-05-31");
  EXPECT_EQ(str((*m24)[col(t, "target")]), "");
  EXPECT_FALSE(num((*m24)[col(t, "target_for_unit")]));
}

TEST(GapMeasures, DeadlinePassedFlipsWithAsOf) {
  for (const auto& [as_of, passed] : {std::pair{kEarly, 0}, std::pair{kLate, 1}}) {
    const Table t = lc::plan::gap_measures_table(unit_coverage(), catalog(), checklist(), as_of);
    for (const std::string m : {"6.5", "24.1"}) {
      const auto* row = row_of(t, "乌达区", "elder_dining", m);
      ASSERT_NE(row, nullptr);
      EXPECT_EQ(*num((*row)[col(t, "deadline_passed")]), passed) << m << " at " << as_of.iso();
    }
  }
  // On the deadline day itself it has not passed; the day after it has.
  const Table on = lc::plan::gap_measures_table(unit_coverage(), catalog(), checklist(), Date{2023, 5, 31});
  EXPECT_EQ(*num((*row_of(on, "乌达区", "elder_dining", "24.1"))[col(on, "deadline_passed")]), 0);
  const Table after = lc::plan::gap_measures_table(unit_coverage(), catalog(), checklist(), Date{2023, 6, 1});
  EXPECT_EQ(*num((*row_of(after, "乌达区", "elder_dining", "24.1"))[col(after, "deadline_passed")]), 1);
  EXPECT_EQ(*num((*row_of(after, "乌达区", "elder_dining", "6.5"))[col(after, "deadline_passed")]), 0);
}

TEST(GapMeasures, FitnessTargetForTheDistrict) {
  const Table t = lc::plan::gap_measures_table(unit_coverage(), catalog(), checklist(), kLate);
  EXPECT_EQ(measure_ids(t, "海勃湾区", "fitness"), (std::vector<std::string>{"14.1", "15.1", "16.1"}));
  const auto* m16 = row_of(t, "海勃湾区", "fitness", "16.1");
  ASSERT_NE(m16, nullptr);
  EXPECT_EQ(str((*m16)[col(t, "target")]), "20 套 购置安装健身器材 (海勃湾区 9, 乌达区 6, 海南区 5)");
  EXPECT_DOUBLE_EQ(*num((*m16)[col(t, "target_for_unit")]), 9.0);
  EXPECT_EQ(str((*m16)[col(t, "responsible_units")]), "市文体旅游广电局");
  // The city row has no district of its own.
  EXPECT_FALSE(num((*row_of(t, "ALL", "fitness", "16.1"))[col(t, "target_for_unit")]));
  // 14.1 acts on fitness but is not assessable; its targets are at-least ones.
  const auto* m14 = row_of(t, "海勃湾区", "fitness", "14.1");
  ASSERT_NE(m14, nullptr);
  EXPECT_EQ(*num((*m14)[col(t, "assessable")]), 0);
  EXPECT_NE(str((*m14)[col(t, "target")]).find("≥12 项 举办体育赛事活动"), std::string::npos);
  EXPECT_NE(str((*m14)[col(t, "target")]).find("≥38% "), std::string::npos);
}

TEST(GapMeasures, HealthStationLinks) {
  const Table t = lc::plan::gap_measures_table(unit_coverage(), catalog(), checklist(), kLate);
  EXPECT_EQ(measure_ids(t, "ALL", "health_station"),
            (std::vector<std::string>{"29.1", "30.1", "31.1", "32.1", "33.1"}));
  EXPECT_EQ(*num((*row_of(t, "ALL", "health_station", "31.1"))[col(t, "assessable")]), 1);
  EXPECT_EQ(*num((*row_of(t, "ALL", "health_station", "29.1"))[col(t, "assessable")]), 0);
  EXPECT_EQ(str((*row_of(t, "ALL", "health_station", "31.1"))[col(t, "responsible_units")]), "市卫生健康委");
}

TEST(GapMeasures, CoveredAndCompletenessRowsGiveNoRows) {
  const Table t = lc::plan::gap_measures_table(unit_coverage(), catalog(), checklist(), kLate);
  EXPECT_TRUE(rows_of(t, "海勃湾区", "elder_dining").empty());
  EXPECT_TRUE(rows_of(t, "海南区", "health_station").empty());
  EXPECT_TRUE(rows_of(t, "乌达区", "all_level_5").empty());
  EXPECT_TRUE(rows_of(t, "ALL", "all_level_5").empty());
}

TEST(GapMeasures, UnlinkedGapKeepsOneRow) {
  const Table t = lc::plan::gap_measures_table(unit_coverage(), catalog(), checklist(), kLate);
  const auto rows = rows_of(t, "海南区", "pharmacy");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(*num(rows[0][col(t, "uncovered_population")]), 10000.0);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(rows[0][col(t, "measure_id")]));
}

TEST(GapMeasures, CityRowsFirst) {
  const Table t = lc::plan::gap_measures_table(unit_coverage(), catalog(), checklist(), kLate);
  ASSERT_FALSE(t.rows.empty());
  bool seen_unit = false;
  for (const auto& row : t.rows) {
    const bool all = str(row[col(t, "unit")]) == "ALL";
    EXPECT_FALSE(all && seen_unit) << "an ALL row after a unit row";
    seen_unit = seen_unit || !all;
  }
}

TEST(GapMeasures, MissingColumnIsAnInputError) {
  Table bad = unit_coverage();
  bad.fields[3].name = "covered";
  EXPECT_THROW(lc::plan::gap_measures_table(bad, catalog(), checklist(), kLate), lc::InputError);
}

TEST(GapMeasures, LinkageIsTheUnionOfBothSides) {
  // A category listed by the catalog only, or by the checklist only, still links.
  lc::access::Catalog cat = catalog();
  for (auto& c : cat.categories)
    if (c.id == "elder_dining") c.measures.clear();  // 24.1 still names elder_dining itself
  std::vector<std::string> ids;
  for (const auto& lm : lc::plan::linked_measures(cat, checklist(), "elder_dining")) ids.push_back(lm.measure->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"6.5", "24.1"}));
  for (auto& c : cat.categories)
    if (c.id == "pharmacy") c.measures = {"44.2", "6.4", "99.9"};  // unknown ids are ignored
  ids.clear();
  for (const auto& lm : lc::plan::linked_measures(cat, checklist(), "pharmacy")) ids.push_back(lm.measure->id);
  EXPECT_EQ(ids, (std::vector<std::string>{"6.4", "44.2"}));
}

TEST(Progress, StatusesForBaseAndPlan) {
  const Table base = unit_coverage();
  Table plan = unit_coverage();
  for (auto& row : plan.rows)
    if (str(row[0]) == "ALL" && str(row[1]) == "elder_dining") {
      row[3] = 38400.0;
      row[4] = 0.96;
    }
  const Table t = lc::plan::progress_table(checklist(), catalog(), base, &plan, kLate);
  EXPECT_EQ(t.rows.size(), checklist().measure_count());
  auto status = [&](const std::string& m) { return str((*progress_row(t, m))[col(t, "status")]); };
  auto plan_status = [&](const std::string& m) { return str((*progress_row(t, m))[col(t, "plan_status")]); };

  EXPECT_EQ(status("1.1"), "not assessable");
  EXPECT_EQ(status("14.1"), "not assessable");
  EXPECT_EQ(status("24.1"), "gap");        // elder dining 75 %
  EXPECT_EQ(plan_status("24.1"), "met");   // 96 % in the plan
  EXPECT_EQ(status("6.5"), "gap");         // first linked category: elder_dining
  EXPECT_EQ(status("31.1"), "met");        // health stations 98 %
  EXPECT_EQ(status("16.1"), "no data");    // 20 sets of equipment: a count
  EXPECT_EQ(status("15.1"), "gap");        // fitness 92 %, no count of its own
  EXPECT_EQ(status("44.2"), "no data");    // 4 water-bill points: a count
  EXPECT_EQ(status("28.1"), "no data");    // childcare not measured
  EXPECT_EQ(status("6.6"), "no data");     // 20 communities: a count

  const auto& r24 = *progress_row(t, "24.1");
  EXPECT_DOUBLE_EQ(*num(r24[col(t, "base_coverage")]), 0.75);
  EXPECT_DOUBLE_EQ(*num(r24[col(t, "plan_coverage")]), 0.96);
  EXPECT_EQ(str(r24[col(t, "deadline")]), "2023-05-31");
  EXPECT_EQ(*num(r24[col(t, "deadline_passed")]), 1);
  EXPECT_EQ(*num(r24[col(t, "circle")]), 5);
  EXPECT_EQ(str((*progress_row(t, "6.5"))[col(t, "categories")]), "elder_dining,breakfast");
  EXPECT_DOUBLE_EQ(*num((*progress_row(t, "6.5"))[col(t, "base_coverage")]), 0.75);
  EXPECT_EQ(str((*progress_row(t, "16.1"))[col(t, "target")]),
            "20 套 购置安装健身器材 (海勃湾区 9, 乌达区 6, 海南区 5)");

  const Table no_plan = lc::plan::progress_table(checklist(), catalog(), base, nullptr, kEarly);
  const auto& n24 = *progress_row(no_plan, "24.1");
  EXPECT_FALSE(num(n24[col(no_plan, "plan_coverage")]));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(n24[col(no_plan, "plan_status")]));
  EXPECT_EQ(*num(n24[col(no_plan, "deadline_passed")]), 0);
}

TEST(GapReport, MarkdownNamesMeasuresUnitsAndDeadlines) {
  const Table t = lc::plan::gap_measures_table(unit_coverage(), catalog(), checklist(), kLate);
  const std::string md = lc::plan::gap_report_markdown(t, checklist(), Date{2023, 6, 1});
  for (const std::string s : {"## ", "### elder_dining", "### fitness", "6.5", "24.1", "16.1", "31.1",
                              "市商务局", "市民政局", "市文体旅游广电局", "未覆盖人口 People uncovered",
                              "9,000", "25.0%", "全市 City (ALL)", "⚠ 2023-05-31", "海勃湾区 9 (16.1)",
                              "No checklist measure acts on this category"})
    EXPECT_NE(md.find(s), std::string::npos) << "missing: " << s << "\n" << md;
  EXPECT_EQ(md.find("⚠ 2023-12-31"), std::string::npos);  // not passed on 2023-06-01
  // City-wide first within a category.
  const auto elder = md.find("### elder_dining");
  EXPECT_LT(md.find("全市 City (ALL)", elder), md.find("乌达区", elder));

  const Table empty = lc::plan::gap_measures_table(Table{"unit_coverage", "", unit_coverage().fields, false, {}, {}},
                                                   catalog(), checklist(), kLate);
  EXPECT_TRUE(empty.rows.empty());
  EXPECT_NE(lc::plan::gap_report_markdown(empty, checklist(), kLate).find("No gaps"), std::string::npos);
}

// Names come from scraped POIs and hand-typed tables: none may become HTML, a link, or a new
// table cell in the Markdown (issue 19, hostile names).
TEST(GapReport, MarkdownKeepsHostileNamesLiteral) {
  const std::string evil = "<script>alert(1)</script> [x](javascript:alert(2)) `a|b` \\|\nnext & co";
  Table coverage = unit_coverage();
  for (auto& row : coverage.rows)
    if (std::get<std::string>(row[0]) == "乌达区") row[0] = evil;
  auto list = checklist();
  list.title = evil;
  const Table t = lc::plan::gap_measures_table(coverage, catalog(), list, kLate);
  const std::string md = lc::plan::gap_report_markdown(t, list, Date{2023, 6, 1});
  EXPECT_EQ(md.find('<'), std::string::npos) << md;  // the template itself has none
  EXPECT_EQ(md.find('>'), std::string::npos) << md;
  for (auto link = md.find("]("); link != std::string::npos; link = md.find("](", link + 1))
    EXPECT_EQ(md[link - 1], '\\') << "a link can start at " << link << ":\n" << md;
  EXPECT_NE(md.find("&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(2)) \\`a\\|b\\` \\\\\\| next &amp; co"),
            std::string::npos) << md;
  // The hostile unit's row in the people table still has exactly three cells: four unescaped pipes.
  const auto at = md.find("| &lt;script");
  ASSERT_NE(at, std::string::npos) << md;
  const std::string line = md.substr(at, md.find('\n', at) - at);
  int pipes = 0;
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '|') {
      std::size_t backslashes = 0;
      while (backslashes < i && line[i - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) ++pipes;
    }
  EXPECT_EQ(pipes, 4) << line;
}

TEST(GapReport, ParseDateArg) {
  const Date d = lc::plan::parse_date_arg("2024-01-01");
  EXPECT_EQ(d, (Date{2024, 1, 1}));
  EXPECT_THROW(lc::plan::parse_date_arg("2024-1-1"), lc::UsageError);
  EXPECT_THROW(lc::plan::parse_date_arg("2023-02-30"), lc::UsageError);
  EXPECT_THROW(lc::plan::parse_date_arg(""), lc::UsageError);
}

}  // namespace
