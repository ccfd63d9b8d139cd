// libphonenumber behind the C API of CPhoneNumber.h. No C++ exception leaves
// this file: every entry point catches everything.
#include "CPhoneNumber.h"

#include <cstdio>
#include <cstring>
#include <string>

#include "phonenumbers/phonenumber.pb.h"
#include "phonenumbers/phonenumberutil.h"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

const char kNoRegion[] = "ZZ";  // libphonenumber's "unknown region"

int type_code(PhoneNumberUtil::PhoneNumberType type) {
  switch (type) {
    case PhoneNumberUtil::FIXED_LINE: return CPN_TYPE_FIXED_LINE;
    case PhoneNumberUtil::MOBILE: return CPN_TYPE_MOBILE;
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE: return CPN_TYPE_FIXED_LINE_OR_MOBILE;
    case PhoneNumberUtil::TOLL_FREE: return CPN_TYPE_TOLL_FREE;
    case PhoneNumberUtil::PREMIUM_RATE: return CPN_TYPE_PREMIUM_RATE;
    case PhoneNumberUtil::VOIP: return CPN_TYPE_VOIP;
    case PhoneNumberUtil::UNKNOWN: return CPN_TYPE_UNKNOWN;
    default: return CPN_TYPE_OTHER;
  }
}

int length_code(PhoneNumberUtil::ValidationResult result) {
  switch (result) {
    case PhoneNumberUtil::IS_POSSIBLE: return CPN_LENGTH_POSSIBLE;
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY: return CPN_LENGTH_POSSIBLE_LOCAL_ONLY;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE: return CPN_LENGTH_INVALID_COUNTRY_CODE;
    case PhoneNumberUtil::TOO_SHORT: return CPN_LENGTH_TOO_SHORT;
    case PhoneNumberUtil::TOO_LONG: return CPN_LENGTH_TOO_LONG;
    default: return CPN_LENGTH_INVALID;
  }
}

int error_code(PhoneNumberUtil::ErrorType error) {
  switch (error) {
    case PhoneNumberUtil::NO_PARSING_ERROR: return CPN_OK;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR: return CPN_ERROR_INVALID_COUNTRY_CODE;
    case PhoneNumberUtil::NOT_A_NUMBER: return CPN_ERROR_NOT_A_NUMBER;
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD: return CPN_ERROR_TOO_SHORT_AFTER_IDD;
    case PhoneNumberUtil::TOO_SHORT_NSN: return CPN_ERROR_TOO_SHORT_NSN;
    case PhoneNumberUtil::TOO_LONG_NSN: return CPN_ERROR_TOO_LONG;
  }
  return CPN_ERROR_INTERNAL;
}

// Copies src into a fixed char array, truncating, always NUL-terminated.
template <size_t N>
void copy_string(char (&dst)[N], const std::string &src) {
  std::snprintf(dst, N, "%s", src.c_str());
}

std::string upper_ascii(const char *text) {
  std::string result = text ? text : "";
  for (char &c : result) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return result;
}

// The default region upper-cased, or "ZZ" when missing or unknown to the library.
std::string usable_region(const PhoneNumberUtil &util, const char *default_region) {
  const std::string region = upper_ascii(default_region);
  if (region.size() != 2 || util.GetCountryCodeForRegion(region) == 0) return kNoRegion;
  return region;
}

// The number without the separators people type ("+33 (0)6 12-34.56/78" gives
// "+330612345678"), when the text holds nothing else; otherwise the text unchanged, for
// libphonenumber to read words and extensions itself. libphonenumber drops these
// separators too, but through regexes over the whole text: the short form parses to the
// same number about a third faster.
std::string compact(const char *text) {
  std::string digits;
  for (const char *c = text; *c; ++c) {
    if ((*c >= '0' && *c <= '9') || (*c == '+' && digits.empty())) {
      digits += *c;
    } else if (*c != ' ' && *c != '-' && *c != '.' && *c != '(' && *c != ')' && *c != '/') {
      return text;
    }
  }
  return digits;
}

int parse(const char *text, const char *default_region, int with_type, cpn_result *out) {
  const PhoneNumberUtil &util = *PhoneNumberUtil::GetInstance();
  const std::string region = usable_region(util, default_region);
  std::string input = compact(text);

  // Where the number starts ("Tel: +33 ..."). Without a region, libphonenumber
  // only knows "+"; accept the common "00" international prefix as well.
  const size_t start = input.find_first_of("+0123456789");
  const bool no_region = region == kNoRegion;
  if (no_region && start != std::string::npos && input.compare(start, 2, "00") == 0) {
    input.replace(start, 2, "+");
  }
  const bool international = start != std::string::npos && input[start] == '+';

  PhoneNumber number;
  const PhoneNumberUtil::ErrorType error = util.Parse(input, region, &number);
  if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
    const bool missing_code =
        error == PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR && no_region && !international;
    out->error = missing_code ? CPN_ERROR_NO_COUNTRY_CODE : error_code(error);
    return out->error;
  }

  // IsValidNumber is IsValidNumberForRegion for the number's region, and GetNumberType finds
  // that region too: the region is found once here, and the type's patterns are tested again
  // only when the caller asks for the type. Finding the region of a calling code shared by
  // several regions (+1, +44, +39...) tests the number's patterns region by region.
  std::string number_region;
  util.GetRegionCodeForNumber(number, &number_region);
  out->valid = util.IsValidNumberForRegion(number, number_region) ? 1 : 0;
  // A valid number has a possible length; the length check only explains invalid ones.
  out->length =
      out->valid ? CPN_LENGTH_POSSIBLE : length_code(util.IsPossibleNumberWithReason(number));
  out->possible = out->length == CPN_LENGTH_POSSIBLE ? 1 : 0;
  out->type = with_type && out->valid ? type_code(util.GetNumberType(number)) : CPN_TYPE_UNKNOWN;
  out->country_code = number.country_code();

  std::string formatted;
  util.Format(number, PhoneNumberUtil::E164, &formatted);
  copy_string(out->e164, formatted);

  // "ZZ" is unknown, "001" is non-geographic (+800 ...): neither is alpha-2.
  if (number_region.size() == 2 && number_region != kNoRegion) {
    copy_string(out->region, number_region);
  }
  return CPN_OK;
}

}  // namespace

extern "C" int cpn_parse(const char *text, const char *default_region, int with_type, cpn_result *out) {
  if (out == nullptr) return CPN_ERROR_INTERNAL;
  std::memset(out, 0, sizeof *out);
  if (text == nullptr) {
    out->error = CPN_ERROR_INTERNAL;
    return out->error;
  }
  try {
    return parse(text, default_region, with_type, out);
  } catch (...) {
    std::memset(out, 0, sizeof *out);
    out->error = CPN_ERROR_INTERNAL;
    return out->error;
  }
}

extern "C" int cpn_calling_code_for_region(const char *region) {
  try {
    const std::string code = upper_ascii(region);
    return code.size() == 2 ? PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(code) : 0;
  } catch (...) {
    return 0;
  }
}

extern "C" const char *cpn_error_text(int error) {
  switch (error) {
    case CPN_OK: return "";
    case CPN_ERROR_INVALID_COUNTRY_CODE: return "invalid country code";
    case CPN_ERROR_NOT_A_NUMBER: return "not a number";
    case CPN_ERROR_TOO_SHORT_AFTER_IDD: return "too short after the international prefix";
    case CPN_ERROR_TOO_SHORT_NSN: return "too short";
    case CPN_ERROR_TOO_LONG: return "too long";
    case CPN_ERROR_NO_COUNTRY_CODE: return "no country code and no default region";
    default: return "internal error";
  }
}
