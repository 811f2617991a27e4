import GridSettleStore
import Hummingbird

/// Server-rendered pages for a settlement analyst under `/ui` (no JavaScript build step): sign-in, runs,
/// a run's statement with its charts, check violations, the difference between two runs. Same tenancy and
/// roles as the API; the token travels in the `gridsettle_token` cookie set by `/ui/login`.
struct Pages {
    let repository: any SettlementRepository

    func register(on router: Router<AppContext>) {
    }
}
