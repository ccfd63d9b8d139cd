// Plain C view of libphonenumber, for Swift. Implemented in PhoneNumber.cpp.
#ifndef CPHONENUMBER_H
#define CPHONENUMBER_H

#ifdef __cplusplus
extern "C" {
#endif

// cpn_result.type
#define CPN_TYPE_UNKNOWN 0
#define CPN_TYPE_FIXED_LINE 1
#define CPN_TYPE_MOBILE 2
#define CPN_TYPE_FIXED_LINE_OR_MOBILE 3
#define CPN_TYPE_TOLL_FREE 4
#define CPN_TYPE_PREMIUM_RATE 5
#define CPN_TYPE_VOIP 6
#define CPN_TYPE_OTHER 7  // shared cost, personal, pager, UAN, voicemail

// cpn_result.error and the return value of cpn_parse
#define CPN_OK 0
#define CPN_ERROR_INVALID_COUNTRY_CODE 1
#define CPN_ERROR_NOT_A_NUMBER 2
#define CPN_ERROR_TOO_SHORT_AFTER_IDD 3
#define CPN_ERROR_TOO_SHORT_NSN 4
#define CPN_ERROR_TOO_LONG 5
#define CPN_ERROR_NO_COUNTRY_CODE 6  // national number and no usable default region
#define CPN_ERROR_INTERNAL 7         // bad arguments or a caught C++ exception

// cpn_result.length (the possible-number check), meaningful when parsed
#define CPN_LENGTH_POSSIBLE 0
#define CPN_LENGTH_POSSIBLE_LOCAL_ONLY 1  // dialable only inside an area
#define CPN_LENGTH_INVALID_COUNTRY_CODE 2
#define CPN_LENGTH_TOO_SHORT 3
#define CPN_LENGTH_INVALID 4
#define CPN_LENGTH_TOO_LONG 5

typedef struct {
  int valid;         // 1 if libphonenumber says the number is valid
  int possible;      // 1 if its length is possible (length == CPN_LENGTH_POSSIBLE)
  int length;        // CPN_LENGTH_*
  int type;          // CPN_TYPE_*; CPN_TYPE_UNKNOWN unless valid and asked for
  int country_code;  // calling code, e.g. 33; 0 when not parsed
  char e164[32];     // "+33612345678" when parsed (even if not valid), else ""
  char region[3];    // ISO 3166 alpha-2 of the number, "" if unknown or non-geographic
  int error;         // CPN_OK or CPN_ERROR_*
} cpn_result;

// Parses `text` (UTF-8). `default_region` is an alpha-2 code (any case) used for
// national numbers; NULL, "" or an unknown code mean "none", in which case the
// number must start with + or 00. `with_type` non-zero: also find the type of a
// valid number (it costs a second test of the number's patterns). Fills *out and
// returns out->error. Returns CPN_OK when parsed, even if not valid. Never throws.
int cpn_parse(const char *text, const char *default_region, int with_type, cpn_result *out);

// The calling code of an alpha-2 region (any case), e.g. 33 for "FR"; 0 if the
// library does not know the region. Never throws.
int cpn_calling_code_for_region(const char *region);

// English text for a CPN_ERROR_* code ("" for CPN_OK). Static storage.
const char *cpn_error_text(int error);

#ifdef __cplusplus
}
#endif

#endif  // CPHONENUMBER_H
