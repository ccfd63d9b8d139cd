import PipelineConfig

/// Every stage kind crmpipe knows, in the order `crmpipe stages` lists them.
public enum StageRegistry {
  public static let all: [StageDescriptor] = [
    ImportContactsStage.descriptor,
    ImportDealsStage.descriptor,
    SalesFunnelReportStage.descriptor,
  ]

  public static var specs: [StageSpec] { all.map(\.spec) }

  public static func descriptor(for kind: String) -> StageDescriptor? { all.first { $0.spec.kind == kind } }
}
