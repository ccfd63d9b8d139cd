import Foundation
import PipelineModel
import PipelineTestSupport
import SQLiteBridge
import Testing

@testable import Stages

/// `import.webform` and `import.calls`: each input form, the status and direction mapping,
/// contacts created from unknown numbers and their later merge, idempotence, and rejects.
@Suite struct WebformCallsTests {
  let out = TestFiles.temporaryDirectory()

  static let settings = """
    base_currency: EUR
    time_zone: Europe/Paris
    default_region: FR
    users:
      - {id: ana, name: Ana Lima, email: ana@example.com, twilio: ["client:ana", "+33180000001"]}
      - {id: bob, name: Bob Roy, twilio: ["client:bob"]}
    """

  func run(_ stages: String, _ files: [String: String]) throws -> (summary: RunSummary, db: SQLiteDatabase) {
    var all = files
    all["settings.yml"] = Self.settings
    let pipeline = try RunSupport.pipeline(stages: stages, files: all)
    let summary = try RunSupport.run(pipeline, out: out)
    #expect(summary.failure == nil, "\(String(describing: summary.failure))")
    return (summary, try SQLiteDatabase(path: "\(out)/w.sqlite"))
  }

  func strings(_ db: SQLiteDatabase, _ sql: String) throws -> [String] {
    try db.query(sql).map { row in row.map { $0.string ?? $0.int.map(String.init) ?? "" }.joined(separator: "|") }
  }

  static let webformStage = """
      - kind: import.webform
        id: web
        input: form*.txt

    """

