import Foundation
import Logging
import PostgresNIO

/// Server-level statements a repository cannot run inside its own database (creating and dropping databases),
/// for provisioning and for tests that want a database of their own.
public enum PostgresAdmin {
    /// Runs one statement on the server `url` names, outside any transaction.
    public static func query(_ url: String, _ sql: String) async throws {
        let client = PostgresClient(configuration: try PostgresURL.configuration(url), backgroundLogger: Logger(label: "gridsettle.admin"))
        try await withThrowingTaskGroup(of: Void.self) { g in
            g.addTask { await client.run() }
            defer { g.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
        }
    }

    /// `url` with another database name.
    public static func url(_ url: String, database: String) -> String {
        guard var u = URLComponents(string: url) else { return url }
        u.path = "/" + database
        return u.string ?? url
    }
}
