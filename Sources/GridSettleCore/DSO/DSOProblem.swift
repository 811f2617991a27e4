/// One thing wrong with a DSO, its portfolio, its settlement input or a local-market book, named by the
/// rule it breaks and saying what was expected. Validation always returns **every** problem at once, so a
/// dataset can be fixed in one pass.
public struct DSOProblem: Sendable, Hashable, CustomStringConvertible {
    /// Stable rule identifiers (printed, and matched by tests).
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        // aggregation (§3.9, Order 2222) — AggregationRules
        case noInterfaces = "DERA-NO-INTERFACES"
        case noMembers = "DERA-NO-MEMBERS"
        case duplicateInterface = "DERA-DUPLICATE-INTERFACE"
        case duplicateMember = "DERA-DUPLICATE-MEMBER"
        case memberOfOtherDSO = "DERA-MEMBER-OF-OTHER-DSO"
        case unknownInterface = "DERA-UNKNOWN-INTERFACE"
        case sizeNotPositive = "DERA-SIZE-NOT-POSITIVE"
        case minimumSizeUnset = "DERA-MINIMUM-SIZE-UNSET"
        case minimumAggregateSize = "DERA-MINIMUM-AGGREGATE-SIZE"
        case multiNodeMaximumSize = "DERA-MULTI-NODE-MAXIMUM-SIZE"
        case btmSingleSubLAP = "DERA-BTM-ONE-SUB-LAP"
        case gdfPartial = "DERA-GDF-PARTIAL"
        case gdfMissing = "DERA-GDF-MISSING"
        case gdfRange = "DERA-GDF-RANGE"
        case gdfSum = "DERA-GDF-SUM"
        // settlement input (F5.1–F5.6)
        case gridInterval = "DSO-GRID-INTERVAL"
        case memberSeriesMissing = "DSO-MEMBER-SERIES-MISSING"
        case memberSeriesUnknown = "DSO-MEMBER-SERIES-UNKNOWN"
        case memberSeriesDuplicate = "DSO-MEMBER-SERIES-DUPLICATE"
        case interfaceSeriesMissing = "DSO-INTERFACE-SERIES-MISSING"
        case interfaceSeriesUnknown = "DSO-INTERFACE-SERIES-UNKNOWN"
        case interfaceSeriesDuplicate = "DSO-INTERFACE-SERIES-DUPLICATE"
        case columnLength = "DSO-COLUMN-LENGTH"
        case channelNegative = "DSO-CHANNEL-NEGATIVE"
        case priceMissing = "DSO-PRICE-MISSING"
        case dlmpMissing = "DSO-DLMP-MISSING"
        case feeNegative = "DSO-FEE-NEGATIVE"
        case feeWithoutFeeMethod = "DSO-FEE-WITHOUT-FEE-METHOD"
        case scheduleSplit = "DSO-SCHEDULE-SPLIT"
        // local energy market (§5.4)
        case marketDisabled = "LEM-DISABLED"
        case orderQuantity = "LEM-ORDER-QUANTITY"
        case orderDuplicate = "LEM-ORDER-DUPLICATE"
        case orderUnknownMember = "LEM-ORDER-UNKNOWN-MEMBER"
        case orderSelfCrossing = "LEM-SELF-CROSSING"
        case localFeeNegative = "LEM-FEE-NEGATIVE"
        case outsideOption = "LEM-OUTSIDE-OPTION"
        // local-market positions in the settlement input (docs/dso.md "The local market in the settlement")
        case localPositionNegative = "LEM-POSITION-NEGATIVE"
        case localEnergyUnbalanced = "LEM-ENERGY-UNBALANCED"
        case localMoneyUnbalanced = "LEM-MONEY-UNBALANCED"
    }

    public var rule: Rule
    /// What the problem is about: a member, interface, order or DSO id.
    public var subject: String
    public var expected: String
    public var found: String

    public init(_ rule: Rule, subject: String, expected: String, found: String) {
        self.rule = rule
        self.subject = subject
        self.expected = expected
        self.found = found
    }

    public var description: String { "\(rule.rawValue) [\(subject)]: expected \(expected); found \(found)" }
}

/// Validation failed: every problem found, in a stable order.
public struct DSOValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [DSOProblem]
    public init(problems: [DSOProblem]) { self.problems = problems }
    public var rules: Set<DSOProblem.Rule> { Set(problems.map(\.rule)) }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
