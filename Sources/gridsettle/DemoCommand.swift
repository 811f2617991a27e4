import ArgumentParser
import Foundation
import GridSettleCore
import GridSettleExamples
import GridSettleFormats
import GridSettleWorkflows

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
        let options = SettlementOptions(outputDirectory: outputs, report: true, parallelism: 1)
        let summary = try await Settlement.run(directory: datasetDir, periods: .allComplete, databasePath: db, options: options)
        guard let run = summary.first else { throw ExitCode(1) }
        Console.out("")
        Console.out("Report:    \(run.reportPath ?? "")")
        Console.out("Statement: \(run.jsonPath ?? "") and \(run.csvPath ?? "")")
        Console.out("Database:  \(db) (run \(run.runID)); `gridsettle report \(run.runID) --db \(db)` writes it again")
    }
}
