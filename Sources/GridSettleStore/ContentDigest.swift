import Crypto

/// SHA-256 digests (swift-crypto): how ingest recognises bytes it already holds. Not FNV: a corrected file
/// must never be mistaken for the one it corrects.
public enum ContentDigest {
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
