/// Opens the repository a `--database` / `--db` value names: a `postgres://` URL opens ``PostgresRepository``,
/// anything else is a SQLite file path (``SettlementStore``), `:memory:` included.
public enum Repositories {
    public static func open(_ location: String) async throws -> any SettlementRepository {
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try await PostgresRepository.open(url: location)
        }
        return try SettlementStore(path: location)
    }
}
