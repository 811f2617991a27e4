import GridSettleServer
import Testing

/// `serve` starts only with limits in range; an error names the option, the value and the range.
@Suite("Server configuration check")
struct ConfigurationCheckTests {
    @Test("the defaults are valid")
    func defaults() throws {
        try GridSettleServer.Configuration().validate()
        #expect(GridSettleServer.Configuration().idleTimeout == .seconds(30) && GridSettleServer.Configuration().readTimeout == .seconds(300))
        #expect(GridSettleServer.Configuration().rateLimitMaxClients == 10_000 && !GridSettleServer.Configuration().clientAddressFromForwardedFor)
    }

    @Test("each limit out of range is refused, naming its option")
    func refusals() throws {
        var cases: [(GridSettleServer.Configuration, String)] = []
        var c = GridSettleServer.Configuration(); c.idleTimeout = .zero; cases.append((c, "--idle-timeout: saw 0 s"))
        c = .init(); c.readTimeout = .seconds(86_401); cases.append((c, "--read-timeout: saw 86401 s"))
        c = .init(); c.rateLimitMaxClients = 0; cases.append((c, "--rate-limit-max-clients: saw 0"))
        c = .init(); c.ratePerSecond = 0; cases.append((c, "--rate-per-second: saw 0"))
        c = .init(); c.rateBurst = -1; cases.append((c, "--rate-burst: saw -1"))
        c = .init(); c.maxUploadBytes = 0; cases.append((c, "--max-upload-bytes: saw 0"))
        c = .init(); c.publicOrigin = "https://settle.example.com/ui"; cases.append((c, "--public-origin: saw 'https://settle.example.com/ui'"))
        for (configuration, message) in cases {
            let error = try #require(throws: ConfigurationError.self) { try configuration.validate() }
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
        c = .init(); c.publicOrigin = "https://Settle.Example.com:443"
        try c.validate()
    }
}
