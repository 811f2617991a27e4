import Foundation
import GridSettleFormats
import GridSettleStore

/// What a worker does with a claimed unit: read the dataset at its location and settle it, in this process. A
/// unit whose location is a DSO dataset is one of its members (``DSOMemberUnitSettlement``); any other is a
/// resource and period of a portfolio or a format 1 dataset (``JobUnitSettlement``).
public enum UnitSettlement {
    public static func settle(_ u: ClaimedUnit, tenant: String) -> UnitOutcome {
        if FileManager.default.fileExists(atPath: (u.inputLocation as NSString).appendingPathComponent(DSODatasetReader.Files.manifest)) {
            return DSOMemberUnitSettlement.settle(u)
        }
        return JobUnitSettlement.settle(u, tenant: tenant)
    }
}
