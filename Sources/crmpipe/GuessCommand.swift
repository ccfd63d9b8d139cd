import ArgumentParser
import Foundation
import Stages

struct GuessCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "guess",
    abstract: "Look at a contact file: its encoding, delimiter and preset, and a stage block to paste.")

  @Argument(help: "The CSV file.")
  var file: String

  func run() throws {
    guard FileManager.default.fileExists(atPath: file) else {
      Console.error("no file at \(file)")
      throw Exit.invalidConfiguration
    }
    let guess: ContactGuess
    do {
      guess = try ContactGuess.guess(path: file)
    } catch {
      Console.error("\(error)")
      throw Exit.inputError
    }
    var lines = ["\(file): \(guess.dialect), \(guess.header.count) columns"]
    if let preset = guess.preset {
      lines.append("preset: \(preset) (\(Int((guess.presetFit * 100).rounded()))% of its columns present)")
    } else {
      lines.append("preset: none fits; mapping from common header names")
    }
    if let order = guess.dateOrder { lines.append("dates: \(order)") }
    lines += ["", guess.stageBlock(input: file)]
    Console.out(lines.joined(separator: "\n"))
  }
}
