import Foundation
import GridSettleCore

/// The whole-number fields of `site.json`. `JSONDecoder` refuses `2e17` or `0.5` for an `Int` with an error
/// that has no key path on this platform ("number does not fit"), so these are checked first, by path.
extension SiteFileReader {
    /// Paths of the whole-number fields; `[]` marks array elements.
    static let wholeNumberPaths: [String] = [
        "formatVersion", "meters[].intervalMinutes", "resource.fleet[].count", "policies.version", "policies.idleMinimumMinutes",
        "policies.maxEstimatedGapIntervals", "tariff.demandWindowMinutes", "tariff.minimumBillingDemandKW", "tariff.ratchetTOUPeriods[]",
    ]

    static func wholeNumberIssues(_ root: Any, file: String) -> [DatasetIssue] {
        var out: [DatasetIssue] = []
        for path in wholeNumberPaths {
            for (shown, value) in values(at: path.split(separator: ".").map(String.init), in: root, shown: "") {
                guard let n = value as? NSNumber else { continue }  // a string or object: the decoder names it
                let text = n.stringValue
                let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
                if digits.isEmpty || !digits.allSatisfy(\.isASCII) || !digits.allSatisfy(\.isNumber) || Int(text) == nil {
                    out.append(DatasetIssue(location: file, field: shown, value: text,
                                            expected: "a whole number written without a fraction or exponent (docs/dataset-format.md, Ranges)"))
                }
            }
        }
        return out
    }

    /// The values at `components` (a `name[]` component walks every element), with their shown paths; array
    /// elements with an `id` are shown by it, as the range checks name them (`meters[M1]`).
    static func values(at components: [String], in node: Any, shown: String) -> [(String, Any)] {
        guard let head = components.first else { return [(shown, node)] }
        let rest = Array(components.dropFirst())
        let isArray = head.hasSuffix("[]")
        let key = isArray ? String(head.dropLast(2)) : head
        guard let dict = node as? [String: Any], let child = dict[key] else { return [] }
        let path = shown.isEmpty ? key : "\(shown).\(key)"
        guard isArray else { return values(at: rest, in: child, shown: path) }
        guard let array = child as? [Any] else { return [] }
        return array.enumerated().flatMap { i, el -> [(String, Any)] in
            let label = ((el as? [String: Any])?["id"] as? String) ?? String(i)
            return values(at: rest, in: el, shown: "\(path)[\(label)]")
        }
    }
}
