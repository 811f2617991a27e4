import Foundation
import GridSettleCore

/// `portfolio.json`: `{"formatVersion": 2, "name": "…"}`. It marks the directory as a portfolio and names it.
enum PortfolioManifest {
    static let keys: Set<String> = ["formatVersion", "name"]

    /// Every problem of the manifest: not JSON, a repeated or unknown key, a format version other than 2.
    static func issues(_ bytes: [UInt8], file: String) -> [DatasetIssue] {
        var out = JSONTextScan.issues(in: bytes, file: file)
        guard let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            return out.isEmpty ? [DatasetIssue(location: file, field: "(document)", value: "", expected: "a JSON object {\"formatVersion\": 2}")] : out
        }
        for key in root.keys.sorted() where !keys.contains(key) {
            out.append(DatasetIssue(location: file, field: key, value: key, expected: "one of the keys \(keys.sorted().joined(separator: ", "))"))
        }
        let version = root["formatVersion"]
        if (version as? Int) != 2 {
            out.append(DatasetIssue(location: file, field: "formatVersion", value: version.map { "\($0)" } ?? "", expected: "2"))
        }
        if let n = root["name"], !(n is String) {
            out.append(DatasetIssue(location: file, field: "name", value: "\(n)", expected: "a string"))
        }
        return out
    }

    static func name(_ bytes: [UInt8]) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])?["name"] as? String
    }
}
