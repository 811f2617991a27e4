import Foundation
import GridSettleCore
import GridSettleFormats
import Testing

/// A dataset file that exists but cannot be read is an error naming the file and why, never treated as an
/// absent optional file (which would drop, e.g., every mileage payment) or reported as "missing".
@Suite("Unreadable dataset files")
struct UnreadableFileTests {
    /// The example dataset written to a fresh directory.
    func exampleDirectory() throws -> String {
        let dir = E2E.tempDirectory()
        for (name, bytes) in E2E.files(try E2E.example()) {
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        return dir
    }

    func readIssues(_ dir: String) -> [DatasetIssue]? {
        do {
            _ = try DatasetReader.read(directory: dir)
            return nil
        } catch {
            return error.issues
        }
    }

    @Test("an optional file that is a directory is an error, not an absent file")
    func optionalDirectory() throws {
        let dir = try exampleDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/mileage.csv")
        try FileManager.default.createDirectory(atPath: dir + "/mileage.csv", withIntermediateDirectories: false)
        let issues = try #require(readIssues(dir))
        #expect(issues.contains { $0.location.hasSuffix("mileage.csv") && $0.expected.contains("regular file") && $0.value.contains("directory") })
    }

    @Test("a required file that is a directory is named as unreadable, not missing")
    func requiredDirectory() throws {
        let dir = try exampleDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/signals.csv")
        try FileManager.default.createDirectory(atPath: dir + "/signals.csv", withIntermediateDirectories: false)
        let issues = try #require(readIssues(dir))
        let i = try #require(issues.first { $0.location.hasSuffix("signals.csv") })
        #expect(i.value != "missing" && i.value.contains("directory"))
    }

    @Test("a FIFO is refused by its file type without being opened (opening would block)")
    func fifo() throws {
        let dir = try exampleDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/trips.csv")
        #expect(mkfifo(dir + "/trips.csv", 0o644) == 0)
        let issues = try #require(readIssues(dir))
        #expect(issues.contains { $0.location.hasSuffix("trips.csv") && $0.value.contains("not a regular file") })
    }

    @Test("a site.json that is a directory is named as unreadable")
    func siteDirectory() throws {
        let dir = try exampleDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/site.json")
        try FileManager.default.createDirectory(atPath: dir + "/site.json", withIntermediateDirectories: false)
        let issues = try #require(readIssues(dir))
        #expect(issues.contains { $0.location.hasSuffix("site.json") && $0.value.contains("directory") })
    }

    @Test("a URDB tariff file that is a directory is named as unreadable, not missing")
    func tariffDirectory() throws {
        let dir = try exampleDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/tariff.json")
        try FileManager.default.createDirectory(atPath: dir + "/tariff.json", withIntermediateDirectories: false)
        let issues = try #require(readIssues(dir))
        #expect(issues.contains { $0.location.hasSuffix("tariff.json") && $0.field == "tariff.urdbFile" && $0.value.contains("directory") })
    }

    @Test("a file without read permission is an error naming it (skipped when running as root, who can read it)")
    func noPermission() throws {
        guard getuid() != 0 else { return }
        let dir = try exampleDirectory()
        defer {
            chmod(dir + "/mileage.csv", 0o644)
            try? FileManager.default.removeItem(atPath: dir)
        }
        #expect(chmod(dir + "/mileage.csv", 0) == 0)
        let issues = try #require(readIssues(dir))
        #expect(issues.contains { $0.location.hasSuffix("mileage.csv") && $0.value.contains("not readable") })
    }

    @Test("the example directory itself reads cleanly (the checks refuse only unreadable files)")
    func readable() throws {
        let dir = try exampleDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(readIssues(dir) == nil)
    }
}