  /// The same with LF and CRLF line ends (a dump saved on Windows): the same rows, lines and reasons.
  @Test(arguments: ["\n", "\r\n"])
  func webFormsOfBothVocabulariesBecomeLeadsAndSecretsAreNeverKept(lineEnd: String) throws {
    let json = [
      #"{"format":"webform-dump/1","submitted_at":"2026-11-20T09:15:02Z","source":"onlyoffice","fields":{"web_form_key":"6f1c-secret","is_company":"false","firstName":"Gaëlle","lastName":"Perrin","companyName":"Fromagerie Perrin SARL","contactInfo_Email_1":"g.perrin@example.fr","contactInfo_Phone_1":"06 12 34 56 78","contactInfo_Address_5_City_5":"Annecy","customField_12":"on","tag":["web","salon"],"managers_list":"ana,bob","share_type":"2"}}"#,
      #"{"submitted_at":"2026-11-21T10:00:00+01:00","source":"salesforce_w2l","fields":{"oid":"00D000000000001","first_name":"Jean","last_name":"Martin","company":"Acme","email":"JEAN.MARTIN@acme.fr","lead_source":"Web"}}"#,
      #"{"submitted_at":"2026-11-22T10:00:00Z","fields":{"web_form_key":"6f1c-secret","is_company":"maybe","firstName":"X"}}"#,
      #"{"submitted_at":"2026-11-22T10:00:00Z","fields":{"web_form_key":"6f1c-secr"#,
    ].joined(separator: lineEnd)
    let raw =
      [
        "2026-11-23T08:00:00Z\t203.0.113.7\tweb_form_key=abc&firstName=Luc&lastName=Roy&contactInfo_Email_1=luc%40roy.fr&tag=web&tag=promo",
        "2026-11-23T09:00:00Z\t-\t",
        "firstName=Zo%C3%A9&contactInfo_Phone_7=0612345678",
        "lastName=Only&contactInfo_Email_1=only%40x.fr",
        "firstName=In%E8s&lastName=Roy&contactInfo_Email_1=ines%40roy.fr",
      ].joined(separator: lineEnd) + lineEnd
    let contacts = "First,Last,Email\nJean,Martin,jean.martin@acme.fr\n"
    let stages =
      """
        - kind: import.contacts
          input: known.csv
          mapping: {first_name: First, last_name: Last, email: Email}

      """ + Self.webformStage
    let (summary, db) = try run(stages, ["known.csv": contacts, "form-1.txt": json, "form-2.txt": raw])
    let web = try #require(summary.stages.first { $0.stageID == "web" })
    #expect(web.counts.read == 9)
    #expect(web.counts.rejected == 5)
    #expect(web.counts.inserted == 3)
    // An old page's Windows-1252 percent-encoding is read, and said once for the file.
    #expect(try strings(db, "SELECT first_name FROM contacts WHERE last_name = 'Roy' ORDER BY id") == ["Luc", "Inès"])
    #expect(
      web.warnings.map(\.description).contains {
        $0.contains("form-2.txt:5") && $0.contains("1 submission(s) percent-encoded in Windows-1252")
      })
    #expect(web.counts.updated == 1)
    // Gaëlle: a private-by-default form gave share_type 2 (read), her managers, tags, the
    // submission time as creation time, and her company created on the side.
    #expect(
      try strings(
        db,
        "SELECT access, created_at, origin, (SELECT group_concat(user_id) FROM contact_responsibles WHERE contact_id = c.id), company_id IS NOT NULL FROM contacts c WHERE first_name = 'Gaëlle'"
      ) == ["public-read|2026-11-20T09:15:02Z|webform:onlyoffice|ana,bob|1"])
    #expect(try strings(db, "SELECT value FROM contact_custom_fields WHERE name = 'customField_12'") == ["true"])
    #expect(try strings(db, "SELECT count(*) FROM contact_tags") == ["4"])
    // Luc's raw form had no share_type: private, as the reference CRM does.
    #expect(try strings(db, "SELECT access FROM contacts WHERE first_name = 'Luc'") == ["private"])
    // The Salesforce lead is the known Jean Martin: merged, not duplicated.
    #expect(try strings(db, "SELECT count(*) FROM contacts WHERE last_name = 'Martin'") == ["1"])
    // Secrets: dropped from fields, redacted in source rows and rejects, even in a broken line.
    let kept = try strings(db, "SELECT raw FROM source_rows UNION ALL SELECT raw FROM rejected_rows").joined(separator: "\n")
    #expect(!kept.contains("6f1c") && !kept.contains("00D000000000001") && !kept.contains("key=abc"))
    let reasons = try strings(db, "SELECT line || ' ' || field || ': ' || reason FROM rejected_rows ORDER BY file_id, line")
    #expect(reasons.count == 5)
    #expect(reasons[0].hasPrefix("3 is_company: expected true or false"))
    #expect(reasons[1].hasPrefix("4 : not valid JSON"))
    #expect(reasons[2].hasPrefix("2 : an empty form body"))
    #expect(reasons[3].hasPrefix("3 contactInfo_Phone_7: category '7' is not one of 0...5"))
    #expect(reasons[4].hasPrefix("4 firstName: neither firstName nor companyName"))
  }

  static let callsStage = """
      - kind: import.calls
        id: calls
        input: calls/*

    """

  static func call(
    _ sid: String, _ direction: String, _ status: String, from: String, to: String, parent: String? = nil,
    duration: String? = "60", price: String? = "-0.01300", updated: String = "Fri, 27 Nov 2026 09:20:00 +0000"
  ) -> String {
    func text(_ value: String?) -> String { value.map { "\"\($0)\"" } ?? "null" }
    return """
      {"sid": "\(sid)", "parent_call_sid": \(text(parent)), "direction": "\(direction)", "status": "\(status)", "from": "\(from)", "to": "\(to)", "start_time": "Fri, 27 Nov 2026 09:15:02 +0000", "date_updated": "\(updated)", "duration": \(text(duration)), "price": \(text(price)), "price_unit": "EUR", "subresource_uris": {"recordings": "/x.json"}}
      """
  }

  static func sid(_ n: Int) -> String { "CA" + String(repeating: "0", count: 31) + String(n, radix: 16) }

  /// A call known only from status callbacks starts at its earliest callback's Timestamp; one
  /// known only from its final callback, at that Timestamp less its duration (issue 23, item 3).
  @Test func aCallKnownOnlyFromStatusCallbacksHasTheStartTheyGive() throws {
    func line(_ n: Int, _ status: String, _ sequence: Int, _ time: String, duration: Int? = nil) -> String {
      "CallSid=\(Self.sid(n))&CallStatus=\(status)&Direction=outbound-api&From=client%3Aana&To=%2B33612345678"
        + (duration.map { "&CallDuration=\($0)" } ?? "") + "&SequenceNumber=\(sequence)"
        + "&Timestamp=Fri%2C+27+Nov+2026+\(time.replacingOccurrences(of: ":", with: "%3A"))+%2B0000"
    }
    // Call 1: initiated, then completed 5 minutes later after 290 s; the completed line comes first.
    // Call 2: only its completed callback. Call 3: only ringing, no duration yet.
    let callbacks = [
      line(1, "completed", 2, "10:05:00", duration: 290), line(1, "initiated", 0, "10:00:00"),
      line(2, "completed", 1, "11:00:00", duration: 60), line(3, "ringing", 1, "12:00:00"),
    ].joined(separator: "\n")
    let (_, db) = try run(Self.callsStage, ["calls/callbacks.txt": callbacks])
    #expect(
      try strings(db, "SELECT sid, started_at, duration_seconds FROM calls ORDER BY sid") == [
        "\(Self.sid(1))|2026-11-27T10:00:00Z|290", "\(Self.sid(2))|2026-11-27T10:59:00Z|60",
        "\(Self.sid(3))|2026-11-27T12:00:00Z|",
      ])
  }

  /// The sample data's 43 top-level calls, 6 of them known only from callbacks, all in the
  /// calls workload of November.
  @Test func theCallsWorkloadCountsEveryCallOfTheSampleData() throws {
    let out = TestFiles.temporaryDirectory("crmpipe-calls-workload")
    let run = try Binary.run(
      ["run", "Pipelines/nightly.yml", "--as-of", "2026-11-28", "--quiet"], environment: ["CRMPIPE_OUT": out])
    #expect(run.status == 1, "\(run.stderr)")
    let db = try SQLiteDatabase(path: "\(out)/warehouse.sqlite")
    #expect(try strings(db, "SELECT count(*), count(started_at) FROM calls WHERE parent_sid IS NULL") == ["43|43"])
    let sheet = try #require(
      try XLSXDocument(path: "\(out)/reports/workload-calls-current-month.xlsx").sheet(named: "VoIP by managers"))
    #expect(sheet.table(titled: "Call count")["Total"]?["Total"] == 43)
  }

  @Test func callsFromPagesCSVAndCallbacksAreOneRecordPerSidWithAgentsStatusesAndContacts() throws {
    let page0 = """
      {"calls": [
      \(Self.call(Self.sid(1), "outbound-api", "completed", from: "client:ana", to: "+33612345678")),
      \(Self.call(Self.sid(2), "inbound", "completed", from: "+33698765432", to: "+33180000000")),
      \(Self.call(Self.sid(3), "outbound-dial", "completed", from: "+33698765432", to: "client:bob", parent: Self.sid(2))),
      \(Self.call(Self.sid(4), "inbound", "in-progress", from: "+33611111111", to: "+33180000001", duration: nil, price: nil)),
      \(Self.call(Self.sid(5), "inbound", "no-answer", from: "+33612345678", to: "+33180000001", duration: nil, price: "0.00000")),
      {"sid": "CAbad"}
      ], "page": 0, "next_page_uri": "/next"}
      """
    // The second page repeats call 4, now completed and priced: an update, not a new call.
    let page1 = """
      {"calls": [\(Self.call(Self.sid(4), "inbound", "completed", from: "+33611111111", to: "+33180000001", duration: "42", price: "-0.10800", updated: "Fri, 27 Nov 2026 10:00:00 +0000"))], "page": 1, "next_page_uri": null}
      """
    let csv = """
      Status,Sid,Direction,From,To,Duration,Price,PriceUnit,StartTime
      busy,\(Self.sid(6)),outbound-api,+33180000001,+33612345678,,,,"Fri, 27 Nov 2026 11:00:00 +0000"
      """
    // Saved on Windows: CRLF line ends (the sample data's callbacks have LF).
    let callbacks = """
      CallSid=\(Self.sid(7))&CallStatus=completed&Direction=inbound&From=%2B33699999999&To=client%3Aana&CallDuration=30&SequenceNumber=2&Timestamp=Fri%2C%2027%20Nov%202026%2012%3A00%3A30%20%2B0000
      CallSid=\(Self.sid(7))&CallStatus=ringing&Direction=inbound&From=%2B33699999999&To=client%3Aana&SequenceNumber=0&Timestamp=Fri%2C%2027%20Nov%202026%2012%3A00%3A00%20%2B0000
      """.replacingOccurrences(of: "\n", with: "\r\n")
    let contacts = "First,Last,Phone\nJeanne,Roux,06 12 34 56 78\n"
    let stages =
      """
        - kind: import.contacts
          input: known.csv
          mapping: {first_name: First, last_name: Last, phone: Phone}

      """ + Self.callsStage
    let files = [
      "known.csv": contacts, "calls/page-0.json": page0, "calls/page-1.json": page1, "calls/log.csv": csv,
      "calls/callbacks.txt": callbacks,
    ]
    let (summary, db) = try run(stages, files)
    let calls = try #require(summary.stages.first { $0.stageID == "calls" })
    #expect(calls.counts.read == 10)
    #expect(calls.counts.rejected == 1)
    #expect(try strings(db, "SELECT count(*) FROM calls") == ["7"])
    #expect(
      try strings(db, "SELECT sid, direction, status, agent_id, duration_seconds, cost FROM calls ORDER BY sid") == [
        "\(Self.sid(1))|outgoing|outgoing|ana|60|0.013",
        "\(Self.sid(2))|incoming|answered|bob|60|0.013",  // its agent is the one who took the child leg
        "\(Self.sid(3))|outgoing|outgoing|bob|60|0.013",
        "\(Self.sid(4))|incoming|answered|ana|42|0.108",  // the later page completed it
        "\(Self.sid(5))|incoming|missed|ana||0",
        "\(Self.sid(6))|outgoing|outgoing|ana||",
        "\(Self.sid(7))|incoming|answered|ana|30|",  // the callbacks' last event wins, whatever the line order
      ])
    // Known number: Jeanne's contact; unknown numbers: new contacts named after the number.
    #expect(
      try strings(db, "SELECT c.display_name FROM calls k JOIN contacts c ON c.id = k.contact_id WHERE k.sid = '\(Self.sid(1))'")
        == ["Jeanne Roux"])
    #expect(
      try strings(db, "SELECT display_name FROM contacts WHERE origin = 'call' ORDER BY display_name") == [
        "+33611111111", "+33698765432", "+33699999999",
      ])
    // Child legs get no contact and no history entry; every top-level call with a contact has one.
    #expect(try strings(db, "SELECT count(*) FROM calls WHERE parent_sid IS NOT NULL AND contact_id IS NOT NULL") == ["0"])
    #expect(try strings(db, "SELECT count(*) FROM contact_history") == ["6"])
    #expect(
      try strings(db, "SELECT kind, text FROM contact_history WHERE call_sid = '\(Self.sid(5))'") == [
        "incoming-call|Incoming call, missed"
      ])

    // Importing the same pages again changes nothing; a contact file with the unknown number
    // and a name merges into the contact the call created.
    let again = try RunSupport.pipeline(
      stages:
        """
          - kind: import.contacts
            input: later.csv
            mapping: {first_name: First, last_name: Last, phone: Phone}

        """ + Self.callsStage,
      files: files.merging(["settings.yml": Self.settings, "later.csv": "First,Last,Phone\nPaul,Blanc,+33 6 98 76 54 32\n"]) {
        $1
      })
    let rerun = try RunSupport.run(again, out: out)
    #expect(rerun.stages.last?.filesSkipped.count == 4)
    #expect(try strings(db, "SELECT count(*) FROM calls") == ["7"])
    #expect(
      try strings(
        db, "SELECT c.display_name, c.origin FROM calls k JOIN contacts c ON c.id = k.contact_id WHERE k.sid = '\(Self.sid(2))'")
        == ["Paul Blanc|call"])
  }

  @Test(arguments: [
    ("inbound", "completed", "incoming", "answered"), ("inbound", "in-progress", "incoming", "answered"),
    ("inbound", "busy", "incoming", "missed"), ("inbound", "no-answer", "incoming", "missed"),
    ("inbound", "failed", "incoming", "missed"), ("inbound", "canceled", "incoming", "missed"),
    ("inbound", "ringing", "incoming", "pending"), ("inbound", "queued", "incoming", "pending"),
    ("outbound-api", "completed", "outgoing", "outgoing"), ("outbound-dial", "no-answer", "outgoing", "outgoing"),
    ("OUTBOUND-API", "Busy", "outgoing", "outgoing"),
  ])
  func everyTwilioDirectionAndStatusHasItsMeaning(
    _ twilioDirection: String, _ twilioStatus: String, _ direction: String, _ status: String
  ) throws {
    let reader = TwilioCall(agents: AgentDirectory(users: [], region: "FR"), region: "FR")
    let call = try reader.record(
      TwilioCall.fields([
        ("CallSid", Self.sid(9)), ("Direction", twilioDirection), ("CallStatus", twilioStatus), ("From", "+33612345678"),
        ("To", "+33180000001"),
      ]))
    #expect(call.direction.rawValue == direction)
    #expect(call.status.rawValue == status)
    #expect(throws: RowError.self) {
      try reader.record(TwilioCall.fields([("CallSid", Self.sid(9)), ("Direction", "inbound"), ("CallStatus", "lost")]))
    }
  }

  @Test func aSingleCallResourceIsACall() throws {
    let resource = Self.call(Self.sid(11), "inbound", "busy", from: "+33612345678", to: "+33180000001")
    let (summary, db) = try run(Self.callsStage, ["calls/one.json": resource])
    #expect(summary.stages[0].counts.inserted == 1)
    #expect(try strings(db, "SELECT sid, status, agent_id, cost FROM calls") == ["\(Self.sid(11))|missed|ana|0.013"])
  }

  @Test func twilioDatesFormsAndSidsAreReadStrictly() throws {
    #expect(RFC2822.parse("Fri, 18 Oct 2019 17:00:00 +0000") == Date(timeIntervalSince1970: 1_571_418_000))
    #expect(RFC2822.parse("18 Oct 2019 19:00:00 +0200") == Date(timeIntervalSince1970: 1_571_418_000))
    #expect(RFC2822.parse("Fri, 31 Feb 2019 17:00:00 +0000") == nil)
    #expect(RFC2822.parse("yesterday") == nil)
    #expect(RFC2822.parse("Thu, 29 Feb 2024 23:59:59 -0130") == Date(timeIntervalSince1970: 1_709_251_199 + 5_400))
    #expect(RFC2822.parse("Fri, 29 Feb 2025 10:00:00 +0000") == nil)
    #expect(RFC2822.parse("1 Jan 99 00:00 GMT") == Date(timeIntervalSince1970: 915_148_800))
    // Read by arithmetic: the same instants as Foundation's calendar, leap years and zones included.
    let calendar = DateText.gregorian(DateText.utc)
    let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    for step in 0..<3_000 {
      let (year, month, day) = (1_950 + step % 100, step % 12, 1 + step * 7 % 31)
      let (hour, minute, zone) = (step % 24, step * 13 % 60, [0, 200, -530, 1_345][step % 4])
      let sign = zone < 0 ? "-" : "+"
      let text = String(
        format: "%d %@ %d %02d:%02d:07 %@%04d", day, names[month], year, hour, minute, sign, abs(zone))
      let components = DateComponents(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: 7)
      let local = calendar.date(from: components)
      let valid = local.map { calendar.component(.day, from: $0) == day } ?? false
      let offset = (abs(zone) / 100 * 3600 + abs(zone) % 100 * 60) * (zone < 0 ? -1 : 1)
      #expect(RFC2822.parse(text) == (valid ? local?.addingTimeInterval(TimeInterval(-offset)) : nil), "\(text)")
    }
    #expect(TwilioCall.field("Daté Created") == nil && TwilioCall.field("date_created") == "created")
    let form = try FormEncoding.decode("a=1+2&tag=x&tag=y&name=Zo%C3%A9&legacy=Zo%E9")
    #expect(form.fields.map(\.value) == ["1 2", "x", "y", "Zoé", "Zoé"])
    #expect(form.wasWindows1252)
    #expect(throws: RowError.self) { try FormEncoding.decode("a=%G1") }
    #expect(TwilioCall.isSid(Self.sid(1)) && !TwilioCall.isSid("CA123"))
    #expect(TwilioCall.field("Parent Call SID") == "parent" && TwilioCall.field("CallDuration") == "duration")
  }
}
