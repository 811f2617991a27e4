/// A DSO together with its DER members, checked against the DSO's ``AggregationRules`` and with every
/// member's GDF resolved (explicit, or defaulted pro rata to size). Only a valid aggregation can be built,
/// so everything downstream (F3.13, the settlement) may rely on it.
public struct DERAggregation: Sendable, Hashable {
    public let dso: DSO
    /// In the order given; every per-member output follows this order.
    public let members: [DERMember]
    /// GDF of each member in millionths, same order as ``members``; sums to exactly 1 000 000.
    public let distributionFactors: [Int64]
    public let gdfSource: GDFSource
    /// Σ member sizes, µkW.
    public let totalSizeMicroKW: Int64
    /// Each member's index into ``DSO/interfaces``.
    public let interfaceIndex: [Int]

    public enum GDFSource: String, Sendable, Hashable {
        case explicit
        case proRataToSize
    }

    public static let gdfUnit: Int64 = 1_000_000

    /// Validates and builds; throws a ``DSOValidationError`` listing every problem.
    public init(dso: DSO, members: [DERMember]) throws {
        let problems = DERAggregation.problems(dso: dso, members: members)
        guard problems.isEmpty else { throw DSOValidationError(problems: problems) }
        self.dso = dso
        self.members = members
        let ifIndex = Dictionary(dso.interfaces.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.interfaceIndex = members.map { ifIndex[$0.interface]! }
        self.totalSizeMicroKW = members.reduce(0) { $0 + $1.sizeMicroKW }
        if members.allSatisfy({ $0.gdfMillionths != nil }) {
            self.distributionFactors = members.map { $0.gdfMillionths! }
            self.gdfSource = .explicit
        } else {
            self.distributionFactors = DERAggregation.proRataGDFs(sizesMicroKW: members.map(\.sizeMicroKW))
            self.gdfSource = .proRataToSize
        }
    }

    /// GDFs pro rata to size in millionths, summing to exactly 1 000 000: floors, then the leftover
    /// millionths to the largest remainders, ties to the earlier member (``Apportion/largestRemainder(_:weights:)``).
    public static func proRataGDFs(sizesMicroKW: [Int64]) -> [Int64] {
        guard let parts = Apportion.largestRemainder(Int128(gdfUnit), weights: sizesMicroKW.map { Int128($0) }) else {
            return sizesMicroKW.map { _ in 0 }
        }
        return parts.map { Int64($0) }
    }

    public func memberIndex(id: String) -> Int? { members.firstIndex { $0.id == id } }

    /// The distinct pricing nodes the members sit at, in first-seen order.
    public var pricingNodes: [String] {
        var seen = Set<String>()
        var out: [String] = []
        for k in interfaceIndex {
            let n = dso.interfaces[k].pricingNode
            if seen.insert(n).inserted { out.append(n) }
        }
        return out
    }

    /// Every problem with `members` as an aggregation of `dso`, in a stable order (DSO-level first, then
    /// members in order, then aggregate rules).
    public static func problems(dso: DSO, members: [DERMember]) -> [DSOProblem] {
        var out: [DSOProblem] = []
        let rules = dso.aggregation
        if dso.interfaces.isEmpty {
            out.append(DSOProblem(.noInterfaces, subject: dso.id, expected: "at least one interface", found: "none"))
        }
        var interfaceIDs = Set<String>()
        for i in dso.interfaces where !interfaceIDs.insert(i.id).inserted {
            out.append(DSOProblem(.duplicateInterface, subject: i.id, expected: "unique interface ids", found: "\(i.id) twice"))
        }
        if members.isEmpty {
            out.append(DSOProblem(.noMembers, subject: dso.id, expected: "at least one member", found: "none"))
        }
        var memberIDs = Set<String>()
        for m in members {
            if !memberIDs.insert(m.id).inserted {
                out.append(DSOProblem(.duplicateMember, subject: m.id, expected: "unique member ids", found: "\(m.id) twice"))
            }
            if m.dso != dso.id {
                out.append(DSOProblem(.memberOfOtherDSO, subject: m.id, expected: "dso \(dso.id)", found: "dso \(m.dso)"))
            }
            if dso.interface(id: m.interface) == nil {
                out.append(DSOProblem(.unknownInterface, subject: m.id,
                                      expected: "one of [\(dso.interfaces.map(\.id).joined(separator: ", "))]",
                                      found: m.interface))
            }
            if m.sizeMicroKW <= 0 {
                out.append(DSOProblem(.sizeNotPositive, subject: m.id, expected: "size > 0 kW",
                                      found: "\(Units.formatKWh(m.sizeMicroKW, digits: 3)) kW"))
            }
            if let g = m.gdfMillionths, g < 0 || g > gdfUnit {
                out.append(DSOProblem(.gdfRange, subject: m.id, expected: "GDF in [0, 1] (0…1000000 millionths)",
                                      found: "\(g) millionths"))
            }
        }
        // sizes
        let total = members.reduce(Int64(0)) { $0 + max(0, $1.sizeMicroKW) }
        if let minimum = rules.minimumMicroKW {
            if total < minimum {
                out.append(DSOProblem(.minimumAggregateSize, subject: dso.id,
                                      expected: "Σ size ≥ \(Units.formatKWh(minimum, digits: 3)) kW (\(rules.minimumSize.rawValue))",
                                      found: "\(Units.formatKWh(total, digits: 3)) kW"))
            }
        } else {
            out.append(DSOProblem(.minimumSizeUnset, subject: dso.id, expected: "customMinimumMicroKW with minimumSize custom",
                                  found: "none"))
        }
        let nodes = Set(members.compactMap { dso.interface(id: $0.interface)?.pricingNode })
        if let cap = rules.multiNodeMaximumMicroKW, nodes.count > 1, total > cap {
            out.append(DSOProblem(.multiNodeMaximumSize, subject: dso.id,
                                  expected: "Σ size ≤ \(Units.formatKWh(cap, digits: 3)) kW across \(nodes.count) pricing nodes",
                                  found: "\(Units.formatKWh(total, digits: 3)) kW"))
        }
        // one sub-LAP for BTM members
        if rules.btmSingleSubLAP {
            var bySubLAP: [String: [String]] = [:]
            var order: [String] = []
            for m in members where m.behindTheMeter {
                guard let s = dso.interface(id: m.interface)?.subLAP else { continue }
                if bySubLAP[s] == nil { order.append(s) }
                bySubLAP[s, default: []].append(m.id)
            }
            if order.count > 1 {
                out.append(DSOProblem(.btmSingleSubLAP, subject: dso.id, expected: "all BTM members in one sub-LAP",
                                      found: order.map { "\($0): \(bySubLAP[$0]!.joined(separator: ", "))" }.joined(separator: "; ")))
            }
        }
        // GDFs
        let withGDF = members.filter { $0.gdfMillionths != nil }
        if !withGDF.isEmpty && withGDF.count < members.count {
            out.append(DSOProblem(.gdfPartial, subject: dso.id, expected: "a GDF on every member or on none",
                                  found: "GDF on \(withGDF.map(\.id).joined(separator: ", ")) only"))
        } else if withGDF.isEmpty && !members.isEmpty && rules.gdfDefault == .required {
            out.append(DSOProblem(.gdfMissing, subject: dso.id, expected: "explicit GDFs (gdfDefault required)", found: "none"))
        } else if withGDF.count == members.count && !members.isEmpty {
            let sum = members.reduce(Int64(0)) { $0 + $1.gdfMillionths! }
            if sum != gdfUnit {
                out.append(DSOProblem(.gdfSum, subject: dso.id, expected: "Σ GDF = 1 (1000000 millionths)",
                                      found: "\(sum) millionths"))
            }
        }
        return out
    }
}
