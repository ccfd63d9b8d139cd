import Foundation
import PipelineTestSupport
import SQLiteBridge
import Testing

/// The same contact files in the same order give the same golden contacts however they are
/// grouped into runs (issue 23, item 9): a nightly job is a new process each night, and what
/// the matcher learns within a run must be what it rebuilds from the warehouse in the next.
@Suite(.serialized) struct SplitRunsTests {
  /// `Benchmarks/generate_contacts.py`'s rows (duplicates with typos, swapped names, company
  /// suffixes, other phone formats), cut into `parts` files with the header each.
  static func files(count: Int, seed: Int, parts: Int, in folder: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "\(TestFiles.root)/Benchmarks/generate_contacts.py", "--count", "\(count)", "--out", folder, "--seed",
      "\(seed)",
    ]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let lines = try String(contentsOfFile: "\(folder)/contacts.csv", encoding: .utf8).split(separator: "\n")
    let (header, rows) = (lines[0], lines.dropFirst())
    let size = (rows.count + parts - 1) / parts
    return try (0..<parts).map { part in
      let path = "\(folder)/part-\(part + 1).csv"
      let slice = rows.dropFirst(part * size).prefix(size)
      try ([header] + slice).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
      return path
    }
  }

  /// Each golden contact as the set of source rows (file name and line) linked to it.
  static func clusters(_ warehouse: String) throws -> Set<[String]> {
    let db = try SQLiteDatabase(path: warehouse, readOnly: true)
    let rows = try db.query(
      """
      SELECT s.entity_id, f.path, s.line FROM source_rows s JOIN import_files f ON f.id = s.file_id
      WHERE s.entity = 'contact' AND s.entity_id IN (SELECT id FROM contacts)
      """)
    var byContact: [Int64: [String]] = [:]
    for row in rows {
      let file = ((row[1].string ?? "") as NSString).lastPathComponent
      byContact[row[0].int ?? 0, default: []].append("\(file):\(row[2].int ?? 0)")
    }
    return Set(byContact.values.map { $0.sorted() })
  }

  func importContacts(_ files: [String], into warehouse: String) throws {
    let result = try Binary.run(
      ["import", "contacts"] + files + [
        "--warehouse", warehouse, "--mapping", "\(TestFiles.root)/Benchmarks/contacts-mapping.yml", "--quiet",
      ])
    #expect(result.status == 0, "\(result.stderr)")
  }

  /// What a later row is compared with, once rows merged: every source record of the contact,
  /// with the name and company each was seen with. Vinay's second row renames his company (its legal form dropped), Bob's
  /// gives his full first name; each third row, in a second file, has only the newer one.
  @Test func aContactIsMatchedByEveryNameAndCompanyItWasSeenWith() throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-split")
    let header = "Source ID,First Name,Last Name,Company,Email,Phone,City,Country,Job Title\n"
    let first = """
      R1,Vinay,Aruwal,Shree Varun Solutions Private Limited,vinay@svs.example,,Kolkata,India,
      R2,Vinay,Aruwal,Shree Varun Solutions,VINAY@svs.example,,Kolkata,India,Founder
      R3,Bob,Smith,,bob.smith@acme.example,,Leeds,United Kingdom,
      R4,Robert,Smith,,bob.smith@acme.example,,Leeds,United Kingdom,
      R7,Anna,Berg,Nordic Tools AB,anna@nordic.example,,Oslo,Norway,

      """
    let second = """
      R5,Vinay,Aruwal,Shree Varun Solutions Ltd,,,Kolkata,India,Founder
      R6,Robert,Smith,,,,Leeds,United Kingdom,Buyer
      R8,Anna,Berg,Nordic Tools AB,,,Oslo,Norway,

      """
    let files = ["\(folder)/a.csv", "\(folder)/b.csv"]
    try (header + first).write(toFile: files[0], atomically: true, encoding: .utf8)
    try (header + second).write(toFile: files[1], atomically: true, encoding: .utf8)
    try importContacts(files, into: "\(folder)/one.sqlite")
    for file in files { try importContacts([file], into: "\(folder)/two.sqlite") }
    let one = try Self.clusters("\(folder)/one.sqlite")
    #expect(one == (try Self.clusters("\(folder)/two.sqlite")))
    #expect(one.contains(["a.csv:2", "a.csv:3", "b.csv:2"]))
    // Robert Smith's third row has his name and city only: namesakes share both, so it is
    // left to review, in one run as in two.
    #expect(one.contains(["a.csv:4", "a.csv:5"]))
    #expect(one.contains(["b.csv:3"]))
    #expect(one.contains(["a.csv:6", "b.csv:4"]))
  }

  @Test(arguments: [7])
  func fiveFilesInOneRunOrInFiveGiveTheSameGoldenContacts(seed: Int) throws {
    let folder = TestFiles.temporaryDirectory("crmpipe-split")
    let files = try Self.files(count: 30_000, seed: seed, parts: 5, in: folder)
    try importContacts(files, into: "\(folder)/one.sqlite")
    for file in files { try importContacts([file], into: "\(folder)/five.sqlite") }
    let (one, five) = (try Self.clusters("\(folder)/one.sqlite"), try Self.clusters("\(folder)/five.sqlite"))
    #expect(one.count > 10_000)
    #expect(
      one.subtracting(five).isEmpty && five.subtracting(one).isEmpty,
      "one run only: \(one.subtracting(five).sorted { $0.lexicographicallyPrecedes($1) }.prefix(4)); five runs only: \(five.subtracting(one).sorted { $0.lexicographicallyPrecedes($1) }.prefix(4))"
    )
  }
}
