// The fuzz targets of the parsers of untrusted input: csv, webform, twilio, pipeline.
//
// Built by scripts/fuzz.sh with -sanitize=fuzzer and -D FUZZING, libFuzzer drives the parser
// that CRMPIPE_FUZZ_TARGET names. Built plainly (as `swift build` does), it is
// `crmpipe-fuzz TARGET FILE|FOLDER ...`: it runs TARGET's parser on each file, which is how
// a crash the fuzzer found is replayed.
import Foundation
import Stages

#if FUZZING
  enum Chosen {
    static let target = Fuzzing.Target(rawValue: ProcessInfo.processInfo.environment["CRMPIPE_FUZZ_TARGET"] ?? "") ?? .csv
  }

  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    Fuzzing.run(Chosen.target, bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
  }

  @_silgen_name("LLVMFuzzerRunDriver")
  func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  // Swift's entry point is the program's: it hands libFuzzer the arguments and the target.
  var count = CInt(CommandLine.argc)
  var vector: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
  exit(runDriver(&count, &vector) { fuzzOne($0, $1) })
#else
  let arguments = CommandLine.arguments
  guard arguments.count >= 2, let target = Fuzzing.Target(rawValue: arguments[1]) else {
    let names = Fuzzing.Target.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(Data("usage: crmpipe-fuzz TARGET FILE|FOLDER ...; TARGET is one of \(names)\n".utf8))
    exit(2)
  }
  var files: [String] = []
  for argument in arguments.dropFirst(2) {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: argument, isDirectory: &isFolder) else { continue }
    if isFolder.boolValue {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
      files += names.sorted().map { "\(argument)/\($0)" }
    } else {
      files.append(argument)
    }
  }
  for file in files {
    Fuzzing.run(target, FileManager.default.contents(atPath: file) ?? Data())
  }
  print("\(target.rawValue): \(files.count) inputs ran without a crash")
#endif
