import CSVBridge
import Foundation
import PipelineConfig
import PipelineModel
import Warehouse

/// `import.calls`: Twilio call logs (the REST API's JSON pages, single resources or CSV, and
/// status callbacks) into the warehouse's calls and the contacts' history.
///
/// The sid is the key: a call seen again (an overlapping page, a later status callback)
/// updates the stored call, never duplicates it. The remote party's number finds its contact
/// (the oldest with that number); an unknown number gets a new contact named after the number,
/// flagged as created from a call, that later deduplication can merge into a real one.
struct ImportCallsStage: Stage {
  static let keys: [KeySpec] =
    [
      KeySpec(
        "input", .glob, .required,
        doc:
          "Twilio call logs, relative to the pipeline file: JSON list pages or resources, the API's CSV, or status callbacks (one urlencoded body a line).",
        example: "../SampleData/calls/*"),
      KeySpec(
        "default_region", .string, .optional,
        doc: "Region for numbers without a country code; overrides the settings'.", example: "FR"),
    ] + FileImport.errorKeys

  static let descriptor = StageDescriptor(
    spec: StageSpec(
      kind: "import.calls",
      summary: "Import Twilio call logs: calls by sid, their agent and contact, and the contacts' call history.",
      keys: keys,
      example: """
        - kind: import.calls
          input: ../SampleData/calls/*
        """),
    build: { config, _ in ImportCallsStage(config: config) })

  let config: StageConfig

  func run(_ context: RunContext) throws -> StageSummary {
    let files = FileImport(config: config)
    let region = config.string("default_region")?.uppercased() ?? context.settings.defaultRegion
    let twilio = TwilioCall(agents: AgentDirectory(users: context.settings.users, region: region), region: region)
    return try files.run(context) { path, landing, notes in
      // Built only when a file is new: a run with nothing new does not read every contact.
      let contacts = try context.contactLanding(stageID: config.id)
      let fileID = landing.fileID
      // Calls are matched to contacts in file order on this thread and written in file order
      // on another, a batch behind (as contact rows are); new contacts are numbered from here.
      var ids = try ContactLanding.NewIDs(context.warehouse)
      let writer = WriteBehind()
      let rows = Unchecked(landing)
      defer {
        writer.wait()
        landing = rows.value
      }
      var pending: [(line: Int, raw: String, fields: Result<[(name: String, value: String)], RowError>)] = []
      /// Reads the pending calls on every core (fields, dates, agents and numbers through
      /// libphonenumber), finds or plans their contacts, and hands them to the writer.
      func landPending() throws {
        let prepared = Parallel.map(pending.map(\.fields)) { fields in
          Result { () throws -> (call: CallRecord, number: String?) in
            let call = try twilio.record(TwilioCall.fields(try fields.get()))
            return (call, call.parentSid == nil ? call.remoteNumber.flatMap(twilio.number) : nil)
          }
        }
        var planned: [PlannedRow] = []
        for (entry, ready) in zip(pending, prepared) {
          let write: Result<() throws -> RowResult, any Error>
          do {
            let (call, number) = try ready.get()
            var contactID: Int64?
            var newContact: (contact: ContactRecord, plan: ContactLanding.Plan)?
            if let number {
              contactID = try contacts.contact(phone: number)
              if contactID == nil {
                var contact = ContactRecord(kind: .person, createdAt: call.startedAt ?? context.asOf)
                contact.phones = [PhoneValue(raw: number, e164: number, problem: nil)]
                contact.origin = "call"
                let plan = try contacts.plan(contact, record: ContactLanding.record(contact), ids: &ids)
                contactID = plan.contactID
                newContact = (contact, plan)
              }
            }
            let line = entry.line
            write = .success {
              var outcomes: [RowOutcome] = []
              if let newContact {
                outcomes = try contacts.write(
                  newContact.plan, newContact.contact, fileID: fileID, line: line,
                  provenance: Provenance(priority: 0, sequence: fileID << 32 | Int64(line)))
              }
              let (id, action) = try context.warehouse.upsertCall(call, contactID: contactID, fileID: fileID)
              return RowResult(outcomes: [RowOutcome(entity: "call", id: id, action: action)] + outcomes)
            }
          } catch let error as RowError {
            write = .failure(error)
          }
          planned.append((entry.line, entry.raw, write))
        }
        try writer.submit(planned, to: rows)
        pending = []
      }
      try Self.forEachCall(in: path, display: landing.display, stage: files) { line, raw, fields in
        pending.append((line, raw, fields))
        if pending.count == CSVImport.batchSize { try landPending() }
      }
      try landPending()
      try writer.finish()
      try context.warehouse.settleCalls()
      _ = notes
    }
  }

