/// The names the store keys by and the API puts in paths: tenants, datasets and input files. One rule for
/// every path that names one (the API's routes, `settle --tenant/--dataset`), so a run stored from the command
/// line can always be reached through the API.
public enum StoredName {
    /// ASCII letters, digits, `.`, `_` and `-`; 1 to 64 characters; not starting with a dot.
    public static func isValid(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) } && !s.hasPrefix(".")
    }

    /// The refusal of `value` given as `option` (e.g. `--tenant`), or nil when it is a valid name: the one message
    /// every command shows.
    public static func problem(_ value: String, option: String) -> String? {
        isValid(value) ? nil : "\(option) '\(value)': expected \(expected)"
    }

    /// What a valid name looks like, for error messages.
    public static let expected = "letters, digits, '.', '_' and '-', at most 64, not starting with '.'"
}
