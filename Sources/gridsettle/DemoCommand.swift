import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate the LA Air Force Base example, settle it into SQLite and write the report.")

    @Option(help: "Working directory for the example dataset, database and outputs.")
    var out: String = "gridsettle-demo"

    func run() async throws {
        let datasetDir = (out as NSString).appendingPathComponent("dataset")
        let db = (out as NSString).appendingPathComponent("gridsettle.sqlite")
        let outputs = (out as NSString).appendingPathComponent("output")
        Console.progress("generating the LA Air Force Base V2G example (November 2016, 5-minute data) into \(datasetDir)")
        try ExampleWriter.writeLAAFB(options: ExampleOptions(), to: datasetDir)
        let summary = try await Settlement.run(datasetDirectory: datasetDir, databasePath: db, outputDirectory: outputs)
        Console.out(summary.text)
        Console.out("")
        Console.out("Report:    \(summary.reportPath)")
        Console.out("Statement: \(summary.jsonPath) and \(summary.csvPath)")
        Console.out("Database:  \(db) (run \(summary.runID)); `gridsettle report \(summary.runID) --db \(db)` writes it again")
    }
}
