// Tests of lc::plan checklist: the Wuhai 2023 transcription against the seed (counts, hand-written
// spot checks of units, deadlines and targets, merged-cell carry-over), the reconciliation of the
// declared counts, schema errors with line numbers, and the JSON shape.
#include "plan/checklist.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "access/catalog.hpp"
#include "core/error.hpp"

#ifndef LIFECIRCLE_SOURCE_DIR
#define LIFECIRCLE_SOURCE_DIR "."
#endif

namespace {

using lc::plan::Checklist;
using lc::plan::Date;
using lc::plan::Task;

// The category ids the checklist may name: the shipped catalog's, so the two files cannot drift.
// (Loaded on first use, not at static initialisation: the catalog loader has statics of its own.)
const std::vector<std::string>& catalog_ids() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> out;
    for (const auto& c : lc::access::load_catalog(std::string(LIFECIRCLE_SOURCE_DIR) + "/data/geo/categories.toml").categories)
      out.push_back(c.id);
    return out;
  }();
  return ids;
}

std::string wuhai_path() {
  return std::string(LIFECIRCLE_SOURCE_DIR) + "/data/checklist/wuhai-2023.toml";
}

// Loaded once, with the category ids checked, so every test also proves the file is valid.
const Checklist& wuhai() {
  static const Checklist list = lc::plan::load_checklist(wuhai_path(), catalog_ids());
  return list;
}

const Task& task(int id) {
  const Task* found = wuhai().find_task(id);
  if (found == nullptr) throw std::runtime_error("no task " + std::to_string(id));
  return *found;
}

// ---- counts and reconciliation ---------------------------------------------------------------

TEST(WuhaiChecklist, DeclaredCountsAsPrinted) {
  EXPECT_EQ(wuhai().title, "2023年乌海市一刻钟社区生活圈建设工作任务清单(市本级)");
  EXPECT_EQ(wuhai().published, (Date{2023, 5, 5}));
  EXPECT_EQ(wuhai().declared.circles, 8);
  EXPECT_EQ(wuhai().declared.tasks, 49);
  EXPECT_EQ(wuhai().declared.measures, 81);
}

TEST(WuhaiChecklist, CountsAgainstDeclared) {
  EXPECT_EQ(wuhai().circles.size(), 8u);
  EXPECT_EQ(wuhai().task_count(), 49u);
  EXPECT_EQ(wuhai().measure_count(), 82u);  // one more than declared: see circle 8
  // Per circle, from the printed headings: {aspects, measures}.
  const std::map<int, std::pair<int, int>> declared = {{1, {4, 10}},  {2, {5, 17}}, {3, {8, 8}},
                                                       {4, {4, 4}},   {5, {5, 5}},  {6, {8, 8}},
                                                       {7, {13, 27}}, {8, {2, 2}}};
  for (const auto& circle : wuhai().circles) {
    SCOPED_TRACE("circle " + std::to_string(circle.id));
    EXPECT_EQ(circle.declared_aspects, declared.at(circle.id).first);
    EXPECT_EQ(circle.declared_measures, declared.at(circle.id).second);
    EXPECT_EQ(int(circle.tasks.size()), circle.declared_aspects);
    const int measures = int(circle.measure_count());
    EXPECT_EQ(measures, circle.id == 8 ? 3 : circle.declared_measures);
  }
}

TEST(WuhaiChecklist, CircleNamesAndTaskRanges) {
  const std::vector<std::string> names = {"舒适安居圈", "便民消费圈", "社区文化圈", "优教普惠圈",
                                          "养老服务圈", "健康医疗圈", "城市颜值圈", "服务响应圈"};
  const std::vector<int> first_task = {1, 5, 10, 18, 22, 27, 35, 48, 50};
  int expected_id = 1;
  for (std::size_t i = 0; i < wuhai().circles.size(); ++i) {
    const auto& circle = wuhai().circles[i];
    EXPECT_EQ(circle.id, int(i + 1));
    EXPECT_EQ(circle.name, names[i]);
    ASSERT_EQ(int(circle.tasks.size()), first_task[i + 1] - first_task[i]);
    for (const Task& t : circle.tasks) EXPECT_EQ(t.id, expected_id++);  // seed numbers, in order
  }
}

