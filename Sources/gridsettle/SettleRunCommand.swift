import ArgumentParser
import Foundation
import GridSettleServer
import GridSettleStore

/// `gridsettle settle-run`, hidden: the child process `serve` starts for each run requested through the API
/// (`ProcessSettlementRunner`), so a settlement that traps ends this process and not the server. It settles
/// the tenant's dataset from the store with ``StoredDatasetSettlement`` (the same function an in-process
/// server calls), prints the ``RunOutcome`` as one JSON line on standard output and exits 0 when a run was
/// saved, 1 when none was (invalid dataset, no dataset), 3 when the store failed (the error on standard error).
struct SettleRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle-run",
        abstract: "Settle a stored dataset and save the run (the child process of `serve`; not for direct use).",
        shouldDisplay: false)

    @Option(help: "Tenant that owns the dataset.")
    var tenant: String
    @Option(help: "Dataset to settle.")
    var dataset: String
    @Option(help: "SQLite database file or postgres:// URL (default: the GRIDSETTLE_DATABASE environment variable, which is how serve passes it).")
    var database: String?

    func validate() throws {
        if let p = StoredName.problem(tenant, option: "--tenant") ?? StoredName.problem(dataset, option: "--dataset") { throw ValidationError(p) }
    }

    func run() async throws {
        guard let location = database ?? ProcessInfo.processInfo.environment["GRIDSETTLE_DATABASE"], !location.isEmpty else {
            throw ValidationError("name the database with --database or the GRIDSETTLE_DATABASE environment variable")
        }
        FaultInjection.installSettlementFaultsIfRequested()
        let outcome: RunOutcome
        do {
            let repository = try await Repositories.open(location)
            do {
                outcome = try await StoredDatasetSettlement(repository: repository).run(tenant: tenant, dataset: dataset)
            } catch {
                await repository.close()
                throw error
            }
            await repository.close()
        } catch {
            FileHandle.standardError.write(Data("settle-run: tenant '\(tenant)', dataset '\(dataset)': \(error)\n".utf8))
            throw ExitCode(3)
        }
        let line = String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self)
        print(line)
        if case .saved = outcome { return }
        throw ExitCode(1)
    }
}
