/// A problem found in a dataset: where (file and line, or file and record), which field, the value seen and
/// what was expected. Loading and validation collect every issue and report them all at once.
public struct DatasetIssue: Sendable, Hashable, CustomStringConvertible, Error {
    public enum Severity: String, Sendable, Hashable { case error, warning }
    public var severity: Severity
    /// `file`, `file:line` or `file:line:column`.
    public var location: String
    public var field: String
    public var value: String
    public var expected: String

    public init(severity: Severity = .error, location: String, field: String, value: String, expected: String) {
        self.severity = severity
        self.location = location
        self.field = field
        self.value = value
        self.expected = expected
    }

    public var description: String {
        "\(location): \(severity.rawValue): field '\(field)': saw \(value.isEmpty ? "(empty)" : "'\(value)'"); expected \(expected)"
    }
}

/// Thrown when a dataset cannot be settled; carries every issue found, not only the first.
public struct DatasetInvalid: Error, Sendable, CustomStringConvertible {
    public var issues: [DatasetIssue]
    public init(issues: [DatasetIssue]) { self.issues = issues }
    public var errors: [DatasetIssue] { issues.filter { $0.severity == .error } }
    public var description: String {
        "\(errors.count) error(s) in the dataset:\n" + issues.map { "  " + $0.description }.joined(separator: "\n")
    }
}