TEST(WuhaiChecklist, ReconciliationReportsCircle8) {
  std::vector<lc::plan::Comparison> disagreements;
  const auto comparisons = lc::plan::reconcile(wuhai());
  EXPECT_EQ(comparisons.size(), 3u + 2u * 8u);
  for (const auto& cmp : comparisons)
    if (!cmp.agrees) disagreements.push_back(cmp);
  ASSERT_EQ(disagreements.size(), 2u);
  EXPECT_FALSE(disagreements[0].circle.has_value());
  EXPECT_EQ(disagreements[0].field, "measures");
  EXPECT_EQ(disagreements[0].declared, 81);
  EXPECT_EQ(disagreements[0].actual, 82);
  EXPECT_EQ(disagreements[1].circle, 8);
  EXPECT_EQ(disagreements[1].field, "measures");
  EXPECT_EQ(disagreements[1].declared, 2);
  EXPECT_EQ(disagreements[1].actual, 3);
  EXPECT_NE(disagreements[1].note.find("服务响应圈"), std::string::npos);
  EXPECT_NE(disagreements[1].note.find("Decision:"), std::string::npos);
  EXPECT_NE(disagreements[1].note.find("49.2"), std::string::npos);
  EXPECT_EQ(wuhai().reconciliations.size(), 2u);
}

// ---- spot checks written by hand from the seed -----------------------------------------------

struct Spot {
  int id;
  int circle;
  std::vector<std::string> units;
  bool units_carried;
  Date deadline;
  bool deadline_carried;
  std::size_t measures;
};

TEST(WuhaiChecklist, SpotChecksUnitsDeadlinesMeasures) {
  const std::vector<Spot> spots = {
      {1, 1, {"市住房和城乡建设局"}, false, {2023, 12, 31}, false, 3},
      {4, 1, {"市住房和城乡建设局"}, true, {2023, 12, 31}, true, 3},
      {6, 2, {"市商务局"}, true, {2023, 12, 31}, true, 7},
      {7, 2, {"市商务局"}, false, {2023, 12, 31}, false, 3},
      {9, 2, {"市商务局"}, true, {2023, 12, 31}, true, 1},
      {10, 3, {"市文体旅游广电局"}, false, {2023, 12, 31}, false, 1},
      {16, 3, {"市文体旅游广电局"}, true, {2023, 12, 31}, true, 1},
      {18, 4, {"市教育局"}, false, {2023, 12, 31}, false, 1},
      {21, 4, {"市教育局"}, true, {2023, 12, 31}, true, 1},
      {22, 5, {"市民政局"}, false, {2023, 4, 30}, false, 1},
      {26, 5, {"市民政局"}, true, {2023, 10, 31}, false, 1},
      {28, 6, {"市卫生健康委"}, true, {2023, 12, 31}, true, 1},
      {31, 6, {"市卫生健康委"}, false, {2023, 12, 31}, false, 1},
      {35, 7, {"市城市管理综合执法局"}, false, {2023, 12, 31}, false, 2},
      {36, 7, {"市城市管理综合执法局", "市公用事业发展中心"}, false, {2023, 12, 31}, false, 1},
      {41,
       7,
       {"市城市管理综合执法局", "市大数据中心", "住建局", "公用事业发展中心", "公安局",
        "乌海供电分公司"},
       false,
       {2023, 12, 31},
       false,
       2},
      {44, 7, {"市城市管理综合执法局", "卫健委", "生态环境局"}, false, {2023, 12, 31}, false, 6},
      {46, 7, {"市城市管理综合执法局", "卫健委", "生态环境局"}, true, {2023, 12, 31}, true, 1},
      {48,
       8,
       {"市委政法委", "市公安局", "住建局", "城市管理综合执法局"},
       false,
       {2023, 12, 31},
       false,
       1},
      {49,
       8,
       {"市委政法委", "市大数据中心", "城市管理综合执法局"},
       false,
       {2023, 12, 31},
       false,
       2},
  };
  for (const Spot& spot : spots) {
    SCOPED_TRACE("task " + std::to_string(spot.id));
    const Task& t = task(spot.id);
    EXPECT_EQ(t.circle, spot.circle);
    EXPECT_EQ(t.units, spot.units);
    EXPECT_EQ(t.units_carried, spot.units_carried);
    EXPECT_EQ(t.deadline, spot.deadline);
    EXPECT_EQ(t.deadline_carried, spot.deadline_carried);
    EXPECT_EQ(t.measures.size(), spot.measures);
  }
}

