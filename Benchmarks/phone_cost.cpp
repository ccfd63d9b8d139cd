// What libphonenumber alone costs on the benchmark's numbers: crmpipe's own entry point
// (cpn_parse, Sources/CPhoneNumber) in a C++ loop, without Swift, SQLite or matching.
// Input: lines "number<TAB>region" (scripts/benchmark-phones.sh writes them). Prints the
// seconds on one thread and on two.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "CPhoneNumber.h"

namespace {

using Numbers = std::vector<std::pair<std::string, std::string>>;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Parses every number on `threads` threads; returns the wall seconds and counts the valid ones.
double parse_all(const Numbers &numbers, unsigned threads, long *valid) {
  std::vector<long> counts(threads, 0);
  std::vector<std::thread> workers;
  const auto start = std::chrono::steady_clock::now();
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (size_t i = t; i < numbers.size(); i += threads) {
        cpn_result result;
        cpn_parse(numbers[i].first.c_str(), numbers[i].second.c_str(), 0, &result);
        counts[t] += result.valid;
      }
    });
  }
  for (auto &worker : workers) worker.join();
  const double elapsed = seconds_since(start);
  *valid = 0;
  for (long count : counts) *valid += count;
  return elapsed;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: phone_cost NUMBERS.tsv\n");
    return 2;
  }
  std::ifstream in(argv[1]);
  Numbers numbers;
  for (std::string line; std::getline(in, line);) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    numbers.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  if (numbers.empty()) {
    std::fprintf(stderr, "phone_cost: no numbers in %s\n", argv[1]);
    return 1;
  }
  long valid = 0;
  const double one = parse_all(numbers, 1, &valid);
  std::printf("numbers             %zu (%ld valid)\n", numbers.size(), valid);
  std::printf("one thread          %.2f s  (%.1f us a number)\n", one, one * 1e6 / numbers.size());
  const double two = parse_all(numbers, 2, &valid);
  std::printf("two threads         %.2f s  (%.2f times faster than one)\n", two, one / two);
  return 0;
}
