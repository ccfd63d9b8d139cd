import PipelineConfig

/// Every stage kind crmpipe knows, in the order `crmpipe stages` lists them.
public enum StageRegistry {
  public static let all: [StageDescriptor] = [
    ImportContactsStage.descriptor,
    ImportDealsStage.descriptor,
    ImportWebformStage.descriptor,
    ImportCallsStage.descriptor,
    ImportRatesStage.descriptor,
    ImportEventsStage.descriptor,
    ImportTasksStage.descriptor,
    ImportInvoicesStage.descriptor,
    SalesFunnelReportStage.descriptor,
    SalesForecastReportStage.descriptor,
    SalesByManagersReportStage.descriptor,
    WorkloadContactsReportStage.descriptor,
    WorkloadTasksReportStage.descriptor,
    WorkloadDealsReportStage.descriptor,
    WorkloadInvoicesReportStage.descriptor,
    WorkloadCallsReportStage.descriptor,
    SummaryPeriodReportStage.descriptor,
    SummaryNowReportStage.descriptor,
  ]

  public static var specs: [StageSpec] { all.map(\.spec) }

  public static func descriptor(for kind: String) -> StageDescriptor? { all.first { $0.spec.kind == kind } }

  /// The fields a stage kind's `mapping` accepts.
  public static func fields(of kind: String) -> [String] {
    for key in descriptor(for: kind)?.spec.keys ?? [] {
      if case .columnMapping(let fields) = key.type { return fields }
    }
    return []
  }
}