TEST(WuhaiChecklist, TitlesAndMeasureTexts) {
  EXPECT_EQ(task(4).title, "稳步推进棚户区改造,全年完成棚户区改造开工2482套任务。");
  EXPECT_EQ(task(31).title, "在试点圈内建设“健康驿站”。");
  EXPECT_EQ(task(46).title, "增加改造环保公厕供热改造。");
  EXPECT_EQ(task(46).measures[0].text, "海南区新增三座环保公厕,对现有六座环保公厕进行供热改造。");
  EXPECT_EQ(task(45).measures[0].text, "在海达社区增设停车场。");
  EXPECT_EQ(task(6).measures[4].id, "6.5");
  EXPECT_EQ(task(6).measures[4].text.rfind("认定一批老年餐厅", 0), 0u);
  EXPECT_EQ(task(49).measures[1].text,
            "整合城市公共服务信息和相关数据,实现业务指导、监督检查、监测分析和综合评价等功能。");
  EXPECT_EQ(task(44).measures[1].text.rfind("增设水费缴费点。", 0), 0u);
  // No printed unit or deadline cell leaks into a text.
  for (const auto& circle : wuhai().circles)
    for (const Task& t : circle.tasks)
      for (const auto& m : t.measures) {
        EXPECT_EQ(m.text.find("2023年底2."), std::string::npos) << m.id;
        EXPECT_EQ(m.text.find('\n'), std::string::npos) << m.id;
        EXPECT_EQ(m.text.find("扫一扫"), std::string::npos) << m.id;
      }
}

TEST(WuhaiChecklist, UnnumberedTaskHasOneMeasureN1) {
  for (int id : {9, 10, 17, 23, 34, 36, 39, 46, 47, 48}) {
    ASSERT_EQ(task(id).measures.size(), 1u) << id;
    EXPECT_EQ(task(id).measures[0].id, std::to_string(id) + ".1");
  }
}

// ---- merged cells ----------------------------------------------------------------------------

TEST(WuhaiChecklist, MergedCellsCarryOverInCommerceBlock) {
  // Printed on tasks 5 and 7; tasks 6, 8 and 9 carry 市商务局 and 2023年底.
  for (int id : {5, 6, 7, 8, 9}) {
    EXPECT_EQ(task(id).units, std::vector<std::string>{"市商务局"}) << id;
    EXPECT_EQ(task(id).deadline, (Date{2023, 12, 31})) << id;
    const bool printed = id == 5 || id == 7;
    EXPECT_EQ(task(id).units_carried, !printed) << id;
    EXPECT_EQ(task(id).deadline_carried, !printed) << id;
  }
}

TEST(WuhaiChecklist, ElderCareTasksCarryUnitButNotDeadline) {
  const std::map<int, Date> deadlines = {{22, {2023, 4, 30}},
                                         {23, {2023, 6, 30}},
                                         {24, {2023, 5, 31}},
                                         {25, {2023, 12, 31}},
                                         {26, {2023, 10, 31}}};
  for (const auto& [id, deadline] : deadlines) {
    EXPECT_EQ(task(id).deadline, deadline) << id;
    EXPECT_FALSE(task(id).deadline_carried) << id;
    EXPECT_EQ(task(id).units, std::vector<std::string>{"市民政局"}) << id;
    EXPECT_EQ(task(id).units_carried, id != 22) << id;
  }
  EXPECT_EQ(task(23).deadline_text, "2023年6月");
  EXPECT_EQ(task(25).deadline_text, "2023年12月");
}

TEST(WuhaiChecklist, BrokenLineWrapJoinedAndNoCarryAcrossCircles) {
  EXPECT_EQ(task(13).units, std::vector<std::string>{"市文体旅游广电局"});
  EXPECT_FALSE(task(13).units_carried);
  EXPECT_EQ(task(37).units,
            (std::vector<std::string>{"市城市管理综合执法局", "市公用事业发展中心"}));
  EXPECT_EQ(task(39).units, (std::vector<std::string>{"市城市管理综合执法局", "公用事业发展中心"}));
  for (const auto& circle : wuhai().circles) {
    EXPECT_FALSE(circle.tasks.front().units_carried) << circle.id;
    EXPECT_FALSE(circle.tasks.front().deadline_carried) << circle.id;
  }
}

// ---- targets ---------------------------------------------------------------------------------