  /// Calls `body` with each call of a file: its line, its text to keep, and its fields.
  static func forEachCall(
    in path: String, display: String, stage: FileImport,
    _ body: (_ line: Int, _ raw: String, _ fields: Result<[(name: String, value: String)], RowError>) throws -> Void
  ) throws {
    // The kind of file is told from its start; a CSV log is then streamed, not read whole.
    guard let handle = FileHandle(forReadingAtPath: path) else { throw stage.stageError("cannot read \(display)") }
    defer { try? handle.close() }
    // Its first 64 KiB after any leading white space (a dump may begin with blank lines).
    var start = Data()
    do {
      while start.isEmpty, let chunk = try handle.read(upToCount: 64 * 1024), !chunk.isEmpty {
        start = chunk.drop { $0 <= 0x20 }
      }
      if start.count < 64 * 1024, let more = try handle.read(upToCount: 64 * 1024 - start.count) { start += more }
    } catch {
      throw stage.stageError("cannot read \(display)")
    }
    let first = start.first
    let startText = String(decoding: start, as: UTF8.self)
    let firstLine = startText.prefix { $0 != "\n" && $0 != "\r\n" }
    let isJSON = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    let isForm = firstLine.contains("CallSid=") || firstLine.contains("CallStatus=")
    guard isJSON || isForm else { return try forEachCSVCall(in: path, display: display, stage: stage, body) }
    if !isJSON {
      // Webhook bodies, one a line: streamed too.
      guard let reader = LineReader(path: path) else { throw stage.stageError("cannot read \(display)") }
      return try reader.forEachLine { number, line in
        let form = line.trimmedWhitespace
        guard !form.isEmpty else { return }
        let fields = Result { () throws(RowError) in
          try FormEncoding.decode(form).fields.map { (name: $0.key, value: $0.value) }
        }
        try body(number, form, fields)
      }
    }
    // A JSON page of the REST API is read whole (a page holds at most 1,000 calls).
    guard let data = FileManager.default.contents(atPath: path) else { throw stage.stageError("cannot read \(display)") }
    let records: [JSONRecords.Record]
    do {
      records = try JSONRecords.read(data, listKey: "calls")
    } catch {
      throw stage.stageError("\(error.reason); the file was not imported", at: SourceLocation(file: display, line: 1))
    }
    for record in records {
      try body(
        record.line, record.raw,
        record.fields.isEmpty ? .failure(RowError(field: "", reason: "expected a call object")) : .success(record.fields))
    }
  }

  /// The records of a CSV call log, read as a stream.
  private static func forEachCSVCall(
    in path: String, display: String, stage: FileImport,
    _ body: (_ line: Int, _ raw: String, _ fields: Result<[(name: String, value: String)], RowError>) throws -> Void
  ) throws {
    do {
      let reader = try CSVReader(path: path, dialect: try CSVDialect.detect(path: path))
      var header: [String]?
      try reader.forEachRecord { record in
        guard let names = header else {
          header = record.fields
          return
        }
        let raw = CSVWriter.record(record.fields)
        guard record.fields.count == names.count else {
          let reason = "expected \(names.count) fields as in the header, got \(record.fields.count)"
          return try body(record.line, raw, .failure(RowError(field: "", reason: reason)))
        }
        try body(record.line, raw, .success(zip(names, record.fields).map { (name: $0.0, value: $0.1) }))
      }
    } catch let error as CSVError {
      throw stage.unreadable(error, display: display)
    }
  }
}
