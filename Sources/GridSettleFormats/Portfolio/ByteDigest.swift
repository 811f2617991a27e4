/// How the readers fingerprint the bytes they read: the caller supplies the hash (SHA-256 from the store's
/// swift-crypto, `InputDigest.sha256`), so the readers need no crypto library and the fuzzers build them alone.
/// Called on every core at once.
public typealias ByteDigest = @Sendable (UnsafeRawBufferPointer) -> [UInt8]