// The target of a task with this quantity, unit and (optional) district; fails the test if absent.
const lc::plan::Target* target(int task_id, double quantity, const std::string& unit,
                               const std::string& district = "") {
  for (const auto& t : task(task_id).targets)
    if (t.quantity == quantity && t.unit == unit && t.district.value_or("") == district) return &t;
  ADD_FAILURE() << "task " << task_id << ": no target " << quantity << " " << unit << " "
                << district;
  return nullptr;
}

TEST(WuhaiChecklist, TargetsFromTheSeed) {
  EXPECT_NE(target(1, 60, "个"), nullptr);
  EXPECT_NE(target(4, 2482, "套"), nullptr);
  EXPECT_NE(target(6, 14, "个"), nullptr);
  if (auto t = target(6, 30, "%")) {
    EXPECT_EQ(t->measure, "6.2");
    EXPECT_EQ(t->comparison, "at_least");
  }
  if (auto t = target(6, 20, "个")) {
    EXPECT_EQ(t->measure, "6.6");
  }
  if (auto t = target(7, 20, "家")) {
    EXPECT_EQ(t->comparison, "at_least");
  }
  EXPECT_NE(target(12, 200000, "人次"), nullptr);
  EXPECT_NE(target(14, 12, "项"), nullptr);
  EXPECT_NE(target(14, 38, "%"), nullptr);
  EXPECT_NE(target(23, 3, "个"), nullptr);
  EXPECT_NE(target(26, 1050, "户"), nullptr);
  if (auto t = target(38, 178000, "户")) {
    EXPECT_EQ(t->measure, "38.2");
  }
  if (auto t = target(44, 4, "个")) {
    EXPECT_EQ(t->measure, "44.2");
  }
  EXPECT_NE(target(43, 14.6, "公里", "海南区"), nullptr);
  EXPECT_NE(target(46, 3, "座", "海南区"), nullptr);
  EXPECT_NE(target(46, 6, "座", "海南区"), nullptr);
}

TEST(WuhaiChecklist, FitnessEquipmentSplitByDistrict) {
  ASSERT_NE(target(16, 20, "套"), nullptr);
  double districts = 0;
  for (const auto& [name, n] :
       std::map<std::string, double>{{"海勃湾区", 9}, {"乌达区", 6}, {"海南区", 5}}) {
    if (auto t = target(16, n, "套", name)) districts += t->quantity;
  }
  EXPECT_EQ(districts, 20);
  EXPECT_EQ(task(16).targets.size(), 4u);
}

TEST(WuhaiChecklist, TargetsPointAtTheirTasksMeasures) {
  for (const auto& circle : wuhai().circles)
    for (const Task& t : circle.tasks)
      for (const auto& target : t.targets) {
        if (target.measure) {
          EXPECT_EQ(target.measure->rfind(std::to_string(t.id) + ".", 0), 0u);
        }
        EXPECT_FALSE(target.printed.empty()) << t.id;
      }
}

// ---- assessable measures and categories ------------------------------------------------------

TEST(WuhaiChecklist, AssessableMeasuresAndCategories) {
  const std::map<std::string, std::string> assessable = {
      {"6.3", "express_post"}, {"6.5", "elder_dining"},        {"6.6", "community_service"},
      {"16.1", "fitness"},     {"23.1", "elder_care_complex"}, {"24.1", "elder_dining"},
      {"28.1", "childcare"},   {"31.1", "health_station"},     {"44.2", "water_bill_point"},
      {"45.1", "parking"},     {"46.1", "public_toilet"}};
  for (const auto& [id, category] : assessable) {
    const auto* m = wuhai().find_measure(id);
    ASSERT_NE(m, nullptr) << id;
    EXPECT_TRUE(m->assessable) << id;
    EXPECT_NE(std::find(m->categories.begin(), m->categories.end(), category), m->categories.end())
        << id;
  }
  // Party building, publicity, assessment rules, platforms: kept, marked not assessable.
  for (const char* id : {"1.1", "2.1", "5.3", "27.1", "35.1", "39.1", "45.2", "49.1"}) {
    ASSERT_NE(wuhai().find_measure(id), nullptr) << id;
    EXPECT_FALSE(wuhai().find_measure(id)->assessable) << id;
  }
}

// ---- schema errors with line numbers ---------------------------------------------------------

// A small valid checklist; each error test breaks one thing in it.
const std::string kMini = R"(title = "mini"
published = 2024-01-31

[declared]
circles = 1
tasks = 2
measures = 3

[[circles]]
id = 1
name = "test circle"
declared = { aspects = 2, measures = 3 }

