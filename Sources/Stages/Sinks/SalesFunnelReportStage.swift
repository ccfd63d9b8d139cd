import Foundation
import PipelineConfig
import PipelineModel
import Reports
import Warehouse

/// `report.sales-funnel`: the funnel of deals created in the period, as an XLSX workbook.
struct SalesFunnelReportStage: Stage {
  static let descriptor = StageDescriptor(
    spec: StageSpec(
      kind: "report.sales-funnel",
      summary: "Write the sales funnel (deals created in the period, by stage and status, cumulative funnel) as XLSX.",
      keys: ReportOptions.keys(report: "sales-funnel"),
      example: """
        - kind: report.sales-funnel
          period: current-quarter
          output: ../out/reports/{report}-{period}.xlsx
        """),
    build: { config, settings throws(DiagnosticList) in
      SalesFunnelReportStage(
        config: config, options: try ReportOptions(config: config, settings: settings, report: "sales-funnel"))
    })

  let config: StageConfig
  let options: ReportOptions

  func run(_ context: RunContext) throws -> StageSummary {
    var summary = StageSummary(stageID: config.id, kind: config.kind)
    let report = options.reportContext(context)
    let deals = try context.warehouse.dealsCreated(in: report.period.interval, managers: options.managers)
    let stages = try context.warehouse.dealStages().map(\.stage)
    let converter = try options.converter(context)
    let funnel: SalesFunnel
    do {
      funnel = try SalesFunnel.compute(
        deals: deals, stages: stages, converter: converter, rateDate: options.rateDate(context),
        timeZone: context.settings.timeZone)
    } catch {
      throw DiagnosticList([
        .error(error.message, stage: config.kind, notes: [.note("in the stage defined here", at: config.location)])
      ])
    }
    if funnel.totalCount == 0 {
      summary.warn(
        .init(
          .warning, at: config.location, stage: config.kind,
          "no deal was created in \(report.period.text); the report shows zeros"))
    }
    let path = options.outputPath(report)
    try WorkbookRenderer.write(funnel.workbook(report), to: path, created: context.asOf, currency: context.settings.baseCurrency)
    summary.outputs.append(Paths.display(path))
    summary.counts.read = funnel.totalCount
    return summary
  }
}
