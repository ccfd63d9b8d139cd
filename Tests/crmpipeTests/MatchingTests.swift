import Foundation
import Testing

@testable import Stages

/// The Fellegi–Sunter matcher alone: comparison levels, bands, contradictions (no chaining),
/// term frequencies, training, and the evidence it keeps.
@Suite struct MatchingTests {
  func person(
    _ first: String?, _ last: String?, email: String? = nil, phone: String? = nil, city: String? = nil,
    street: String? = nil, postcode: String? = nil, birthday: String? = nil, company: String? = nil
  ) -> MatchRecord {
    MatchRecord(
      isCompany: false, firstName: first, lastName: last, company: company, emails: email.map { [$0] } ?? [],
      phones: phone.map { [$0] } ?? [], street: street, postcode: postcode, city: city, country: nil, birthday: birthday,
      externalID: nil)
  }

  func matcher() throws -> ContactMatcher { try ContactMatcher(model: .priors, matchThreshold: 0.999, reviewThreshold: 0.9) }

  @Test func namesCompareByLevels() {
    #expect(MatchComparison.name("jean", "jean") == .exact)
    #expect(MatchComparison.name("bob", "robert") == .close, "a nickname")
    #expect(MatchComparison.name("dupont", "dupond") == .similar)
    #expect(MatchComparison.name("james", "jarncs") == .similar, "rn read as m by OCR, one substitution")
    #expect(MatchComparison.name("j", "jean") == .similar, "an initial")
    #expect(MatchComparison.name("akira", "sakura") == .different)
    #expect(MatchComparison.name(nil, "jean") == .missing)
    #expect(MatchComparison.birthday("1980-03-04", "1980-04-03") == .close, "day and month swapped")
    #expect(MatchComparison.birthday("1980-03-04", "1955-10-12") == .different)
    #expect(MatchComparison.street("12 rue de la paix", "14 rue de la paix") == .similar, "another house number")
  }

  /// The same local part at two domains is evidence only when it is not the person's names:
  /// namesakes at two companies share `first.last@`.
  @Test func aLocalPartMadeOfTheNamesIsNotEvidence() {
    let a = person("Đức Châu", "Nguyễn", email: "ducchau.nguyen@ngo.com")
    let b = person("Đức Châu", "Nguyễn", email: "ducchau.nguyen@hanoi.vn")
    #expect(MatchComparison(a, b)[.email] == .different)
    let c = person("Jean", "Dupont", email: "jdu75@orange.fr"), d = person("Jean", "Dupont", email: "jdu75@gmail.com")
    #expect(MatchComparison(c, d)[.email] == .close)
    // A nickname's row keeps the company's pattern: the local part holds the last name.
    let jimmy = person("Jimmy", "Williams", email: "james.williams@orionmoto.co.uk")
    let james = person("James", "Williams", email: "james.williams@meridianmedi.co.uk")
    #expect(MatchComparison(jimmy, james)[.email] == .different)
  }

  /// Namesakes on one street at other house numbers: the postcode comes with the street and
  /// is not counted again, so the names and the street alone do not merge them.
  @Test func neighboursOfOneNameOnOneStreetStayApart() throws {
    let m = try matcher()
    m.add(person("Văn Hùng", "Trần", city: "Hanoi", street: "66 Lạc Long Quân", postcode: "149844"), to: 1)
    let neighbour = person("Văn Hùng", "Trần", city: "Hanoi", street: "249 Lạc Long Quân", postcode: "149844")
    let comparison = MatchComparison(neighbour, person("Văn Hùng", "Trần", street: "66 Lạc Long Quân", postcode: "149844"))
    #expect(comparison[.street] == .similar && comparison.isImplied(.postcode))
    #expect(try m.decide(neighbour).matches.isEmpty)
  }