[[tasks]]
id = 1
circle = 1
title = "first task"
units = ["unit A"]
deadline = 2024-12-31

[[tasks.targets]]
quantity = 14
unit = "个"
subject = "points"
measure = "1.2"

[[tasks.measures]]
id = "1.1"
text = "first measure"
assessable = false

[[tasks.measures]]
id = "1.2"
text = "second measure"
assessable = true
categories = ["fitness"]

[[tasks]]
id = 2
circle = 1
title = "second task"
units = ["unit A", "unit B"]
units_carried = true
deadline = "2024-06-30"

[[tasks.measures]]
id = "2.1"
text = "only measure"
assessable = false
)";

class ChecklistSchema : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        ("lc_checklist_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& text) {
    const std::string path = (dir_ / "checklist.toml").string();
    std::ofstream(path) << text;
    return path;
  }

  // kMini with the first occurrence of `from` replaced by `to`.
  static std::string edit(const std::string& from, const std::string& to) {
    std::string text = kMini;
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("test edit not found: " + from);
    return text.replace(at, from.size(), to);
  }

  // 1-based line of the first line of `text` that contains `needle`.
  static int line_with(const std::string& text, const std::string& needle, int occurrence = 1) {
    int line = 1;
    std::size_t pos = 0;
    for (std::size_t at = 0;; ++line) {
      const std::size_t end = text.find('\n', at);
      if (text.substr(at, end - at).find(needle) != std::string::npos &&
          ++pos == std::size_t(occurrence))
        return line;
      if (end == std::string::npos) return -1;
      at = end + 1;
    }
  }

  // Loads text expecting an InputError at `line` whose message contains `words`.
  void expect_error(const std::string& text, int line, const std::string& words,
                    std::span<const std::string> categories = {}) {
    const std::string path = write(text);
    try {
      lc::plan::load_checklist(path, categories);
      ADD_FAILURE() << "no error; expected: " << words;
    } catch (const lc::InputError& e) {
      EXPECT_EQ(e.where.file, path);
      EXPECT_EQ(e.where.feature, "line " + std::to_string(line)) << e.what();
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
      EXPECT_EQ(e.exit_code(), 3);
    }
  }

  std::filesystem::path dir_;
};

TEST_F(ChecklistSchema, MiniLoads) {
  const Checklist list = lc::plan::load_checklist(write(kMini), catalog_ids());
  ASSERT_EQ(list.circles.size(), 1u);
  EXPECT_EQ(list.task_count(), 2u);
  EXPECT_EQ(list.measure_count(), 3u);
  EXPECT_EQ(list.find_task(2)->deadline, (Date{2024, 6, 30}));  // quoted dates are accepted
  EXPECT_TRUE(list.find_task(2)->units_carried);
  EXPECT_FALSE(list.find_task(1)->units_carried);  // default
  EXPECT_EQ(list.find_task(1)->targets[0].comparison, "exact");
  EXPECT_EQ(list.find_task(1)->targets[0].line, line_with(kMini, "[[tasks.targets]]"));
  EXPECT_EQ(list.find_measure("1.2")->line, line_with(kMini, "[[tasks.measures]]", 2));
  for (const auto& cmp : lc::plan::reconcile(list)) EXPECT_TRUE(cmp.agrees) << cmp.note;
}

TEST_F(ChecklistSchema, MissingKeyNamesTheTablesLine) {
  const std::string text = edit("title = \"second task\"\n", "");
  expect_error(text, line_with(text, "[[tasks]]", 2), "task 2: missing key 'title'");
}

TEST_F(ChecklistSchema, MissingMeasureKey) {
  const std::string text = edit("text = \"only measure\"\n", "");
  expect_error(text, line_with(text, "[[tasks.measures]]", 3), "measure 2.1: missing key 'text'");
}

TEST_F(ChecklistSchema, BadQuotedDate) {
  const std::string text = edit("deadline = \"2024-06-30\"", "deadline = \"2023-13-01\"");
  expect_error(text, line_with(text, "2023-13-01"), "task 2: deadline '2023-13-01' is not a date");
}

TEST_F(ChecklistSchema, BadNativeDateIsATomlError) {
  const std::string text = edit("deadline = 2024-12-31", "deadline = 2023-13-01");
  expect_error(text, line_with(text, "2023-13-01"), "not valid TOML");
}

