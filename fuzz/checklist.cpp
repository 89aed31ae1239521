// fuzz/checklist: the checklist loader (plan::parse_checklist, what load_checklist calls on a
// file's text), then what runs on every loaded checklist: reconciliation and the JSON view.
#include "fuzz_support.hpp"
#include "plan/checklist.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  lc::fuzz::expect_only_lc_errors([&] {
    const lc::plan::Checklist list = lc::plan::parse_checklist(lc::fuzz::text_of(data, size), "fuzz.toml");
    lc::plan::reconcile(list);
    lc::plan::to_json(list);
  });
  return 0;
}
