import ArgumentParser
import PipelineConfig
import Stages

/// `crmpipe schema`: the JSON Schema of pipeline files, from the stage specs.
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print a JSON Schema of pipeline files, for editors' YAML completion.",
    discussion: """
      Generated from the same stage specs that check pipeline files.

      For VS Code's YAML extension, save it and start a pipeline file with its path:
        crmpipe schema > pipeline.schema.json
        # yaml-language-server: $schema=pipeline.schema.json
      """)

  func run() throws {
    Console.out(PipelineSchema.json(stages: StageRegistry.specs))
  }
}
