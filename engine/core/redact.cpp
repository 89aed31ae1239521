#include "core/redact.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace lc {

std::string redacted(const std::string& text) {
  auto has = [&](std::string_view word) {
    return std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           }) != text.end();
  };
  if (!has("password") && !has("://")) return text;  // most text: no regex
  static const std::regex password(R"((password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s'"]+))", std::regex::icase);
  static const std::regex uri(R"((postgres(?:ql)?://[^:/@\s]*:)[^@\s]*@)", std::regex::icase);
  return std::regex_replace(std::regex_replace(text, password, "$1***"), uri, "$1***@");
}

}  // namespace lc
