import Foundation
import PipelineModel

/// ISO 3166 alpha-2 codes for country names and codes as people type them.
public enum Regions {
  /// Region for a country name or code: "France", "FR", "United Kingdom", "UK", "Deutschland",
  /// "USA", "España", "Schweiz"... as an upper-case alpha-2 code; nil if unknown.
  /// Case, accents, punctuation and extra spaces are ignored. Besides the table, any alpha-2
  /// code libphonenumber has metadata for is accepted ("re" → "RE").
  public static func code(forCountry name: String) -> String? {
    codes.value(name, lookUp)
  }

  private static let codes = Memo<String?>(limit: 10_000)

  private static func lookUp(_ name: String) -> String? {
    if let code = codesByName[normalized(name)] { return code }
    let trimmed = name.trimmedWhitespace
    let isAlpha2 = trimmed.count == 2 && trimmed.allSatisfy { $0.isASCII && $0.isLetter }
    return isAlpha2 && PhoneNumbers.knowsRegion(trimmed) ? trimmed.uppercased() : nil
  }

  /// The names and codes `code(forCountry:)` knows, by alpha-2 code: alpha-2, alpha-3, then
  /// English, French, German, Spanish, Italian and local names.
  public static let namesByCode: [String: [String]] = [
    "FR": ["FR", "FRA", "France", "French Republic", "République française", "Frankreich", "Francia"],
    "DE": [
      "DE", "DEU", "GER", "Germany", "Allemagne", "Deutschland", "Bundesrepublik Deutschland",
      "Alemania", "Germania",
    ],
    "GB": [
      "GB", "GBR", "UK", "United Kingdom", "Great Britain", "Britain", "England", "Scotland",
      "Wales", "Northern Ireland", "Royaume-Uni", "Grande-Bretagne", "Angleterre", "Écosse",
      "Pays de Galles", "Irlande du Nord", "Vereinigtes Königreich", "Großbritannien",
      "Grossbritannien", "Reino Unido", "Gran Bretaña", "Inglaterra", "Regno Unito",
    ],
    "US": [
      "US", "USA", "United States", "United States of America", "America", "États-Unis",
      "États-Unis d'Amérique", "Vereinigte Staaten", "Vereinigte Staaten von Amerika",
      "Estados Unidos", "EEUU", "EE UU", "Stati Uniti",
    ],
    "ES": ["ES", "ESP", "Spain", "Espagne", "Spanien", "España", "Spagna"],
    "IT": ["IT", "ITA", "Italy", "Italie", "Italien", "Italia"],
    "BE": ["BE", "BEL", "Belgium", "Belgique", "Belgien", "Bélgica", "België", "Belgio"],
    "CH": [
      "CH", "CHE", "Switzerland", "Suisse", "Schweiz", "Suiza", "Svizzera", "Svizra",
      "Confoederatio Helvetica",
    ],
    "NL": [
      "NL", "NLD", "Netherlands", "Holland", "Pays-Bas", "Hollande", "Niederlande",
      "Países Bajos", "Holanda", "Nederland", "Paesi Bassi",
    ],
    "PT": ["PT", "PRT", "Portugal", "Portogallo"],
    "IE": ["IE", "IRL", "Ireland", "Republic of Ireland", "Irlande", "Irland", "Irlanda", "Éire"],
    "LU": ["LU", "LUX", "Luxembourg", "Luxemburg", "Luxemburgo", "Lussemburgo", "Lëtzebuerg"],
    "AT": ["AT", "AUT", "Austria", "Autriche", "Österreich", "Oesterreich"],
    "CA": ["CA", "CAN", "Canada", "Kanada", "Canadá"],
    "AU": ["AU", "AUS", "Australia", "Australie", "Australien"],
    "SE": ["SE", "SWE", "Sweden", "Suède", "Schweden", "Suecia", "Svezia", "Sverige"],
    "NO": ["NO", "NOR", "Norway", "Norvège", "Norwegen", "Noruega", "Norvegia", "Norge"],
    "DK": [
      "DK", "DNK", "Denmark", "Danemark", "Dänemark", "Daenemark", "Dinamarca", "Danimarca",
      "Danmark",
    ],
    "FI": ["FI", "FIN", "Finland", "Finlande", "Finnland", "Finlandia", "Suomi"],
    "PL": ["PL", "POL", "Poland", "Pologne", "Polen", "Polonia", "Polska"],
    "CZ": [
      "CZ", "CZE", "Czech Republic", "Czechia", "République tchèque", "Tchéquie",
      "Tschechien", "Tschechische Republik", "República Checa", "Chequia", "Repubblica Ceca",
      "Česko", "Česká republika",
    ],
    "JP": ["JP", "JPN", "Japan", "Japon", "Japón", "Giappone", "Nippon", "Nihon", "日本"],
    "CN": ["CN", "CHN", "China", "People's Republic of China", "PRC", "Chine", "Cina", "中国"],
    "IN": ["IN", "IND", "India", "Inde", "Indien", "Bharat", "भारत"],
    "BR": ["BR", "BRA", "Brazil", "Brésil", "Brasilien", "Brasil", "Brasile"],
    "MX": ["MX", "MEX", "Mexico", "Mexique", "Mexiko", "México", "Messico"],
    "MA": ["MA", "MAR", "Morocco", "Maroc", "Marokko", "Marruecos", "Marocco", "المغرب"],
    "TN": ["TN", "TUN", "Tunisia", "Tunisie", "Tunesien", "Túnez", "تونس"],
    "DZ": ["DZ", "DZA", "Algeria", "Algérie", "Algerien", "Argelia", "الجزائر"],
    "SN": ["SN", "SEN", "Senegal", "Sénégal"],
    "CI": [
      "CI", "CIV", "Côte d'Ivoire", "Ivory Coast", "Elfenbeinküste", "Costa de Marfil",
      "Costa d'Avorio",
    ],
  ]

  private static let codesByName: [String: String] = Dictionary(
    namesByCode.flatMap { code, names in names.map { (normalized($0), code) } },
    uniquingKeysWith: { first, _ in first })

  /// Lower-case, accents and dots removed, other punctuation as spaces, spaces collapsed,
  /// a leading "the" dropped: "  The U.S.A." → "usa", "Côte d’Ivoire" → "cote d ivoire".
  static func normalized(_ name: String) -> String {
    var text = name.lowercased()
    if !text.utf8.allSatisfy({ $0 < 0x80 }) {  // folding is slow; ASCII needs none
      text = text.replacingOccurrences(of: "ß", with: "ss")
        .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }
    var words = text.filter { $0 != "." }.split { !$0.isLetter && !$0.isNumber }
    if words.count > 1, words.first == "the" { words.removeFirst() }
    return words.joined(separator: " ")
  }
}
