/// Token buckets for the rate limit: `burst` requests at once, refilled at `perSecond`, kept for at most
/// `maxBuckets` callers.
///
/// A caller is a token this limiter has seen accepted (``Key/token``), or else a client address
/// (``Key/address``). A request with no token, or with a token not yet known to be valid, pays from its
/// address's bucket *before* the token is looked up, so sending a new made-up token with every request earns
/// no new bucket, and made-up tokens never enter the table. Once ``AuthMiddleware`` accepts a token, the token
/// gets its own bucket and its later requests pay from that, wherever they come from.
///
/// The table is bounded: an address bucket that has refilled to `burst` is the same as no bucket, so such idle
/// buckets are swept (every `sweepInterval`, and whenever the table is full); when the table is still full, the
/// buckets used longest ago are evicted — one tenth of the table at once, so the cost of a sweep is spread
/// over many insertions. An evicted caller starts again with a full burst, which is the price of a bounded
/// table under a flood of distinct addresses. A token bucket is not swept when idle: its presence is what
/// says the token was accepted, and a token forgotten that way would pay from its address again — an address
/// made-up tokens have exhausted would then shut out a valid token that was only quiet for a minute. Token
/// buckets come only from accepted tokens, which an administrator creates, so they do not grow under a flood;
/// they are evicted only when the table is full.
actor RateLimiter {
    enum Key: Hashable, Sendable {
        /// The SHA-256 of a token ``AuthMiddleware`` has accepted.
        case token(String)
        /// A client address (IP, no port), or `unknown` when the connection has none.
        case address(String)
    }

    struct Bucket {
        var tokens: Double
        var at: ContinuousClock.Instant
    }

    let burst: Double
    let perSecond: Double
    let maxBuckets: Int
    let sweepInterval: Duration
    private(set) var buckets: [Key: Bucket] = [:]
    private var lastSweep: ContinuousClock.Instant
    /// The time buckets refill by: the clock, or in a test one that stands still, so that a slow machine cannot
    /// refill a bucket as fast as the test drains it.
    private let now: @Sendable () -> ContinuousClock.Instant

    /// `burst`, `perSecond` and `maxBuckets` are at least 1 (``GridSettleServer/Configuration/validate()``).
    init(burst: Int, perSecond: Int, maxBuckets: Int, sweepInterval: Duration = .seconds(60),
         now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.burst = Double(max(1, burst))
        self.perSecond = Double(max(1, perSecond))
        self.maxBuckets = max(1, maxBuckets)
        self.sweepInterval = sweepInterval
        self.now = now
        lastSweep = now()
    }

    var count: Int { buckets.count }

    /// Before the token is looked up: nil when the request may go on, else the seconds to wait. A token
    /// accepted before pays from its own bucket; anything else from its address's.
    func admit(tokenHash: String?, address: String) -> Int? {
        if let tokenHash, buckets[.token(tokenHash)] != nil { return take(.token(tokenHash)) }
        return take(.address(address))
    }

    /// After the token was accepted: from now on it pays from its own bucket (a full one: the request that
    /// proved it valid has been paid for by its address).
    func accepted(tokenHash: String) {
        let key = Key.token(tokenHash)
        guard buckets[key] == nil else { return }
        insert(key, Bucket(tokens: burst, at: now()))
    }

    /// One request from `key`'s bucket: nil when allowed, else the whole seconds until one is available.
    func take(_ key: Key) -> Int? {
        let now = self.now()
        if lastSweep.duration(to: now) >= sweepInterval { sweepIdle(now) }
        var b = buckets[key].map { refilled($0, now) } ?? Bucket(tokens: burst, at: now)
        let allowed = b.tokens >= 1
        if allowed { b.tokens -= 1 }
        if buckets[key] == nil { insert(key, b) } else { buckets[key] = b }
        return allowed ? nil : max(1, Int(((1 - b.tokens) / perSecond).rounded(.up)))
    }

    private func refilled(_ b: Bucket, _ now: ContinuousClock.Instant) -> Bucket {
        let elapsed = b.at.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Bucket(tokens: min(burst, b.tokens + seconds * perSecond), at: now)
    }

    private func insert(_ key: Key, _ bucket: Bucket) {
        if buckets.count >= maxBuckets {
            sweepIdle(now())
            if buckets.count >= maxBuckets { evictOldest() }
        }
        buckets[key] = bucket
    }

    /// Drops every address bucket that has refilled to the full burst: forgetting it changes nothing. Token buckets
    /// stay (they say the token was accepted).
    private func sweepIdle(_ now: ContinuousClock.Instant) {
        lastSweep = now
        buckets = buckets.filter { key, bucket in
            if case .token = key { return true }
            return refilled(bucket, now).tokens < burst
        }
    }

    /// Drops the buckets used longest ago, a tenth of the table (at least one), so the table is under its bound.
    private func evictOldest() {
        let drop = buckets.count - maxBuckets + max(1, maxBuckets / 10)
        for (key, _) in buckets.sorted(by: { $0.value.at < $1.value.at }).prefix(drop) { buckets[key] = nil }
    }
}
