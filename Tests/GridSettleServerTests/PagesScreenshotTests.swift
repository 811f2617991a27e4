import Foundation
import GridSettleServer
import GridSettleStore
import Hummingbird
import HummingbirdTesting
import Testing

/// Screenshots of the pages as a person sees them: the server on a real loopback port (HummingbirdTesting's
/// live mode, the same application `gridsettle serve` runs) and headless Chromium signing in through
/// `/ui/login?token=…&next=…`. Each PNG must be a real PNG of a rendered page. `scripts/screenshot_pages.sh`
/// does the same against the built `gridsettle serve` binary.
///
/// Skipped when Chromium is not installed, unless `GRIDSETTLE_REQUIRE_CHROMIUM` is set (CI sets it), when a
/// missing Chromium is a failure. `GRIDSETTLE_SCREENSHOT_DIR` keeps the PNGs (else a temporary directory).
@Suite("Pages screenshots")
struct PagesScreenshotTests {
    static let chromium: String? = {
        let env = ProcessInfo.processInfo.environment
        // CHROMIUM, when set, is the only candidate (so a run can also pretend there is none)
        if let c = env["CHROMIUM"], !c.isEmpty { return FileManager.default.isExecutableFile(atPath: c) ? c : nil }
        for dir in (env["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
                return "\(dir)/\(name)"
            }
        }
        return nil
    }()

    static var required: Bool { !(ProcessInfo.processInfo.environment["GRIDSETTLE_REQUIRE_CHROMIUM"] ?? "").isEmpty }

    @Test("headless Chromium renders /ui, a run page (top and whole page), its violations and its difference as PNGs of real pages",
          .enabled(if: chromium != nil || required, "headless Chromium is not installed (apt-get install -y chromium)"),
          .timeLimit(.minutes(10)))
    func screenshots() async throws {
        let chromium = try #require(Self.chromium, "GRIDSETTLE_REQUIRE_CHROMIUM is set but no Chromium was found (chromium or chromium-browser on PATH, or CHROMIUM)")
        let w = try await PagesWorld.shared.value
        let second = w.second
        let token = try #require(w.tokens["admin"])
        let keep = ProcessInfo.processInfo.environment["GRIDSETTLE_SCREENSHOT_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let dir = keep ?? NSTemporaryDirectory() + "gridsettle-screenshots-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: dir) } }
        // 1280x2000 each, and the whole run page once in a tall window so its charts are in the picture
        let pages = [
            ("runs", "/ui", 2000), ("run", "/ui/runs/\(second)", 2000), ("run-full", "/ui/runs/\(second)", 7000),
            ("violations", "/ui/runs/\(second)/violations", 2000), ("difference", "/ui/runs/\(second)/difference", 2000),
        ]

        let app = w.app(configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await client.execute(uri: "/ui/runs/\(second)", method: .get, headers: w.cookie("admin")) { r in
                #expect(r.status == .ok && r.pageText.contains("<svg"))
            }
            for (name, path, height) in pages {
                let file = "\(dir)/\(name).png"
                try? FileManager.default.removeItem(atPath: file)
                let url = "http://127.0.0.1:\(port)/ui/login?token=\(token)&next=\(path)"
                let log = try await HeadlessChromium.screenshot(chromium: chromium, url: url, file: file, height: height, profile: NSTemporaryDirectory() + "gridsettle-chromium-\(name)-\(UInt32.random(in: 0...UInt32.max))")
                let bytes = try #require(FileManager.default.contents(atPath: file), "no screenshot of \(path); chromium said:\n\(log)")
                #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(file) is not a PNG")
                #expect(bytes.count > 20_000, "\(file) is \(bytes.count) bytes: not a rendered page")
                print("screenshot \(file): \(bytes.count) bytes")
            }
        }
    }
}

/// Runs Chromium headless for one screenshot, bounded in time by coreutils' `timeout` so a hung browser
/// cannot hang the test run.
enum HeadlessChromium {
    /// Chromium's output, for the failure message. `profile` is a throwaway user-data directory, removed after.
    static func screenshot(chromium: String, url: String, file: String, height: Int, profile: String) async throws -> String {
        let logPath = profile + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try #require(FileHandle(forWritingAtPath: logPath))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        p.arguments = [
            "120", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=\(profile)", "--window-size=1280,\(height)", "--screenshot=\(file)", url,
        ]
        p.standardOutput = log
        p.standardError = log
        p.standardInput = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            p.terminationHandler = { _ in done.resume() }
            do {
                try p.run()
            } catch {
                p.terminationHandler = nil
                done.resume(throwing: error)
            }
        }
        try? log.close()
        let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: profile)
        try? FileManager.default.removeItem(atPath: logPath)
        return output
    }
}
