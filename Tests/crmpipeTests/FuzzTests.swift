import Foundation
import PipelineTestSupport
import Stages
import Testing

/// A short, fixed-seed run of each fuzz target in the test suite: the parsers behind
/// `crmpipe-fuzz` (scripts/fuzz.sh runs them under libFuzzer, guided by coverage) fed the
/// repository's own inputs, mutated 600 times each by a seeded generator, and every crash
/// input kept in Fixtures/fuzz. A crash stops the test process, so finishing is the check;
/// the count of inputs run is checked too.
@Suite struct FuzzTests {
  static let seeds: [Fuzzing.Target: [String]] = [
    .csv: ["SampleData/contacts", "SampleData/tasks", "Tests/crmpipeTests/Fixtures/hostile/contacts"],
    .webform: ["SampleData/webform", "Tests/crmpipeTests/Fixtures/hostile/webform"],
    .twilio: ["SampleData/calls", "Tests/crmpipeTests/Fixtures/hostile/calls"],
    .pipeline: ["Pipelines", "Tests/crmpipeTests/Fixtures/hostile/pipelines"],
  ]

  /// Bytes parsers care about.
  static let tokens: [[UInt8]] = [
    Array("\"".utf8), Array(",".utf8), Array(";".utf8), Array("\n".utf8), Array("\r".utf8), Array("{".utf8),
    Array("}".utf8), Array("[".utf8), Array("]".utf8), Array(":".utf8), Array("%".utf8), Array("%C3".utf8),
    Array("\t".utf8), [0], [0xFF], [0xC3], Array("- ".utf8), Array("${".utf8), Array("&".utf8), Array("=".utf8),
    Array("null".utf8), Array("1e999".utf8), Array("-1".utf8), Array("\u{FEFF}".utf8),
  ]

  static func inputs(_ target: Fuzzing.Target) -> [[UInt8]] {
    var files: [String] = []
    for folder in (seeds[target] ?? []) + ["Tests/crmpipeTests/Fixtures/fuzz/\(target.rawValue)"] {
      let path = "\(TestFiles.root)/\(folder)"
      let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
      files += names.sorted().map { "\(path)/\($0)" }
    }
    return files.compactMap { FileManager.default.contents(atPath: $0) }.filter { $0.count < 200_000 }.map { [UInt8]($0) }
  }

  static func mutate(_ input: [UInt8], with other: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
    var bytes = input
    for _ in 0...random.next(4) {
      let at = random.next(bytes.count + 1)
      switch random.next(6) {
      case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] ^= UInt8(1 << random.next(8))
      case 1: bytes.insert(contentsOf: tokens[random.next(tokens.count)], at: at)
      case 2: bytes.removeSubrange(at..<min(at + random.next(64), bytes.count))
      case 3: bytes = Array(bytes.prefix(at))
      case 4:
        let start = random.next(other.count + 1)
        bytes.insert(contentsOf: other[start..<min(start + random.next(256), other.count)], at: at)
      default:
        let start = random.next(bytes.count + 1)
        bytes.insert(contentsOf: bytes[start..<min(start + random.next(32), bytes.count)], at: at)
      }
    }
    return bytes
  }

  @Test(arguments: Fuzzing.Target.allCases)
  func mutatedInputsNeverCrashTheParser(_ target: Fuzzing.Target) {
    let seeds = Self.inputs(target)
    #expect(seeds.count >= 5)
    var random = SeededGenerator(state: 0x2026_1129 &+ UInt64(target.rawValue.count))
    var ran = 0
    for seed in seeds {
      Fuzzing.run(target, Data(seed))
      ran += 1
    }
    for _ in 0..<600 {
      let input = seeds[random.next(seeds.count)]
      let other = seeds[random.next(seeds.count)]
      Fuzzing.run(target, Data(Self.mutate(input, with: other, &random)))
      ran += 1
    }
    #expect(ran == seeds.count + 600)
  }
}
