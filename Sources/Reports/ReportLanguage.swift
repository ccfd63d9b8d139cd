import Foundation
import XLSXBridge

/// The language of a report's labels: English, or French (section 1.15 of the reference,
/// with its spelling mistakes corrected, and the labels it lacks added).
///
/// Reports are built with English labels; a French workbook is the same workbook with every
/// label cell, sheet name and chart title translated (and formulas following renamed
/// sheets). Names from the data are left alone unless they are the reference CRM's seeded
/// list items, which it shows in French too.
public enum ReportLanguage: String, Sendable, CaseIterable {
  case en, fr

  public func translate(_ text: String) -> String {
    guard self == .fr else { return text }
    if let french = Self.french[text] { return french }
    // "Budget, EUR": a label and a currency code.
    if let comma = text.range(of: ", ", options: .backwards), text[comma.upperBound...].count == 3,
      text[comma.upperBound...].allSatisfy(\.isUppercase), let french = Self.french[String(text[..<comma.lowerBound])]
    {
      return french + text[comma.lowerBound...]
    }
    if text.hasPrefix("Rate to "), text.count == 11 { return "Taux vers " + text.dropFirst(8) }
    if text.hasPrefix("of which "), text.hasSuffix(" are unanswered") {
      return "dont " + text.dropFirst(9).dropLast(15) + " sans réponse"
    }
    return text
  }

  /// The workbook with its labels in this language.
  public func translate(_ workbook: Workbook) -> Workbook {
    guard self == .fr else { return workbook }
    let renamed = Dictionary(
      workbook.sheets.map { ($0.name, Sheet.safeName(translate($0.name))) }, uniquingKeysWith: { first, _ in first })
    var result = Workbook(title: translate(workbook.title), sheets: [])
    for sheet in workbook.sheets {
      var copy = Sheet(name: renamed[sheet.name] ?? sheet.name)
      (copy.freeze, copy.autofilter, copy.minimumWidths) = (sheet.freeze, sheet.autofilter, sheet.minimumWidths)
      let translated = { @Sendable (cell: Cell) -> Cell in
        var cell = cell
        switch cell.content {
        case .text(let text): cell.content = .text(translate(text))
        case .formula(var formula, let value):
          for (old, new) in renamed where old != new {
            formula = formula.replacingOccurrences(of: "'\(old)'!", with: "'\(new)'!")
          }
          cell.content = .formula(formula, value)
        case .number: break
        }
        return cell
      }
      for cell in sheet.cells { copy.put(cell.row, cell.column, translated(cell).content, cell.style) }
      copy.detailRows = sheet.detailRows.map { rows in
        DetailRows(first: rows.first, count: rows.count) { rows.cells($0).map(translated) }
      }
      copy.charts = sheet.charts.map { chart in
        var chart = chart
        chart.title = translate(chart.title)
        chart.series = chart.series.map { XLSXSeries(name: translate($0.name), categories: $0.categories, values: $0.values) }
        return chart
      }
      result.sheets.append(copy)
    }
    return result
  }

