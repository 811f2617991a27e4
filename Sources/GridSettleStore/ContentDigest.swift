import Crypto
import GridSettleCore

/// SHA-256 digests (swift-crypto): how ingest recognises bytes it already holds. Not FNV: a corrected file
/// must never be mistaken for the one it corrects.
public enum ContentDigest {
    public static func sha256(_ bytes: [UInt8]) -> String {
        Hex.lowercase(SHA256.hash(data: bytes))
    }
}
