import ArgumentParser

/// `gridsettle`: settles behind-the-meter storage that also sells in wholesale markets.
@main
struct GridSettleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridsettle",
        abstract: "Dual-use settlement for behind-the-meter batteries and V2G fleets in CAISO.",
        discussion: """
            Meter data and market data in; statements out in which every kWh has exactly one owner.
            Start with `gridsettle demo`. The dataset format is described in docs/dataset-format.md.
            """,
        version: "0.1.0",
        subcommands: [Demo.self, Generate.self, Validate.self, Settle.self, Report.self, Drill.self, Bill.self, Baseline.self, Import.self, Export.self, OpenADRPoll.self, Serve.self, SettleRun.self, Token.self, PlanCommand.self, WorkCommand.self, ReduceCommand.self, DSOCommand.self]
    )

    /// The process entry: the allocator is tuned (``AllocatorTuning``) before any command runs.
    static func main() async {
        AllocatorTuning.apply()
        await main(nil)
    }
}