TEST_F(ChecklistSchema, DeadlineOfWrongType) {
  const std::string text = edit("deadline = 2024-12-31", "deadline = 20241231");
  expect_error(text, line_with(text, "20241231"),
               "'deadline' must be a date (YYYY-MM-DD), not an integer");
}

TEST_F(ChecklistSchema, DuplicateTaskId) {
  const std::string text = edit("id = 2\ncircle = 1", "id = 1\ncircle = 1");
  expect_error(text, line_with(text, "id = 1", 3),
               "task 1: duplicate id (first defined on line " +
                   std::to_string(line_with(text, "id = 1", 2)) + ")");
}

TEST_F(ChecklistSchema, WrongMeasureNumbering) {
  const std::string text = edit("id = \"1.2\"", "id = \"1.3\"");
  expect_error(text, line_with(text, "id = \"1.3\""), "measure #2 has id '1.3', expected '1.2'");
}

TEST_F(ChecklistSchema, MeasureOfAnotherTask) {
  const std::string text = edit("id = \"2.1\"", "id = \"1.1\"");
  expect_error(text, line_with(text, "id = \"1.1\"", 2),
               "task 2: measure #1 has id '1.1', expected '2.1'");
}

TEST_F(ChecklistSchema, IllTypedBoolean) {
  const std::string text = edit("assessable = true", "assessable = \"yes\"");
  expect_error(text, line_with(text, "\"yes\""),
               "measure 1.2: 'assessable' must be true or false, not a string");
}

TEST_F(ChecklistSchema, UnknownCategoryOnlyWhenCategoriesGiven) {
  const std::string text = edit("[\"fitness\"]", "[\"gym\"]");
  expect_error(text, line_with(text, "\"gym\""), "measure 1.2: unknown category id 'gym'",
               catalog_ids());
  EXPECT_NO_THROW(lc::plan::load_checklist(write(text)));  // not checked without a list
}

TEST_F(ChecklistSchema, UnknownKey) {
  const std::string text = edit("deadline = 2024-12-31", "deadlin = 2024-12-31");
  expect_error(text, line_with(text, "deadlin ="), "task 1: unknown key 'deadlin'");
}

TEST_F(ChecklistSchema, UndefinedCircle) {
  const std::string text = edit("id = 2\ncircle = 1", "id = 2\ncircle = 7");
  expect_error(text, line_with(text, "circle = 7"), "task 2: circle 7 is not defined");
}

TEST_F(ChecklistSchema, TargetMeasureMustBelongToTask) {
  const std::string text = edit("measure = \"1.2\"", "measure = \"2.1\"");
  expect_error(text, line_with(text, "measure = \"2.1\""),
               "'measure' '2.1' is not a measure of task 1");
}

TEST_F(ChecklistSchema, TaskWithoutMeasures) {
  const std::string text =
      edit("[[tasks.measures]]\nid = \"2.1\"\ntext = \"only measure\"\nassessable = false\n", "");
  expect_error(text, line_with(text, "[[tasks]]", 2), "task 2: needs at least one [[measures]]");
}

TEST_F(ChecklistSchema, ReconciliationMustStateTheRightNumbers) {
  const std::string wrong = edit("measures = 3\n", "measures = 4\n") +
                            "\n[[reconciliation]]\nfield = \"measures\"\ndeclared = 4\nactual = 5\n"
                            "decision = \"wrong on purpose\"\n";
  expect_error(wrong, line_with(wrong, "[[reconciliation]]"), "declares 4 measures and has 3");

  const std::string right = edit("measures = 3\n", "measures = 4\n") +
                            "\n[[reconciliation]]\nfield = \"measures\"\ndeclared = 4\nactual = 3\n"
                            "decision = \"one measure was merged\"\n";
  const auto comparisons = lc::plan::reconcile(lc::plan::load_checklist(write(right)));
  EXPECT_FALSE(comparisons[2].agrees);
  EXPECT_NE(comparisons[2].note.find("one measure was merged"), std::string::npos);
}

TEST_F(ChecklistSchema, UnexplainedDisagreementIsReportedNotFatal) {
  const std::string text = edit("aspects = 2", "aspects = 3");
  const auto comparisons = lc::plan::reconcile(lc::plan::load_checklist(write(text)));
  const auto& aspects = comparisons[3];
  EXPECT_EQ(aspects.circle, 1);
  EXPECT_EQ(aspects.field, "aspects");
  EXPECT_FALSE(aspects.agrees);
  EXPECT_NE(aspects.note.find("No [[reconciliation]]"), std::string::npos) << aspects.note;
}