  /// Colleagues share a company, its address and its switchboard, not a surname: another last
  /// name is a contradiction unless the dates of birth or an email are the same (a name taken
  /// at marriage).
  @Test func anotherLastNameContradictsUnlessTheBirthDateOrEmailIsTheSame() throws {
    let le = person("Thị Hoa", "Lê", phone: "+842872027191", street: "97 Kim Mã", company: "Vega Motors Co., Ltd")
    let pham = person("Thị Hoa", "Phạm", phone: "+842872027191", street: "92 Kim Mã", company: "Vega Motors Co., Ltd")
    #expect(MatchComparison(le, pham).contradicts)
    let m = try matcher()
    m.add(le, to: 1)
    #expect(try m.decide(pham).matches.isEmpty)
    let married = person("Anne", "Martin", email: "anne.m@orange.fr", birthday: "1980-02-03")
    #expect(!MatchComparison(married, person("Anne", "Durand", email: "anne.m@orange.fr")).contradicts)
    #expect(!MatchComparison(married, person("Anne", "Durand", birthday: "1980-02-03")).contradicts)
    #expect(MatchComparison(married, person("Anne", "Durand", birthday: "1985-07-09")).contradicts)
  }

  @Test func swappedNamesCompareSwapped() {
    let comparison = MatchComparison(person("Jean", "Dupont"), person("Dupont", "Jean"))
    #expect(comparison.swappedNames)
    #expect(comparison[.firstName] == .close && comparison[.lastName] == .close)
  }

  /// Three bands: merge at the match threshold, review between, nothing below.
  @Test func aRowMergesGoesToReviewOrStaysNewByItsProbability() throws {
    let m = try matcher()
    m.add(person("Jean", "Dupont", phone: "+33612345678", city: "Lyon"), to: 1)
    let merged = try m.decide(person("Jean", "Dupond", phone: "+33612345678"))
    #expect(merged.matches.map(\.id) == [1])
    #expect(merged.matches.first?.evidence.probability ?? 0 >= 0.999)
    let review = try m.decide(person("Jean", "Dupont", city: "Lyon"))
    #expect(review.matches.isEmpty)
    #expect(review.review.map(\.other) == [1])
    let probability = review.review.first?.evidence.probability ?? 0
    #expect(probability >= 0.9 && probability < 0.999, "\(probability)")
    let none = try m.decide(person("Jean", "Durand", city: "Lyon"))
    #expect(none.matches.isEmpty && none.review.isEmpty)
  }

  /// A ~ B ~ C, where A and C disagree (two dates of birth): C does not join the cluster of A
  /// and B though it matches B, and the pair is left to review.
  @Test func aRowThatContradictsOneRecordOfAContactDoesNotJoinIt() throws {
    let m = try matcher()
    let a = person("Jean", "Martin", email: "jean.martin@acme.fr", birthday: "1960-01-01")
    let b = person("Jean", "Martin", email: "jean.martin@acme.fr", phone: "+33612345678")
    let c = person("Jean", "Martin", phone: "+33612345678", birthday: "1990-05-05")
    m.add(a, to: 1)
    #expect(try m.decide(b).matches.map(\.id) == [1], "the same email")
    m.add(b, to: 1)
    let decision = try m.decide(c)
    #expect(decision.matches.isEmpty)
    #expect(decision.review.map(\.other) == [1])
    #expect(decision.review.first?.reason.contains("another date of birth") == true)
    // Compared with B alone, C would have merged: the golden record is not what rows meet.
    let alone = try matcher()
    alone.add(b, to: 1)
    #expect(try alone.decide(c).matches.map(\.id) == [1])
  }

  /// A row that matches two contacts joins both only when their records agree; two contacts
  /// a person kept apart stay apart.
  @Test func aRowJoinsTwoContactsOnlyWhenNothingKeepsThemApart() throws {
    let m = try matcher()
    m.add(person("Ana", "Lima", email: "ana@x.org"), to: 1)
    m.add(person("Ana", "Lima", phone: "+33612345678"), to: 2)
    let row = person("Ana", "Lima", email: "ana@x.org", phone: "+33612345678")
    #expect(try m.decide(row).matches.map(\.id) == [1, 2])
    m.keepApart(1, 2)
    let apart = try m.decide(row)
    #expect(apart.matches.count == 1)
    #expect(apart.review.first?.reason.contains("kept apart") == true)
  }

