internal import CPhoneNumber

/// A phone number as libphonenumber understands it.
public struct PhoneNumber: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case fixedLine, mobile, fixedOrMobile, tollFree, premium, voip, other, unknown
  }

  /// The text as given.
  public let raw: String
  /// E.164 form ("+33612345678"), only when the number is valid.
  public let e164: String?
  public let isValid: Bool
  /// ISO 3166 alpha-2 region of the number, when libphonenumber can tell.
  public let region: String?
  /// `.unknown` unless valid; nil unless asked for (`parse(_:defaultRegion:withKind:)`).
  public let kind: Kind?
  /// Why the number is not valid ("not a number", "too short", "not a valid number for FR"...);
  /// nil when valid.
  public let problem: String?
}

public enum PhoneNumbers {
  /// Parses `raw` with libphonenumber. Numbers starting with `+` or `00` need no region;
  /// national numbers use `defaultRegion`, an alpha-2 code or a country name known to
  /// `Regions` ("FR", "fr", "France"). `withKind`: also tell the kind of a valid number,
  /// which costs a second test of its patterns (the import stages do not need it).
  /// Thread-safe.
  public static func parse(_ raw: String, defaultRegion: String?, withKind: Bool = false) -> PhoneNumber {
    let region = defaultRegion.flatMap(Regions.code(forCountry:))
    var result = cpn_result()
    let error = cpn_parse(raw, region ?? "", withKind ? 1 : 0, &result)

    guard error == CPN_OK else {
      var problem = String(cString: cpn_error_text(error))
      if error == CPN_ERROR_NO_COUNTRY_CODE, let given = defaultRegion, !given.isEmpty {
        problem = "no country code and unknown default region \"\(given)\""
      }
      return PhoneNumber(
        raw: raw, e164: nil, isValid: false, region: nil, kind: withKind ? .unknown : nil, problem: problem)
    }

    let isValid = result.valid != 0
    let numberRegion = string(fromCArray: result.region)
    return PhoneNumber(
      raw: raw,
      e164: isValid ? string(fromCArray: result.e164) : nil,
      isValid: isValid,
      region: numberRegion.isEmpty ? nil : numberRegion,
      kind: withKind ? (isValid ? kind(result.type) : .unknown) : nil,
      problem: isValid ? nil : invalidReason(result, region: numberRegion))
  }

  /// Whether libphonenumber has metadata for an alpha-2 region code (any case).
  static func knowsRegion(_ code: String) -> Bool {
    cpn_calling_code_for_region(code) != 0
  }

  private static func kind(_ type: Int32) -> PhoneNumber.Kind {
    switch type {
    case CPN_TYPE_FIXED_LINE: .fixedLine
    case CPN_TYPE_MOBILE: .mobile
    case CPN_TYPE_FIXED_LINE_OR_MOBILE: .fixedOrMobile
    case CPN_TYPE_TOLL_FREE: .tollFree
    case CPN_TYPE_PREMIUM_RATE: .premium
    case CPN_TYPE_VOIP: .voip
    case CPN_TYPE_OTHER: .other
    default: .unknown
    }
  }

  private static func invalidReason(_ result: cpn_result, region: String) -> String {
    switch result.length {
    case CPN_LENGTH_TOO_SHORT: return "too short"
    case CPN_LENGTH_TOO_LONG: return "too long"
    case CPN_LENGTH_INVALID: return "invalid length"
    case CPN_LENGTH_POSSIBLE_LOCAL_ONLY: return "local number, area code missing"
    default:
      return "not a valid number for " + (region.isEmpty ? "+\(result.country_code)" : region)
    }
  }

  /// The NUL-terminated UTF-8 text in a fixed C array (imported as a tuple).
  private static func string<Tuple>(fromCArray tuple: Tuple) -> String {
    withUnsafeBytes(of: tuple) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
  }
}