TEST_F(ChecklistSchema, MissingFile) {
  EXPECT_THROW(lc::plan::load_checklist((dir_ / "absent.toml").string()), lc::InputError);
}

TEST(ChecklistDates, ParseIsoDate) {
  EXPECT_EQ(lc::plan::parse_iso_date("2023-04-30"), (Date{2023, 4, 30}));
  EXPECT_FALSE(lc::plan::parse_iso_date("2023-04-31"));
  EXPECT_FALSE(lc::plan::parse_iso_date("2023-02-29"));
  EXPECT_TRUE(lc::plan::parse_iso_date("2024-02-29"));
  EXPECT_FALSE(lc::plan::parse_iso_date("2023-4-30"));
  EXPECT_EQ((Date{2023, 5, 5}).iso(), "2023-05-05");
  EXPECT_LT((Date{2023, 4, 30}), (Date{2023, 5, 1}));
}

// ---- JSON shape ------------------------------------------------------------------------------

TEST(WuhaiChecklist, JsonShape) {
  const nlohmann::json doc = nlohmann::json::parse(lc::plan::to_json(wuhai()));
  EXPECT_EQ(doc.at("title"), wuhai().title);
  EXPECT_EQ(doc.at("published"), "2023-05-05");
  EXPECT_EQ(doc.at("declared"), (nlohmann::json{{"circles", 8}, {"tasks", 49}, {"measures", 81}}));
  ASSERT_EQ(doc.at("circles").size(), 8u);
  const std::regex iso(R"(\d{4}-\d{2}-\d{2})");
  std::size_t tasks = 0;
  for (const auto& circle : doc.at("circles")) {
    EXPECT_TRUE(circle.at("id").is_number_integer());
    EXPECT_TRUE(circle.at("name").is_string());
    EXPECT_TRUE(circle.at("declared").at("aspects").is_number_integer());
    EXPECT_TRUE(circle.at("declared").at("measures").is_number_integer());
    for (const auto& t : circle.at("tasks")) {
      ++tasks;
      EXPECT_TRUE(t.at("id").is_number_integer());
      EXPECT_TRUE(t.at("title").is_string());
      ASSERT_TRUE(t.at("units").is_array());
      for (const auto& unit : t.at("units")) EXPECT_TRUE(unit.is_string());
      EXPECT_TRUE(std::regex_match(t.at("deadline").get<std::string>(), iso));
      for (const auto& target : t.at("targets")) {
        EXPECT_TRUE(target.at("quantity").is_number());
        EXPECT_TRUE(target.at("unit").is_string());
        EXPECT_TRUE(target.at("subject").is_string());
        if (target.contains("district")) {
          EXPECT_TRUE(target.at("district").is_string());
        }
      }
      for (const auto& m : t.at("measures")) {
        EXPECT_TRUE(m.at("id").is_string());
        EXPECT_TRUE(m.at("text").is_string());
        EXPECT_TRUE(m.at("assessable").is_boolean());
      }
    }
  }
  EXPECT_EQ(tasks, 49u);
}

TEST(WuhaiChecklist, JsonValues) {
  const nlohmann::json doc = nlohmann::json::parse(lc::plan::to_json(wuhai()));
  const auto& circle3 = doc.at("circles").at(2);
  EXPECT_EQ(circle3.at("name"), "社区文化圈");
  const auto& task16 = circle3.at("tasks").at(6);
  EXPECT_EQ(task16.at("id"), 16);
  EXPECT_EQ(task16.at("deadline"), "2023-12-31");
  EXPECT_EQ(task16.at("targets").at(0).at("quantity"), 20);
  EXPECT_FALSE(task16.at("targets").at(0).contains("district"));  // the city row
  EXPECT_EQ(task16.at("targets").at(1).at("district"), "海勃湾区");
  EXPECT_EQ(task16.at("measures").at(0).at("id"), "16.1");
  const auto& task22 = doc.at("circles").at(4).at("tasks").at(0);
  EXPECT_EQ(task22.at("deadline"), "2023-04-30");
  EXPECT_EQ(task22.at("units"), nlohmann::json::array({"市民政局"}));
  const auto& circle8 = doc.at("circles").at(7);
  EXPECT_EQ(circle8.at("declared").at("measures"), 2);
}

}  // namespace