  /// A role address (info@) shared by colleagues is not decisive; a personal one is.
  @Test func aSharedOrRoleEmailIsNotDecisive() throws {
    let m = try matcher()
    m.add(person("Hiroshi", "Sato", email: "info@orion.jp"), to: 1)
    #expect(try m.decide(person("Takeshi", "Watanabe", email: "info@orion.jp")).matches.isEmpty)
    m.add(person("Emi", "Saito", email: "emi@orion.jp"), to: 2)
    #expect(try m.decide(person("E", "Saito", email: "EMI@orion.jp")).matches.first?.rule == .email)
  }

  /// Past 10,000 records, an exact match on a rare surname weighs more than on a common one.
  @Test func aRareNameProvesMoreThanACommonOne() throws {
    let m = try matcher()
    for index in 0..<12_000 {
      let last = index % 20 == 0 ? "Sato" : "Name\(index)"
      m.add(person("First\(index)", last, city: "Kobe"), to: Int64(index + 1))
    }
    m.add(person("Kasimir", "Szczebrzeszynski", city: "Kobe"), to: 20_000)
    let common = m.evidence(person("Emi", "Sato"), person("Emi", "Sato"))
    let rare = m.evidence(person("Kasimir", "Szczebrzeszynski"), person("Kasimir", "Szczebrzeszynski"))
    let bits = { (evidence: MatchEvidence) in evidence.parts.first { $0.field == .lastName }?.bits ?? 0 }
    #expect(bits(rare) > bits(common) + 4, "rare \(bits(rare)), common \(bits(common))")
  }

  /// EM on unlabelled records learns that true duplicates agree on names and that random pairs
  /// do not, and gives the same model for the same records.
  @Test func theModelIsLearntFromUnlabelledRecordsTheSameEachTime() {
    var records: [MatchRecord] = []
    let firsts = ["Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Greta", "Hugo", "Ines", "Jonas"]
    let lasts = ["Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Huber", "Ito", "Jansen", "Klein", "Lopez"]
    for index in 0..<600 {
      let first = firsts[index % firsts.count], last = lasts[(index / 10) % lasts.count] + "\(index / 110)"
      let email = "p\(index)@mail.example"
      records.append(
        person(
          first, last, email: email, city: "City\(index % 7)", birthday: "19\(50 + index % 40)-0\(1 + index % 9)-1\(index % 9)"))
      if index % 3 == 0 {
        records.append(person(first, last + (index % 2 == 0 ? "e" : ""), email: email, city: "City\(index % 7)"))
      }
    }
    let model = MatchTraining.learn(records)
    #expect(model == MatchTraining.learn(records))
    #expect(model.trainedRecords == records.count)
    #expect(model.bits(.firstName, .exact) > 3)
    #expect(model.bits(.firstName, .different) < -3)
    #expect(model.m[MatchField.lastName.rawValue][MatchLevel.exact.rawValue] > 0.4)
    #expect(MatchModel.from(json: model.json) != nil)
  }

  /// The evidence as JSON: the prior and each field's bits add up to the weight.
  @Test func theEvidenceAddsUp() throws {
    let m = try matcher()
    let evidence = m.evidence(person("Jean", "Dupont", phone: "+33612345678"), person("Jean", "Dupond", phone: "+33612345678"))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(evidence.json.utf8)) as? [String: Any])
    let parts = ["first_name", "last_name", "phone"].compactMap { (object[$0] as? [Any])?.last as? Double }
    #expect(parts.count == 3)
    let sum = (object["prior"] as? Double ?? 0) + parts.reduce(0, +)
    #expect(abs(sum - (object["weight"] as? Double ?? 0)) < 0.05)
  }
}
