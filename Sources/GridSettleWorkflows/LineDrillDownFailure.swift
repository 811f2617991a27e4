/// Why a stored line could not be taken apart. `code` is for programs (the API maps it to a status), the
/// message for people: it says what was found and what to do.
public struct LineDrillDownFailure: Error, Sendable, CustomStringConvertible {
    /// Opaque, so that new reasons can be added without breaking a caller's `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case noSuchLine = "no-such-line"
            case inputsUnavailable = "inputs-unavailable"
            case inputsChanged = "inputs-changed"
            case unitNotInSource = "unit-not-in-source"
            case datasetInvalid = "dataset-invalid"
            case recomputedDiffers = "recomputed-differs"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The run has no line with that number.
        public static let noSuchLine = Code(.noSuchLine)
        /// Neither the dataset files stored for the run nor the directory it was settled from are there to read.
        public static let inputsUnavailable = Code(.inputsUnavailable)
        /// The inputs given are not the ones the run was settled from (their fingerprints differ).
        public static let inputsChanged = Code(.inputsChanged)
        /// The inputs hold no unit for the run's resource and period.
        public static let unitNotInSource = Code(.unitNotInSource)
        /// The run's unit does not settle from these inputs.
        public static let datasetInvalid = Code(.datasetInvalid)
        /// Settled again, the line is not the stored one (a different engine version settled the run).
        public static let recomputedDiffers = Code(.recomputedDiffers)

        public var description: String { base.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
