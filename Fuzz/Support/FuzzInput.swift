/// The bytes libFuzzer hands a target, copied into an array because every reader takes `[UInt8]`.
///
/// Copying costs little next to the readers and keeps the harnesses free of unsafe pointers.
public enum FuzzInput {
    public static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: data, count: size))
    }
}
