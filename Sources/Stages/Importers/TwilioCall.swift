import Foundation
import PhoneBridge
import PipelineModel
import Warehouse

/// Turns one Twilio call, from any of its forms (the REST API's JSON or CSV, a status
/// callback), into a `CallRecord`. Field names are compared without case, `_`, spaces or
/// punctuation, so `parent_call_sid`, `ParentCallSid` and `Parent Call SID` are one field.
struct TwilioCall: Sendable {
  let agents: AgentDirectory
  let region: String?

  /// Canonical field name for each spelling Twilio uses.
  static let aliases: [String: String] = [
    "sid": "sid", "callsid": "sid", "parentcallsid": "parent", "datecreated": "created", "date": "created",
    "dateupdated": "updated", "timestamp": "updated", "starttime": "start", "endtime": "end", "from": "from",
    "caller": "from", "to": "to", "called": "to", "direction": "direction", "status": "status", "callstatus": "status",
    "duration": "duration", "callduration": "duration", "durationseconds": "duration", "price": "price",
    "priceunit": "unit", "currency": "unit", "recordingurl": "recording", "sequencenumber": "sequence",
  ]

  /// `ParentCallSid` -> `parent`; nil for fields crmpipe does not read.
  static func field(_ name: String) -> String? {
    // Every name is read for every record: ASCII names, the usual ones, skip Foundation.
    var key: [UInt8] = []
    key.reserveCapacity(name.utf8.count)
    for byte in name.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): key.append(byte)
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): key.append(byte + 32)
      case 0x80...:
        return aliases[String(name.lowercased().unicodeScalars.filter(CharacterSet.alphanumerics.contains).map(Character.init))]
      default: continue
      }
    }
    return aliases[String(decoding: key, as: UTF8.self)]
  }

  /// The fields of a record by canonical name; empty values are absent.
  static func fields(_ pairs: [(name: String, value: String)]) -> [String: String] {
    var fields: [String: String] = [:]
    for (name, value) in pairs {
      // Most values have nothing to trim; Foundation's trimming goes through NSString, a tenth
      // of a call's import.
      let trimmed =
        value.first?.isWhitespace == true || value.last?.isWhitespace == true
        ? value.trimmedSpaces : value
      guard let key = field(name), !trimmed.isEmpty, trimmed.utf8.count != 4 || trimmed.lowercased() != "null" else {
        continue
      }
      fields[key] = trimmed
    }
    return fields
  }

  func record(_ fields: [String: String]) throws(RowError) -> CallRecord {
    guard let sid = fields["sid"] else { throw RowError(field: "sid", reason: "a call needs its sid (CallSid)") }
    guard Self.isSid(sid) else {
      throw RowError(field: "sid", reason: "expected a call sid: CA and 32 hexadecimal digits, got '\(sid.prefix(40))'")
    }
    guard let twilioDirection = fields["direction"]?.lowercased() else {
      throw RowError(field: "direction", reason: "a call needs its direction (inbound, outbound-api, outbound-dial)")
    }
    guard let twilioStatus = fields["status"]?.lowercased() else {
      throw RowError(field: "status", reason: "a call needs its status (completed, busy, no-answer, ...)")
    }
    let directions = ["inbound", "outbound-api", "outbound-dial", "trunking-originating", "trunking-terminating"]
    guard directions.contains(twilioDirection) else {
      throw RowError(
        field: "direction",
        reason: "unknown call direction '\(twilioDirection.prefix(40))'; expected \(directions.joined(separator: ", "))")
    }
    let direction: CallRecord.Direction =
      twilioDirection.hasPrefix("outbound") || twilioDirection == "trunking-terminating" ? .outgoing : .incoming
    let status: CallRecord.Status
    switch (direction, twilioStatus) {
    case (.outgoing, _): status = .outgoing
    case (.incoming, "completed"), (.incoming, "in-progress"), (.incoming, "answered"): status = .answered
    case (.incoming, "busy"), (.incoming, "no-answer"), (.incoming, "failed"), (.incoming, "canceled"): status = .missed
    case (.incoming, "queued"), (.incoming, "ringing"), (.incoming, "initiated"): status = .pending
    default:
      throw RowError(
        field: "status",
        reason:
          "unknown call status '\(twilioStatus)'; expected queued, ringing, in-progress, completed, busy, failed, no-answer or canceled"
      )
    }
    var call = CallRecord(
      sid: sid, direction: direction, twilioDirection: twilioDirection, status: status, twilioStatus: twilioStatus)
    call.parentSid = fields["parent"]
    if let parent = call.parentSid, !Self.isSid(parent) {
      throw RowError(field: "parent_call_sid", reason: "expected a call sid, got '\(parent.prefix(40))'")
    }
    (call.from, call.to) = (fields["from"], fields["to"])
    let remote = direction == .incoming ? call.from : call.to
    call.remoteNumber = remote.map { number(of: $0) ?? $0 }
    let local = direction == .incoming ? call.to : call.from
    call.agentID = local.flatMap(agents.user) ?? remote.flatMap(agents.user)
    let created = try date(fields, "created")
    call.startedAt = try date(fields, "start") ?? created
    call.updatedAt = try date(fields, "updated")
    if let text = fields["duration"] {
      guard let seconds = Int(text), seconds >= 0 else {
        throw RowError(field: "duration", reason: "expected whole seconds, got '\(text)'")
      }
      call.durationSeconds = seconds
    }
    if let text = fields["price"] {
      guard let price = DecimalText.parse(text) else {
        throw RowError(field: "price", reason: "expected a decimal amount such as -0.0130, got '\(text)'")
      }
      guard let unit = fields["unit"] else { throw RowError(field: "price_unit", reason: "a price needs its price_unit") }
      call.costCurrency = try FieldParsing.currency(unit, field: "price_unit")
      // Twilio writes a charge as a negative amount; the cost is stored positive.
      call.cost = "\(price < 0 ? -price : price)"
    }
    // A call known only from status callbacks has no start or creation time: it started by its
    // callback's Timestamp, or, for a finished call, by that Timestamp less its duration. The
    // call's earliest report gives its start (`CallRecord.filled(from:)`).
    if call.startedAt == nil, let stamp = call.updatedAt {
      let finished = call.rank == 2 ? TimeInterval(call.durationSeconds ?? 0) : 0
      call.startedAt = stamp.addingTimeInterval(-finished)
    }
    call.recordingURL = fields["recording"]
    if let text = fields["sequence"] {
      guard let sequence = Int(text) else {
        throw RowError(field: "SequenceNumber", reason: "expected a whole number, got '\(text)'")
      }
      call.sequence = sequence
    }
    return call
  }

  /// The E.164 form of a party that is a valid phone number; nil for `client:`, `sip:` and the like.
  func number(of party: String) -> String? {
    guard party.first.map({ $0 == "+" || $0.isNumber }) == true else { return nil }
    let phone = PhoneNumbers.parse(party, defaultRegion: region)
    return phone.isValid ? phone.e164 : nil
  }

  private func date(_ fields: [String: String], _ key: String) throws(RowError) -> Date? {
    guard let text = fields[key] else { return nil }
    guard let date = RFC2822.parse(text) else {
      throw RowError(field: key, reason: "expected an RFC 2822 date such as 'Fri, 27 Nov 2026 09:15:02 +0000', got '\(text)'")
    }
    return date
  }

  static func isSid(_ text: String) -> Bool {
    text.utf8.count == 34 && text.hasPrefix("CA")
      && text.utf8.dropFirst(2).allSatisfy { byte in
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
          || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
      }
  }
}

/// Which manager a Twilio party is: each user's client identities (`client:alice`, or bare
/// `alice`) and phone numbers from the settings.
struct AgentDirectory: Sendable {
  private var byIdentity: [String: String] = [:]
  private let region: String?

  init(users: [User], region: String?) {
    self.region = region
    for user in users {
      for identity in user.twilio {
        let key = identity.lowercased()
        byIdentity[key] = byIdentity[key] ?? user.id
        if key.hasPrefix("client:") { byIdentity[String(key.dropFirst(7))] = byIdentity[String(key.dropFirst(7))] ?? user.id }
        let phone = PhoneNumbers.parse(identity, defaultRegion: region)
        if phone.isValid, let e164 = phone.e164 { byIdentity[e164] = byIdentity[e164] ?? user.id }
      }
    }
  }

  func user(_ party: String) -> String? {
    let key = party.lowercased()
    if let user = byIdentity[key] { return user }
    guard key.first.map({ $0 == "+" || $0.isNumber }) == true else { return nil }
    let phone = PhoneNumbers.parse(party, defaultRegion: region)
    return phone.isValid ? phone.e164.flatMap { byIdentity[$0] } : nil
  }
}