  static let french: [String: String] = [
    // Report titles.
    "Sales by managers": "Ventes par responsable", "Sales forecast": "Prévision de ventes",
    "Sales funnel": "Entonnoir de vente", "Contacts by managers": "Contacts par responsable",
    "Tasks by managers": "Tâches par responsable", "Opportunities by managers": "Opportunités par responsable",
    "Invoices by managers": "Factures par responsable", "VoIP by managers": "La téléphonie VoIP par responsable",
    "Summary for the period": "Résumé pour la période", "Summary for the moment": "Résumé pour le moment",
    // Section 1.15.
    "With respect to probability": "En tenant compte de la probabilité",
    "If all opportunities won": "Si toutes les opportunités sont gagnées", "Conversion": "Conversion", "Stage": "Étape",
    "Budget": "Montant", "Number": "Nombre", "Manager": "Responsable", "Total": "Total", "Sum": "Somme",
    "Billed": "Facturées", "Paid": "Payées", "Rejected": "Rejetées", "Overdue": "En retard", "Incoming": "Entrants",
    "Outgoing": "Sortants", "New": "Nouvelles", "Won": "Gagnées", "Lost": "Perdues", "Not specified": "Non spécifié",
    "During all time": "Pendant tout le temps",
    // Tables, columns and sheets.
    "No manager": "Sans responsable", "By number": "Par nombre", "By budget": "Par montant",
    "New contacts": "Nouveaux contacts",
    "New contacts with and without opportunities": "Nouveaux contacts avec et sans opportunités",
    "Without opportunities": "Sans opportunités", "With opportunities": "Avec opportunités",
    "Closed tasks": "Tâches fermées", "New tasks": "Nouvelles tâches", "Overdue tasks": "Tâches en retard",
    "Invoices": "Factures", "Invoices by outcome": "Factures par issue", "Call count": "Nombre d'appels",
    "Call duration": "Durée des appels", "Deals": "Opportunités", "Deals by budget": "Opportunités par montant",
    "Deals by number": "Opportunités par nombre", "Contacts": "Contacts", "Tasks": "Tâches", "Calls": "Appels",
    "Count": "Nombre", "Duration": "Durée", "Created": "Créées", "Closed": "Fermées", "Open": "Ouvertes",
    "Opened": "Ouvertes", "Will close in the next 30 days": "Se fermeront dans les 30 prochains jours",
    "Open deals by stage": "Opportunités ouvertes par étape", "Contacts by type": "Contacts par type",
    "Contacts by temperature": "Contacts par niveau de température", "Type": "Type", "Category": "Catégorie",
    "Status": "Statut", "Temperature level": "Niveau de température", "Day": "Jour", "Month": "Mois", "Hour": "Heure",
    "Open deals": "Opportunités ouvertes", "Won deals": "Opportunités gagnées", "Deal": "Opportunité", "Title": "Titre",
    "Contact": "Contact", "Responsible": "Responsable", "Actual close": "Clôture réelle",
    "Expected close": "Clôture prévue", "Bid": "Offre", "Currency": "Devise", "Bid type": "Type d'offre",
    "Periods": "Périodes", "Value": "Valeur", "Rate date": "Date du taux", "Rate to": "Taux vers",
    "Days to win": "Jours pour gagner", "Probability": "Probabilité", "Weighted": "Pondérée",
    "Opportunities by stage": "Opportunités par étape", "Opportunities by status": "Opportunités par statut",
    "Funnel by number": "Entonnoir par nombre", "Funnel by budget": "Entonnoir par montant",
    "Total number of opportunities": "Nombre total d'opportunités", "Total budget": "Montant total",
    "Average budget": "Montant moyen", "Average days to win": "Durée moyenne pour gagner (jours)",
    "Successfully closed": "Fermé avec succès", "Unsuccessfully closed": "Fermé sans succès",
    "Sales by the hour, by the managers": "Ventes par heure, par responsable",
    "Sales by the day, by the managers": "Ventes par jour, par responsable",
    "Sales by the month, by the managers": "Ventes par mois, par responsable",
    "Total sales for the period by managers": "Ventes totales de la période par responsable",
    "Total sales by managers": "Ventes totales par responsable", "Sales by the hour": "Ventes par heure",
    "Sales by the day": "Ventes par jour", "Sales by the month": "Ventes par mois",
    "Rates not given directly, derived from the ones given:": "Taux non donnés directement, déduits de ceux donnés :",
    "Nothing in this period.": "Rien sur cette période.",
    // The reference CRM's seeded lists (section 2.3 and 2.4), shown in French by it too.
    "Initial contact": "Contact initial", "Application of initial fit criteria": "Application des critères de sélection",
    "Suspect": "Client potentiel", "Need assessment": "Besoin d'identification", "Qualified prospect": "Prospect qualifié",
    "Proposal": "Proposition", "Negotiations": "Négociation", "Closure/Transaction": "Clôture/Transaction",
    "Client": "Client", "Supplier": "Fournisseur", "Partner": "Partenaire", "Competitor": "Concurrent",
    "Cold": "Froid", "Warm": "Chaud", "Hot": "Très chaud", "Phone call": "Appel téléphonique",
    "Opportunity": "Opportunité", "Demo": "Démo", "Email": "Email", "Fax": "Fax",
    "Execution control": "Contrôle d'exécution", "Lunch": "Déjeuner", "Appointment": "Rendez-vous", "Note": "Note",
    "Delivery": "Livraison", "Social networks": "Réseaux sociaux", "Expression of gratitude": "Expression de gratitude",
  ]
}
